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
