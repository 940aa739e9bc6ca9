"""Inspections: team rules, lifecycle by conditional transitions, scope, frequency and joining."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from anjian.audit.models import AuditEvent
from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Role
from anjian.inspections import selectors as sel
from anjian.inspections.models import ChecklistItem, Inspection
from anjian.inspections.services import (
    OFFICERS_UNAVAILABLE,
    inspection_approve,
    inspection_close,
    inspection_join,
    inspection_plan,
    inspection_record,
    inspection_start,
)
from tests.services.inspection_helpers import HOME, OTHER, officer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def team():
    return [officer(name="张三"), officer(name="李四")]


def plan(actor, enterprise, team, **kw):
    values = {"source": "annual_plan", "planned_date": TODAY, "officer_ids": [o.pk for o in team], **kw}
    return inspection_plan(actor=actor, enterprise=enterprise, **values)


def test_seeded_checklist_has_the_key_items_of_seed_000_with_legal_basis():
    key = set(ChecklistItem.objects.filter(is_key=True).values_list("category", flat=True))
    assert {"主体责任落实", "双重预防机制建设", "安全生产责任保险", "重大危险源管控", "动火等特殊作业",
            "规章制度和操作规程", "教育培训", "应急预案"} <= key
    assert ChecklistItem.objects.get(code="KEY-03").legal_basis == "《中华人民共和国安全生产法》第五十一条"
    industries = set(ChecklistItem.objects.values_list("industry", flat=True))
    assert {"hazardous_chemicals", "non_coal_mine", "combustible_dust", "confined_space", "metal_smelting"} <= industries


def test_one_officer_is_refused(county_officer, make_enterprise, team):
    with pytest.raises(ServiceInvalid) as exc:
        plan(county_officer, make_enterprise(HOME), team[:1])
    assert exc.value.errors == ["执法检查须由两名以上执法人员进行"]
    assert not Inspection.objects.exists()


def test_an_expired_certificate_is_refused_with_the_officers_name(county_officer, make_enterprise, team):
    expired = officer(name="王五", expires=TODAY - timedelta(days=1))
    with pytest.raises(ServiceInvalid) as exc:
        plan(county_officer, make_enterprise(HOME), [team[0], expired])
    assert f"执法人员王五的执法证已于{(TODAY - timedelta(days=1)).isoformat()}过期" in exc.value.errors
    assert "执法检查须由两名以上执法人员进行" in exc.value.errors


def test_an_officer_of_another_county_reads_exactly_like_a_nonexistent_one(county_officer, make_enterprise, team):
    stranger = officer(OTHER, name="赵六")
    enterprise = make_enterprise(HOME)
    with pytest.raises(ServiceInvalid) as foreign:
        inspection_plan(actor=county_officer, enterprise=enterprise, source="annual_plan", planned_date=TODAY,
                        officer_ids=[team[0].pk, stranger.pk])
    with pytest.raises(ServiceInvalid) as unknown:
        inspection_plan(actor=county_officer, enterprise=enterprise, source="annual_plan", planned_date=TODAY,
                        officer_ids=[team[0].pk, stranger.pk + 1000])
    assert foreign.value.errors == unknown.value.errors
    assert str(foreign.value).encode() == str(unknown.value).encode()
    assert OFFICERS_UNAVAILABLE in foreign.value.errors and "赵六" not in str(foreign.value)
    assert not Inspection.objects.exists()


def test_an_expert_outside_the_users_pools_reads_like_a_nonexistent_one(county_officer, make_enterprise, team):
    from anjian.officers.models import Expert

    theirs = Expert.objects.create(name="外地专家", region_id="410300")  # another city's pool
    enterprise = make_enterprise(HOME)
    with pytest.raises(ServiceInvalid) as foreign:
        plan(county_officer, enterprise, team, expert_ids=[theirs.pk])
    with pytest.raises(ServiceInvalid) as unknown:
        plan(county_officer, enterprise, team, expert_ids=[theirs.pk + 1000])
    assert str(foreign.value) == str(unknown.value) == "所选专家不存在或已出库"


def test_a_certificate_expiring_before_approval_day_is_caught_at_start(county_officer, make_user, make_enterprise,
                                                                        team):
    inspection = plan(county_officer, make_enterprise(HOME), team)
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    team[1].status = "suspended"
    team[1].save()
    with pytest.raises(ServiceInvalid, match="执法人员李四的执法证已暂扣"):
        inspection_approve(actor=head, inspection=inspection)
    assert Inspection.objects.get(pk=inspection.pk).status == "planned"


def test_full_lifecycle_captures_credentials_and_audits(county_officer, make_user, make_enterprise, team):
    inspection = plan(county_officer, make_enterprise(HOME), team)
    assert inspection.status == "planned"
    with pytest.raises(ServiceDenied):
        inspection_approve(actor=county_officer, inspection=inspection)  # officers do not approve
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    inspection = inspection_approve(actor=head, inspection=inspection, opinion="同意", notice_date=TODAY)
    assert (inspection.status, inspection.approved_by, inspection.approval_opinion) == ("approved", head, "同意")
    inspection = inspection_start(actor=county_officer, inspection=inspection, place="仓库")
    members = list(inspection.team.order_by("officer__name"))
    assert all(m.credential_shown_at is not None for m in members)
    assert {m.certificate_number for m in members} == {o.certificate_number for o in team}
    with pytest.raises(ServiceInvalid, match="请填写检查情况"):
        inspection_record(actor=county_officer, inspection=inspection, summary=" ")
    inspection = inspection_record(actor=county_officer, inspection=inspection, summary="未发现问题")
    inspection = inspection_close(actor=county_officer, inspection=inspection, feedback_notes="已反馈")
    assert inspection.status == "closed" and inspection.closed_at is not None
    verbs = list(AuditEvent.objects.filter(target_id=str(inspection.pk), target_type="inspections.inspection")
                 .values_list("verb", flat=True))
    assert verbs == ["inspection_plan", "inspection_approve", "inspection_start", "inspection_record",
                     "inspection_close"]


def test_a_stale_transition_is_a_conflict_and_a_wrong_one_is_refused(county_officer, make_user, make_enterprise,
                                                                     team):
    inspection = plan(county_officer, make_enterprise(HOME), team)
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    stale = Inspection.objects.get(pk=inspection.pk)
    inspection_approve(actor=head, inspection=inspection)
    with pytest.raises(ServiceConflict):
        inspection_approve(actor=head, inspection=stale)  # someone else approved first
    with pytest.raises(ServiceInvalid, match="检查不能从“已审批”变为“已记录”"):
        inspection_record(actor=county_officer, inspection=Inspection.objects.get(pk=inspection.pk), summary="x")


def test_a_county_officer_cannot_inspect_or_open_another_countys_records(county_officer, other_county_officer,
                                                                         make_enterprise, team):
    foreign = make_enterprise(OTHER)
    with pytest.raises(NotFound):
        sel.enterprise_for_inspection(county_officer, foreign.pk)
    with pytest.raises(ServiceDenied):
        plan(county_officer, foreign, team)
    inspection = plan(county_officer, make_enterprise(HOME), team)
    with pytest.raises(NotFound):
        sel.inspection_get_for(other_county_officer, inspection.pk)
    assert not sel.inspection_list_for(other_county_officer).exists()


def test_city_inspection_is_visible_to_the_enterprises_county(make_user, make_enterprise, county_officer):
    city_user = make_user("411700", Role.OFFICER)
    city_team = [officer("411700", name="市一"), officer("411700", name="市二")]
    inspection = plan(city_user, make_enterprise(HOME), city_team)
    assert inspection.agency.region_id == "411700"
    assert sel.inspection_get_for(county_officer, inspection.pk) == inspection  # enterprise's county sees it
    with pytest.raises(ServiceDenied):
        inspection_start(actor=county_officer, inspection=inspection)  # but does not act for the city


def test_frequency_warnings_and_joining(county_officer, make_user, make_enterprise, team, settings):
    settings.ANJIAN_INSPECTION_CAPS = {"key": 4, "general": 1}
    enterprise = make_enterprise(HOME)
    first = plan(county_officer, enterprise, team, planned_date=date(TODAY.year, 6, 1))
    second = plan(county_officer, enterprise, [team[1], officer(name="王五")], planned_date=date(TODAY.year, 6, 15))
    frequency = sel.inspection_frequency(second, county_officer)
    assert frequency.warnings[0] == "本次检查后该单位本年度将被检查2次，超过一般检查单位每年1次的上限"
    assert "综合查一次" in frequency.warnings[1]
    assert frequency.joinable == [first]
    merged = inspection_join(actor=county_officer, inspection=second, into=first)
    assert (merged.status, merged.merged_into_id) == ("cancelled", first.pk)
    assert set(first.team.values_list("officer__name", flat=True)) == {"张三", "李四", "王五"}
    assert sel.inspection_frequency(first, county_officer).joinable == []


def test_frequency_does_not_name_inspections_the_user_cannot_see(county_officer, make_user, make_enterprise, team):
    city_user = make_user("411700", Role.OFFICER)
    enterprise = make_enterprise(HOME)
    city = plan(city_user, enterprise, [officer("411700", name="市一"), officer("411700", name="市二")],
                planned_date=date(TODAY.year, 6, 1))
    sibling_user = make_user(OTHER, Role.OFFICER)
    mine = plan(county_officer, enterprise, team, planned_date=date(TODAY.year, 6, 10))
    # The county sees the city's inspection of its enterprise; a sibling county's user would see neither.
    assert sel.inspection_frequency(mine, county_officer).joinable == [city]
    assert sel.inspection_frequency(mine, sibling_user).joinable == []
    assert all("驻马店" not in w for w in sel.inspection_frequency(mine, sibling_user).warnings)


def test_mine_lists_the_inspections_the_user_planned_or_is_on_the_team_of_each_once(county_officer, make_user,
                                                                                   make_enterprise, team):
    colleague = make_user(HOME, Role.OFFICER)
    me_on_team = officer(name="本人", user=county_officer)
    enterprise = make_enterprise(HOME)
    planned_and_on_team = plan(county_officer, enterprise, [me_on_team, team[0]])
    planned_only = plan(county_officer, enterprise, team, planned_date=TODAY + timedelta(days=1))
    on_team_only = plan(colleague, enterprise, [me_on_team, team[1]], planned_date=TODAY + timedelta(days=2))
    plan(colleague, enterprise, team, planned_date=TODAY + timedelta(days=3))  # neither

    rows = list(sel.inspection_list_for(county_officer, sel.InspectionFilters(mine=True)).order_by("planned_date"))
    assert rows == [planned_and_on_team, planned_only, on_team_only]
    assert len(sel.inspection_list_for(county_officer)) == 4
