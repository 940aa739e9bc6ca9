"""Pure rules of discretion benchmarks: amounts as typed, range order, level order, whole files, the median."""

import csv
import statistics
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from anjian.domain.case_process import fine_problems
from anjian.domain.discretion_rules import (
    Level,
    check_benchmark_rows,
    level_order_problems,
    median,
    outside_level,
    parse_amount,
    range_problems,
    range_text,
    share_text,
    validate_benchmark_row,
    yuan,
)

BUNDLED = Path(__file__).resolve().parents[2] / "anjian" / "cases" / "data" / "discretion_aqf2021.csv"
amounts = st.integers(min_value=0, max_value=50_000_000).map(Decimal)
maybe = st.none() | amounts


def row(**over) -> dict:
    base = {"code": "AQ-97-4", "violation": "未如实记录安全生产教育和培训情况",
            "legal_provision": "《中华人民共和国安全生产法》第二十八条", "penalty_basis": "《中华人民共和国安全生产法》第九十七条",
            "party_kind": "单位", "statutory_min": "", "statutory_max": "100000", "level": "较轻", "level_order": "1",
            "conditions": "比例在10%以下的", "fine_min": "", "fine_max": "3万", "standard": "处3万元以下的罚款",
            "source": "测试基准"}
    return {**base, **over}


# ---------------------------------------------------------------- amounts

@pytest.mark.parametrize(("text", "value"), [("30000", "30000"), ("30,000", "30000"), ("3万", "30000"),
                                             ("1.5万元", "15000"), ("5000元", "5000"), ("0.5", "0.5"), (" ", None)])
def test_amounts_are_read_as_people_type_them(text, value):
    assert parse_amount(text) == (Decimal(value) if value else None)


@pytest.mark.parametrize("text", ["三万", "-100", "1e5", "10万万", "1.005", "abc", "=1+1"])
def test_a_bad_amount_is_refused(text):
    with pytest.raises(ValueError):
        parse_amount(text)


@given(st.integers(min_value=0, max_value=10**11))
def test_plain_and_wan_notations_agree(n):
    assert parse_amount(str(n)) == Decimal(n)
    assert parse_amount(f"{n:,}") == Decimal(n)
    if n % 10000 == 0:
        assert parse_amount(f"{n // 10000}万") == Decimal(n)


def test_amounts_are_shown_in_wan_when_round():
    assert yuan(Decimal(30000)) == "3万元"
    assert yuan(Decimal(15000)) == "1.5万元"
    assert yuan(Decimal(5000)) == "5,000元"
    assert range_text(None, Decimal(100000)) == "10万元以下"
    assert range_text(Decimal(100000), Decimal(200000)) == "10万元以上20万元以下"
    assert range_text(Decimal(300000), None) == "30万元以上"


# ---------------------------------------------------------------- ranges

@given(maybe, maybe, maybe, maybe)
def test_a_range_is_valid_exactly_when_the_bounds_are_ordered(smin, smax, fmin, fmax):
    assume(fmin is not None or fmax is not None)
    problems = range_problems(statutory_min=smin, statutory_max=smax, fine_min=fmin, fine_max=fmax)
    ordered = [v for v in (smin, fmin, fmax, smax) if v is not None]
    needs_bounds = (smin is not None and fmin is None) or (smax is not None and fmax is None)
    assert (problems == []) == (ordered == sorted(ordered) and not needs_bounds)


@given(maybe, maybe, maybe, maybe, amounts)
def test_a_fine_inside_a_valid_level_is_never_refused(smin, smax, fmin, fmax, fine):
    assume(fmin is not None or fmax is not None)
    assume(not range_problems(statutory_min=smin, statutory_max=smax, fine_min=fmin, fine_max=fmax))
    inside = not outside_level(fine, fmin, fmax)
    refusals = fine_problems(fine=fine, statutory_min=smin, statutory_max=smax, level_min=fmin, level_max=fmax,
                             level_label="一般")
    assert (refusals == []) == inside


def test_range_errors_name_the_field_and_the_amounts():
    clean, errors = validate_benchmark_row(row(fine_max="12万"))
    assert ("fine_max", "罚款上限12万元超过法定罚款上限10万元") in errors
    _, errors = validate_benchmark_row(row(fine_min="5万", fine_max="3万"))
    assert ("fine_max", "罚款上限3万元低于罚款下限5万元") in errors
    _, errors = validate_benchmark_row(row(statutory_min="10万", statutory_max="20万", fine_min="", fine_max="15万"))
    assert ("fine_min", "法定罚款下限为10万元，阶次罚款下限不能为空") in errors


def test_a_row_reports_every_problem_in_chinese():
    _, errors = validate_benchmark_row(row(code="", level_order="零", party_kind="法人", fine_max="三万", conditions=""))
    fields = {f for f, _ in errors}
    assert fields == {"code", "level_order", "party_kind", "fine_max", "conditions"}
    assert ("party_kind", "当事人类型“法人”应为单位或个人") in errors


def test_labels_or_codes_are_accepted_and_the_source_defaults_to_90():
    clean, errors = validate_benchmark_row(row(party_kind="individual", source=""))
    assert errors == []
    assert clean["party_kind"] == "individual" and clean["source"] == "应急〔2024〕90号"
    assert clean["fine_max"] == Decimal("30000.00") and clean["fine_min"] is None and clean["level_order"] == 1


# ---------------------------------------------------------------- levels

@given(st.lists(st.tuples(maybe, maybe), min_size=2, max_size=5))
def test_levels_whose_ranges_rise_with_the_order_pass(ranges):
    lows = sorted((lo for lo, _ in ranges), key=lambda v: (v is not None, v or 0))
    highs = sorted(hi for _, hi in ranges if hi is not None) + [None] * sum(hi is None for _, hi in ranges)
    levels = [Level(i, f"L{i}", i, lo, hi) for i, (lo, hi) in enumerate(zip(lows, highs, strict=True), 1)]
    assert level_order_problems(levels) == []


@given(amounts, amounts)
def test_a_heavier_level_may_not_be_cheaper(a, b):
    assume(a < b)
    levels = [Level("r1", "较轻", 1, b, b), Level("r2", "较重", 2, a, a)]
    problems = level_order_problems(levels)
    assert {(k, f) for k, f, _ in problems} == {("r2", "fine_min"), ("r2", "fine_max")}


def test_level_names_and_orders_are_unique_per_violation():
    levels = [Level(1, "较轻", 1, None, Decimal(1)), Level(2, "一般", 1, None, Decimal(2))]
    assert level_order_problems(levels) == [(2, "level_order", "阶次顺序1已用于“较轻”")]


# ---------------------------------------------------------------- whole files

def _bundled():
    with BUNDLED.open(encoding="utf-8", newline="") as fh:
        return list(enumerate(csv.DictReader(fh), 2))


def test_the_bundled_benchmark_is_valid_and_covers_many_violations():
    good, errors = check_benchmark_rows(_bundled())
    assert errors == []
    codes = {c["code"] for _, c in good}
    assert len(good) >= 60 and len(codes) >= 15
    for _, c in good:
        assert "《中华人民共和国安全生产法》" in c["penalty_basis"]
    # 第一百零二条: the unit's fine is 五万元以下; 拒不执行 fines the responsible persons, not the unit.
    unit_102 = [c for _, c in good if c["code"] == "AQ-102"]
    assert max(c["fine_max"] for c in unit_102) == Decimal(50000)
    assert all(c["party_kind"] == "individual" for _, c in good if c["code"] == "AQ-102-P")


def test_the_bundled_file_loaded_again_is_still_valid_against_itself():
    good, _ = check_benchmark_rows(_bundled())
    existing = [{k: c[k] for k in ("source", "code", "level", "level_order", "fine_min", "fine_max", "violation",
                                   "party_kind")} for _, c in good]
    assert check_benchmark_rows(_bundled(), existing)[1] == []


def test_a_file_with_duplicates_and_disagreeing_levels_is_refused_row_by_row():
    rows = [(2, row()), (3, row()), (4, row(level="一般", level_order="1", fine_min="3万", fine_max="6万")),
            (5, row(level="较重", level_order="3", violation="别的行为", fine_min="6万", fine_max="10万"))]
    good, errors = check_benchmark_rows(rows)
    assert (3, "level", "与第2行重复：AQ-97-4的裁量阶次“较轻”出现多次") in errors
    assert (4, "level_order", "与第2行的阶次顺序1重复") in errors
    assert (5, "violation", "违法行为应与同一编号的各阶次一致（应为“未如实记录安全生产教育和培训情况”）") in errors


def test_a_partial_file_must_fit_the_registered_levels():
    existing = [{"source": "测试基准", "code": "AQ-97-4", "level": "较重", "level_order": 3,
                 "fine_min": Decimal(60000), "fine_max": Decimal(100000), "violation": "未如实记录安全生产教育和培训情况",
                 "party_kind": "unit"}]
    _, errors = check_benchmark_rows([(2, row(level="一般", level_order="2", fine_min="7万", fine_max="8万"))], existing)
    assert errors and errors[0][0] == 2 and "较重" in errors[0][2]
    assert check_benchmark_rows([(2, row(level="一般", level_order="2", fine_min="3万", fine_max="6万"))],
                                existing)[1] == []


# ---------------------------------------------------------------- report helpers

@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40))
def test_median_matches_the_textbook_median(values):
    decimals = [Decimal(v) for v in values]
    assert median(decimals) == Decimal(statistics.median(values)).quantize(Decimal("0.01"))


def test_share_text():
    assert share_text(1, 8) == "12.5%" and share_text(0, 0) == "—" and share_text(3, 3) == "100.0%"
