"""Reads for the officer's phone (ADR 0040): the inspections to take along, what was recorded on site, conflicts."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from anjian.common.errors import NotFound
from anjian.domain.field_sync import CHECK_RESULTS, PACK_DAYS_MAX, version_of
from anjian.domain.inspection_rules import HAZARD_HANDLINGS, ONSITE_MEASURES
from anjian.domain.rectification import OPEN_STATUSES
from anjian.domain.signature_rules import ROLES as SIGNER_ROLES
from anjian.field.models import ChecklistResult, FieldConflict, FieldRecord
from anjian.inspections.models import ChecklistItem, Evidence, Hazard, Inspection, InspectionOfficer
from anjian.inspections.selectors import inspection_get_for, visible_q

PACK_MAX = 30  # inspections on one phone at a time
EARLIER_MAX = 20  # earlier open hazards of an enterprise offered for re-checking


def field_inspections_for(user, today: date, days: int) -> QuerySet[Inspection]:
    """The user's own inspections (a member of the team) approved or under way, planned up to ``days`` ahead —
    what the officer takes onto the phone before leaving."""
    days = max(0, min(days, PACK_DAYS_MAX))
    return (Inspection.objects.filter(visible_q(user), team__officer__user=user, status__in=("approved", "in_progress"),
                                      planned_date__lte=today + timedelta(days=days))
            .select_related("enterprise", "agency").order_by("planned_date", "pk").distinct()[:PACK_MAX])


def field_inspection_for(user, pk: int) -> Inspection:
    """An inspection the user may see (NotFound otherwise, the same for missing and out of scope)."""
    return inspection_get_for(user, pk)


def _item(i: ChecklistItem) -> dict:
    return {"id": i.pk, "code": i.code, "category": i.category, "content": i.content, "is_key": i.is_key,
            "legal_basis": " ".join(p for p in (i.law_name, i.article) if p)}


def _hazard(h: Hazard) -> dict:
    return {"id": h.pk, "inspection_id": h.inspection_id, "description": h.description,
            "checklist_item_id": h.checklist_item_id, "legal_basis": h.legal_basis, "is_major": h.is_major,
            "location": h.location, "handling": h.handling, "measures": list(h.measures),
            "deadline": h.deadline.isoformat() if h.deadline else None, "status": h.status,
            "version": version_of(h.updated_at)}


def hazard_snapshot(h: Hazard) -> dict:
    return _hazard(h)


def checklist_snapshot(r: ChecklistResult) -> dict:
    return {"item_id": r.item_id, "result": r.result, "note": r.note, "version": version_of(r.updated_at)}


def pack_for(user, today: date, days: int) -> dict:
    """Everything the phone needs for the coming inspections, offline: each inspection with its enterprise, the
    checklist of its industry (with legal bases), its hazards and checklist results so far (with versions, for
    conflicts), and the enterprise's earlier open hazards to re-check."""
    inspections = list(field_inspections_for(user, today, days))
    industries = {i.enterprise.industry for i in inspections}
    items = list(ChecklistItem.objects.filter(Q(industry__in=industries) | Q(industry="all"), is_active=True)
                 .order_by("-is_key", "code")) if inspections else []
    ids = [i.pk for i in inspections]
    team: dict[int, list] = {}
    for m in InspectionOfficer.objects.filter(inspection_id__in=ids).select_related("officer").order_by("pk"):
        team.setdefault(m.inspection_id, []).append({"officer_id": m.officer_id, "name": m.officer.name,
                                                     "role": m.role})
    hazards: dict[int, list] = {}
    for h in Hazard.objects.filter(inspection_id__in=ids).order_by("pk"):
        hazards.setdefault(h.inspection_id, []).append(_hazard(h))
    results: dict[int, list] = {}
    for r in ChecklistResult.objects.filter(inspection_id__in=ids):
        results.setdefault(r.inspection_id, []).append(checklist_snapshot(r))
    out = []
    for i in inspections:
        e = i.enterprise
        seen = Inspection.objects.filter(visible_q(user), enterprise=e).values("pk")  # never a sealed or foreign one
        earlier = (Hazard.objects.filter(enterprise=e, status__in=OPEN_STATUSES, inspection__in=seen)
                   .exclude(inspection=i).order_by("deadline", "pk")[:EARLIER_MAX])
        out.append({
            "id": i.pk, "status": i.status, "planned_date": i.planned_date.isoformat(), "place": i.place,
            "agency": i.agency.name, "started_at": i.started_at.isoformat() if i.started_at else None,
            "enterprise": {"id": e.pk, "name": e.name, "uscc": e.uscc, "address": e.address, "industry": e.industry,
                           "industry_label": e.get_industry_display(), "contact": e.contact_person,
                           "phone": e.contact_phone,
                           "longitude": float(e.longitude) if e.longitude is not None else None,
                           "latitude": float(e.latitude) if e.latitude is not None else None},
            "checklist": [x.pk for x in items if x.industry in ("all", e.industry)],
            "team": team.get(i.pk, []), "hazards": hazards.get(i.pk, []), "results": results.get(i.pk, []),
            "earlier_hazards": [_hazard(h) for h in earlier],
        })
    return {"inspections": out, "checklist": [_item(x) for x in items],
            "vocab": {"handlings": HAZARD_HANDLINGS, "measures": ONSITE_MEASURES, "roles": SIGNER_ROLES,
                      "results": CHECK_RESULTS}}


def field_records_of(inspection: Inspection) -> QuerySet[FieldRecord]:
    return FieldRecord.objects.filter(inspection=inspection).select_related("uploaded_by", "hazard")


def field_evidence_of(inspection: Inspection) -> QuerySet[Evidence]:
    return Evidence.objects.filter(inspection=inspection, client_id__isnull=False).order_by("taken_at", "pk")


def open_conflicts_for(user) -> QuerySet[FieldConflict]:
    """The user's own unsettled conflicts (a phone's change met a server change)."""
    return (FieldConflict.objects.filter(record__uploaded_by=user, settled_at__isnull=True)
            .select_related("record", "record__inspection", "record__inspection__enterprise"))


def conflict_for(user, pk: int) -> FieldConflict:
    conflict = open_conflicts_for(user).filter(pk=pk).first()
    if conflict is None:
        raise NotFound()
    return conflict
