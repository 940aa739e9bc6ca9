"""Rectification follow-up: extension requests, re-inspection, escalation, overdue lists and `anjian remind`."""

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from anjian.audit.models import AuditEvent
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.calendar import WorkCalendar
from anjian.domain.permissions import Role
from anjian.inspections.models import Hazard, HazardEscalation, Reinspection
from anjian.inspections.selectors_rectification import rectification_counts_for, rectification_list_for
from anjian.inspections.services import (
    inspection_approve,
    inspection_plan,
    inspection_record,
    inspection_start,
)
from anjian.inspections.services_hazards import hazard_add
from anjian.inspections.services_rectification import (
    extension_request_decide,
    extension_request_record,
    hazard_escalate,
    hazard_escalation_options,
    reinspection_record,
)
from anjian.notices.models import Notice
from anjian.notices.selectors import notices_for
from tests.services.inspection_helpers import HOME, OTHER, officer

pytestmark = pytest.mark.django_db
START = date(2025, 6, 3)  # a Tuesday; 2025 is in the seeded calendar


def build(actor, head, enterprise, *, started=START, deadlines=(), region=HOME):
    """A recorded inspection with one rectifying hazard per deadline → (inspection, hazards, team)."""
    team = [officer(region, name="张三"), officer(region, name="李四")]
    i = inspection_plan(actor=actor, enterprise=enterprise, source="random", planned_date=started,
                        officer_ids=[o.pk for o in team])
    i = inspection_approve(actor=head, inspection=i)
    i = inspection_start(actor=actor, inspection=i,
                         started_at=timezone.make_aware(datetime.combine(started, time(9))))
    hazards = [hazard_add(actor=actor, inspection=i, description=f"隐患{n}：消防通道堵塞", handling="deadline",
                          deadline=d) for n, d in enumerate(deadlines)]
    i = inspection_record(actor=actor, inspection=i, summary="检查情况")
    return i, hazards, team


@pytest.fixture
def head(make_user):
    return make_user(HOME, Role.DEPARTMENT_HEAD)


@pytest.fixture
def case(county_officer, head, make_enterprise):
    deadlines = [START + timedelta(days=30), START + timedelta(days=10)]
    inspection, hazards, team = build(county_officer, head, make_enterprise(HOME), deadlines=deadlines)
    return {"i": inspection, "h": hazards, "team": team, "officer": county_officer, "head": head}


# ---------------------------------------------------------------- extension requests


def test_an_extension_requested_less_than_ten_days_before_the_deadline_is_refused(case):
    hazard = case["h"][0]  # deadline 2025-07-03
    with pytest.raises(ServiceInvalid) as exc:
        extension_request_record(actor=case["officer"], hazard=hazard, requested_at=date(2025, 6, 25),
                                 requested_deadline=date(2025, 7, 20), reason="暴雨停工", today=date(2025, 6, 25))
    assert exc.value.errors == ["延期申请须在整改期限届满10日前提出（最迟2025-06-23），已逾时限，不予受理"]
    assert not hazard.extension_requests.exists()


def test_approving_an_extension_moves_the_deadline_and_audits_old_and_new(case):
    hazard = case["h"][0]
    request = extension_request_record(actor=case["officer"], hazard=hazard, requested_at=date(2025, 6, 20),
                                       requested_deadline=date(2025, 7, 20), reason="暴雨停工",
                                       today=date(2025, 6, 20))
    with pytest.raises(ServiceInvalid, match="已有待审批的延期申请"):
        extension_request_record(actor=case["officer"], hazard=hazard, requested_at=date(2025, 6, 21),
                                 requested_deadline=date(2025, 7, 25), reason="再次", today=date(2025, 6, 21))
    with pytest.raises(ServiceDenied):  # officers do not approve
        extension_request_decide(actor=case["officer"], request=request, approve=True)
    decided = extension_request_decide(actor=case["head"], request=request, approve=True, opinion="同意")
    assert decided.status == "approved" and decided.decided_by == case["head"]
    assert Hazard.objects.get(pk=hazard.pk).deadline == date(2025, 7, 20)
    event = AuditEvent.objects.get(verb="hazard_deadline_extend")
    assert event.payload["old"] == {"deadline": "2025-07-03"} and event.payload["new"] == {"deadline": "2025-07-20"}
    with pytest.raises(ServiceInvalid, match="不能再次审批"):
        extension_request_decide(actor=case["head"], request=request, approve=False, opinion="不同意")


def test_rejecting_needs_an_opinion_and_keeps_the_deadline(case):
    hazard = case["h"][0]
    request = extension_request_record(actor=case["officer"], hazard=hazard, requested_at=date(2025, 6, 20),
                                       requested_deadline=date(2025, 7, 20), reason="设备到货延迟",
                                       today=date(2025, 6, 20))
    with pytest.raises(ServiceInvalid, match="请填写审批意见"):
        extension_request_decide(actor=case["head"], request=request, approve=False)
    extension_request_decide(actor=case["head"], request=request, approve=False, opinion="不属于不可抗力")
    assert Hazard.objects.get(pk=hazard.pk).deadline == date(2025, 7, 3)


# ---------------------------------------------------------------- re-inspection


def _reinspect(case, on, results, **kw):
    return reinspection_record(actor=case["officer"], inspection=case["i"], date=on,
                               officer_ids=kw.pop("officer_ids", [o.pk for o in case["team"]]), results=results,
                               opinion="复查意见", today=kw.pop("today", on), **kw)


def test_reinspection_before_the_deadline_is_refused_unless_completion_was_reported(case):
    early, later = case["h"]  # deadlines 07-03 and 06-13
    with pytest.raises(ServiceInvalid, match="整改期限（2025-07-03）未到"):
        _reinspect(case, date(2025, 6, 20), {early.pk: (True, "")})
    assert not Reinspection.objects.exists()
    _reinspect(case, date(2025, 6, 20), {early.pk: (True, "已清理")}, completion_reported=True)
    assert Hazard.objects.get(pk=early.pk).status == "rectified"


def test_results_move_hazards_and_not_rectified_opens_escalation(case):
    a, b = case["h"]
    on = date(2025, 7, 3)
    reinspection = _reinspect(case, on, {a.pk: (True, "通道已清理"), b.pk: (False, "仍堵塞")})
    a, b = Hazard.objects.get(pk=a.pk), Hazard.objects.get(pk=b.pk)
    assert (a.status, a.rectified_at, a.rectification_note) == ("rectified", on, "通道已清理")
    assert b.status == "rectifying" and b.rectified_at is None
    assert list(reinspection.team.values_list("officer_id", flat=True)) == [o.pk for o in case["team"]]
    assert hazard_escalation_options(b, on) == ["measures", "penalty_case"]
    assert hazard_escalation_options(a, on) == []
    assert AuditEvent.objects.filter(verb="reinspection_record").count() == 1
    with pytest.raises(ServiceInvalid, match="不需复查"):
        _reinspect(case, on, {a.pk: (True, "")})

    escalation = hazard_escalate(actor=case["officer"], hazard=b, route="penalty_case", note="逾期未整改，立案",
                                 today=on)
    assert escalation.route == "penalty_case" and Hazard.objects.get(pk=b.pk).status == "escalated"
    assert AuditEvent.objects.get(verb="hazard_escalate").payload["new"]["route"] == "penalty_case"


def test_escalation_before_the_deadline_without_a_failed_reinspection_is_refused(case):
    hazard = case["h"][0]
    with pytest.raises(ServiceInvalid, match="暂不能移交"):
        hazard_escalate(actor=case["officer"], hazard=hazard, route="measures", today=date(2025, 6, 20))
    escalation = hazard_escalate(actor=case["officer"], hazard=hazard, route="measures", today=date(2025, 7, 4))
    assert escalation.get_route_display() == "采取强制措施"
    assert HazardEscalation.objects.count() == 1


def test_one_officer_or_an_expired_certificate_is_refused(case):
    hazard = case["h"][1]
    with pytest.raises(ServiceInvalid) as exc:
        _reinspect(case, date(2025, 6, 20), {hazard.pk: (True, "")}, officer_ids=[case["team"][0].pk])
    assert "执法检查须由两名以上执法人员进行" in exc.value.errors
    expired = officer(name="王五", expires=date(2025, 6, 1))
    with pytest.raises(ServiceInvalid) as exc:
        _reinspect(case, date(2025, 6, 20), {hazard.pk: (True, "")},
                   officer_ids=[case["team"][0].pk, expired.pk])
    assert "执法人员王五的执法证已于2025-06-01过期" in exc.value.errors
    assert not Reinspection.objects.exists()


def test_another_county_may_not_reinspect(case, other_county_officer):
    with pytest.raises(ServiceDenied):
        reinspection_record(actor=other_county_officer, inspection=case["i"], date=date(2025, 7, 3),
                            officer_ids=[o.pk for o in case["team"]], results={case["h"][0].pk: (True, "")},
                            opinion="x", today=date(2025, 7, 3))


# ---------------------------------------------------------------- lists


def test_overdue_list_is_sorted_by_deadline_and_scoped(case, make_user, make_enterprise, other_county_officer):
    other_head = make_user(OTHER, Role.DEPARTMENT_HEAD)
    build(other_county_officer, other_head, make_enterprise(OTHER), deadlines=[START + timedelta(days=1)],
          region=OTHER)
    today = date(2025, 7, 10)
    rows = list(rectification_list_for(case["officer"], state="overdue", today=today))
    assert [h.pk for h in rows] == [case["h"][1].pk, case["h"][0].pk]  # 06-13 before 07-03
    assert all(h.inspection.agency.region_id == HOME for h in rows)
    assert rectification_counts_for(case["officer"], today=today) == {"overdue": 2, "due_soon": 0, "all_open": 2}
    assert rectification_counts_for(case["officer"], today=date(2025, 6, 30)) == {
        "overdue": 1, "due_soon": 1, "all_open": 2}
    city = make_user("411700", Role.OFFICER)  # 驻马店市 sees both counties
    assert rectification_counts_for(city, today=today)["overdue"] == 3


# ---------------------------------------------------------------- anjian remind


def _remind(day: str) -> str:
    out = StringIO()
    call_command("remind", "--today", day, stdout=out)
    return out.getvalue()


def test_remind_is_idempotent_and_notices_go_once_rectified(case):
    a, b = case["h"]  # deadlines 2025-07-03 (Thu) and 2025-06-13 (Fri)
    output = _remind("2025-06-30")  # Monday: b overdue, a due within 3 working days
    assert "即将到期 1 项，已逾期 1 项" in output and "提醒新增 2" in output
    keys = set(Notice.objects.filter(resolved_at__isnull=True).values_list("key", flat=True))
    assert keys == {f"hazard:{a.pk}:due", f"hazard:{b.pk}:overdue"}
    before = list(Notice.objects.order_by("id").values())
    events = AuditEvent.objects.count()
    assert "提醒新增 0，更新 0，消除 0" in _remind("2025-06-30")
    assert list(Notice.objects.order_by("id").values()) == before and AuditEvent.objects.count() == events
    shown = list(notices_for(case["officer"]))
    assert [n.level for n in shown] == ["overdue", "due"] and shown[0].link == f"/inspections/{case['i'].pk}/"

    _reinspect(case, date(2025, 7, 3), {a.pk: (True, ""), b.pk: (False, "")})
    hazard_escalate(actor=case["officer"], hazard=b, route="penalty_case", today=date(2025, 7, 3))
    _remind("2025-07-03")
    assert not Notice.objects.filter(resolved_at__isnull=True).exists()


def test_remind_moves_a_due_notice_to_overdue(case):
    a = case["h"][0]
    _remind("2025-06-30")
    _remind("2025-07-04")
    open_keys = set(Notice.objects.filter(resolved_at__isnull=True).values_list("key", flat=True))
    assert f"hazard:{a.pk}:overdue" in open_keys and f"hazard:{a.pk}:due" not in open_keys


def test_remind_notices_a_pending_extension_after_three_working_days(case):
    request = extension_request_record(actor=case["officer"], hazard=case["h"][0], requested_at=date(2025, 6, 20),
                                       requested_deadline=date(2025, 7, 20), reason="暴雨", today=date(2025, 6, 20))
    _remind("2025-06-25")  # Fri 20 → Mon 23, Tue 24, Wed 25: the 3rd working day, not yet late
    assert not Notice.objects.filter(key=f"extension:{request.pk}").exists()
    _remind("2025-06-26")
    notice = Notice.objects.get(key=f"extension:{request.pk}")
    assert notice.agency == case["i"].agency and notice.resolved_at is None
    extension_request_decide(actor=case["head"], request=request, approve=True)
    _remind("2025-06-27")
    assert Notice.objects.get(key=f"extension:{request.pk}").resolved_at is not None


def test_remind_falls_back_to_natural_days_without_calendar_data(county_officer, head, make_enterprise, monkeypatch):
    monkeypatch.setattr(WorkCalendar, "with_provisional", lambda self: self)  # no statutory-rule counting (ADR 0028)
    start = date(2029, 3, 5)
    with time_machine.travel(timezone.make_aware(datetime.combine(start, time(18))), tick=False):
        _, (hazard,), _ = build(county_officer, head, make_enterprise(HOME), started=start,
                                deadlines=[start + timedelta(days=3)])  # on-site times are never in the future
    output = _remind(start.isoformat())
    assert "2029年节假日数据未录入，即将到期按3个自然日计算" in output
    assert Notice.objects.filter(key=f"hazard:{hazard.pk}:due", resolved_at__isnull=True).exists()
