"""What the records say about a subordinate agency's enforcement in a year: one proposal per checklist item.

Each function returns ``(assessment code, evidence text)`` from `anjian.domain.guidance`; items without records
(on-site sampling, training) are left to the reviewer.
"""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q

from anjian.cases.models import CaseFileCheck, PenaltyCase
from anjian.documents.models import Document
from anjian.domain import guidance as g
from anjian.domain.case_process import UNDECIDED
from anjian.domain.registry import EDUCATIONS, GENDERS
from anjian.draws.models import RandomInspectionTask
from anjian.inspections.models import Inspection, InspectionOfficer
from anjian.officers.models import Officer
from anjian.planning.models import AnnualPlan, InspectionItemList
from anjian.planning.selectors import active_entries, directly_supervised
from anjian.regions.models import Agency

LATE_ENTRY_DAYS = 5  # an inspection entered more than this many days after it ended counts as late data entry


def _plan(agency: Agency, year: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(agency=agency, year=year).exclude(status="draft").order_by("-id").first() \
        or AnnualPlan.objects.filter(agency=agency, year=year).order_by("-id").first()


def plan_items(agency: Agency, year: int) -> dict[str, tuple[str, str]]:
    plan = _plan(agency, year)
    units = list(directly_supervised(agency).filter(status="operating").values_list("id", "supervision_class"))
    planned = set(active_entries(plan).values_list("enterprise_id", flat=True)) if plan else set()
    key = {i for i, c in units if c == "key"}
    general = {i for i, c in units if c != "key"}
    tasks = RandomInspectionTask.objects.filter(agency=agency, year=year, completed_on__isnull=False)
    published_lists = InspectionItemList.objects.filter(agency=agency, year=year, published=True).count()
    inspections = Inspection.objects.filter(agency=agency, ended_at__year=year)
    late = inspections.filter(created_at__gt=F("ended_at") + timedelta(days=LATE_ENTRY_DAYS)).count()
    draws_total, draws_published = tasks.count(), tasks.filter(disclosed_on__isnull=False).count()
    publication = g.assess_publication(
        plan_published=bool(plan and plan.published_at), draws_total=draws_total, draws_published=draws_published,
        late_entries=late, inspections=inspections.count())
    decided = PenaltyCase.objects.filter(agency=agency, decided_on__year=year, result="penalized")
    disclosed = decided.filter(disclosed_on__isnull=False).count()
    system_text = (f"公布抽查事项清单{published_lists}份；双随机结果公开{draws_published}/{draws_total}；"
                   f"行政处罚决定公开{disclosed}/{decided.count()}")
    system = ("good" if published_lists and disclosed == decided.count() else "partly", system_text)
    return {
        "plan_coverage": g.assess_coverage(key_total=len(key), key_planned=len(key & planned),
                                           general_total=len(general), general_planned=len(general & planned),
                                           plan_exists=plan is not None),
        "plan_approval": g.assess_approval(plan_exists=plan is not None,
                                           approval_reference=plan.approval_reference if plan else "",
                                           filed=bool(plan and plan.filed_at)),
        "plan_publication": publication,
        "system_use": system,
    }


def team_items(agency: Agency, year: int, today: date) -> dict[str, tuple[str, str]]:
    rows = list(Officer.objects.filter(agency=agency).values_list("status", "in_post", "certificate_expires",
                                                                  "education", "major", "birth_year", "gender"))
    valid = sum(1 for s, p, exp, *_ in rows if s == "active" and exp >= today)
    education = Counter(EDUCATIONS.get(r[3], "未登记") for r in rows)
    majors = Counter(r[4] or "未登记" for r in rows)
    ages = Counter(g.age_band(r[5], year) for r in rows)
    genders = Counter(GENDERS.get(r[6], "未登记") for r in rows)
    text = g.composition_text(education=dict(education), majors=dict(majors.most_common(6)), ages=dict(ages),
                              genders=dict(genders))
    return {
        "organization": g.assess_organization(officers=len(rows), in_post=sum(1 for r in rows if r[1]), valid=valid),
        "team_composition": ("good" if rows else "poor", text if rows else "未登记执法人员"),
    }


def practice_items(agency: Agency, year: int, today: date) -> dict[str, tuple[str, str]]:
    docs = Document.objects.filter(agency=agency, created_at__year=year)
    counts = dict(docs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    old_drafts = docs.filter(status="draft", created_at__date__lt=today - timedelta(days=30)).count()
    done = Inspection.objects.filter(agency=agency, ended_at__year=year, status__in=["recorded", "closed"])
    no_credential = InspectionOfficer.objects.filter(inspection=OuterRef("pk"), credential_shown_at__isnull=True)
    record = Document.objects.filter(kind_id="检记", status="issued", subject_id=OuterRef("pk"),
                                     subject_type__model="inspection")
    stats = done.annotate(team_n=Count("team")).aggregate(
        n=Count("id"), two=Count("id", filter=Q(team_n__gte=2)),
        kickoff=Count("id", filter=~Q(kickoff_notes="")), feedback=Count("id", filter=~Q(feedback_notes="")))
    credentials = done.filter(~Exists(no_credential)).count()
    with_record = done.filter(Exists(record)).count()
    cases = PenaltyCase.objects.filter(agency=agency)
    latest_failed = CaseFileCheck.objects.filter(case=OuterRef("case"), checked_at__gt=OuterRef("checked_at"))
    failed = CaseFileCheck.objects.filter(case__agency=agency, passed=False, checked_at__year=year).filter(
        ~Exists(latest_failed)).values("case").distinct().count()
    undecided_late = cases.filter(status__in=UNDECIDED, filed_on__lt=today - timedelta(days=90)).count()
    return {
        "document_use": g.assess_documents(issued=counts.get("issued", 0) + counts.get("voided", 0),
                                           voided=counts.get("voided", 0), drafts_old=old_drafts),
        "procedure": g.assess_procedure(recorded=stats["n"], two_officers=stats["two"], credentials=credentials,
                                        kickoff=stats["kickoff"], feedback=stats["feedback"], with_record=with_record),
        "case_files": g.assess_case_files(closed=cases.filter(status="closed", closed_on__year=year).count(),
                                          archived=cases.filter(status="archived", archived_on__year=year).count(),
                                          checks_failed=failed, undecided_late=undecided_late),
    }


def typical_item(agency: Agency, year: int) -> dict[str, tuple[str, str]]:
    from anjian.guidance.models import TypicalCase

    filed = PenaltyCase.objects.filter(agency=agency, filed_on__year=year).count()
    reported = TypicalCase.objects.filter(case__agency=agency, case__filed_on__year=year).count()
    return {"typical_cases": g.assess_typical(reported=reported, cases=filed)}


def proposals(agency: Agency, year: int, today: date) -> dict[str, tuple[str, str]]:
    """Every computed checklist item for ``agency`` in ``year``."""
    return {**plan_items(agency, year), **team_items(agency, year, today), **practice_items(agency, year, today),
            **typical_item(agency, year)}
