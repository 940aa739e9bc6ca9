"""Penalty-case rules (pure): the transition table, hearing and discussion thresholds, surcharge, fine ranges."""

from collections import deque
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain import case_process as p

MONEY = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
DEFAULTS = p.HearingThresholds()
TERMINAL = {"archived", "not_filed"}


def _reachable(start: str) -> set[str]:
    seen, todo = {start}, deque([start])
    while todo:
        for nxt in p.CASE[todo.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_table_names_only_known_statuses_and_every_status_has_a_row():
    assert set(p.CASE) == set(p.CASE_STATUSES)
    assert all(targets <= set(p.CASE_STATUSES) for targets in p.CASE.values())


def test_every_status_is_reachable_from_filing_and_only_archive_and_refusal_are_final():
    assert _reachable("filing") == set(p.CASE_STATUSES)
    assert {s for s, targets in p.CASE.items() if not targets} == TERMINAL


def test_every_open_case_can_still_be_closed_and_archived():
    for status in set(p.CASE_STATUSES) - TERMINAL:
        assert "archived" in _reachable(status), status


def test_an_archived_case_never_moves_and_a_decided_case_cannot_go_back_to_investigation():
    assert p.CASE["archived"] == frozenset()
    assert "investigating" not in _reachable("decided")
    assert "decided" not in p.CASE["investigating"]  # no decision without review and notice
    assert p.UNDECIDED.isdisjoint({"decided", "executing", "closed", "archived"})


def test_hearing_thresholds_default_to_fifty_thousand_for_units_and_twenty_thousand_for_individuals():
    assert p.hearing_right(party_kind="unit", penalties={"fine"}, fine=Decimal("50000"), thresholds=DEFAULTS)
    assert not p.hearing_right(party_kind="unit", penalties={"fine"}, fine=Decimal("49999.99"), thresholds=DEFAULTS)
    assert p.hearing_right(party_kind="individual", penalties={"fine"}, fine=Decimal("20000"), thresholds=DEFAULTS)
    assert not p.hearing_right(party_kind="individual", penalties={"fine"}, fine=Decimal("19999"), thresholds=DEFAULTS)
    assert not p.hearing_right(party_kind="unit", penalties={"warning"}, fine=None, thresholds=DEFAULTS)


def test_hearing_thresholds_are_configuration():
    low = p.HearingThresholds(unit=Decimal("5000"), individual=Decimal("500"))
    assert p.hearing_right(party_kind="unit", penalties={"fine"}, fine=Decimal("5000"), thresholds=low)
    assert not p.hearing_right(party_kind="unit", penalties={"fine"}, fine=Decimal("5000"), thresholds=DEFAULTS)


@given(st.sampled_from(sorted(p.HEARING_PENALTIES)), st.sampled_from(sorted(p.PARTY_KINDS)), MONEY)
def test_suspension_revocation_and_the_like_always_give_a_hearing(penalty, party, fine):
    assert p.hearing_right(party_kind=party, penalties={penalty}, fine=fine, thresholds=DEFAULTS)


@given(st.sampled_from(sorted(p.PARTY_KINDS)), MONEY, MONEY)
def test_hearing_right_is_monotone_in_the_fine(party, a, b):
    low, high = sorted((a, b))
    if p.hearing_right(party_kind=party, penalties={"fine"}, fine=low, thresholds=DEFAULTS):
        assert p.hearing_right(party_kind=party, penalties={"fine"}, fine=high, thresholds=DEFAULTS)


@given(st.booleans(), st.sampled_from(sorted(p.PARTY_KINDS)), st.sets(st.sampled_from(sorted(p.PENALTY_KINDS))),
       st.none() | MONEY)
def test_a_case_with_a_hearing_right_or_marked_major_goes_to_collective_discussion(major, party, penalties, fine):
    needs = p.needs_discussion(is_major=major, party_kind=party, penalties=penalties, fine=fine, thresholds=DEFAULTS)
    hearing = p.hearing_right(party_kind=party, penalties=penalties, fine=fine, thresholds=DEFAULTS)
    assert needs == (major or hearing)


def test_surcharge_is_three_percent_a_day_capped_at_the_fine():
    assert p.surcharge(fine=Decimal("10000"), days_late=1) == Decimal("300.00")
    assert p.surcharge(fine=Decimal("10000"), days_late=10) == Decimal("3000.00")
    assert p.surcharge(fine=Decimal("10000"), days_late=34) == Decimal("10000.00")
    assert p.surcharge(fine=Decimal("10000"), days_late=400) == Decimal("10000.00")
    assert p.surcharge(fine=Decimal("10000"), days_late=0) == Decimal("0.00")


@given(MONEY, st.integers(min_value=-30, max_value=3650))
def test_surcharge_never_exceeds_the_fine_and_is_never_negative(fine, days):
    s = p.surcharge(fine=fine, days_late=days)
    assert Decimal("0") <= s <= fine


@given(MONEY, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=400))
def test_surcharge_grows_with_the_days_late(fine, a, b):
    low, high = sorted((a, b))
    assert p.surcharge(fine=fine, days_late=low) <= p.surcharge(fine=fine, days_late=high)


def test_fine_problems_name_the_legal_range_first_then_the_discretion_level():
    assert p.fine_problems(fine=Decimal("100"), statutory_min=Decimal("1000"), statutory_max=Decimal("20000")) == [
        "罚款100元低于法定下限1000元"]
    assert p.fine_problems(fine=Decimal("30000"), statutory_min=Decimal("1000"), statutory_max=Decimal("20000")) == [
        "罚款30000元超过法定上限20000元"]
    level = p.fine_problems(fine=Decimal("15000"), statutory_min=Decimal("1000"), statutory_max=Decimal("20000"),
                            level_min=Decimal("1000"), level_max=Decimal("5000"), level_label="较轻")
    assert level == ["罚款15000元超过所选裁量阶次「较轻」的上限5000元"]
    assert p.fine_problems(fine=None, statutory_min=Decimal("1"), statutory_max=Decimal("2")) == []


@given(MONEY, MONEY, MONEY)
def test_a_fine_inside_the_legal_range_passes_and_one_outside_never_does(fine, a, b):
    low, high = sorted((a, b))
    problems = p.fine_problems(fine=fine, statutory_min=low, statutory_max=high)
    assert (problems == []) == (low <= fine <= high)
