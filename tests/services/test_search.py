"""The one search box (anjian.search): each kind in the user's own scope; out-of-scope and sealed records never
appear; the words are bounded."""

import pytest

from anjian.common.errors import ServiceInvalid
from anjian.documents.models import Document
from anjian.documents.services import document_draft
from anjian.domain.permissions import Role
from anjian.inspections.models import Inspection
from anjian.regions.models import Agency
from anjian.search.selectors import PER_KIND, search_for, search_words
from tests.services.case_helpers import propose, world
from tests.services.sealed_helpers import sealed_world

HOME, OTHER, CITY = "411726", "411721", "411700"


def hits(user, q: str) -> dict[str, list[str]]:
    return {g.kind: [h.title for h in g.hits] for g in search_for(user, search_words(q))}


@pytest.fixture
def two_counties(make_user, make_enterprise):
    here = make_enterprise(HOME, name="泌阳县寻查化工有限公司")
    there = make_enterprise(OTHER, name="西平县寻查化工有限公司")
    for e in (here, there):
        Inspection.objects.create(enterprise=e, agency=Agency.objects.get(region_id=e.region_id),
                                  source="annual_plan", planned_date="2026-03-01")
    return here, there


def test_each_user_finds_only_the_enterprises_and_inspections_of_their_scope(make_user, two_counties):
    here, there = two_counties
    county = hits(make_user(HOME, Role.READ_ONLY), "寻查化工")
    assert county["enterprise"] == [here.name]
    assert county["inspection"] == [f"{here.name} 执法检查"]
    sibling = hits(make_user(OTHER, Role.OFFICER), "寻查化工")
    assert sibling["enterprise"] == [there.name] and sibling["inspection"] == [f"{there.name} 执法检查"]
    city = hits(make_user(CITY, Role.READ_ONLY), "寻查化工")
    assert sorted(city["enterprise"]) == sorted([here.name, there.name]) and len(city["inspection"]) == 2


def test_an_enterprise_is_found_by_its_uscc_and_not_from_the_next_county(make_user, two_counties):
    here, there = two_counties
    assert hits(make_user(HOME, Role.READ_ONLY), here.uscc)["enterprise"] == [here.name]
    assert hits(make_user(HOME, Role.READ_ONLY), there.uscc)["enterprise"] == []


def test_a_case_is_found_by_its_party_and_a_document_by_its_enterprise_in_scope_only(make_user, make_enterprise):
    w = world(make_user, make_enterprise)
    case = propose(w)
    document_draft(actor=w["officer"], agency=Agency.objects.get(region_id=HOME), kind_code="责改",
                   enterprise=w["enterprise"], content={"inspection_date": "2024-06-01"})
    mine = hits(w["officer"], "测试化工")
    assert mine["case"] == [case.name] and "责令限期整改指令书（草稿）" in mine["document"]
    other = hits(make_user(OTHER, Role.DEPARTMENT_HEAD), "测试化工")
    assert other["case"] == [] and other["document"] == [] and other["enterprise"] == []


def test_a_case_is_found_by_the_number_of_one_of_its_documents(make_user, make_enterprise):
    w = world(make_user, make_enterprise)
    case = propose(w)
    filing = Document.objects.get(subject_id=case.pk, kind__name="立案审批表")
    Document.objects.filter(pk=filing.pk).update(number="（泌阳）应急立〔2026〕9号")
    found = hits(w["officer"], "应急立〔2026〕9")
    assert found["case"] == [case.name] and found["document"] == ["（泌阳）应急立〔2026〕9号"]
    assert hits(make_user(OTHER, Role.DEPARTMENT_HEAD), "应急立〔2026〕9")["case"] == []
    # the "more" link leads to the case list filtered by the same words: it finds the same case
    from anjian.cases.core.selectors import CaseFilters, case_list_for
    assert list(case_list_for(w["officer"], CaseFilters(q="应急立〔2026〕9"))) == [case]
    assert list(case_list_for(w["officer"], CaseFilters(q=w["enterprise"].name))) == [case]


def test_a_sealed_inspection_is_not_found_by_those_who_may_not_see_it(make_user):
    s = sealed_world(make_user)
    name = s.inspection.enterprise.name
    assert f"{name} 执法检查" in hits(s.head, name)["inspection"]
    assert f"{name} 执法检查" in hits(s.assigned, name)["inspection"]
    for label, user in s.outsiders.items():
        assert hits(user, name)["inspection"] == [], label


def test_kinds_the_user_may_not_view_are_left_out(make_user):
    assert search_for(make_user(HOME, Role.SYSTEM_ADMIN), "化工") == []


def test_at_most_per_kind_hits_and_the_rest_is_flagged(make_user, make_enterprise):
    for k in range(PER_KIND + 2):
        make_enterprise(HOME, name=f"泌阳县多量{k}号公司")
    group = next(g for g in search_for(make_user(HOME, Role.READ_ONLY), "多量") if g.kind == "enterprise")
    assert len(group.hits) == PER_KIND and group.more


@pytest.mark.parametrize("raw", ["", "   ", "字" * 101])
def test_empty_or_overlong_words_are_refused(raw):
    with pytest.raises(ServiceInvalid):
        search_words(raw)


def test_words_are_trimmed_to_one_line():
    assert search_words("  泌阳 \n 化工 ") == "泌阳 化工"
