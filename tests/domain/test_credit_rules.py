"""Pure rules of the blacklist: the sanction period, "in force on a date", states and lifting."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.credit_rules import (
    ALREADY_EXPIRED,
    ALREADY_LIFTED,
    KIND_INVALID,
    LIFT_REASON_MISSING,
    LIST_KINDS,
    PERIOD_MISSING,
    PERIOD_REVERSED,
    REASON_MISSING,
    SANCTION_MOVES,
    SANCTION_STATES,
    in_force,
    lift_problems,
    period_problems,
    periods_overlap,
    record_problems,
    sanction_state,
)
from anjian.domain.lifecycle import can_move

D = date(2025, 3, 1)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))


def test_list_kinds_have_chinese_labels():
    assert set(LIST_KINDS) == {"serious_dishonesty", "joint_sanction", "watch"}
    assert LIST_KINDS["serious_dishonesty"] == "严重失信主体名单"
    assert "联合惩戒" in LIST_KINDS["joint_sanction"] and LIST_KINDS["watch"] == "重点关注名单"


def test_a_period_needs_both_ends_and_may_be_a_single_day():
    assert period_problems(None, D) == [PERIOD_MISSING] and period_problems(D, None) == [PERIOD_MISSING]
    assert period_problems(D, D) == []
    assert period_problems(D, D - timedelta(days=1)) == [PERIOD_REVERSED]


@given(days, days)
def test_a_period_is_valid_exactly_when_it_does_not_end_before_it_starts(start, end):
    assert (period_problems(start, end) == []) == (end >= start)


@given(days, st.integers(0, 3000), days)
def test_in_force_exactly_inside_the_inclusive_period(start, length, on):
    end = start + timedelta(days=length)
    assert in_force(start=start, end=end, on=on) == (start <= on <= end)


@given(days, st.integers(0, 3000), st.integers(0, 3000), days)
def test_a_lifted_sanction_stops_on_the_day_it_is_lifted(start, length, lift_after, on):
    end = start + timedelta(days=length)
    lifted_on = start + timedelta(days=lift_after)
    assert in_force(start=start, end=end, on=on, lifted_on=lifted_on) == (start <= on <= end and on < lifted_on)
    if in_force(start=start, end=end, on=on, lifted_on=lifted_on):
        assert in_force(start=start, end=end, on=on)  # lifting never extends a sanction


@given(days, st.integers(0, 3000), days)
def test_state_agrees_with_in_force_for_an_active_sanction(start, length, today):
    end = start + timedelta(days=length)
    state = sanction_state(status="active", start=start, end=end, today=today)
    assert state in SANCTION_STATES
    assert (state == "in_force") == in_force(start=start, end=end, on=today)
    assert (state == "pending") == (today < start) and (state == "expired") == (today > end)


def test_a_lifted_sanction_shows_as_lifted_whatever_the_date():
    for today in (D - timedelta(days=10), D, D + timedelta(days=1000)):
        assert sanction_state(status="lifted", start=D, end=D + timedelta(days=30), today=today) == "lifted"


@given(days, st.integers(0, 400), days, st.integers(0, 400))
def test_overlap_is_symmetric_and_means_a_shared_day(a_start, a_len, b_start, b_len):
    a_end, b_end = a_start + timedelta(days=a_len), b_start + timedelta(days=b_len)
    shared = any(b_start <= a_start + timedelta(days=i) <= b_end for i in range(a_len + 1))
    assert periods_overlap(a_start, a_end, b_start, b_end) == shared
    assert periods_overlap(a_start, a_end, b_start, b_end) == periods_overlap(b_start, b_end, a_start, a_end)


def test_touching_periods_overlap_and_consecutive_ones_do_not():
    assert periods_overlap(D, D + timedelta(days=9), D + timedelta(days=9), D + timedelta(days=20))
    assert not periods_overlap(D, D + timedelta(days=9), D + timedelta(days=10), D + timedelta(days=20))


def test_recording_needs_a_known_list_a_reason_and_a_period():
    assert record_problems(list_kind="watch", reason="拒不整改", start=D, end=D + timedelta(days=365)) == []
    assert record_problems(list_kind="grey", reason="  ", start=D, end=D - timedelta(days=1)) == [
        KIND_INVALID, REASON_MISSING, PERIOD_REVERSED]
    assert record_problems(list_kind="watch", reason="x", start=None, end=None) == [PERIOD_MISSING]


def test_lifting_moves_active_to_lifted_once():
    assert can_move(SANCTION_MOVES, "active", "lifted") and not can_move(SANCTION_MOVES, "lifted", "lifted")
    assert not can_move(SANCTION_MOVES, "lifted", "active")
    end = D + timedelta(days=100)
    assert lift_problems(status="active", end=end, today=D, reason="已完成信用修复") == []
    assert lift_problems(status="active", end=end, today=end, reason="已完成信用修复") == []  # last day
    assert lift_problems(status="lifted", end=end, today=D, reason="x") == [ALREADY_LIFTED]
    assert lift_problems(status="active", end=end, today=end + timedelta(days=1), reason="x") == [ALREADY_EXPIRED]
    assert lift_problems(status="active", end=end, today=D, reason=" ") == [LIFT_REASON_MISSING]
