"""Demo history: closed inspections (with their teams and issued 现场检查记录) and closed penalty cases (with their
issued 处罚决定书), spread over every county of 驻马店 and every other city of the province, month by month from
January of last year to last month — so the city and province statistics, the bulletin and 同比 show something.

Rows are written in bulk (the roll-up triggers see them like any other), deterministic for a seed and quick:
a few hundred inspections. The services' own demo (anjian.home.demo_inspections, anjian.cases.demo) keeps the
records in every state of their workflows; this history is finished business only. Idempotent: the marker in
the inspections' summary tells it has run.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from anjian.accounts.models import RoleAssignment, User
from anjian.audit.services import audit_record
from anjian.cases.config import time_limits
from anjian.cases.core.documents_content import decision, signed_by
from anjian.cases.demo import VIOLATIONS
from anjian.cases.models import CaseInvestigation, PenaltyCase
from anjian.documents.files import document_files_keep
from anjian.documents.models import Document, DocumentKind, NumberCounter
from anjian.documents.rendering import render_context, render_docx, render_pdf, sha256, template_for
from anjian.domain.audit_chain import canonical
from anjian.domain.identifiers import prefix_range, region_prefix
from anjian.domain.numbering import format_number
from anjian.domain.permissions import Role
from anjian.enterprises.demo import person_name
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection, InspectionOfficer
from anjian.officers.models import Officer
from anjian.regions.models import Agency

CITY = "411700"  # 驻马店 (seed 002)
RENDERED = ("411726", "411721")  # the demo logins' counties: this year's decisions get their Word and PDF files
MARKER = "【历史演示】"
CAUSES = (("未按规定对从业人员进行安全生产教育和培训", Decimal("20000")),
          ("未在有较大危险因素的设施设备上设置明显的安全警示标志", Decimal("10000")),
          ("未按规定对重大危险源进行监测监控", Decimal("50000")),
          ("未建立事故隐患排查治理制度", Decimal("30000")))
EVIDENCE = (("inquiry", "询问单位安全管理负责人，制作询问笔录"), ("site_record", "对现场进行勘验，拍摄照片"))
PROVISIONS = {cause: (violated, basis) for cause, violated, basis, _ in VIOLATIONS}  # 违反 / 依据, by 案由


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _months(today: date) -> list[tuple[int, int]]:
    """(year, month) from January of last year to the month before this one."""
    out, year, month = [], today.year - 1, 1
    while (year, month) < (today.year, today.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _units() -> list[tuple[Agency, float]]:
    """Every county agency of 驻马店 with its own pace (seed 002 ranks them), then each other city's agency."""
    counties = list(Agency.objects.select_related("region")
                    .filter(region__parent_id=CITY, region__level="county", region__is_functional_zone=False)
                    .order_by("region_id"))
    cities = list(Agency.objects.select_related("region").filter(region__level="city").exclude(region_id=CITY)
                  .order_by("region_id"))
    return [(a, 1.0) for a in counties] + [(a, 0.4) for a in cities]


def _staff(agencies: list[Agency], rng: random.Random) -> dict[int, tuple[User, User]]:
    """(leader, officer) of each unit, who sign and write its history: the demo logins where the unit has them
    (泌阳, 西平), otherwise two named accounts made for it, inactive and without a password: they never sign in."""
    def held(role: Role) -> dict[int, User]:
        rows = (RoleAssignment.objects.filter(agency__in=agencies, role=role)
                .select_related("user").order_by("user_id"))
        out: dict[int, User] = {}
        for r in rows:
            out.setdefault(r.agency_id, r.user)
        return out

    leaders, officers = held(Role.AGENCY_LEADER), held(Role.OFFICER)
    made: list[tuple[Agency, Role, User]] = []
    for agency in agencies:
        for role, have in ((Role.AGENCY_LEADER, leaders), (Role.OFFICER, officers)):
            if agency.pk not in have:
                user = User(username=f"{agency.region_id}-{role.value.replace('_', '-')}", full_name=person_name(rng),
                            is_active=False)
                user.set_unusable_password()
                made.append((agency, role, user))
                have[agency.pk] = user
    if made:
        User.objects.bulk_create([u for _, _, u in made])
        RoleAssignment.objects.bulk_create([RoleAssignment(user=u, agency=a, role=r) for a, r, u in made])
    return {a.pk: (leaders[a.pk], officers[a.pk]) for a in agencies}


def demo_history_create(seed: int, today: date) -> int:
    """→ inspections written (0 when the history is already there or nothing to write it for)."""
    if Inspection.objects.filter(summary__startswith=MARKER).exists():
        return 0
    rng = random.Random(seed + 11)
    units = _units()
    inspection_type = ContentType.objects.get_for_model(Inspection)
    case_type = ContentType.objects.get_for_model(PenaltyCase)
    plan: list[tuple[Agency, Inspection, list[Officer]]] = []
    cases: list[tuple[Agency, PenaltyCase]] = []
    staff: dict[int, tuple[User, User]] = {}
    for agency, pace in units:
        lo, hi = prefix_range(region_prefix(agency.region_id))
        enterprises = list(Enterprise.objects.filter(region_id__gte=lo, region_id__lt=hi, status="operating")
                           .order_by("id")[:40])
        team_pool = list(Officer.objects.filter(agency=agency, status="active").order_by("id")[:8])
        if not enterprises or len(team_pool) < 2:
            continue
        if not staff:
            with transaction.atomic():
                staff = _staff([a for a, _ in units], random.Random(seed + 12))
        leader, officer = staff[agency.pk]
        strength = rng.uniform(0.6, 1.6) * pace  # some counties work harder than others
        for year, month in _months(today):
            last_year = year < today.year
            count = max(0, round(rng.gauss(2 * strength * (1.25 if last_year else 1.0), 1)))
            for _ in range(count):
                day = date(year, month, rng.randint(1, 28))
                enterprise = rng.choice(enterprises)
                inspection = Inspection(
                    enterprise=enterprise, agency=agency, source=rng.choice(["annual_plan", "random", "complaint"]),
                    status="closed", planned_date=day, approved_at=_at(day - timedelta(days=3), 9),
                    approval_opinion="同意按计划实施", started_at=_at(day, 9), ended_at=_at(day, 11),
                    place="生产车间及储存场所", summary=f"{MARKER}对生产车间、仓库进行了检查，未发现需整改的隐患。",
                    closed_at=_at(day, 16), created_by=officer, approved_by=leader)
                plan.append((agency, inspection, rng.sample(team_pool, 2)))
                if rng.random() < 0.18 * (1.3 if last_year else 1.0):
                    cause, fine = rng.choice(CAUSES)
                    decided = day + timedelta(days=rng.randint(20, 40))
                    fine = fine * rng.choice([Decimal("0.5"), Decimal("1"), Decimal("1.5")])
                    if decided + timedelta(days=12) >= today:  # finished business only: closed before today
                        continue
                    violated, basis = PROVISIONS[cause]
                    cases.append((agency, PenaltyCase(
                        agency=agency, enterprise=enterprise, name=f"{enterprise.name}{cause}案", cause=cause,
                        source="inspection", inspection=inspection, status="closed", party_name=enterprise.name,
                        party_id_number=enterprise.uscc, party_representative=enterprise.legal_representative,
                        party_address=enterprise.address, party_phone=enterprise.contact_phone,
                        facts=f"经查，{enterprise.name}{cause}。", filed_on=day + timedelta(days=2),
                        filing_approved_by=leader, filing_opinion="同意立案调查",
                        investigated_on=day + timedelta(days=10), violated_provision=violated,
                        penalty_provision=basis, penalties=["fine"], proposed_fine=fine,
                        notice_served_on=day + timedelta(days=12), decided_on=decided, decided_by=leader,
                        fine_amount=fine, decision_summary=f"罚款人民币{fine:.0f}元",
                        served_on=decided + timedelta(days=1), service_method="direct", paid_amount=fine,
                        paid_on=decided + timedelta(days=10), result="penalized",
                        closed_on=decided + timedelta(days=12), closing_note="罚款已缴清，结案。",
                        disclosed_on=decided + timedelta(days=5),
                        disclosure_text=f"{enterprise.name}：{cause}，罚款人民币{fine:.0f}元。", created_by=officer)))
    if not plan:
        return 0
    with transaction.atomic():
        Inspection.objects.bulk_create([i for _, i, _ in plan], batch_size=500)
        InspectionOfficer.objects.bulk_create(
            [InspectionOfficer(inspection=i, officer=o, certificate_number=o.certificate_number)
             for _, i, team in plan for o in team], batch_size=1000)
        PenaltyCase.objects.bulk_create([c for _, c in cases], batch_size=500)
        # created (planned, proposed) when it happened, not today: the 办理过程 reads in order
        for _, i, _ in plan:
            i.created_at = i.approved_at - timedelta(days=2)
        for _, c in cases:
            c.created_at = _at(c.filed_on - timedelta(days=1), 9)
        Inspection.objects.bulk_update([i for _, i, _ in plan], ["created_at"], batch_size=500)
        PenaltyCase.objects.bulk_update([c for _, c in cases], ["created_at"], batch_size=500)
        CaseInvestigation.objects.bulk_create([  # the evidence the decision cites
            CaseInvestigation(case=c, kind=kind, occurred_on=c.filed_on + timedelta(days=n), summary=summary,
                              created_by=c.created_by)
            for _, c in cases for n, (kind, summary) in enumerate(EVIDENCE, start=2)], batch_size=1000)
        numbers, limits = _Numbers(), time_limits()
        # 现场检查记录: the officers' own record (the one issuing it signs); 处罚决定书: signed by the unit's leader.
        documents = [numbers.issued(agency, "检记", i.ended_at + timedelta(hours=2), staff[agency.pk][1],
                                    inspection_type, i, signed_by(_record(i, team), staff[agency.pk][1]))
                     for agency, i, team in plan]
        decisions = [numbers.issued(agency, "罚", _at(c.decided_on, 10), staff[agency.pk][1], case_type, c,
                                    decision(c, limits)) for agency, c in cases]
        _render([(d, c) for d, (_, c) in zip(decisions, cases, strict=True)
                 if d.year == today.year and c.agency.region_id in RENDERED])
        documents += decisions
        Document.objects.bulk_create(documents, batch_size=500)
        numbers.save()
        audit_record(actor=None, agency=None, verb="demo_data_load", target_type="inspections.inspection",
                     target_id=f"history seed={seed}", target_repr="历史演示数据",
                     new={"inspections": len(plan), "cases": len(cases), "documents": len(documents),
                          "staff": sorted(u.username for pair in staff.values() for u in pair)})
    return len(plan)


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"


def _record(inspection: Inspection, team: list[Officer]) -> dict:
    """现场检查记录 of a history inspection (its team is known: no query per inspection)."""
    e = inspection.enterprise
    return {"addressee": e.name, "address": e.address, "legal_representative": e.legal_representative,
            "phone": e.contact_phone, "place": inspection.place, "time_from": _when(inspection.started_at),
            "time_to": _when(inspection.ended_at), "findings": inspection.summary.removeprefix(MARKER),
            "inspectors": [{"name": o.name, "certificate": o.certificate_number} for o in team]}


def _render(rows: list[tuple[Document, PenaltyCase]]) -> None:
    """Word and PDF files of a handful of decisions, rendered as issuing renders them (dated the decision's day)."""
    if not rows:
        return
    kind = DocumentKind.objects.get(code="罚")
    template, _ = template_for(kind)
    for doc, case in rows:
        context = render_context(kind=kind, agency=case.agency, enterprise=case.enterprise, content=doc.content,
                                 number=doc.number, issued_on=case.decided_on)
        digests, _ = document_files_keep({"docx": render_docx(context, template), "pdf": render_pdf(kind, context)})
        doc.docx_sha256, doc.pdf_sha256 = digests["docx"], digests["pdf"]
        doc.content_sha256 = sha256(canonical(doc.content).encode())


class _Numbers:
    """Document numbers taken from the counters in bulk (the same counters the issuing service locks)."""

    def __init__(self):
        self.last: dict[tuple[int, str, int], int] = {}

    def issued(self, agency: Agency, kind: str, at: datetime, author, subject_type, subject, content: dict
               ) -> Document:
        year = timezone.localtime(at).year
        key = (agency.pk, kind, year)
        if key not in self.last:
            row = NumberCounter.objects.filter(agency=agency, kind_id=kind, year=year).first()
            self.last[key] = row.last_seq if row else 0
        self.last[key] += 1
        seq = self.last[key]
        return Document(agency=agency, kind_id=kind, status="issued", year=year, seq=seq,
                        number=format_number(agency.short_name, kind, year, seq), issued_at=at, issued_by=author,
                        created_by=author, subject_type=subject_type, subject_id=subject.pk,
                        enterprise_id=subject.enterprise_id, content=content)

    def save(self) -> None:
        for (agency_id, kind, year), seq in self.last.items():
            NumberCounter.objects.update_or_create(agency_id=agency_id, kind_id=kind, year=year,
                                                   defaults={"last_seq": seq})
