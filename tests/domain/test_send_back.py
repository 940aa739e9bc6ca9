from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.send_back import (
    KINDS,
    REASON_LONG,
    REASON_MAX,
    REASON_MIN,
    REASON_MISSING,
    REASON_SHORT,
    handoff_key,
    reason_problem,
)


@given(st.text(max_size=600))
def test_a_reason_is_accepted_exactly_when_its_trimmed_length_is_within_bounds(text):
    n = len(text.strip())
    problem = reason_problem(text)
    assert (problem is None) == (REASON_MIN <= n <= REASON_MAX)
    if n == 0:
        assert problem == REASON_MISSING
    elif n < REASON_MIN:
        assert problem == REASON_SHORT
    elif n > REASON_MAX:
        assert problem == REASON_LONG


def test_none_and_blank_are_missing():
    assert reason_problem(None) == REASON_MISSING
    assert reason_problem("   ") == REASON_MISSING


@given(st.sampled_from(sorted(KINDS)), st.integers(min_value=1, max_value=2**63 - 1))
def test_keys_are_unique_per_kind_and_record(kind, n):
    key = handoff_key(kind, n)
    assert key == f"returned:{kind}:{n}" and len(key) <= 128
