"""Demo records that give each working demo login something real in its to-do list (待办), made through the
services: inspections submitted for approval at the city and the province, a case waiting for legal review in
西平县 (for its own legal reviewer), at the city and at the province, document drafts to
sign, this year's cross-region campaign with seed 000's report dates, a locked account; the demo officers'
logins are linked to their officer records so that re-inspections reach them. Idempotent: nothing when done.

Statisticians and read-only users act on nothing, so their list stays empty.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from anjian.accounts.models import User
from anjian.accounts.services import user_create
from anjian.accounts.services_security import user_lock
from anjian.audit.services import audit_record
from anjian.campaigns.models import Campaign
from anjian.campaigns.services import campaign_create, campaign_deadline_done, campaign_round_add
from anjian.cases.core.services_filing import case_propose
from anjian.cases.demo import VIOLATIONS, _drive
from anjian.cases.models import PenaltyCase
from anjian.documents.services import document_draft
from anjian.domain.permissions import Role
from anjian.domain.todo import campaign_report_deadlines
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection, InspectionOfficer
from anjian.inspections.services import inspection_plan
from anjian.officers.models import Officer
from anjian.regions.models import Agency

MARK = "demo-locked"  # the locked demo account: its existence means this module has run


def _officers(region: str, today: date, n: int = 2) -> list[Officer]:
    return list(Officer.objects.filter(region_id=region, status="active", in_post=True, user__isnull=True,
                                       certificate_expires__gt=today + timedelta(days=60)).order_by("pk")[:n])


def _enterprise(prefix: str, skip: int = 0) -> Enterprise | None:
    """An operating enterprise under ``prefix``, preferably one no demo inspection or case uses (small demos have
    few: then any), or None."""
    every = Enterprise.objects.filter(region__code__startswith=prefix, status="operating").order_by("pk")
    fresh = every.exclude(inspections__isnull=False).exclude(penalty_cases__isnull=False)
    for qs in (fresh, every):
        rows = list(qs[:skip + 1])
        if rows:
            return rows[-1]
    return None


def _link_officers(today: date) -> int:
    """Each demo officer login becomes the account of one officer of its agency: the one on the team of an
    inspection with hazards still being rectified where there is one (so 复查 reaches them)."""
    linked = 0
    for username in ("county-officer", "county2-officer", "city-officer", "prov-officer"):
        user = User.objects.get(username=username)
        if Officer.objects.filter(user=user).exists():
            continue
        agency = user.role_assignments.first().agency
        on_team = (InspectionOfficer.objects.filter(officer__agency=agency, officer__user__isnull=True,
                                                    officer__status="active", officer__in_post=True,
                                                    officer__certificate_expires__gt=today + timedelta(days=60),
                                                    inspection__hazards__status__in=("rectifying", "measures"))
                   .order_by("inspection__hazards__deadline", "pk").values_list("officer_id", flat=True).first())
        officer = Officer.objects.filter(pk=on_team).first() if on_team else None
        officer = officer or (Officer.objects.filter(agency=agency, user__isnull=True, status="active", in_post=True,
                                                     certificate_expires__gt=today + timedelta(days=60))
                              .order_by("pk").first())
        if officer is None:
            continue
        with transaction.atomic():
            Officer.objects.filter(pk=officer.pk).update(user=user)
            audit_record(actor=None, agency=agency, verb="demo_officer_link", target=officer,
                         new={"user": user.username})
        linked += 1
    return linked


def _plan_inspection(username: str, region: str, today: date, skip: int) -> Inspection | None:
    actor = User.objects.get(username=username)
    team = _officers(region, today)
    enterprise = _enterprise(region[:2] if region.endswith("0000") else region[:4], skip)
    if enterprise is None or len(team) < 2:
        return None
    return inspection_plan(actor=actor, enterprise=enterprise, source="special_campaign",
                           planned_date=today + timedelta(days=5), officer_ids=[o.pk for o in team],
                           agency=Agency.objects.get(region_id=region))


def _case_for_review(officer: str, head: str, reviewer: str, region: str, prefix: str, today: date) -> int:
    people = {"officer": User.objects.get(username=officer), "head": User.objects.get(username=head),
              "reviewer": User.objects.get(username=reviewer), "leader": None}
    enterprise, team = _enterprise(prefix, 3), _officers(region, today, 2)
    if enterprise is None or len(team) < 2:
        return 0
    violation = VIOLATIONS[0]
    case = case_propose(actor=people["officer"], enterprise=enterprise, source="complaint",
                        source_note="12350安全生产举报电话", cause=violation[0],
                        facts=f"经查，{enterprise.name}{violation[0]}。", officers=team, today=today)
    _drive(case, "legal_review", people, today - timedelta(days=30), violation, random.Random(7), today)
    return 1


def demo_todo_create(today: date) -> int:
    """Make the records once (the locked demo account marks it done); → how many were made."""
    if User.objects.filter(username=MARK).exists() or not User.objects.filter(username="prov-officer").exists():
        return 0
    made = _link_officers(today)
    made += sum(_plan_inspection(u, r, today, n) is not None
                for n, (u, r) in enumerate((("city-officer", "411700"), ("prov-officer", "410000"))))
    if not PenaltyCase.objects.filter(agency__region_id="411726", status="legal_review").exists():  # small demos
        made += _case_for_review("county-officer", "county-department-head", "county-legal-reviewer", "411726",
                                 "411726", today)
    made += _case_for_review("county2-officer", "county2-department-head", "county2-legal-reviewer", "411721", "411721",
                             today)
    made += _case_for_review("city-officer", "city-department-head", "city-legal-reviewer", "411700", "4117", today)
    made += _case_for_review("prov-officer", "prov-department-head", "prov-legal-reviewer", "410000", "4101", today)
    for username, region in (("city-officer", "411700"), ("prov-officer", "410000")):
        enterprise, team = _enterprise(region[:4] if region != "410000" else "41", 5), _officers(region, today)
        if enterprise is None or len(team) < 2:
            continue
        document_draft(actor=User.objects.get(username=username), agency=Agency.objects.get(region_id=region),
                       kind_code="责改", enterprise=enterprise, content={
                           "addressee": enterprise.name, "inspection_date": today.isoformat(),
                           "problems": f"安全警示标志缺失｜{(today + timedelta(days=20)).isoformat()}",
                           "legal_basis": "《中华人民共和国安全生产法》第三十五条",
                           "inspectors": "\n".join(f"{o.name} {o.certificate_number}" for o in team)})
        made += 1
    organiser = Agency.objects.get(region_id="410000")
    planner = User.objects.get(username="prov-department-head")
    if not Campaign.objects.filter(organiser=organiser, year=today.year).exists():
        campaign = campaign_create(actor=planner, organiser=organiser, year=today.year,
                                   title=f"{today.year}年全省安全生产异地执法检查（演示）",
                                   deadlines=campaign_report_deadlines(today.year))
        for number, name, start, end in ((1, "第一轮次", (5, 1), (6, 30)), (2, "第二轮次", (8, 1), (9, 30))):
            campaign_round_add(actor=planner, campaign=campaign, number=number, name=name,
                               date_from=date(today.year, *start), date_to=date(today.year, *end))
        for d in campaign.deadlines[:-1]:  # what is past is reported, but for the last one
            if date.fromisoformat(d["date"]) < today:
                campaign = campaign_deadline_done(actor=planner, campaign=campaign, name=d["name"])
        made += 1
    admin = User.objects.get(username="prov-security-admin")
    locked = user_create(actor=None, username=MARK, full_name="锁定账号（演示）", password="Demo-Locked-2468",
                         agency=Agency.objects.get(region_id="411726"), roles=[Role.READ_ONLY])
    until = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(9, 0)))
    user_lock(actor=admin, user=locked, until=until, reason="多次输入错误密码（演示）")
    return made + 1
