from datetime import date

import pytest

from anjian.common.errors import NotFound, ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Role
from anjian.planning import services
from anjian.planning.models import PlanAdjustment
from anjian.planning.selectors import plan_coverage, plan_get_for, subordinate_filed_for
from anjian.regions.models import Agency
from tests.services.inspection_helpers import HOME, OTHER, officer

pytestmark = pytest.mark.django_db
TODAY = date(2025, 12, 1)


@pytest.fixture
def people(make_user):
    return {"head": make_user(HOME, Role.DEPARTMENT_HEAD), "leader": make_user(HOME, Role.AGENCY_LEADER),
            "city": make_user("411700", Role.AGENCY_LEADER), "other": make_user(OTHER, Role.DEPARTMENT_HEAD)}


@pytest.fixture
def registry(make_enterprise):
    key = [make_enterprise(HOME, supervision_class="key") for _ in range(3)]
    general = [make_enterprise(HOME, risk_level=r) for r in ["blue", "red", "yellow", "blue", "orange", "blue", "blue"]]
    closed = make_enterprise(HOME, supervision_class="key", status="closed")
    elsewhere = make_enterprise(OTHER, supervision_class="key")
    return {"key": key, "general": general, "closed": closed, "elsewhere": elsewhere}


def drafted(people):
    plan = services.plan_create(actor=people["head"], agency=Agency.objects.get(region_id=HOME), year=2026)
    return services.plan_draft_from_registry(actor=people["head"], plan=plan, today=TODAY)


def test_drafting_covers_every_key_unit_and_a_third_of_general_units(people, registry):
    plan = drafted(people)
    ids = set(plan.entries.values_list("enterprise_id", flat=True))
    assert {e.pk for e in registry["key"]} <= ids
    assert registry["closed"].pk not in ids and registry["elsewhere"].pk not in ids
    general = [e for e in registry["general"] if e.pk in ids]
    assert len(general) == 3  # ceil(7 / 3)
    assert {e.risk_level for e in general} == {"red", "orange", "yellow"}
    assert plan_coverage(plan).ok


def test_approval_needs_reference_and_is_blocked_when_a_key_unit_is_removed(people, registry):
    plan = drafted(people)
    with pytest.raises(ServiceInvalid, match="批复文号"):
        services.plan_approve(actor=people["leader"], plan=plan, reference=" ", approval_date=date(2026, 1, 5))
    entry = plan.entries.get(enterprise=registry["key"][0])
    services.plan_entry_remove(actor=people["head"], entry=entry)
    with pytest.raises(ServiceInvalid) as exc:
        services.plan_approve(actor=people["leader"], plan=plan, reference="泌政文〔2026〕3号",
                              approval_date=date(2026, 1, 5))
    assert any("重点检查单位未全覆盖" in e and registry["key"][0].name in e for e in exc.value.errors)
    with pytest.raises(ServiceDenied):
        services.plan_approve(actor=people["head"], plan=plan, reference="x", approval_date=date(2026, 1, 5))


def approved(people):
    plan = drafted(people)
    return services.plan_approve(actor=people["leader"], plan=plan, reference="泌政文〔2026〕3号",
                                 approval_date=date(2026, 1, 5))


def test_filing_shows_the_plan_to_the_superior_only_after_filing(people, registry):
    plan = approved(people)
    assert plan.status == "approved" and plan.approval_reference == "泌政文〔2026〕3号"
    with pytest.raises(Exception):
        plan_get_for(people["city"], plan.pk)
    plan = services.plan_file(actor=people["leader"], plan=plan)
    assert plan.filed_with.region_id == "411700" and plan.filed_by == people["leader"]
    assert list(subordinate_filed_for(people["city"])) == [plan]
    assert plan_get_for(people["city"], plan.pk) == plan
    plan = services.plan_publish(actor=people["leader"], plan=plan)
    assert plan.status == "published"


def test_adjustment_after_approval_needs_a_reason_and_keeps_old_and_new(people, registry):
    plan = approved(people)
    entry = plan.entries.get(enterprise=registry["key"][1])
    with pytest.raises(ServiceInvalid, match="调整理由"):
        services.plan_entry_move(actor=people["head"], entry=entry, month=11)
    old_month = entry.month
    services.plan_entry_move(actor=people["head"], entry=entry, month=11, reason="企业停产检修")
    adj = PlanAdjustment.objects.get(plan=plan)
    assert adj.kind == "move" and adj.reason == "企业停产检修" and adj.made_by == people["head"]
    assert adj.old["month"] == old_month and adj.new["month"] == 11
    general = next(e for e in registry["general"] if not plan.entries.filter(enterprise=e).exists())
    services.plan_entry_add(actor=people["head"], plan=plan, enterprise=general, month=4, reason="群众举报线索")
    services.plan_entry_remove(actor=people["head"], entry=plan.entries.get(enterprise=general), reason="已关闭")
    kinds = list(PlanAdjustment.objects.filter(plan=plan).order_by("id").values_list("kind", flat=True))
    assert kinds == ["move", "add", "remove"]
    assert plan.entries.get(enterprise=general).removed_at is not None  # kept, not deleted


def test_converting_an_entry_creates_an_annual_plan_inspection(people, registry):
    plan = approved(people)
    entry = plan.entries.get(enterprise=registry["key"][0])
    a, b = officer(), officer(name="李四")
    inspection = services.plan_entry_start_inspection(actor=people["head"], entry=entry,
                                                      planned_date=date(2026, 3, 2), officer_ids=[a.pk, b.pk])
    entry.refresh_from_db()
    assert entry.inspection == inspection and inspection.source == "annual_plan"
    assert inspection.agency.region_id == HOME
    with pytest.raises(ServiceInvalid):
        services.plan_entry_start_inspection(actor=people["head"], entry=entry, planned_date=date(2026, 3, 2),
                                             officer_ids=[a.pk, b.pk])
    other = plan.entries.get(enterprise=registry["key"][1])
    with pytest.raises(ServiceInvalid):  # one officer is not a team
        services.plan_entry_start_inspection(actor=people["head"], entry=other, planned_date=date(2026, 3, 2),
                                             officer_ids=[a.pk])


def test_another_county_cannot_see_or_edit_a_draft(people, registry):
    plan = drafted(people)

    with pytest.raises(NotFound):
        plan_get_for(people["other"], plan.pk)
    with pytest.raises(ServiceDenied):
        services.plan_draft_from_registry(actor=people["other"], plan=plan, today=TODAY)


def test_the_province_drafts_its_plan_from_the_provincially_managed_units(make_user, make_enterprise):
    head = make_user("410000", Role.DEPARTMENT_HEAD)
    managed = make_enterprise(HOME, supervision_class="key", is_provincially_managed=True)
    make_enterprise(HOME, supervision_class="key")  # the county's own
    plan = services.plan_create(actor=head, agency=Agency.objects.get(region_id="410000"), year=2026)
    plan = services.plan_draft_from_registry(actor=head, plan=plan, today=TODAY)
    assert set(plan.entries.values_list("enterprise_id", flat=True)) == {managed.pk}
    assert plan_coverage(plan).missing_key == []
