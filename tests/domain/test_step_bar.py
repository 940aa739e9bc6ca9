"""The step bar: where an inspection or a case stands, for every status the tables know."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.case_process import CASE, CASE_STATUSES
from anjian.domain.inspection_rules import INSPECTION_STATUSES
from anjian.domain.lifecycle import INSPECTION
from anjian.domain.step_bar import CURRENT, DONE, TODO, case_steps, inspection_steps

case_args = st.fixed_dictionaries({"needs_discussion": st.booleans(), "reviewed": st.booleans(),
                                   "discussed": st.booleans()})


def _well_formed(bar):
    states = [s.state for s in bar.steps]
    assert states.count(CURRENT) <= 1
    assert len({s.key for s in bar.steps}) == len(bar.steps)
    if CURRENT in states:
        at = states.index(CURRENT)
        assert set(states[:at]) <= {DONE} and set(states[at + 1:]) <= {TODO}
        assert not bar.ended
    else:  # finished (all done) or left the path (done, then to do)
        first_todo = states.index(TODO) if TODO in states else len(states)
        assert set(states[:first_todo]) <= {DONE} and set(states[first_todo:]) <= {TODO}
        assert bar.ended or first_todo == len(states)


@given(st.sampled_from(sorted(INSPECTION_STATUSES)), st.integers(min_value=0, max_value=50))
def test_every_inspection_status_has_a_well_formed_bar(status, open_hazards):
    _well_formed(inspection_steps(status, open_hazards=open_hazards))


@given(st.sampled_from(sorted(CASE_STATUSES)), case_args)
def test_every_case_status_has_a_well_formed_bar(status, args):
    bar = case_steps(status, **args)
    _well_formed(bar)
    assert ("discussion" in [s.key for s in bar.steps]) == (args["needs_discussion"] or status == "discussion")


def _position(bar):
    keys = [s.key for s in bar.steps]
    return keys.index(bar.current.key) if bar.current else len(keys)


@given(st.sampled_from(sorted(INSPECTION)), st.integers(min_value=0, max_value=5))
def test_an_inspection_moving_forward_never_moves_its_bar_back(old, open_hazards):
    for new in INSPECTION[old]:
        before, after = inspection_steps(old, open_hazards=open_hazards), inspection_steps(new, open_hazards=open_hazards)
        if new in {"cancelled", "returned"} or after.ended:
            continue
        assert _position(after) >= _position(before)


@given(st.sampled_from(sorted(CASE)), st.booleans())
def test_a_case_moving_forward_never_moves_its_bar_back(old, major):
    back = {"investigating", "returned", "not_filed"}  # sent back, refused
    for new in CASE[old] - back:
        before = case_steps(old, needs_discussion=major)
        after = case_steps(new, needs_discussion=major)
        assert _position(after) >= _position(before)


def test_a_returned_plan_is_with_its_planner_and_a_returned_filing_with_its_proposer():
    assert inspection_steps("returned").current.label == "检查方案"
    assert inspection_steps("planned").current.label == "审批"
    assert case_steps("returned").current.label == "立案"


def test_an_inspection_with_open_hazards_stays_at_rectification_after_closing():
    assert inspection_steps("closed", open_hazards=2).current.key == "rectification"
    assert inspection_steps("closed").current is None


def test_a_passed_review_makes_notice_the_current_step():
    assert case_steps("legal_review").current.label == "法制审核"
    assert case_steps("legal_review", reviewed=True).current.label == "告知"
    assert case_steps("discussion", needs_discussion=True, discussed=True).current.label == "告知"


@pytest.mark.parametrize("status,ended", [("cancelled", "已取消")])
def test_a_cancelled_inspection_says_so(status, ended):
    assert inspection_steps(status).ended == ended and inspection_steps(status).current is None


def test_an_unknown_status_is_a_programming_error():
    with pytest.raises(ValueError):
        inspection_steps("lost")
    with pytest.raises(ValueError):
        case_steps("lost")
