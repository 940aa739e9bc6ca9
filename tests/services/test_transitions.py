"""The one status-transition helper, the one service-error family and the agency choice every service shares."""

import pytest
from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import highest_grant, local_grant
from anjian.audit.models import AuditEvent
from anjian.audit.transitions import transition
from anjian.common.errors import NotFound, ServiceConflict, ServiceInvalid
from anjian.domain.lifecycle import INSPECTION
from anjian.domain.permissions import Capability, Role
from anjian.inspections.models import Inspection
from anjian.inspections.services import inspection_plan
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(county_officer, make_enterprise):
    team = [officer(name="张三"), officer(name="李四")]
    return inspection_plan(actor=county_officer, enterprise=make_enterprise(), source="annual_plan",
                           planned_date=timezone.localdate(), officer_ids=[o.pk for o in team])


def test_a_listed_move_is_applied_with_its_fields_and_audited(county_officer, planned):
    before = AuditEvent.objects.count()
    with transaction.atomic():
        moved = transition(actor=county_officer, agency=planned.agency, obj=planned, table=INSPECTION,
                           new="approved", verb="test_move", kind="检查", place="会议室")
    assert moved.status == "approved" and Inspection.objects.get(pk=planned.pk).place == "会议室"
    event = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.verb == "test_move" and event.payload["old"] == {"status": "planned"}
    assert event.payload["new"] == {"status": "approved", "place": "会议室"}


def test_an_unlisted_move_is_refused_naming_both_states(county_officer, planned):
    with pytest.raises(ServiceInvalid) as refused, transaction.atomic():
        transition(actor=county_officer, agency=planned.agency, obj=planned, table=INSPECTION, new="closed",
                   verb="x", kind="检查", labels={"planned": "已计划", "closed": "已办结"})
    assert str(refused.value) == "检查不能从“已计划”变为“已办结”"


def test_a_record_moved_by_someone_else_first_is_a_conflict(county_officer, planned):
    stale = Inspection.objects.get(pk=planned.pk)
    Inspection.objects.filter(pk=planned.pk).update(status="cancelled")
    with pytest.raises(ServiceConflict), transaction.atomic():
        transition(actor=county_officer, agency=planned.agency, obj=stale, table=INSPECTION, new="approved",
                   verb="x", kind="检查")


def test_the_most_local_and_the_highest_agency_of_an_actor(make_user):
    user = make_user("411700", Role.DEPARTMENT_HEAD)
    from anjian.accounts.models import RoleAssignment
    from anjian.regions.models import Agency

    RoleAssignment.objects.create(user=user, agency=Agency.objects.get(region_id="411726"), role=Role.DEPARTMENT_HEAD)
    user = type(user).objects.get(pk=user.pk)
    assert local_grant(user, Capability.INSPECTION_EDIT, "411726").region_code == "411726"
    assert local_grant(user, Capability.INSPECTION_EDIT, "411721").region_code == "411700"
    assert local_grant(user, Capability.INSPECTION_EDIT, "410105") is None
    assert highest_grant(user, Capability.INSPECTION_EDIT).region_code == "411700"


def test_service_invalid_keeps_the_field_of_each_reason():
    exc = ServiceInvalid([("uscc", "统一社会信用代码校验位不正确"), "另一条"])
    assert exc.errors == ["统一社会信用代码校验位不正确", "另一条"]
    assert exc.fields == [("uscc", "统一社会信用代码校验位不正确"), ("", "另一条")]
    assert str(NotFound()) == "记录不存在或不在管辖范围内"


def test_staying_in_the_same_status_is_refused_when_the_caller_says_so(county_officer, planned):
    with pytest.raises(ServiceInvalid) as refused, transaction.atomic():
        transition(actor=county_officer, agency=planned.agency, obj=planned, table=INSPECTION, new="planned",
                   verb="x", kind="检查", labels={"planned": "已计划"}, allow_same=False)
    assert str(refused.value) == "检查不能从“已计划”变为“已计划”"
    with transaction.atomic():  # by default the same status sets fields under the guard
        transition(actor=county_officer, agency=planned.agency, obj=planned, table=INSPECTION, new="planned",
                   verb="x", place="会议室")
    assert Inspection.objects.get(pk=planned.pk).place == "会议室"
