"""Reads of annual plans, scoped to the acting user (NotFound for missing and not-yours alike).

A plan is visible to its own agency's users (PLAN_VIEW granted at that agency) in every state, and to
users whose scope covers the plan's region once it is filed (下级计划备案) or published.
"""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from anjian.accounts.access import agencies_for, scope_q
from anjian.common.errors import NotFound, ServiceInvalid
from anjian.domain.annual_plan import Candidate, Coverage, Unit, coverage_check, progress
from anjian.domain.identifiers import prefix_range
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection
from anjian.planning.models import AnnualPlan, InspectionItemList, InspectionListItem, PlanEntry
from anjian.regions.models import Agency, Region

DONE = ("recorded", "closed")


def directly_supervised(agency: Agency) -> QuerySet[Enterprise]:
    """Enterprises an agency plans for itself (all statuses). See docs/adr/0011-annual-plan.md.

    County (and functional-zone) agency: the enterprises of its own region code.
    City agency: enterprises registered at the city code itself or in its 市辖区 — districts whose
    GB/T 2260 code ends in 01–20 and which are not functional zones.
    Province agency: the provincially managed enterprises (is_provincially_managed) of the province.
    """
    region = agency.region
    if region.level == Region.Level.PROVINCE:
        low, high = prefix_range(region.code[:2])
        return Enterprise.objects.filter(region_id__gte=low, region_id__lt=high, is_provincially_managed=True)
    if region.level == Region.Level.CITY:
        districts = [r.code for r in Region.objects.filter(parent=region, is_functional_zone=False)
                     if 1 <= int(r.code[4:]) <= 20]
        return Enterprise.objects.filter(region_id__in=[region.code, *districts])
    return Enterprise.objects.filter(region_id=region.code)


def superior_of(agency: Agency) -> Agency | None:
    parent_id = agency.region.parent_id
    return Agency.objects.filter(region_id=parent_id).first() if parent_id else None


def candidates_for(agency: Agency) -> list[Candidate]:
    """Operating units with their risk, hazard installations and last completed inspection."""
    units = list(directly_supervised(agency).filter(status="operating")
                 .annotate(n_hazards=Count("hazard_installations")))
    last: dict[int, tuple[date, int]] = {}
    done = (Inspection.objects.filter(enterprise_id__in=[u.pk for u in units], status__in=DONE)
            .annotate(n_problems=Count("hazards")).order_by("enterprise_id", "planned_date", "id"))
    for i in done:
        last[i.enterprise_id] = (i.inspection_date, i.n_problems)
    return [Candidate(id=u.pk, supervision_class=u.supervision_class, risk_level=u.risk_level,
                      major_hazards=u.n_hazards, last_inspected=last.get(u.pk, (None, 0))[0],
                      problems_last_time=last.get(u.pk, (None, 0))[1]) for u in units]


def active_entries(plan: AnnualPlan) -> QuerySet[PlanEntry]:
    return (plan.entries.filter(removed_at__isnull=True)
            .select_related("enterprise", "enterprise__region", "inspection", "department"))


def plan_coverage(plan: AnnualPlan) -> Coverage:
    units = {e.pk: Unit(e.name, e.supervision_class, e.status)
             for e in directly_supervised(plan.agency).only("id", "name", "supervision_class", "status")}
    entries = list(active_entries(plan))
    for e in entries:  # planned units outside the region still need a name in the messages
        units.setdefault(e.enterprise_id, Unit(e.enterprise.name, e.enterprise.supervision_class, "outside"))
    return coverage_check(units, [(e.enterprise_id, e.month) for e in entries],
                          capacity_per_month=plan.capacity_per_month)


def plan_progress(plan: AnnualPlan) -> dict[int, tuple[int, int]]:
    return progress([(e.month, e.inspection.status if e.inspection else None) for e in active_entries(plan)])


def _own_agency_ids(user, capability: Capability = Capability.PLAN_VIEW) -> list[int]:
    return [g.agency_id for g in agencies_for(user, capability)]


def _visible(user) -> Q:
    return (Q(agency_id__in=_own_agency_ids(user))
            | (Q(status__in=("filed", "published")) & scope_q(user, Capability.PLAN_VIEW, "agency__region_id")))


def plan_list_for(user) -> QuerySet[AnnualPlan]:
    """The user's own agencies' plans."""
    return AnnualPlan.objects.filter(agency_id__in=_own_agency_ids(user)).select_related("agency")


def subordinate_filed_for(user) -> QuerySet[AnnualPlan]:
    """下级计划备案: plans filed with one of the user's agencies."""
    return (AnnualPlan.objects.filter(filed_with_id__in=_own_agency_ids(user), status__in=("filed", "published"))
            .select_related("agency"))


def plan_get_for(user, pk: int) -> AnnualPlan:
    plan = AnnualPlan.objects.filter(_visible(user), pk=pk).select_related("agency", "agency__region").first()
    if plan is None:
        raise NotFound()
    return plan


def plan_public_get(pk: int) -> AnnualPlan:
    plan = AnnualPlan.objects.filter(pk=pk, status="published").select_related("agency").first()
    if plan is None:
        raise NotFound()
    return plan


def plan_public_list() -> QuerySet[AnnualPlan]:
    return AnnualPlan.objects.filter(status="published").select_related("agency")


def entry_get_for(user, plan: AnnualPlan, pk: int) -> PlanEntry:
    entry = plan.entries.filter(pk=pk, removed_at__isnull=True).select_related("enterprise").first()
    if entry is None:
        raise NotFound()
    return entry


ENTERPRISE_UNKNOWN = "单位不存在或不在本辖区"


def plan_enterprise_get(user, pk: int) -> Enterprise:
    """An enterprise named for a plan entry, on the page and in the API alike: within the user's PLAN_VIEW scope,
    else ServiceInvalid (unknown and elsewhere read alike); the service checks it is the agency's own."""
    enterprise = Enterprise.objects.filter(scope_q(user, Capability.PLAN_VIEW), pk=pk).first()
    if enterprise is None:
        raise ServiceInvalid([("enterprise_id", ENTERPRISE_UNKNOWN)])
    return enterprise


def addable_enterprises(plan: AnnualPlan) -> QuerySet[Enterprise]:
    taken = plan.entries.filter(removed_at__isnull=True).values("enterprise_id")
    return directly_supervised(plan.agency).filter(status="operating").exclude(pk__in=taken)


def today() -> date:
    return timezone.localdate()


def item_list_visible_for(user) -> QuerySet[InspectionItemList]:
    """Item lists of the user's own agencies, and every published list."""
    return InspectionItemList.objects.filter(Q(agency_id__in=_own_agency_ids(user)) | Q(published=True))


def item_list_get_for(user, pk: int) -> InspectionItemList:
    item_list = item_list_visible_for(user).filter(pk=pk).select_related("agency").first()
    if item_list is None:
        raise NotFound("没有找到该清单")
    return item_list


def item_list_public_get(pk: int) -> InspectionItemList:
    item_list = InspectionItemList.objects.filter(pk=pk, published=True).select_related("agency").first()
    if item_list is None:
        raise NotFound("没有找到该清单")
    return item_list


def item_get(item_list: InspectionItemList, pk: int) -> InspectionListItem:
    item = item_list.items.filter(pk=pk).first()
    if item is None:
        raise NotFound("没有找到该事项")
    return item
