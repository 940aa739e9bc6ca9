import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.lifecycle import DOCUMENT, HAZARD, INSPECTION, TransitionRefused, can_move, check_move


@pytest.mark.parametrize("table", [INSPECTION, HAZARD, DOCUMENT])
def test_every_target_is_a_known_status(table):
    for targets in table.values():
        assert targets <= set(table)


def test_an_issued_document_can_only_be_voided():
    assert DOCUMENT["issued"] == {"voided"}
    with pytest.raises(TransitionRefused, match="文书不能从“issued”变为“draft”"):
        check_move("文书", "issued", "draft")


@given(st.sampled_from(sorted(INSPECTION)), st.sampled_from(sorted(INSPECTION)))
def test_closed_and_cancelled_inspections_never_move(old, new):
    if old in {"closed", "cancelled"}:
        assert not can_move(INSPECTION, old, new)


def test_an_inspection_follows_approve_notify_carry_out_record_close():
    path = ["planned", "approved", "in_progress", "recorded", "closed"]
    for old, new in zip(path, path[1:], strict=False):
        check_move("检查", old, new)
    with pytest.raises(TransitionRefused, match="检查不能从“planned”变为“in_progress”"):
        check_move("检查", "planned", "in_progress")
    with pytest.raises(TransitionRefused):
        check_move("检查", "in_progress", "cancelled")


def test_a_hazard_is_decided_from_open_and_a_rectified_one_never_moves():
    assert INSPECTION["planned"] >= {"approved", "cancelled"}
    assert HAZARD["open"] == {"corrected", "rectifying", "measures"}
    assert HAZARD["rectifying"] == {"rectified", "escalated"}
    for final in ("corrected", "rectified", "escalated"):
        assert HAZARD[final] == frozenset()


@given(st.sampled_from(sorted(HAZARD)), st.sampled_from(sorted(HAZARD)))
def test_no_hazard_returns_to_open(old, new):
    if new == "open":
        assert not can_move(HAZARD, old, new)
