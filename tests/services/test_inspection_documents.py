"""An inspection drafts its enforcement documents; an officer issues them with numbers."""

from datetime import date, timedelta

import pytest

from anjian.documents.selectors import documents_of
from anjian.documents.services import document_issue
from anjian.domain.permissions import Role
from anjian.inspections.services import (
    inspection_approve,
    inspection_plan,
    inspection_record,
    inspection_start,
)
from anjian.inspections.services_hazards import hazard_add
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db


def _inspection(make_user, make_enterprise):
    user = make_user("411726", Role.OFFICER)
    head = make_user("411726", Role.DEPARTMENT_HEAD)
    enterprise = make_enterprise("411726", name="泌阳县恒达化工有限公司", industry="hazardous_chemicals")
    team = [officer(name="张三", number="41172600101"), officer(name="李四", number="41172600102")]
    inspection = inspection_plan(actor=user, enterprise=enterprise, source="annual_plan",
                                 planned_date=date.today(), officer_ids=[o.pk for o in team])
    return user, head, inspection


def test_approval_issues_the_inspection_plan_signed_by_the_approver(make_user, make_enterprise):
    _, head, inspection = _inspection(make_user, make_enterprise)
    inspection_approve(actor=head, inspection=inspection)
    [plan] = documents_of(inspection)
    assert plan.kind.code == "检查" and plan.status == "issued" and plan.number  # no draft left waiting
    assert plan.content["signer"] == str(head)
    assert {i["name"] for i in plan.content["inspectors"]} == {"张三", "李四"}
    assert plan.content["items"]  # the key checklist items


def test_a_plan_a_leader_approved_is_issued_by_the_officer_who_starts_it(make_user, make_enterprise):
    user, _, inspection = _inspection(make_user, make_enterprise)
    leader = make_user("411726", Role.AGENCY_LEADER)
    inspection = inspection_approve(actor=leader, inspection=inspection)
    assert inspection.status == "approved"
    assert not documents_of(inspection).exists()  # the leader drafts nothing
    inspection_start(actor=user, inspection=inspection, place="罐区")
    [plan] = documents_of(inspection)
    assert plan.kind.code == "检查" and plan.status == "issued"
    assert plan.content["signer"] == str(leader) and plan.issued_by == user


def test_recording_drafts_record_rectification_order_and_measures(make_user, make_enterprise):
    user, head, inspection = _inspection(make_user, make_enterprise)
    inspection = inspection_approve(actor=head, inspection=inspection)
    inspection = inspection_start(actor=user, inspection=inspection, place="罐区")
    deadline = date.today() + timedelta(days=15)
    hazard_add(actor=user, inspection=inspection, description="动火作业未办理审批手续", handling="deadline",
               legal_basis="《中华人民共和国安全生产法》第四十三条", deadline=deadline)
    hazard_add(actor=user, inspection=inspection, description="储罐区可燃气体报警器失效", handling="measures",
               measures=["stop_equipment"], legal_basis="《中华人民共和国安全生产法》第三十六条", deadline=deadline)
    hazard_add(actor=user, inspection=inspection, description="灭火器压力不足", handling="on_spot")
    inspection_record(actor=user, inspection=inspection, summary="对罐区、装卸区进行了检查。")

    docs = {d.kind.code: d for d in documents_of(inspection)}
    assert set(docs) == {"检查", "检记", "责改", "现决"}
    assert "灭火器压力不足" in docs["检记"].content["findings"]
    assert [p["text"] for p in docs["责改"].content["problems"]][0] == "动火作业未办理审批手续"
    assert docs["责改"].content["problems"][0]["deadline"] == deadline.isoformat()
    assert docs["现决"].content["measures"] == ["停止使用相关设施设备"]

    issued = document_issue(actor=user, document=docs["责改"])
    assert issued.number == f"（泌阳）应急责改〔{date.today().year}〕1号"
    assert issued.status == "issued"


def test_reinspection_drafts_the_review_naming_the_issued_order(make_user, make_enterprise):
    from anjian.inspections.services_rectification import reinspection_record

    user, head, inspection = _inspection(make_user, make_enterprise)
    inspection = inspection_approve(actor=head, inspection=inspection)
    inspection = inspection_start(actor=user, inspection=inspection, place="罐区")
    hazard = hazard_add(actor=user, inspection=inspection, description="动火作业未办理审批手续", handling="deadline",
                        deadline=date.today() + timedelta(days=10))
    inspection = inspection_record(actor=user, inspection=inspection, summary="检查了罐区。")
    order = document_issue(actor=user, document=next(d for d in documents_of(inspection) if d.kind.code == "责改"))
    team = [m.officer_id for m in inspection.team.all()]
    reinspection_record(actor=user, inspection=inspection, date=date.today(), officer_ids=team,
                        results={hazard.pk: (True, "已办理动火审批")}, opinion="经复查，问题已整改。",
                        completion_reported=True)
    review = next(d for d in documents_of(inspection) if d.kind.code == "复查")
    assert review.status == "draft"
    assert review.content["original_number"] == order.number
    assert "1. 动火作业未办理审批手续：已整改（已办理动火审批）" in review.content["opinion"]
