"""link_maker: the same links as reverse(), one reverse() for many records."""

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from anjian.common.links import link_maker


@given(st.integers(min_value=1, max_value=2_147_483_646))
def test_link_maker_gives_what_reverse_gives(pk):
    for name in ("inspections:detail", "inspections:rectification_inspection", "cases:detail"):
        assert link_maker(name)(pk) == reverse(name, args=[pk])
