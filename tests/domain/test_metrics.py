"""Metric definitions: labels and units, rates derived from counters, 同比 (percent or percentage points),
periods and their labels, tables with a total and a clear "本期无数据"."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.metrics import (
    ALL_COUNTERS,
    COUNTERS,
    METRICS,
    MetricError,
    MetricsTable,
    Period,
    UnitMetrics,
    add_counters,
    derive,
    half_year,
    latest_half_with_data,
    metric_change,
    metric_defs,
    period_choice,
    period_code,
    period_fields,
    period_label,
    period_parse,
    quality_problem,
    value_text,
)


def test_units_and_labels_are_those_a_bulletin_prints():
    units = {k: m.unit for k, m in METRICS.items()}
    assert (units["inspections"], units["turnouts"], units["documents"], units["cases"], units["fines"]) == (
        "家次", "人次", "份", "起", "万元")
    assert METRICS["fines"].places == 2
    assert METRICS["inspections"].heading == "检查生产经营单位(家次)"
    ranked = METRICS["fines"].ranking_metric()
    assert (ranked.key, ranked.places, ranked.phrase) == ("fines", 2, "处罚数")


def test_unknown_metric_is_named():
    with pytest.raises(MetricError, match="没有指标“speed”"):
        metric_defs(["inspections", "speed"])
    assert [m.key for m in metric_defs(["cases", "inspections", "cases"])] == ["cases", "inspections"]


def test_derive_counts_money_and_rates():
    values = derive({"inspections": 4, "planned_inspections": 3, "turnouts": 9, "hazards": 7, "hazards_due": 6,
                     "hazards_rectified": 5, "fines_fen": 767_100_0, "key_enterprises": 3, "key_inspected": 1})
    assert values["fines"] == Decimal("7.67")  # 76710.00 yuan
    assert values["rectification_rate"] == Decimal("83.3")
    assert values["hazards_per_1000"] == Decimal("1750.0")
    assert values["key_coverage"] == Decimal("33.3")
    assert (values["planned_share"], values["triggered_inspections"]) == (Decimal("75.0"), 1)


def test_money_rounds_half_up_to_two_decimals():
    assert derive({"fines_fen": 1_234_567})["fines"] == Decimal("1.23")
    assert derive({"fines_fen": 50_000})["fines"] == Decimal("0.05")
    assert derive({"fines_fen": 5_000})["fines"] == Decimal("0.01")  # 50 yuan = 0.005 万元 → 0.01
    assert value_text(METRICS["fines"], Decimal("76.7")) == "76.70"


def test_a_rate_without_a_base_is_none_and_prints_a_dash():
    values = derive({})
    assert values["rectification_rate"] is None and values["hazards_per_1000"] is None
    assert values["key_coverage"] is None and values["planned_share"] is None
    assert value_text(METRICS["rectification_rate"], None) == "—"
    assert values["inspections"] == 0 and values["fines"] == Decimal("0.00")


@pytest.mark.parametrize(("key", "current", "previous", "text"), [
    ("inspections", 1117, 1871, "同比减少40.3%"),
    ("fines", Decimal("76.71"), Decimal("249.87"), "同比减少69.30%"),
    ("cases", 3, 0, "上年同期为0，无法计算同比增幅"),
    ("cases", 0, 0, "同比持平"),
    ("rectification_rate", Decimal("90.5"), Decimal("88.0"), "同比提高2.5个百分点"),
    ("rectification_rate", Decimal("80.0"), Decimal("88.0"), "同比下降8.0个百分点"),
    ("rectification_rate", Decimal("80.0"), Decimal("80.0"), "同比持平"),
    ("rectification_rate", Decimal("80.0"), None, "上年同期无可比数据"),
])
def test_year_on_year_change(key, current, previous, text):
    assert metric_change(METRICS[key], current, previous).text == text


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_rate_points_have_the_sign_of_the_difference(a, b):
    current, previous = derive({"inspections": b, "planned_inspections": min(a, b)}), derive(
        {"inspections": b, "planned_inspections": b // 2})
    change = metric_change(METRICS["planned_share"], current["planned_share"], previous["planned_share"])
    diff = current["planned_share"] - previous["planned_share"]
    assert change.points == diff
    assert change.direction == ("提高" if diff > 0 else "下降" if diff < 0 else "持平")


@pytest.mark.parametrize(("text", "start", "end", "label"), [
    ("2020H1", date(2020, 1, 1), date(2020, 6, 30), "2020年1-6月"),
    ("2020h2", date(2020, 7, 1), date(2020, 12, 31), "2020年7-12月"),
    ("2024Q1", date(2024, 1, 1), date(2024, 3, 31), "2024年1-3月"),
    ("2024", date(2024, 1, 1), date(2024, 12, 31), "2024年"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
    ("2024-03-05..2024-04-01", date(2024, 3, 5), date(2024, 4, 1), "2024年3月5日至2024年4月1日"),
])
def test_periods(text, start, end, label):
    period = period_parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "2020H3", "2020-13", "2024-02-30..2024-03-01", "last year"])
def test_bad_periods_are_refused_in_chinese(text):
    with pytest.raises(MetricError, match="统计期间|半年"):
        period_parse(text)


def test_end_before_start_is_refused():
    with pytest.raises(MetricError, match="早于开始日期"):
        Period(date(2024, 6, 30), date(2024, 1, 1))


def test_same_period_last_year():
    assert half_year(2020, 1).previous_year() == Period(date(2019, 1, 1), date(2019, 6, 30))
    feb = period_parse("2024-02")
    assert feb.previous_year() == Period(date(2023, 2, 1), date(2023, 2, 28))
    assert feb.previous_year().label == "2023年2月"


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)), st.integers(0, 400))
def test_previous_year_is_a_year_earlier_and_a_day_apart_at_most(start, days):
    end = date.fromordinal(min(start.toordinal() + days, date(2099, 12, 31).toordinal()))
    period = Period(start, end)
    before = period.previous_year()
    assert before.start.year == start.year - 1 and before.end.year == end.year - 1
    assert abs(before.days - period.days) <= 1  # 29 February on one side


def test_period_label_of_whole_months():
    assert period_label(date(2020, 1, 1), date(2020, 6, 30)) == "2020年1-6月"
    assert period_label(date(2020, 1, 1), date(2021, 6, 30)) == "2020年1月1日至2021年6月30日"


counters = st.fixed_dictionaries({k: st.integers(0, 500) for k in ALL_COUNTERS})


@given(st.lists(counters, min_size=1, max_size=6))
def test_total_is_the_sum_of_units_and_rates_come_from_the_sums(rows):
    units = tuple(UnitMetrics(f"单位{i}", "", r) for i, r in enumerate(rows))
    table = MetricsTable(half_year(2024), tuple(METRICS.values()), units)
    total = table.total.values
    for key in ("inspections", "turnouts", "documents", "cases", "hazards", "transfers"):
        assert total[key] == sum(u.values[key] for u in units)
    assert total == derive(add_counters(rows))
    for u in (*units, table.total):
        rate = u.values["key_coverage"]
        if rate is not None and u.counters["key_inspected"] <= u.counters["key_enterprises"]:
            assert 0 <= rate <= 100


def test_an_empty_table_says_no_data():
    units = (UnitMetrics("泌阳县", "411726", dict.fromkeys(COUNTERS, 0) | {"key_enterprises": 12}),)
    table = MetricsTable(half_year(2019), tuple(METRICS.values()), units)
    assert not table.has_data  # key enterprises exist, but nothing happened
    assert table.empty_message == "2019年1-6月本期无数据"
    busy = MetricsTable(half_year(2019), tuple(METRICS.values()),
                        (UnitMetrics("泌阳县", "411726", {"documents": 1}),))
    assert busy.has_data and busy.empty_message == ""


def test_table_rows_print_values_and_changes():
    unit = UnitMetrics("泌阳县", "411726", {"inspections": 160, "fines_fen": 11_000_000},
                       {"inspections": 200, "fines_fen": 0})
    table = MetricsTable(half_year(2020), metric_defs(["inspections", "fines"]), (unit,), half_year(2019))
    (row, cells), (total, total_cells) = table.rows()
    assert cells == [("160", "同比减少20.0%"), ("11.00", "上年同期为0，无法计算同比增幅")]
    assert total.unit == "合计" and total_cells == cells


def test_quality_problem_texts():
    assert quality_problem("q_late_entry", 10) == "检查结束超过10日才录入检查记录，录入数据不及时"
    assert "无整改记录" in quality_problem("q_no_rectification")


# --- the period picked on the form --------------------------------------------------------------------------

@given(st.sampled_from(["year", "half", "quarter", "month"]), st.integers(2004, 2030), st.integers(1, 12))
def test_a_picked_period_reads_back_from_its_fields_and_its_code(kind, year, part):
    part = {"year": None, "half": (part - 1) % 2 + 1, "quarter": (part - 1) % 4 + 1, "month": part}[kind]
    period = period_choice(kind, year, part)
    fields = period_fields(period)
    assert (fields["kind"], fields["year"], fields["part"]) == (kind, year, part)
    assert period_parse(period_code(period)) == period


@given(st.dates(date(2004, 1, 1), date(2030, 12, 31)), st.integers(0, 400))
def test_a_range_reads_back(start, length):
    period = period_choice("range", start=start, end=start + timedelta(days=length))
    assert period_parse(period_code(period)) == period
    again = period_fields(period)
    assert period_choice(again["kind"], again["year"], again["part"], again["start"], again["end"]) == period


def test_picking_refuses_what_is_missing():
    with pytest.raises(MetricError, match="请选择年份"):
        period_choice("half", None, 1)
    with pytest.raises(MetricError, match="半年"):
        period_choice("half", 2025, 3)
    with pytest.raises(MetricError, match="开始日期"):
        period_choice("range", start=date(2025, 1, 1))
    with pytest.raises(MetricError, match="类型"):
        period_choice("week", 2025, 1)


def test_the_default_is_the_half_year_of_the_latest_activity():
    today = date(2026, 12, 7)
    assert latest_half_with_data(date(2026, 11, 20), today).label == "2026年7-12月"
    assert latest_half_with_data(date(2025, 3, 1), today).label == "2025年1-6月"
    assert latest_half_with_data(None, today).label == "2026年1-6月"  # nothing at all: the last half that ended


@pytest.mark.parametrize(("current", "previous", "text"), [
    (Decimal("1384.6"), Decimal("0.0"), "上年同期为0，无法计算同比增幅"),
    (Decimal("150.0"), Decimal("120.0"), "同比增加25.0%"),
    (Decimal("90.0"), Decimal("120.0"), "同比减少25.0%"),
])
def test_a_ratio_in_its_own_unit_changes_by_percent_not_by_points(current, previous, text):
    """每千家次检查发现隐患 is counted in 项, not in %: its 同比 is never in 个百分点."""
    assert metric_change(METRICS["hazards_per_1000"], current, previous).text == text


@given(st.sampled_from(sorted(METRICS)), st.integers(0, 10**5), st.integers(0, 10**5))
def test_only_percentages_change_by_percentage_points(key, a, b):
    metric = METRICS[key]
    change = metric_change(metric, Decimal(a) / 10, Decimal(b) / 10)
    assert ("个百分点" in change.text) == (metric.unit == "%" and a != b)
    assert change.points is None or metric.unit == "%"
