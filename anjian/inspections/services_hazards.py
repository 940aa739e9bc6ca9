"""Writes of findings (事故隐患) and evidence files: one transaction each, audited."""

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from anjian.accounts.access import can
from anjian.audit.services import audit_record, changed, model_snapshot
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.inspection_rules import HANDLING_STATUS, HAZARD_HANDLINGS, hazard_problems
from anjian.domain.lifecycle import HAZARD, can_move
from anjian.domain.permissions import Capability
from anjian.inspections import evidence as files
from anjian.inspections.hooks import inspection_documents_hook
from anjian.inspections.models import ChecklistItem, Evidence, Hazard, Inspection

HAZARD_FIELDS = ("description", "legal_basis", "is_major", "location", "handling", "measures", "deadline",
                 "checklist_item")


CHECKLIST_ITEM_UNKNOWN = "检查事项不存在"


def checklist_item_for(item_id: int | None) -> ChecklistItem | None:
    """The checklist item a page or the API names by id (None for none); a stopped one is refused by the service."""
    if item_id is None:
        return None
    item = ChecklistItem.objects.filter(pk=item_id).first()
    if item is None:
        raise ServiceInvalid([("checklist_item_id", CHECKLIST_ITEM_UNKNOWN)])
    return item


def _require_edit(actor, inspection: Inspection) -> None:
    if not can(actor, Capability.INSPECTION_EDIT, inspection.agency.region_id):
        raise ServiceDenied("您无权修改该检查")


def _require_on_site(inspection: Inspection) -> None:
    if inspection.status != "in_progress":
        raise ServiceInvalid("只有实施中的检查才能登记隐患和上传证据")


def _clean(inspection: Inspection, *, description: str, checklist_item: ChecklistItem | None, legal_basis: str,
           is_major: bool, location: str, handling: str, measures: Sequence[str], deadline: date | None) -> dict:
    errors = []
    if not description.strip():
        errors.append("请填写隐患（问题）描述")
    if checklist_item is not None and not checklist_item.is_active:
        errors.append(("checklist_item_id", "所选检查事项已停用"))
    measures = list(dict.fromkeys(measures))
    errors += hazard_problems(handling=handling, measures=measures, deadline=deadline, is_major=is_major,
                              inspection_date=inspection.inspection_date)
    if errors:
        raise ServiceInvalid(errors)
    basis = legal_basis.strip() or (checklist_item.legal_basis if checklist_item else "")
    return {"description": description.strip(), "checklist_item": checklist_item, "legal_basis": basis[:500],
            "is_major": bool(is_major), "location": location.strip()[:255], "handling": handling,
            "measures": measures, "deadline": deadline if handling == "deadline" else None}


def hazard_add(*, actor, inspection: Inspection, description: str, handling: str, checklist_item=None,
               legal_basis: str = "", is_major: bool = False, location: str = "", measures: Sequence[str] = (),
               deadline: date | None = None, photos=()) -> Hazard:
    """Record a finding with its handling and photos ([(uploaded file, caption)]); all or nothing."""
    _require_edit(actor, inspection)
    _require_on_site(inspection)
    values = _clean(inspection, description=description, checklist_item=checklist_item, legal_basis=legal_basis,
                    is_major=is_major, location=location, handling=handling, measures=measures, deadline=deadline)
    status = HANDLING_STATUS[handling]
    staged = files.stage(photos)
    try:
        with transaction.atomic():
            hazard = Hazard.objects.create(inspection=inspection, enterprise_id=inspection.enterprise_id,
                                           status=status, created_by=actor, **values)
            rows = files.keep(staged, actor=actor, inspection=inspection, hazard=hazard)
            audit_record(actor=actor, agency=inspection.agency, verb="hazard_add", target=hazard,
                         new={**model_snapshot(hazard), "evidence": [r.sha256 for r in rows]})
            inspection_documents_hook(actor=actor, inspection=inspection, step="hazard_added", hazard=hazard)
    except BaseException:
        files.discard(staged)
        raise
    return hazard


def hazard_update(*, actor, hazard: Hazard, description: str, handling: str, checklist_item=None,
                  legal_basis: str = "", is_major: bool = False, location: str = "", measures: Sequence[str] = (),
                  deadline: date | None = None) -> Hazard:
    """Correct a finding while the inspection is on site; a change of handling follows the HAZARD table."""
    inspection = hazard.inspection
    _require_edit(actor, inspection)
    _require_on_site(inspection)
    values = _clean(inspection, description=description, checklist_item=checklist_item, legal_basis=legal_basis,
                    is_major=is_major, location=location, handling=handling, measures=measures, deadline=deadline)
    with transaction.atomic():
        locked = Hazard.objects.select_for_update().get(pk=hazard.pk)
        before = model_snapshot(locked)
        new_status = HANDLING_STATUS[handling]
        if new_status != locked.status:
            if not can_move(HAZARD, locked.status, new_status):
                raise ServiceInvalid(f"隐患当前为“{locked.get_status_display()}”，"
                                     f"不能改为“{HAZARD_HANDLINGS[handling]}”")
            locked.status = new_status
        for key, value in values.items():
            setattr(locked, key, value)
        locked.save()
        old, new = changed(before, model_snapshot(locked))
        old.pop("updated_at", None)
        new.pop("updated_at", None)
        if new:
            audit_record(actor=actor, agency=inspection.agency, verb="hazard_update", target=locked, old=old, new=new)
    return locked


def evidence_attach(*, actor, inspection: Inspection, uploads, kind: str = "", hazard: Hazard | None = None,
                    place: dict | None = None) -> list[Evidence]:
    """Attach files ([(uploaded file, caption)]) to an inspection or one of its findings; all or nothing.
    ``place``: where and when a phone took them (ADR 0040), audited with them."""
    _require_edit(actor, inspection)
    _require_on_site(inspection)
    if hazard is not None and hazard.inspection_id != inspection.pk:
        raise ServiceInvalid("该隐患不属于本次检查")
    if not uploads:
        raise ServiceInvalid("请选择要上传的文件")
    staged = files.stage(uploads, kind)
    try:
        with transaction.atomic():
            rows = files.keep(staged, actor=actor, inspection=inspection, hazard=hazard, place=place)
            audit_record(actor=actor, agency=inspection.agency, verb="evidence_attach", target=inspection,
                         new={"evidence": [{"sha256": r.sha256, "kind": r.kind, "size": r.size, "name": r.original_name,
                                            "hazard": hazard.pk if hazard else None, "exif_time": r.exif_time,
                                            **{k: str(v) for k, v in (place or {}).items() if v is not None}}
                                           for r in rows]})
    except BaseException:
        files.discard(staged)
        raise
    return rows
