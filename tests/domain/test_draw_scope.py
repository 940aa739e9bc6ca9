"""A task's strata draw only inside its agency's jurisdiction (anjian.domain.draw_scope); pure, no Django."""

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.draw_scope import BAD_FORMAT, NOT_OURS, pool_prefix, region_problem, strata_region_problems
from anjian.domain.identifiers import prefix_range

digits = st.text(alphabet="0123456789", min_size=1, max_size=6)
prefixes = st.sampled_from([2, 4, 6]).flatmap(lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n))


def test_a_county_may_not_widen_its_pool_to_the_province_or_a_sibling():
    assert region_problem("41", "411726") == NOT_OURS.format(code="41")
    assert region_problem("411721", "411726") == NOT_OURS.format(code="411721")
    assert region_problem("", "411726") is None and region_problem("411726", "411726") is None


def test_the_province_may_draw_province_wide_and_a_city_inside_itself():
    assert region_problem("41", "41") is None and region_problem("", "41") is None
    assert region_problem("4117", "4117") is None and region_problem("411726", "4117") is None
    assert region_problem("42", "41") == NOT_OURS.format(code="42")


def test_malformed_prefixes_are_refused_with_one_message():
    for bad in ("4", "411", "41172", "4117260", "41a7", "４１", " 41"):
        assert region_problem(bad, "41") == BAD_FORMAT.format(code=bad)


def test_a_region_that_does_not_exist_reads_like_one_outside():
    assert region_problem("4199", "41", exists=lambda p: False) == NOT_OURS.format(code="4199")
    assert region_problem("4299", "41", exists=lambda p: True) == NOT_OURS.format(code="4299")


def test_messages_name_the_stratum():
    strata = [{"label": "工贸", "region_prefix": ""}, {"label": "化工", "region_prefix": "41"}]
    assert strata_region_problems(strata, "411726") == [f"第2类「化工」：{NOT_OURS.format(code='41')}"]


@given(prefixes, prefixes)
def test_the_pool_prefix_is_the_exact_intersection_with_the_jurisdiction(prefix, jurisdiction):
    """Every code the pool is read under lies in both ranges, and every code in both lies under it."""
    got = pool_prefix(prefix, jurisdiction)
    for code in {prefix.ljust(6, "0"), jurisdiction.ljust(6, "0"), prefix.ljust(6, "9"), jurisdiction.ljust(6, "9")}:
        inside_both = code.startswith(prefix) and code.startswith(jurisdiction)
        assert (got is not None and code.startswith(got)) == inside_both
    if got is not None:
        low, high = prefix_range(got)
        assert low.startswith(jurisdiction) and region_problem(got, jurisdiction) is None


@given(prefixes, prefixes)
def test_an_allowed_prefix_is_read_as_typed(prefix, jurisdiction):
    if region_problem(prefix, jurisdiction) is None:
        assert pool_prefix(prefix, jurisdiction) == prefix


@given(digits)
def test_an_empty_prefix_is_the_whole_jurisdiction(jurisdiction):
    assert pool_prefix("", jurisdiction) == jurisdiction
