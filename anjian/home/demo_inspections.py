"""Demo inspections made through the real services: planned, approved, under way, recorded with hazards
(some rectified, some overdue), with their drafted and issued documents, in two counties of 驻马店."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from anjian.accounts.models import User
from anjian.documents.selectors import documents_of
from anjian.documents.services import document_issue
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import ChecklistItem, Inspection
from anjian.inspections.services import (
    inspection_approve,
    inspection_close,
    inspection_plan,
    inspection_record,
    inspection_start,
)
from anjian.inspections.services_hazards import hazard_add
from anjian.officers.models import Officer

COUNTIES = (("411726", "county-officer", "county-department-head"), ("411721", "county2-officer", "county2-department-head"))
FINDINGS = (
    ("动火作业未按规定办理作业审批手续", "deadline"),
    ("重大危险源监测监控系统报警未及时处置", "deadline"),
    ("部分从业人员未经安全生产教育和培训合格上岗", "deadline"),
    ("生产安全事故应急预案未按规定组织演练", "deadline"),
    ("消防通道堆放杂物", "on_spot"),
    ("储罐区可燃气体检测报警装置失效", "measures"),
)


def _at(day: date, hour: int):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def demo_inspections_create(seed: int, today: date, per_county: int = 12) -> int:
    if Inspection.objects.exists():
        return 0
    rng = random.Random(seed + 7)
    made = 0
    for region, officer_name, approver_name in COUNTIES:
        actor = User.objects.get(username=officer_name)
        approver = User.objects.get(username=approver_name)
        team_pool = list(Officer.objects.filter(region_id=region, status="active", in_post=True,
                                                certificate_expires__gt=today + timedelta(days=30)))
        enterprises = list(Enterprise.objects.filter(region_id=region, status="operating").order_by("id")[:per_county])
        items = {c.content: c for c in ChecklistItem.objects.filter(is_active=True)}
        for n, enterprise in enumerate(enterprises):
            stage = n % 6  # 0 planned, 1 approved, 2 in progress, 3..5 recorded/closed with findings
            day = today - timedelta(days=40 - 3 * n) if stage >= 2 else today + timedelta(days=7 + n)
            team = rng.sample(team_pool, 2)
            inspection = inspection_plan(actor=actor, enterprise=enterprise, source=rng.choice(
                ["annual_plan", "random", "special_campaign"]), planned_date=day, officer_ids=[o.pk for o in team])
            made += 1
            if stage == 0:
                continue
            inspection = inspection_approve(actor=approver, inspection=inspection, opinion="同意按计划实施")
            if stage >= 2:  # under way since ``day``: planned and approved before it, not today
                Inspection.objects.filter(pk=inspection.pk).update(
                    created_at=_at(day - timedelta(days=5), 9), approved_at=_at(day - timedelta(days=3), 10))
                inspection.refresh_from_db()
            if stage == 1:
                continue
            inspection = inspection_start(actor=actor, inspection=inspection, place="生产车间及储存场所",
                                          kickoff_notes="出示执法证件，告知检查事项和权利义务", started_at=_at(day, 9))
            if stage == 2:
                continue
            for text, handling in rng.sample(FINDINGS, 3):
                deadline = day + timedelta(days=rng.choice([10, 20, 30])) if handling != "on_spot" else None
                hazard_add(actor=actor, inspection=inspection, description=text, handling=handling,
                           legal_basis="《中华人民共和国安全生产法》第四十一条", deadline=deadline,
                           measures=["stop_equipment"] if handling == "measures" else (),
                           checklist_item=next(iter(items.values())) if items else None)
            inspection = inspection_record(actor=actor, inspection=inspection, summary="对生产车间、仓库和储罐区进行了检查。",
                                           ended_at=_at(day, 11))
            for document in documents_of(inspection).filter(status="draft"):
                if document.kind.code in {"检记", "责改", "现决"}:
                    document_issue(actor=actor, document=document)
            if stage == 5:
                inspection_close(actor=actor, inspection=inspection, feedback_notes="已向企业反馈检查发现的问题")
    return made
