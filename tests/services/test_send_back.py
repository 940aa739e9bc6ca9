"""Send back (退回) on approval steps: the record returns to its sender, who finds a hand-off in their list with
the reason; resubmitting (or cancelling) closes it. Wrong state 409, a record out of scope reads as missing,
a missing or over-long reason is invalid."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from anjian.audit.models import AuditEvent
from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Role
from anjian.inspections import selectors as sel
from anjian.inspections.services import (
    inspection_approve,
    inspection_cancel,
    inspection_plan,
    inspection_record,
    inspection_resubmit,
    inspection_return,
    inspection_start,
)
from anjian.inspections.services_rectification import extension_request_record, extension_request_return
from anjian.notices.models import Notice
from anjian.notices.selectors import handoffs_for
from tests.services.inspection_helpers import HOME, officer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def planned(county_officer, make_enterprise):
    team = [officer(name="张三"), officer(name="李四")]
    return inspection_plan(actor=county_officer, enterprise=make_enterprise(HOME), source="annual_plan",
                           planned_date=TODAY, officer_ids=[o.pk for o in team])


@pytest.fixture
def head(make_user):
    return make_user(HOME, Role.DEPARTMENT_HEAD)


def test_a_returned_plan_goes_to_its_planner_with_the_reason_and_resubmitting_closes_it(planned, head,
                                                                                         county_officer):
    returned = inspection_return(actor=head, inspection=planned, reason="  检查组成员与计划不符，请调整  ")
    assert returned.status == "returned"
    [notice] = handoffs_for(county_officer)
    assert (notice.key, notice.level, notice.text) == (f"returned:inspection:{planned.pk}", Notice.Level.RETURNED,
                                                       "检查组成员与计划不符，请调整")
    assert notice.title.startswith("检查方案已退回") and notice.link == f"/inspections/{planned.pk}/"
    assert not handoffs_for(head)
    event = AuditEvent.objects.get(verb="inspection_return", target_id=str(planned.pk))
    assert event.payload["new"]["reason"] == "检查组成员与计划不符，请调整"

    later = TODAY + timedelta(days=3)
    again = inspection_resubmit(actor=county_officer, inspection=returned, planned_date=later, place="二号仓库")
    assert (again.status, again.planned_date, again.place) == ("planned", later, "二号仓库")
    assert not handoffs_for(county_officer)
    assert inspection_approve(actor=head, inspection=again).status == "approved"


def test_cancelling_a_returned_plan_closes_its_hand_off(planned, head, county_officer):
    returned = inspection_return(actor=head, inspection=planned, reason="本月已检查过，无需再查")
    inspection_cancel(actor=county_officer, inspection=returned, reason="同意，不再检查")
    assert not handoffs_for(county_officer)


@pytest.mark.parametrize("reason,message", [("", "请填写退回理由"), ("  ", "请填写退回理由"), ("改", "退回理由不少于2个字"),
                                            ("改" * 501, "退回理由不能超过500个字")])
def test_a_missing_short_or_long_reason_is_invalid_at_its_field(planned, head, reason, message):
    with pytest.raises(ServiceInvalid) as exc:
        inspection_return(actor=head, inspection=planned, reason=reason)
    assert exc.value.fields == [("reason", message)]
    assert sel.inspection_get_for(head, planned.pk).status == "planned"
    assert not Notice.objects.exists()


def test_only_a_plan_waiting_for_approval_can_be_returned(planned, head, county_officer):
    approved = inspection_approve(actor=head, inspection=planned)
    with pytest.raises(ServiceConflict):
        inspection_return(actor=head, inspection=approved, reason="请补充检查内容")
    with pytest.raises(ServiceConflict):
        inspection_resubmit(actor=county_officer, inspection=approved)


def test_officers_do_not_return_and_other_counties_do_not_see(planned, county_officer, other_county_officer):
    with pytest.raises(ServiceDenied):
        inspection_return(actor=county_officer, inspection=planned, reason="请补充检查内容")
    with pytest.raises(NotFound):
        sel.inspection_get_for(other_county_officer, planned.pk)


def _local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_on_site_times_are_entered_and_bounded(planned, head, county_officer):
    inspection = inspection_approve(actor=head, inspection=planned)
    with pytest.raises(ServiceInvalid) as exc:
        inspection_start(actor=county_officer, inspection=inspection, started_at=timezone.now() + timedelta(hours=2))
    assert exc.value.fields == [("started_at", "检查开始时间不能晚于当前时间")]
    with pytest.raises(ServiceInvalid, match="检查开始时间不能早于计划检查日期前30日"):
        inspection_start(actor=county_officer, inspection=inspection, started_at=_local(TODAY - timedelta(days=40), 9))
    start = timezone.now() - timedelta(hours=3)
    inspection = inspection_start(actor=county_officer, inspection=inspection, started_at=start)
    assert inspection.started_at == start
    assert all(m.credential_shown_at == start for m in inspection.team.all())
    with pytest.raises(ServiceInvalid, match="检查结束时间须晚于开始时间"):
        inspection_record(actor=county_officer, inspection=inspection, summary="未发现问题",
                          ended_at=start - timedelta(minutes=1))
    end = start + timedelta(hours=2)
    inspection = inspection_record(actor=county_officer, inspection=inspection, summary="未发现问题", ended_at=end)
    assert inspection.ended_at == end


# ---------------------------------------------------------------- extension requests


@pytest.fixture
def extension(county_officer, head, make_enterprise):
    from datetime import date

    from tests.services.test_rectification import START, build

    _, hazards, _ = build(county_officer, head, make_enterprise(HOME), deadlines=[START + timedelta(days=30)])
    hazard = hazards[0]
    return hazard, extension_request_record(actor=county_officer, hazard=hazard, requested_at=date(2025, 6, 20),
                                            requested_deadline=date(2025, 7, 20), reason="暴雨停工",
                                            today=date(2025, 6, 20))


def test_a_returned_extension_request_is_a_hand_off_closed_by_the_corrected_request(extension, head,
                                                                                   county_officer):
    from datetime import date

    hazard, request = extension
    returned = extension_request_return(actor=head, request=request, reason="请附停工证明材料")
    assert returned.status == "returned" and returned.decision_opinion == "请附停工证明材料"
    assert [n.key for n in handoffs_for(county_officer)] == [f"returned:extension:{request.pk}"]
    with pytest.raises(ServiceConflict):
        extension_request_return(actor=head, request=returned, reason="请附停工证明材料")
    hazard.refresh_from_db()
    extension_request_record(actor=county_officer, hazard=hazard, requested_at=date(2025, 6, 21),
                             requested_deadline=date(2025, 7, 20), reason="暴雨停工，附气象局证明",
                             today=date(2025, 6, 21))
    assert not handoffs_for(county_officer)


def test_officers_cannot_return_an_extension_request(extension, county_officer):
    with pytest.raises(ServiceDenied):
        extension_request_return(actor=county_officer, request=extension[1], reason="请附停工证明材料")
