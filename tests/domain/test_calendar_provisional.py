"""Provisional counting (ADR 0028): a year without the official arrangement is counted with weekends and the
statutory holidays by rule, and every result that needed such a year says so."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from chinese_calendar import constants
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.calendar import CalendarYearMissing, WorkCalendar, provisional_note
from anjian.domain.case_deadlines import CaseFacts, TimeLimits, case_deadlines
from anjian.domain.statutory_holidays import COVERED_YEARS, festival_days, statutory_holidays

OFFICIAL = WorkCalendar.build(range(2004, 2027), constants.holidays, constants.workdays)
PROVISIONAL = OFFICIAL.with_provisional()


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_rule_is_within_the_official_arrangement_of_known_years(year):
    # Every rest day the rule gives (festivals and make-up days) was a rest day in the published arrangement.
    ruled = statutory_holidays(year)
    assert len(festival_days(year)) == 13  # 2025 rule: 1 + 4 + 1 + 2 + 1 + 1 + 3
    assert [d for d in ruled if chinese_calendar.is_workday(d)] == []


@pytest.mark.parametrize("year", sorted(COVERED_YEARS))
def test_each_year_has_thirteen_festival_days_and_one_make_up_per_weekend_festival(year):
    days = [d for d, _ in festival_days(year)]
    owed = sum(1 for d in days if d.weekday() >= 5) + len(days) - len(set(days))
    made_up = [d for d in statutory_holidays(year) if d not in days]
    assert len(days) == 13 and len(made_up) == owed
    assert all(d.weekday() < 5 for d in made_up)
    assert {date(year, 1, 1), date(year, 5, 1), date(year, 5, 2), date(year, 10, 1), date(year, 10, 3)} <= set(days)


def test_loaded_years_are_untouched_and_not_provisional():
    assert PROVISIONAL.provisional == frozenset(y for y in COVERED_YEARS if y > 2026)
    assert PROVISIONAL.add_workdays(date(2025, 9, 26), 20) == OFFICIAL.add_workdays(date(2025, 9, 26), 20)
    assert PROVISIONAL.provisional_year(date(2025, 9, 26), date(2026, 12, 1)) is None


def test_next_year_is_counted_by_rule_and_marked():
    # 2027: 春节 2/6 (Sat): 除夕 2/5 .. 初三 2/8 off, Sat and Sun made up on 2/9 and 2/10.
    due = PROVISIONAL.add_workdays(date(2027, 2, 4), 1)
    assert due == date(2027, 2, 11)
    assert PROVISIONAL.provisional_year(date(2027, 2, 4), due) == 2027
    assert provisional_note(2027) == "暂按法定节假日计算，待2027年放假安排公布后更新"
    assert PROVISIONAL.add_workdays(date(2026, 12, 30), 3) == date(2027, 1, 5)  # 1/1 (Fri) off
    assert PROVISIONAL.provisional_year(date(2026, 12, 30), date(2027, 1, 5)) == 2027


def test_years_beyond_the_table_are_still_refused():
    with pytest.raises(CalendarYearMissing):
        PROVISIONAL.add_workdays(date(max(COVERED_YEARS), 12, 28), 10)
    with pytest.raises(CalendarYearMissing):
        OFFICIAL.add_workdays(date(2026, 12, 28), 10)  # without provisional counting: as before


def test_a_loaded_year_wins_over_the_rule():
    loaded = WorkCalendar.build(range(2004, 2028), constants.holidays, constants.workdays).with_provisional()
    assert 2027 not in loaded.provisional
    assert loaded.is_workday(date(2027, 2, 9))  # no official 2027 holidays entered here: the rule does not apply


@given(st.dates(date(2026, 6, 1), date(2035, 11, 30)), st.integers(1, 30))
def test_provisional_deadlines_are_workdays_and_never_before_weekday_counting(start, n):
    due = PROVISIONAL.add_workdays(start, n)
    assert PROVISIONAL.is_workday(due) and PROVISIONAL.workdays_between(start, due) == n
    if start.year > 2026:  # no 调休 is foreseen: rule holidays only ever push a deadline later
        day, found = start, 0
        while found < n:
            day += timedelta(days=1)
            found += day.weekday() < 5
        assert due >= day
    assert (PROVISIONAL.provisional_year(start, due) is not None) == (due.year > 2026)


@given(st.dates(date(2026, 10, 1), date(2035, 10, 31)))
def test_case_deadlines_say_when_they_are_provisional(served):
    facts = CaseFacts(status="notified", filed_on=served - timedelta(days=10), notice_served_on=served)
    statement = next(d for d in case_deadlines(facts, PROVISIONAL, TimeLimits()) if d.key == "statement")
    assert statement.due is not None and statement.error == ""
    assert statement.provisional == (statement.due.year > 2026)
    assert ("暂按法定节假日计算" in statement.provisional_note) == statement.provisional
