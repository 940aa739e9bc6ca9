"""Reads of rectification follow-up, scoped like inspections (the inspecting agency's region).

Lists are over hazards still being rectified (rectifying / measures) that have a deadline, sorted by
deadline. Scope: hazards of inspections whose agency lies in the user's INSPECTION_VIEW scope — resolved
to agency ids first so that the hazard query joins inspections on (agency_id, …) only. Hazards of a sealed
inspection (a random draw's, before disclosure) are left out for all but its team and the draw's owners.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from anjian.accounts.access import can, scope_q
from anjian.common.errors import NotFound
from anjian.domain import rectification as rules
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import ExtensionRequest, Hazard, Inspection, Reinspection
from anjian.inspections.sealing import unsealed_q
from anjian.inspections.selectors import inspection_get_for
from anjian.regions.models import Agency

STATES = {"overdue": "已逾期", "due_soon": "7日内到期", "all_open": "全部在整改"}


def _agency_ids(user, capability: Capability = Capability.INSPECTION_VIEW) -> list[int]:
    return list(Agency.objects.filter(scope_q(user, capability)).values_list("pk", flat=True))


def _open(qs: QuerySet[Hazard]) -> QuerySet[Hazard]:
    return qs.filter(status__in=rules.OPEN_STATUSES, deadline__isnull=False)


def _state_q(state: str, today: date) -> Q:
    if state == "overdue":
        return Q(deadline__lt=today)
    if state == "due_soon":
        return Q(deadline__gte=today, deadline__lte=rules.due_soon_limit(today))
    if state == "all_open":
        return Q()
    raise ValueError(state)


def open_hazards_for(user) -> QuerySet[Hazard]:
    """Hazards under rectification of inspections by the user's agencies (and those below)."""
    return _open(Hazard.objects.filter(unsealed_q(user, "inspection__"), inspection__agency_id__in=_agency_ids(user)))


def rectification_list_for(user, *, state: str, today: date) -> QuerySet[Hazard]:
    return (open_hazards_for(user).filter(_state_q(state, today))
            .select_related("enterprise", "inspection", "inspection__agency")
            .order_by("deadline", "id"))


def rectification_counts_for(user, *, today: date) -> dict[str, int]:
    """The three tab counts in one query."""
    return open_hazards_for(user).aggregate(
        overdue=Count("id", filter=_state_q("overdue", today)),
        due_soon=Count("id", filter=_state_q("due_soon", today)),
        all_open=Count("id"))


@dataclass(frozen=True)
class Row:
    hazard: Hazard
    status: rules.DeadlineStatus


def with_status(hazards, today: date) -> list[Row]:
    return [Row(h, rules.deadline_status(h.deadline, today)) for h in hazards if h.deadline is not None]


def enterprise_get_for(user, pk: int) -> Enterprise:
    enterprise = Enterprise.objects.select_related("region").filter(pk=pk).first()
    if enterprise is None or not (can(user, Capability.INSPECTION_VIEW, enterprise.region_id)
                                  or Hazard.objects.filter(unsealed_q(user, "inspection__"), enterprise=enterprise,
                                                           inspection__agency_id__in=_agency_ids(user)).exists()):
        raise NotFound()
    return enterprise


def enterprise_open_hazards(user, enterprise: Enterprise) -> QuerySet[Hazard]:
    """An enterprise's hazards still being rectified that the user may see (all inspecting agencies)."""
    visible = Q(inspection__agency_id__in=_agency_ids(user))
    if can(user, Capability.INSPECTION_VIEW, enterprise.region_id):
        visible = Q()
    return (Hazard.objects.filter(visible, unsealed_q(user, "inspection__"), enterprise=enterprise,
                                  status__in=rules.OPEN_STATUSES)
            .select_related("inspection", "inspection__agency").order_by("deadline", "id"))


def hazard_get_for(user, pk: int) -> Hazard:
    """A hazard whose inspection the user may see (NotFound otherwise)."""
    hazard = Hazard.objects.select_related("inspection", "enterprise").filter(pk=pk).first()
    if hazard is None:
        raise NotFound()
    hazard.inspection = inspection_get_for(user, hazard.inspection_id)
    return hazard


def extension_get_for(user, pk: int) -> ExtensionRequest:
    request = ExtensionRequest.objects.select_related("hazard").filter(pk=pk).first()
    if request is None:
        raise NotFound()
    request.hazard = hazard_get_for(user, request.hazard_id)
    return request


def pending_extensions_for(user) -> QuerySet[ExtensionRequest]:
    return (ExtensionRequest.objects.filter(unsealed_q(user, "hazard__inspection__"), status="pending",
                                            hazard__inspection__agency_id__in=_agency_ids(user))
            .select_related("hazard", "hazard__enterprise", "hazard__inspection", "hazard__inspection__agency")
            .order_by("requested_at", "id"))


def reinspection_candidates(inspection: Inspection) -> QuerySet[Hazard]:
    return inspection.hazards.filter(status__in=rules.OPEN_STATUSES).order_by("deadline", "id")


def reinspections_of(inspection: Inspection) -> QuerySet[Reinspection]:
    return inspection.reinspections.prefetch_related("team__officer", "results__hazard")


def extensions_of(inspection: Inspection) -> QuerySet[ExtensionRequest]:
    return (ExtensionRequest.objects.filter(hazard__inspection=inspection)
            .select_related("hazard", "decided_by").order_by("-requested_at", "-id"))


def latest_results(inspection: Inspection) -> dict[int, bool]:
    """hazard id → result of its latest re-inspection."""
    out: dict[int, bool] = {}
    for reinspection in inspection.reinspections.order_by("date", "id").prefetch_related("results"):
        for result in reinspection.results.all():
            out[result.hazard_id] = result.rectified
    return out
