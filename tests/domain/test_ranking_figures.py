"""Bulletin figures: year-on-year change as seed 002 prints it, exact money, Chinese numerals, sums."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.bulletin import Bulletin, Finding, HeadlineFigure, UnitFigures, headline_sums
from anjian.domain.figures import chinese_numeral, format_value, yoy_change
from anjian.domain.ranking import Metric


@pytest.mark.parametrize(("current", "previous", "places", "text"), [
    (1117, 1871, 1, "同比减少40.3%"),
    (2607, 4023, 1, "同比减少35.2%"),
    (60, 168, 1, "同比减少64.3%"),
    ("76.71", "249.87", 2, "同比减少69.30%"),  # 万元: two decimals, trailing zero kept
    (150, 100, 1, "同比增加50.0%"),
    (3, 3, 1, "同比持平"),
    (0, 0, 1, "同比持平"),
    (7, 0, 1, "上年同期为0，无法计算同比增幅"),  # no percentage, and it says so
    (1, 3, 1, "同比减少66.7%"),  # half-up: 66.666… → 66.7
])
def test_year_on_year_text(current, previous, places, text):
    assert yoy_change(current, previous, places=places).text == text


def test_no_previous_figure_means_no_change_printed():
    change = yoy_change(5, None)
    assert change.text == "" and change.percent is None
    assert HeadlineFigure("立案", Decimal(5), "起").text == "立案5起"


def test_zero_base_has_no_percentage_but_a_direction():
    change = yoy_change(7, 0)
    assert change.percent is None and change.direction == "增加"


@given(st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False),
       st.decimals(Decimal("0.01"), 10**6, places=2, allow_nan=False, allow_infinity=False))
def test_change_sign_matches_direction(current, previous):
    change = yoy_change(current, previous, places=2)
    if current > previous:
        assert change.direction == "增加" and change.percent >= 0
    elif current < previous:
        assert change.direction == "减少" and change.percent <= 0
    else:
        assert change.text == "同比持平"


def test_money_sums_exactly_in_decimal():
    assert sum(Decimal(x) for x in ["0.1", "0.2", "76.41"]) == Decimal("76.71")
    assert format_value(Decimal("76.7"), 2, fixed=True) == "76.70"
    assert format_value("9.50") == "9.5" and format_value("30.00") == "30" and format_value("100") == "100"
    assert format_value("-0.001", 2, fixed=True) == "0.00"
    with pytest.raises(TypeError):
        format_value(0.1)  # floats are not money


def test_chinese_numerals_for_ordinals():
    assert [chinese_numeral(n) for n in (1, 3, 10, 11, 20, 21, 100, 105, 110)] == [
        "一", "三", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十"]
    with pytest.raises(ValueError):
        chinese_numeral(0)


def test_headline_sums_take_last_year_only_when_every_unit_has_it():
    metrics = (Metric("cases", "立案数"), Metric("fines", "罚款（万元）", places=2), Metric("rate", "整改率"))
    units = (UnitFigures("甲", {"cases": Decimal(3), "fines": Decimal("1.5"), "rate": Decimal(90)},
                         {"cases": Decimal(6), "fines": Decimal("2")}),
             UnitFigures("乙", {"cases": Decimal(1), "fines": Decimal("0.25"), "rate": Decimal(80)},
                         {"cases": Decimal(2)}))
    figures = headline_sums(metrics, units, skip=["rate"])
    assert [f.text for f in figures] == ["立案数合计4（同比减少50.0%）", "罚款合计1.75万元"]


def test_a_tie_among_zeros_is_named_as_a_problem_never_as_the_best():
    bulletin = Bulletin(title="通报", agency="某局", period="2024年", issued_on=date(2024, 12, 31),
                        metrics=(Metric("m", "检查数"),),
                        units=(UnitFigures("甲", {"m": Decimal(0)}), UnitFigures("乙", {"m": Decimal(0)})),
                        findings=(Finding("有现场检查但无整改记录", unit="甲", count=3),))
    assert bulletin.best == () and bulletin.worst == () and bulletin.idle == ("甲", "乙")
    assert bulletin.comparison_sentence == "从检查数等综合执法成效来看，甲、乙本期检查数均为零，执法工作亟待加强。"
    assert "成效突出" not in bulletin.comparison_sentence
    assert bulletin.findings[0].text == "甲：有现场检查但无整改记录（3条）"
    assert bulletin.total_heading == "一项总得分"


def test_one_active_unit_among_idle_ones_is_the_only_best():
    units = [UnitFigures("甲", {"m": Decimal(3), "c": Decimal(1)})] + [
        UnitFigures(name, {"m": Decimal(0), "c": Decimal(0)}) for name in ("乙", "丙", "丁", "戊")]
    bulletin = Bulletin(title="通报", agency="某局", period="2024年", issued_on=date(2024, 12, 31),
                        metrics=(Metric("m", "检查数"), Metric("c", "立案数")), units=tuple(units))
    assert bulletin.best == ("甲",) and bulletin.worst == () and bulletin.idle == ("乙", "丙", "丁", "戊")
    assert bulletin.comparison_sentence == ("从检查数、立案数等综合执法成效来看，执法力度大、成效突出的是甲；"
                                            "乙、丙、丁、戊本期检查数、立案数均为零，执法工作亟待加强。")


def test_a_unit_without_inspections_is_never_praised():
    units = (UnitFigures("甲", {"m": Decimal(0), "c": Decimal(5)}), UnitFigures("乙", {"m": Decimal(2), "c": Decimal(1)}),
             UnitFigures("丙", {"m": Decimal(1), "c": Decimal(0)}))
    bulletin = Bulletin(title="通报", agency="某局", period="2024年", issued_on=date(2024, 12, 31),
                        metrics=(Metric("m", "检查数"), Metric("c", "立案数")), units=units, unpraised=("甲",),
                        leaders=1)
    assert "甲" not in bulletin.best and bulletin.idle == ()
