"""Figures in an uploaded ranking table are bounded: what is accepted can be summed, rounded and compared
with last year without Decimal overflowing; what is not gets a message (a 30-digit number answered 500)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.figures import format_value, quantize, yoy_change
from anjian.domain.ranking_input import number_problem, parse_number, parse_table

HEADER = ["单位", "立案数", "立案数（上年同期）"]


def test_a_30_digit_number_is_a_cell_error_not_a_crash():
    parsed, errors = parse_table(HEADER, [(2, ["甲", "123456789012345678901234567890", "1"]), (3, ["乙", "1", "2"])])
    assert parsed is None
    assert errors[0].row == 2 and errors[0].column == "立案数（B列）"
    assert "超出可处理的范围" in errors[0].reason and "整数部分最多 12 位" in errors[0].reason


def test_bounds_at_the_edges():
    assert number_problem(Decimal("999999999999.99")) is None
    assert number_problem(Decimal("1000000000000")) is not None
    assert number_problem(Decimal("-0.000001")) is None and number_problem(Decimal("0.0000001")) is not None
    assert number_problem(Decimal("0")) is None and number_problem(Decimal("0E-30")) is None
    assert number_problem(Decimal("0." + "1" * 21)) is not None


def test_a_long_text_is_quoted_cut():
    _, errors = parse_table(HEADER[:2], [(2, ["甲", "9" * 5000])])
    assert len(errors[0].reason) < 200 and "…" in errors[0].reason


numbers = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: abs(d) < Decimal(10) ** 40)


@given(st.lists(numbers, min_size=1, max_size=50), numbers, st.integers(0, 2))
def test_accepted_figures_never_overflow_sums_rounding_or_year_on_year(values, previous, places):
    accepted = [v for v in values if number_problem(v) is None]
    if number_problem(previous) is not None or not accepted:
        return
    total = sum(accepted * 100, Decimal(0))  # as a headline sums 5,000 units
    quantize(total, places)
    format_value(total, places)
    change = yoy_change(total, sum([previous] * 100, Decimal(0)), places=places)
    assert change.current == total


@given(numbers)
def test_accepted_text_round_trips(value):
    text = f"{value:f}"
    parsed = parse_number(text)
    assert parsed == value
