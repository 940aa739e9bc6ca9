from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.calendar import CalendarYearMissing, WorkCalendar

# 2025 National Day / Mid-autumn: 10-01..10-08 off; 09-28 (Sun) and 10-11 (Sat) are working days.
CAL = WorkCalendar.build(
    years=[2025, 2026],
    holidays=[date(2025, 10, d) for d in range(1, 9)] + [date(2026, 1, 1)],
    workdays=[date(2025, 9, 28), date(2025, 10, 11)],
)


def test_adjusted_weekend_is_a_workday_and_holiday_is_not():
    assert CAL.is_workday(date(2025, 9, 28))  # Sunday, 调休
    assert not CAL.is_workday(date(2025, 10, 2))
    assert not CAL.is_workday(date(2025, 9, 27))  # ordinary Saturday


def test_add_workdays_skips_the_golden_week():
    # After Fri 2025-09-26: 28(Sun, adjusted), 29, 30, then 10-09, 10-10, 10-11(Sat, adjusted) …
    assert CAL.add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert CAL.add_workdays(date(2025, 9, 26), 4) == date(2025, 10, 9)
    assert CAL.add_workdays(date(2025, 9, 26), 6) == date(2025, 10, 11)


def test_a_year_without_data_is_an_explicit_error():
    with pytest.raises(CalendarYearMissing) as info:
        CAL.add_workdays(date(2026, 12, 25), 10)
    assert "2027" in str(info.value)


def test_n_must_be_positive():
    with pytest.raises(ValueError):
        CAL.add_workdays(date(2025, 1, 2), 0)


@given(st.dates(date(2025, 1, 1), date(2026, 10, 31)), st.integers(1, 40))
def test_add_and_between_agree(start, n):
    end = CAL.add_workdays(start, n)
    assert CAL.is_workday(end)
    assert CAL.workdays_between(start, end) == n
    assert CAL.workdays_between(start, end - timedelta(days=1)) == n - 1


@given(st.dates(date(2025, 1, 1), date(2026, 12, 31)), st.dates(date(2025, 1, 1), date(2026, 12, 31)))
def test_between_is_antisymmetric(a, b):
    assert CAL.workdays_between(a, b) == -CAL.workdays_between(b, a)
