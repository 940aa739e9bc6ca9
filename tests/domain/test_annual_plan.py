from collections import Counter
from datetime import date
from math import ceil

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.annual_plan import (
    PLAN_TRANSITIONS,
    Candidate,
    Unit,
    coverage_check,
    draft,
    priority_key,
    progress,
)
from anjian.domain.lifecycle import can_move

TODAY = date(2025, 12, 1)

candidate = st.builds(
    Candidate,
    id=st.integers(1, 10_000),
    supervision_class=st.sampled_from(["key", "general"]),
    risk_level=st.sampled_from(["red", "orange", "yellow", "blue"]),
    major_hazards=st.integers(0, 3),
    last_inspected=st.one_of(st.none(), st.dates(date(2018, 1, 1), date(2025, 11, 30))),
    problems_last_time=st.integers(0, 5),
)
pools = st.lists(candidate, max_size=80, unique_by=lambda c: c.id)


@given(pools)
def test_every_key_unit_and_a_third_of_general_units_rounded_up(pool):
    chosen = {s.id for s in draft(pool, today=TODAY, year=2026)}
    assert {c.id for c in pool if c.supervision_class == "key"} <= chosen
    general = [c for c in pool if c.supervision_class == "general"]
    assert len([c for c in general if c.id in chosen]) == ceil(len(general) / 3)


@given(pools)
def test_months_balanced_and_key_units_first(pool):
    selected = draft(pool, today=TODAY, year=2026)
    counts = Counter(s.month for s in selected)
    if selected:
        per_month = [counts.get(m, 0) for m in range(1, 13)]
        assert max(per_month) - min(per_month) <= 1
        months = {s.id: s.month for s in selected}
        urgent = [months[c.id] for c in pool if c.id in months and (c.supervision_class == "key"
                                                                     or c.risk_level == "red")]
        others = [months[c.id] for c in pool if c.id in months and not (
            c.supervision_class == "key" or c.risk_level == "red")]
        if urgent and others:
            assert max(urgent) <= min(others)
    assert coverage_check({c.id: Unit(str(c.id), c.supervision_class) for c in pool},
                          [(s.id, s.month) for s in selected]).ok


@given(pools, st.randoms())
def test_deterministic_whatever_the_input_order(pool, rnd):
    shuffled = list(pool)
    rnd.shuffle(shuffled)
    assert draft(pool, today=TODAY, year=2026) == draft(shuffled, today=TODAY, year=2026)


def test_priority_risk_then_hazards_then_time_then_problems_then_id():
    red = Candidate(9, "general", "red")
    hazardous = Candidate(8, "general", "orange", major_hazards=2, last_inspected=date(2025, 1, 1))
    never = Candidate(7, "general", "orange")
    old = Candidate(6, "general", "orange", last_inspected=date(2020, 1, 1))
    problems = Candidate(5, "general", "orange", last_inspected=date(2020, 1, 1), problems_last_time=3)
    ranked = sorted([old, never, problems, hazardous, red], key=lambda c: priority_key(c, TODAY))
    assert [c.id for c in ranked] == [9, 8, 7, 5, 6]
    tie = sorted([Candidate(3, "general"), Candidate(2, "general")], key=lambda c: priority_key(c, TODAY))
    assert [c.id for c in tie] == [2, 3]


def test_drafting_in_the_plan_year_starts_this_month():
    pool = [Candidate(i, "key") for i in range(1, 7)]
    assert {s.month for s in draft(pool, today=date(2026, 7, 1), year=2026)} == {7, 8, 9, 10, 11, 12}


def test_coverage_names_missing_key_unit_share_months_and_closed_units():
    units = {1: Unit("甲化工", "key"), 2: Unit("乙厂", "general"), 3: Unit("丙厂", "general"),
             4: Unit("丁厂", "general"), 5: Unit("戊厂", "general", "closed")}
    cov = coverage_check(units, [(5, 3)])
    assert not cov.ok
    assert cov.missing_key == [1] and "甲化工" in cov.problems[0]
    assert cov.general_required == 1 and cov.general_planned == 0
    assert any("三分之一" in p for p in cov.problems)
    assert cov.not_operating == [5] and any("戊厂" in p for p in cov.problems)
    ok = coverage_check(units, [(1, 1), (2, 2)])
    assert ok.ok and ok.month_counts[1] == 1


def test_coverage_flags_empty_and_overloaded_months():
    units = {i: Unit(f"u{i}", "key") for i in range(1, 13)}
    cov = coverage_check(units, [(i, 1) for i in range(1, 13)], capacity_per_month=5)
    assert cov.empty_months == list(range(2, 13)) and cov.overloaded_months == [1]
    assert len(cov.problems) == 2


def test_transitions_and_progress():
    moves = PLAN_TRANSITIONS
    assert can_move(moves, "draft", "approved") and can_move(moves, "approved", "filed")
    assert can_move(moves, "filed", "published")
    assert not can_move(moves, "draft", "published") and not can_move(moves, "published", "draft")
    assert progress([(1, "closed"), (1, "planned"), (2, None)])[1] == (1, 2)
