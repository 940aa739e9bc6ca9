"""Reads of inspections, findings, evidence and the checklist library, scoped to the acting user.

An inspection is visible to users whose scope covers the inspecting agency's region or the
enterprise's region; it is changed only by the inspecting agency's side (checked by the services).
A sealed inspection (a random draw's, before disclosure) is visible only to its team and the draw's owners
(`anjian.inspections.sealing`); to anyone else it reads like a nonexistent one.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import F, Q, QuerySet, Subquery

from anjian.accounts.access import can, scope_q
from anjian.common.errors import NotFound
from anjian.common.paging import count_upto
from anjian.common.queries import IdIn
from anjian.domain.inspection_rules import cap_for, frequency_warnings
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import ChecklistItem, Evidence, Hazard, Inspection, InspectionOfficer
from anjian.inspections.sealing import hidden_inspection_ids, sees_inspection, unsealed_q
from anjian.officers.models import Expert, Officer
from anjian.regions.models import Agency

DEFAULT_CAPS = {"key": 4, "general": 2}
DEFAULT_WINDOW_DAYS = 30


@dataclass(frozen=True)
class InspectionFilters:
    status: str = ""
    source: str = ""
    q: str = ""  # enterprise name fragment or USCC
    date_from: date | None = None
    date_to: date | None = None
    mine: bool = False


def _in_scope(user) -> Q:
    return (scope_q(user, Capability.INSPECTION_VIEW, column="agency__region_id")
            | scope_q(user, Capability.INSPECTION_VIEW, column="enterprise__region_id"))


def _visible(user) -> Q:
    return _in_scope(user) & unsealed_q(user)


def visible_q(user) -> Q:
    """Inspections the user may see: in their scope and not sealed from them (ADR 0023) — for other apps' reads."""
    return _visible(user)


def _filtered(qs: QuerySet[Inspection], user, f: InspectionFilters) -> QuerySet[Inspection]:
    if f.status:
        qs = qs.filter(status=f.status)
    if f.source:
        qs = qs.filter(source=f.source)
    if f.q.strip():
        text = f.q.strip()
        qs = qs.filter(Q(enterprise__name__contains=text) | Q(enterprise__uscc=text.upper()))
    if f.date_from:
        qs = qs.filter(planned_date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(planned_date__lte=f.date_to)
    if f.mine:
        # two id lists looked up by primary key (BitmapOr), not a join and DISTINCT over the scope: 12 s → ms at 10 M
        mine = Inspection.objects.filter(created_by=user).values("pk")
        on_team = InspectionOfficer.objects.filter(officer__user=user).values("inspection_id")
        qs = qs.filter(IdIn(F("pk"), Subquery(mine)) | IdIn(F("pk"), Subquery(on_team)))
    return qs


def inspection_list_for(user, filters: InspectionFilters | None = None) -> QuerySet[Inspection]:
    qs = Inspection.objects.filter(_visible(user)).select_related("enterprise", "agency", "enterprise__region")
    return _filtered(qs, user, filters or InspectionFilters())


def inspection_count_upto(user, filters: InspectionFilters | None, limit: int) -> int:
    """How many rows ``inspection_list_for(user, filters)`` has, counting at most ``limit``.

    The scope is an OR across the agency's and the enterprise's region, which no index serves: at 10 M inspections
    counting it scans the table (≈10 s). So count its two disjoint parts apart, each along its own index, without
    the joins the list needs: the inspections of the agencies in scope (a list of ids, ``inspection_agency_status_idx``)
    first, and only while fewer than ``limit``, those of enterprises in scope by other agencies (ADR 0036, 0038)."""
    f = filters or InspectionFilters()
    agencies = list(Agency.objects.filter(scope_q(user, Capability.INSPECTION_VIEW)).values_list("pk", flat=True))
    hidden = hidden_inspection_ids(user)
    own = _filtered(Inspection.objects.filter(agency_id__in=agencies), user, f).exclude(pk__in=hidden)
    n = count_upto(own, limit)
    if n < limit:
        others = (_filtered(Inspection.objects.filter(scope_q(user, Capability.INSPECTION_VIEW,
                                                              column="enterprise__region_id")), user, f)
                  .exclude(agency_id__in=agencies).exclude(pk__in=hidden))
        n += count_upto(others, limit - n)
    return n


def inspection_get_for(user, pk: int) -> Inspection:
    """NotFound for a missing inspection and for one outside the user's scope alike."""
    inspection = Inspection.objects.select_related(
        "enterprise", "enterprise__region", "agency", "department", "approved_by", "merged_into").filter(pk=pk).first()
    if inspection is None or not (can(user, Capability.INSPECTION_VIEW, inspection.agency.region_id)
                                  or can(user, Capability.INSPECTION_VIEW, inspection.enterprise.region_id)):
        raise NotFound()
    if not sees_inspection(user, inspection):
        raise NotFound()
    return inspection


def enterprise_for_inspection(user, pk: int) -> Enterprise:
    """An enterprise the user may plan an inspection of (NotFound otherwise)."""
    enterprise = Enterprise.objects.select_related("region").filter(pk=pk).first()
    if enterprise is None or not can(user, Capability.INSPECTION_EDIT, enterprise.region_id):
        raise NotFound()
    return enterprise


def enterprises_for_inspection(user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(scope_q(user, Capability.INSPECTION_EDIT)).exclude(status="closed")


def officers_for_team(user) -> QuerySet[Officer]:
    """Officers of the agencies the user may inspect for (validity is checked when the team is formed)."""
    return Officer.objects.filter(scope_q(user, Capability.INSPECTION_EDIT)).select_related("agency").order_by(
        "agency_id", "name")


def experts_for_team(user) -> QuerySet[Expert]:
    from anjian.officers.selectors import expert_list_for

    return expert_list_for(user).filter(is_active=True)


def team_of(inspection: Inspection):
    return inspection.team.select_related("officer", "officer__agency")


def hazards_of(inspection: Inspection) -> QuerySet[Hazard]:
    return inspection.hazards.select_related("checklist_item").prefetch_related("evidence")


OPEN_HAZARD_STATUSES = ("open", "rectifying", "measures")


def open_hazard_count(inspection: Inspection) -> int:
    """Hazards of the inspection still to be rectified (the step bar stays at 整改/复查 while there are any)."""
    return inspection.hazards.filter(status__in=OPEN_HAZARD_STATUSES).count()


def hazard_get_for(user, inspection: Inspection, pk: int) -> Hazard:
    hazard = Hazard.objects.select_related("inspection", "checklist_item").filter(pk=pk, inspection=inspection).first()
    if hazard is None:
        raise NotFound()
    return hazard


def evidence_get_for(user, pk: int) -> Evidence:
    evidence = Evidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise NotFound()
    inspection_get_for(user, evidence.inspection_id)
    return evidence


def checklist_items(*, industry: str = "", active_only: bool = True, q: str = "") -> QuerySet[ChecklistItem]:
    qs = ChecklistItem.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    if industry:
        qs = qs.filter(industry__in=[industry, "all"])
    if q.strip():
        qs = qs.filter(Q(content__contains=q.strip()) | Q(category__contains=q.strip()) | Q(code=q.strip().upper()))
    return qs


@dataclass(frozen=True)
class Frequency:
    warnings: list[str]
    joinable: list[Inspection]
    cap: int
    window_days: int


def inspection_frequency(inspection: Inspection, user) -> Frequency:
    """Yearly cap and 综合查一次: warnings and the inspections this one could be merged with.

    Every inspection of the enterprise counts towards the cap, but only those the user may see are named
    or offered for joining (a visiting team does not learn the home agency's plans, nor anyone a sealed one's).
    """
    caps = getattr(settings, "ANJIAN_INSPECTION_CAPS", DEFAULT_CAPS)
    window = int(getattr(settings, "ANJIAN_JOINT_WINDOW_DAYS", DEFAULT_WINDOW_DAYS))
    day = inspection.planned_date
    others = list(Inspection.objects.filter(enterprise_id=inspection.enterprise_id, planned_date__year=day.year)
                  .exclude(pk=inspection.pk).exclude(status="cancelled")
                  .select_related("agency", "department").order_by("planned_date"))
    visible = set(Inspection.objects.filter(_visible(user), pk__in=[o.pk for o in others])
                  .values_list("pk", flat=True))
    cap = cap_for(inspection.enterprise.supervision_class, caps)
    rows = [(o.planned_date, f"{o.agency.name}{o.department.name if o.department else ''}"
             if o.pk in visible else "其他执法机关") for o in others]
    warnings = frequency_warnings(inspection.enterprise.supervision_class, rows, window, cap, day)
    joinable = [o for o in others if o.pk in visible and o.status in {"planned", "approved"}
                and abs((o.planned_date - day).days) <= window]
    return Frequency(warnings, joinable, cap, window)


def joinable_get(inspection: Inspection, pk: int, user) -> Inspection:
    for candidate in inspection_frequency(inspection, user).joinable:
        if candidate.pk == pk:
            return candidate
    raise NotFound()


def departments_of(agency):
    return agency.departments.all()

