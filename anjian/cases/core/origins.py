"""Where a new case starts from: the scoped records a case may name (enterprise, inspection, hazards, handover
form, officers) and the prefill of the new-case page. Out of scope reads like missing (404)."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from anjian.accounts.access import can, scope_q
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Hazard, Inspection
from anjian.inspections.sealing import sees_inspection, unsealed_q
from anjian.officers.models import Officer


def enterprise_for_case(user, pk: int) -> Enterprise:
    enterprise = Enterprise.objects.select_related("region").filter(pk=pk).first()
    if enterprise is None or not can(user, Capability.CASE_EDIT, enterprise.region_id):
        raise Http404("enterprise")
    return enterprise


def enterprises_for_case(user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(scope_q(user, Capability.CASE_EDIT)).select_related("region")


def officers_for_case(user) -> QuerySet[Officer]:
    return Officer.objects.filter(scope_q(user, Capability.CASE_EDIT), status="active", in_post=True).select_related(
        "agency").order_by("agency_id", "name")


def inspection_for_case(user, pk: int) -> Inspection:
    inspection = Inspection.objects.select_related("enterprise", "agency").filter(pk=pk).first()
    if (inspection is None or not can(user, Capability.CASE_EDIT, inspection.enterprise.region_id)
            or not sees_inspection(user, inspection)):  # a sealed one (ADR 0023) reads like none
        raise Http404("inspection")
    return inspection


def hazard_for_case(user, pk: int) -> Hazard:
    hazard = Hazard.objects.select_related("inspection", "inspection__agency", "enterprise").filter(pk=pk).first()
    if (hazard is None or not can(user, Capability.CASE_EDIT, hazard.enterprise.region_id)
            or not sees_inspection(user, hazard.inspection)):
        raise Http404("hazard")
    return hazard


def hazards_for_case(user, enterprise: Enterprise) -> QuerySet[Hazard]:
    """The enterprise's hazards a case may name: not those of a sealed inspection the user may not see."""
    return Hazard.objects.filter(unsealed_q(user, "inspection__"), enterprise=enterprise)


def handover_for_case(user, pk: int):
    from anjian.supervision.models import HandoverForm

    form = HandoverForm.objects.select_related("enterprise", "home_agency", "inspection").filter(
        pk=pk).exclude(status="draft").first()
    if form is None or not can(user, Capability.CASE_EDIT, form.home_agency.region_id):
        raise Http404("handover")
    return form


@dataclass
class Prefill:
    """What a new-case form starts with when opened from an inspection, a hazard or a handover form."""

    enterprise: Enterprise | None = None
    source: str = ""
    cause: str = ""
    facts: str = ""
    inspection: Inspection | None = None
    handover: object | None = None
    hazard_ids: list[int] = field(default_factory=list)
    officer_ids: list[int] = field(default_factory=list)


def _team_ids(user, inspection: Inspection | None) -> list[int]:
    if inspection is None:
        return []
    allowed = set(officers_for_case(user).values_list("pk", flat=True))
    return [m for m in inspection.team.values_list("officer_id", flat=True) if m in allowed]


def case_prefill(user, *, enterprise: str = "", inspection: str = "", hazard: str = "", handover: str = "") -> Prefill:
    """Read the ?enterprise= / ?inspection= / ?hazard= / ?handover= of the new-case page (404 when out of scope)."""
    p = Prefill()
    if digits(handover):
        form = handover_for_case(user, int(handover))
        items = list(form.items.all())
        chosen = [i for i in items if i.action == "penalty_case"] or items
        p.enterprise, p.source, p.handover, p.inspection = form.enterprise, "handover", form, form.inspection
        p.facts = "异地检查移交的问题：\n" + "\n".join(f"{n}. {i.description}（{i.legal_basis}）" if i.legal_basis
                                                     else f"{n}. {i.description}" for n, i in enumerate(chosen, 1))
        p.hazard_ids = [i.hazard_id for i in chosen]
        p.cause = chosen[0].description[:60] if chosen else ""
    elif digits(hazard):
        h = hazard_for_case(user, int(hazard))
        p.enterprise, p.source, p.inspection, p.hazard_ids = h.enterprise, "hazard_unrectified", h.inspection, [h.pk]
        deadline = f"，整改期限{h.deadline.isoformat()}届满仍未整改" if h.deadline else ""
        p.facts = f"{h.inspection.inspection_date.isoformat()}检查发现：{h.description}{deadline}。"
        p.cause = f"{h.description[:50]}逾期未整改"
        p.officer_ids = _team_ids(user, h.inspection)
    elif digits(inspection):
        i = inspection_for_case(user, int(inspection))
        hazards = [h for h in i.hazards.all() if h.status not in ("rectified", "corrected")]
        p.enterprise, p.inspection = i.enterprise, i
        p.source = "random_inspection" if i.source == "random" else "inspection"
        p.facts = (i.summary + "\n" if i.summary else "") + "\n".join(
            f"{n}. {h.description}" for n, h in enumerate(hazards, 1))
        p.hazard_ids = [h.pk for h in hazards]
        p.cause = hazards[0].description[:60] if hazards else ""
        p.officer_ids = _team_ids(user, i)
    if digits(enterprise) and p.enterprise is None:
        p.enterprise = enterprise_for_case(user, int(enterprise))
    if p.enterprise is not None and not can(user, Capability.CASE_EDIT, p.enterprise.region_id):
        raise Http404("enterprise")
    return p
