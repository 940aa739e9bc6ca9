"""Rectification rules: deadline status, extension lead time, re-inspection dates, escalation options."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain import rectification as r

DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
D = date(2025, 6, 30)


def test_deadline_status_labels():
    assert r.deadline_status(D, D - timedelta(days=3)).label == "3日后到期"
    assert r.deadline_status(D, D).label == "今日到期"
    assert r.deadline_status(D, D + timedelta(days=5)).label == "已逾期5日"


@given(DAYS, st.integers(min_value=-400, max_value=400))
def test_deadline_status_days_match_the_distance(deadline, offset):
    today = deadline + timedelta(days=offset)
    status = r.deadline_status(deadline, today)
    assert status.days == abs(offset)
    assert status.state == ("overdue" if offset > 0 else "due_today" if offset == 0 else "due")


def test_extension_lead_time_is_ten_days():
    assert r.extension_in_time(D - timedelta(days=10), D)
    assert not r.extension_in_time(D - timedelta(days=9), D)
    problems = r.extension_problems(requested_at=D - timedelta(days=9), deadline=D,
                                    requested_deadline=D + timedelta(days=10), today=D)
    assert problems == ["延期申请须在整改期限届满10日前提出（最迟2025-06-20），已逾时限，不予受理"]


@given(DAYS, DAYS, st.integers(min_value=1, max_value=90))
def test_extension_in_time_iff_ten_days_before(requested_at, deadline, extra):
    problems = r.extension_problems(requested_at=requested_at, deadline=deadline,
                                    requested_deadline=deadline + timedelta(days=extra), today=requested_at)
    assert (problems == []) == ((deadline - requested_at).days >= 10)


@given(DAYS, st.integers(min_value=-30, max_value=0))
def test_extension_must_move_the_deadline_later(deadline, shift):
    problems = r.extension_problems(requested_at=deadline - timedelta(days=30), deadline=deadline,
                                    requested_deadline=deadline + timedelta(days=shift), today=deadline)
    assert any("须晚于原整改期限" in p for p in problems)


def test_extension_dated_in_the_future_is_refused():
    assert r.EXTENSION_IN_FUTURE in r.extension_problems(requested_at=D - timedelta(days=20), deadline=D,
                                                         requested_deadline=D + timedelta(days=5),
                                                         today=D - timedelta(days=21))


@given(DAYS, st.integers(min_value=-60, max_value=60), st.booleans())
def test_reinspection_before_deadline_needs_reported_completion(deadline, offset, reported):
    on = deadline + timedelta(days=offset)
    problem = r.reinspection_date_problem(on=on, deadline=deadline, completion_reported=reported,
                                          inspection_date=deadline - timedelta(days=61), today=on)
    assert (problem is None) == (offset >= 0 or reported)


def test_reinspection_not_before_the_inspection_nor_in_the_future():
    kw = {"deadline": D, "completion_reported": True}
    assert r.reinspection_date_problem(on=D - timedelta(days=40), inspection_date=D - timedelta(days=30),
                                       today=D, **kw) == r.REINSPECTION_BEFORE_INSPECTION
    assert r.reinspection_date_problem(on=D + timedelta(days=1), inspection_date=D - timedelta(days=30),
                                       today=D, **kw) == r.REINSPECTION_IN_FUTURE


@given(st.sampled_from(["open", "corrected", "rectifying", "measures", "rectified", "escalated"]),
       st.one_of(st.none(), DAYS), st.booleans(), DAYS)
def test_escalation_only_for_open_hazards_failed_or_overdue(status, deadline, failed, today):
    options = r.escalation_options(status=status, deadline=deadline, failed_reinspection=failed, today=today)
    expected = status in r.OPEN_STATUSES and (failed or (deadline is not None and deadline < today))
    assert options == (["measures", "penalty_case"] if expected else [])
