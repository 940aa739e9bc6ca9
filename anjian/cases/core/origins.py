"""Where a new case starts from: the scoped records a case may name (enterprise, inspection, hazards, handover
form, officers), the prefill of the new-case page, and the one conversion of a new case's ids into those records
that the page and the API both call (`NewCase`, `new_case_arguments`). Out of scope reads like missing: NotFound
for the record the case is about, the same refusal as an unknown id for the officers and hazards it names."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from django.db.models import QuerySet

from anjian.accounts.access import can, scope_q
from anjian.common.errors import NotFound, ServiceInvalid
from anjian.domain.input_bounds import ID_MAX, digits
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Hazard, Inspection
from anjian.inspections.sealing import sees_inspection, unsealed_q
from anjian.officers.models import Officer

OFFICERS_UNKNOWN = "所选执法人员不存在或不在您的管辖范围内"
LEAD_NOT_IN_TEAM = "主办人须为承办人之一"
HAZARDS_UNKNOWN = "所选隐患不属于当事单位"


def enterprise_for_case(user, pk: int) -> Enterprise:
    enterprise = Enterprise.objects.select_related("region").filter(pk=pk).first()
    if enterprise is None or not can(user, Capability.CASE_EDIT, enterprise.region_id):
        raise NotFound()
    return enterprise


def enterprises_for_case(user) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(scope_q(user, Capability.CASE_EDIT)).select_related("region")


def officers_for_case(user) -> QuerySet[Officer]:
    return Officer.objects.filter(scope_q(user, Capability.CASE_EDIT), status="active", in_post=True).select_related(
        "agency").order_by("agency_id", "name")


def officers_named(user, ids: Sequence[int], *, field: str = "officer_ids") -> list[Officer]:
    """The officers ``ids`` name (in order, each once) among those the user may put on a case; any other id — not
    an officer, or one outside the user's scope — is refused with the same words."""
    wanted = list(dict.fromkeys(ids))
    found = {o.pk: o for o in officers_for_case(user).filter(pk__in=wanted)}
    if len(found) != len(wanted):
        raise ServiceInvalid([(field, OFFICERS_UNKNOWN)])
    return [found[i] for i in wanted]


def inspection_for_case(user, pk: int) -> Inspection:
    inspection = Inspection.objects.select_related("enterprise", "agency").filter(pk=pk).first()
    if (inspection is None or not can(user, Capability.CASE_EDIT, inspection.enterprise.region_id)
            or not sees_inspection(user, inspection)):  # a sealed one (ADR 0023) reads like none
        raise NotFound()
    return inspection


def hazard_for_case(user, pk: int) -> Hazard:
    hazard = Hazard.objects.select_related("inspection", "inspection__agency", "enterprise").filter(pk=pk).first()
    if (hazard is None or not can(user, Capability.CASE_EDIT, hazard.enterprise.region_id)
            or not sees_inspection(user, hazard.inspection)):
        raise NotFound()
    return hazard


def hazards_for_case(user, enterprise: Enterprise) -> QuerySet[Hazard]:
    """The enterprise's hazards a case may name: not those of a sealed inspection the user may not see."""
    return Hazard.objects.filter(unsealed_q(user, "inspection__"), enterprise=enterprise)


def handover_for_case(user, pk: int):
    from anjian.supervision.models import HandoverForm

    form = HandoverForm.objects.select_related("enterprise", "home_agency", "inspection").filter(
        pk=pk).exclude(status="draft").first()
    if form is None or not can(user, Capability.CASE_EDIT, form.home_agency.region_id):
        raise NotFound()
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


def typed_id(text) -> int | None:
    """An id typed into a query string (ASCII digits, 1 … 2^63 − 1), else None."""
    text = str(text or "")
    return int(text) if digits(text) and 1 <= int(text) <= ID_MAX else None


def case_prefill(user, *, enterprise: str = "", inspection: str = "", hazard: str = "", handover: str = "") -> Prefill:
    """Read the ?enterprise= / ?inspection= / ?hazard= / ?handover= of the new-case page (NotFound when out of scope)."""
    p = Prefill()
    enterprise, inspection, hazard, handover = map(typed_id, (enterprise, inspection, hazard, handover))
    if handover:
        form = handover_for_case(user, handover)
        items = list(form.items.all())
        chosen = [i for i in items if i.action == "penalty_case"] or items
        p.enterprise, p.source, p.handover, p.inspection = form.enterprise, "handover", form, form.inspection
        p.facts = "异地检查移交的问题：\n" + "\n".join(f"{n}. {i.description}（{i.legal_basis}）" if i.legal_basis
                                                     else f"{n}. {i.description}" for n, i in enumerate(chosen, 1))
        p.hazard_ids = [i.hazard_id for i in chosen]
        p.cause = chosen[0].description[:60] if chosen else ""
    elif hazard:
        h = hazard_for_case(user, hazard)
        p.enterprise, p.source, p.inspection, p.hazard_ids = h.enterprise, "hazard_unrectified", h.inspection, [h.pk]
        deadline = f"，整改期限{h.deadline.isoformat()}届满仍未整改" if h.deadline else ""
        p.facts = f"{h.inspection.inspection_date.isoformat()}检查发现：{h.description}{deadline}。"
        p.cause = f"{h.description[:50]}逾期未整改"
        p.officer_ids = _team_ids(user, h.inspection)
    elif inspection:
        i = inspection_for_case(user, inspection)
        hazards = [h for h in i.hazards.all() if h.status not in ("rectified", "corrected")]
        p.enterprise, p.inspection = i.enterprise, i
        p.source = "random_inspection" if i.source == "random" else "inspection"
        p.facts = (i.summary + "\n" if i.summary else "") + "\n".join(
            f"{n}. {h.description}" for n, h in enumerate(hazards, 1))
        p.hazard_ids = [h.pk for h in hazards]
        p.cause = hazards[0].description[:60] if hazards else ""
        p.officer_ids = _team_ids(user, i)
    if enterprise and p.enterprise is None:
        p.enterprise = enterprise_for_case(user, enterprise)
    if p.enterprise is not None and not can(user, Capability.CASE_EDIT, p.enterprise.region_id):
        raise NotFound()
    return p


@dataclass(frozen=True)
class NewCase:
    """A new case as the page's form and the API's schema both give it: the records it names by id, the rest as
    typed (the keyword arguments of `services_filing.case_propose`, with ids for the records)."""

    enterprise_id: int
    source: str
    cause: str
    facts: str
    officer_ids: Sequence[int] = ()
    lead_officer_id: int | None = None
    hazard_ids: Sequence[int] = ()
    inspection_id: int | None = None
    handover_id: int | None = None
    name: str = ""
    source_note: str = ""
    party_kind: str = "unit"
    party_name: str = ""
    party_id_number: str = ""
    party_representative: str = ""
    party_address: str = ""
    party_phone: str = ""


IDS = ("enterprise_id", "officer_ids", "lead_officer_id", "hazard_ids", "inspection_id", "handover_id")


def new_case_arguments(user, new: NewCase) -> dict:
    """The one scoped conversion of a new case's ids into the records `case_propose` takes, for the page and the
    API alike: an enterprise, inspection or handover form the user may not see is NotFound; officers and hazards it
    may not name are refused by field, in the same words as ids that name nothing."""
    enterprise = enterprise_for_case(user, new.enterprise_id)
    problems: list[tuple[str, str]] = []
    try:
        officers = officers_named(user, new.officer_ids)
    except ServiceInvalid as exc:
        officers, problems = [], exc.fields
    if new.lead_officer_id is not None and new.lead_officer_id not in new.officer_ids:
        problems.append(("lead_officer_id", LEAD_NOT_IN_TEAM))
    hazards = list(hazards_for_case(user, enterprise).filter(pk__in=set(new.hazard_ids)))
    if len(hazards) != len(set(new.hazard_ids)):
        problems.append(("hazard_ids", HAZARDS_UNKNOWN))
    if problems:
        raise ServiceInvalid(problems)
    return {**{k: v for k, v in asdict(new).items() if k not in IDS},
            "enterprise": enterprise, "officers": officers, "hazards": hazards,
            "lead_officer": next((o for o in officers if o.pk == new.lead_officer_id), None),
            "inspection": inspection_for_case(user, new.inspection_id) if new.inspection_id else None,
            "handover": handover_for_case(user, new.handover_id) if new.handover_id else None}
