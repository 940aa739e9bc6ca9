"""Time limits of a penalty case (pure): working days vs calendar days (行政处罚法 第八十五条), the decision
refusal before the party's periods end, what is due next and the 90-day flag."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain import case_deadlines as d
from anjian.domain.calendar import WorkCalendar
from anjian.domain.case_process import StepRefused

# 2026: National Day 10-01..10-08 off, 09-28 (Sun) and 10-10 (Sat) worked — enough to see working days at work.
HOLIDAYS = [date(2026, 10, 1) + timedelta(days=i) for i in range(8)] + [date(2026, 1, 1)]
CAL = WorkCalendar.build([2025, 2026, 2027], HOLIDAYS, [date(2026, 9, 28), date(2026, 10, 10)])
LIMITS = d.TimeLimits()
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 10, 31))


def facts(**kw) -> d.CaseFacts:
    return d.CaseFacts(**{"status": "notified", "filed_on": date(2026, 6, 1), **kw})


def by_key(f: d.CaseFacts, today=None) -> dict[str, d.Deadline]:
    return {x.key: x for x in d.case_deadlines(f, CAL, LIMITS)}


def test_statement_period_counts_working_days_across_a_holiday():
    # Served Wednesday 30 Sep 2026: 1, 2, 3 … 8 Oct are holidays; the 3rd working day after is Mon 12 Oct?
    # 9 Oct (Fri) is the 1st, 10 Oct (adjusted Saturday) the 2nd, 12 Oct (Mon) the 3rd.
    f = facts(notice_served_on=date(2026, 9, 30))
    assert by_key(f)["statement"].due == date(2026, 10, 12)


def test_statement_period_from_a_friday_ends_on_wednesday():
    f = facts(notice_served_on=date(2026, 6, 5))  # Friday
    assert by_key(f)["statement"].due == date(2026, 6, 10)


def test_hearing_request_period_is_five_working_days_by_default_and_configurable():
    f = facts(notice_served_on=date(2026, 6, 5), hearing_notice_served_on=date(2026, 6, 5))
    assert by_key(f)["hearing_request"].due == date(2026, 6, 12)
    three = d.case_deadlines(f, CAL, d.TimeLimits(hearing_request_workdays=3))
    assert {x.key: x for x in three}["hearing_request"].due == date(2026, 6, 10)


def test_decision_limit_is_ninety_calendar_days_plus_extensions_and_is_not_moved_to_a_working_day():
    f = facts(filed_on=date(2026, 7, 3))  # +90 = Thu 1 Oct 2026, a holiday: still the limit
    assert by_key(f)["decision"].due == date(2026, 10, 1)
    assert by_key(replace(f, extension_days=30))["decision"].due == date(2026, 10, 31)
    assert "经批准延长30日" in by_key(replace(f, extension_days=30))["decision"].basis


def test_payment_period_is_fifteen_calendar_days_moved_off_a_rest_day():
    f = facts(status="executing", decided_on=date(2026, 9, 10), served_on=date(2026, 9, 16), fine=Decimal("1000"))
    assert by_key(f)["payment"].due == date(2026, 10, 9)  # 1 Oct is a holiday; the next working day is 9 Oct


def test_preservation_decision_is_due_seven_working_days_after_the_notice():
    f = facts(status="investigating", preservations=((date(2026, 6, 1), None), (date(2026, 6, 2), date(2026, 6, 5))))
    ds = by_key(f)
    assert ds["preservation-1"].due == date(2026, 6, 10)
    assert ds["preservation-1"].state(date(2026, 6, 11)) == "overdue"
    assert ds["preservation-2"].state(date(2026, 6, 11)) == "done"


def test_deadline_states():
    x = d.Deadline("k", "label", date(2026, 6, 10))
    assert x.state(date(2026, 6, 9)) == "open"
    assert x.state(date(2026, 6, 10)) == "due_today"
    assert x.state(date(2026, 6, 11)) == "overdue"
    assert replace(x, done_on=date(2026, 6, 10)).state(date(2026, 7, 1)) == "done"
    assert replace(x, done_on=date(2026, 6, 11)).state(date(2026, 7, 1)) == "late"
    assert d.Deadline("k", "label", None, error="2028年节假日数据未录入").state(date(2026, 6, 1)) == "unknown"
    assert d.Deadline("k", "label", None).state(date(2026, 6, 1)) == "waiting"
    assert d.Deadline("k", "label", None, date(2026, 6, 1)).state(date(2026, 6, 1)) == "done"


def test_a_year_without_calendar_data_gives_an_unknown_deadline_with_the_reason():
    f = facts(notice_served_on=date(2027, 12, 30))
    statement = by_key(f)["statement"]
    assert statement.due is None and "2028年节假日数据未录入" in statement.error
    assert statement.state(date(2027, 12, 31)) == "unknown"


def test_due_next_skips_the_partys_periods_and_done_steps():
    f = facts(notice_served_on=date(2026, 6, 5), preservations=((date(2026, 6, 1), date(2026, 6, 3)),))
    nxt = d.due_next(d.case_deadlines(f, CAL, LIMITS), date(2026, 6, 6))
    assert nxt.key == "decision"


def test_undecided_too_long_after_ninety_days_plus_extensions():
    f = facts(status="investigating", filed_on=date(2026, 1, 5))
    assert not d.undecided_too_long(f, date(2026, 4, 5), LIMITS)
    assert d.undecided_too_long(f, date(2026, 4, 6), LIMITS)
    assert not d.undecided_too_long(replace(f, extension_days=30), date(2026, 4, 6), LIMITS)
    assert not d.undecided_too_long(replace(f, status="decided"), date(2026, 12, 1), LIMITS)


def test_late_steps_list_missed_duties_not_the_partys_periods():
    f = facts(status="executing", notice_served_on=date(2026, 6, 5), decided_on=date(2026, 6, 15),
              served_on=date(2026, 7, 1), fine=Decimal("100"))
    late = {x.key for x in d.late_steps(d.case_deadlines(f, CAL, LIMITS), date(2026, 8, 1))}
    assert "service" in late and "statement" not in late


# ---------------------------------------------------------------- deciding before the periods end

def test_decision_refused_before_the_notice_is_served():
    try:
        d.decision_refusal(facts(), date(2026, 6, 30), CAL, LIMITS)
    except StepRefused as exc:
        assert "行政处罚告知书尚未送达" in str(exc)
    else:
        raise AssertionError("not refused")


def test_decision_refused_on_the_last_day_of_the_statement_period_with_the_date():
    f = facts(notice_served_on=date(2026, 6, 5))
    try:
        d.decision_refusal(f, date(2026, 6, 10), CAL, LIMITS)
    except StepRefused as exc:
        assert str(exc) == "陈述申辩期限至2026-06-10届满，期满前不能作出处罚决定"
    else:
        raise AssertionError("not refused")
    d.decision_refusal(f, date(2026, 6, 11), CAL, LIMITS)


@given(DAYS, st.integers(min_value=0, max_value=40))
def test_a_decision_is_never_allowed_on_or_before_the_statement_period_end(served, offset):
    f = facts(notice_served_on=served)
    until = d.statement_until(f, CAL, LIMITS)
    on = served + timedelta(days=offset)
    try:
        d.decision_refusal(f, on, CAL, LIMITS)
        allowed = True
    except StepRefused:
        allowed = False
    assert allowed == (on > until)


@given(DAYS, st.integers(min_value=0, max_value=40), st.booleans(), st.booleans())
def test_with_a_hearing_notice_the_decision_waits_for_the_request_period_or_the_hearing(served, offset, requested,
                                                                                         held):
    requested_on = served + timedelta(days=1) if requested else None
    held_on = served + timedelta(days=10) if requested and held else None
    f = facts(notice_served_on=served, hearing_notice_served_on=served, hearing_requested_on=requested_on,
              hearing_held_on=held_on)
    on = served + timedelta(days=offset)
    try:
        d.decision_refusal(f, on, CAL, LIMITS)
        allowed = True
    except StepRefused:
        allowed = False
    past_statement = on > d.statement_until(f, CAL, LIMITS)
    if not requested:
        assert allowed == (past_statement and on > d.hearing_request_until(f, CAL, LIMITS))
    elif not held:
        assert not allowed
    else:
        assert allowed == past_statement


def test_a_decided_case_is_not_decided_twice():
    f = facts(notice_served_on=date(2026, 6, 5), decided_on=date(2026, 6, 20))
    try:
        d.decision_refusal(f, date(2026, 6, 25), CAL, LIMITS)
    except StepRefused as exc:
        assert "已作出处罚决定" in str(exc)
    else:
        raise AssertionError("not refused")


# --- a written waiver of the statement (and hearing) periods ------------------------------------------------

WAIVER_CAL = WorkCalendar.build(range(2024, 2027), [], [])


@given(st.dates(date(2025, 1, 6), date(2026, 11, 30)), st.integers(0, 3), st.integers(0, 10), st.booleans())
def test_a_waiver_allows_the_decision_at_once_and_without_it_the_period_still_holds(served, waited, after, hearing):
    facts = d.CaseFacts(status="notified", filed_on=served - timedelta(days=20), notice_served_on=served,
                        hearing_notice_served_on=served if hearing else None)
    waived_on = served + timedelta(days=waited)
    on = waived_on + timedelta(days=after)
    waived = replace(facts, rights_waived_on=waived_on)
    d.decision_refusal(waived, on, WAIVER_CAL, d.TimeLimits())  # no refusal: not waiting for either period
    with pytest.raises(StepRefused, match="不能早于该日"):
        d.decision_refusal(waived, waived_on - timedelta(days=1), WAIVER_CAL, d.TimeLimits())
    if on <= WAIVER_CAL.add_workdays(served, 3):
        with pytest.raises(StepRefused, match="陈述申辩期限"):
            d.decision_refusal(facts, on, WAIVER_CAL, d.TimeLimits())


def test_a_hearing_requested_after_all_still_has_to_be_held():
    served = date(2026, 3, 2)
    facts = d.CaseFacts(status="hearing", notice_served_on=served, hearing_notice_served_on=served,
                        rights_waived_on=served, hearing_requested_on=date(2026, 3, 3))
    with pytest.raises(StepRefused, match="听证结束前"):
        d.decision_refusal(facts, date(2026, 3, 20), WAIVER_CAL, d.TimeLimits())
    assert "当事人已申请听证" in " ".join(d.waiver_problems(facts, date(2026, 3, 4)))


def test_waiver_problems():
    served = date(2026, 3, 2)
    facts = d.CaseFacts(status="notified", notice_served_on=served)
    assert d.waiver_problems(facts, served) == []
    assert "不能早于告知书送达日期" in d.waiver_problems(facts, served - timedelta(days=1))[0]
    assert d.waiver_problems(replace(facts, rights_waived_on=served), served) == ["已登记当事人书面放弃陈述申辩"]
    assert "尚未送达" in d.waiver_problems(d.CaseFacts(status="reviewed"), served)[0]
