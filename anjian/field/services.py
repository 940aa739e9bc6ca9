"""Writes from the officer's phone (ADR 0040): each uploaded record applied once, in the order the phone made them,
through the same services as the desk; a change to a record that changed on the server meanwhile is kept as a
conflict for the officer to settle, never applied silently.

A record: ``client_id`` (UUID), ``kind`` (domain.field_sync.KINDS), ``inspection_id``, ``device_time``, optional
``position`` (latitude, longitude, accuracy_m) and the kind's own fields (see the API's schema).
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from anjian.accounts.access import can
from anjian.audit.services import audit_record
from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceError, ServiceInvalid
from anjian.domain import field_sync as fs
from anjian.domain.inspection_rules import kind_of_mime, sniff_media
from anjian.domain.permissions import Capability
from anjian.field.models import ChecklistResult, FieldConflict, FieldRecord
from anjian.field.selectors import checklist_snapshot, field_inspection_for, hazard_snapshot
from anjian.inspections import services as inspections
from anjian.inspections.models import ChecklistItem, Hazard, Inspection
from anjian.inspections.services_hazards import checklist_item_for, evidence_attach, hazard_add, hazard_update


@dataclass
class Outcome:
    client_id: str
    outcome: str
    message: str = ""
    record_id: int | None = None  # the hazard, checklist result, signature or evidence made
    conflict_id: int | None = None
    server: dict = field(default_factory=dict)  # the server's version on a conflict


class _Conflict(Exception):
    def __init__(self, target: str, server: dict, server_version: str, message: str):
        super().__init__(message)
        self.target, self.server, self.server_version = target, server, server_version


@dataclass
class _Made:
    hazard: Hazard | None = None
    object_id: int | None = None


def _place(rec: dict, inspection: Inspection) -> dict:
    """Position fields of a record and its distance from the enterprise's registered point."""
    pos = rec.get("position") or None
    if not pos:
        return {}
    lat, lon = float(pos["latitude"]), float(pos["longitude"])
    e = inspection.enterprise
    site = (float(e.longitude), float(e.latitude)) if e.longitude is not None and e.latitude is not None else None
    accuracy = pos.get("accuracy_m")
    return {"latitude": Decimal(f"{lat:.6f}"), "longitude": Decimal(f"{lon:.6f}"),
            "accuracy_m": round(accuracy) if accuracy is not None else None,
            "distance_m": fs.distance_from_site_m((lon, lat), site)}


def _hazard_values(rec: dict) -> dict:
    return {"description": rec.get("description", ""), "handling": rec.get("handling", ""),
            "checklist_item": checklist_item_for(rec.get("checklist_item_id")),
            "legal_basis": rec.get("legal_basis", ""), "is_major": bool(rec.get("is_major")),
            "location": rec.get("location", ""), "measures": rec.get("measures") or [],
            "deadline": _day(rec.get("deadline"))}


def _day(value) -> date | None:
    """A deadline as the phone sent it (a date, or ISO text when replayed from a kept conflict)."""
    if value in (None, ""):
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _hazard_of(actor, inspection: Inspection, rec: dict) -> Hazard:
    """The hazard a phone's update names: by server id, or by the client id of the phone's own 登记隐患 record."""
    if rec.get("hazard_id"):
        hazard = Hazard.objects.filter(pk=rec["hazard_id"], inspection=inspection).first()
    else:
        made = FieldRecord.objects.filter(client_id=fs.parse_client_id(rec.get("hazard_client_id") or ""),
                                          kind="hazard", inspection=inspection).select_related("hazard").first()
        hazard = made.hazard if made else None
    if hazard is None:
        raise NotFound("隐患不存在或尚未同步")
    return hazard


def _start(actor, inspection: Inspection, rec: dict, at: datetime) -> _Made:
    if inspection.status != "approved":
        started = inspection.started_at.isoformat() if inspection.started_at else ""
        raise _Conflict("inspection", {"status": inspection.status, "started_at": started},
                        inspection.status, f"检查已是“{inspection.get_status_display()}”状态（服务器为准）")
    inspections.inspection_start(actor=actor, inspection=inspection, place=rec.get("place", ""), started_at=at)
    return _Made()


def _end(actor, inspection: Inspection, rec: dict, at: datetime) -> _Made:
    if inspection.status != "in_progress":
        raise _Conflict("inspection", {"status": inspection.status, "summary": inspection.summary},
                        inspection.status, f"检查已是“{inspection.get_status_display()}”状态（服务器为准）")
    inspections.inspection_record(actor=actor, inspection=inspection, summary=rec.get("summary", ""),
                                  feedback_notes=rec.get("feedback_notes", ""), ended_at=at)
    return _Made()


def _hazard(actor, inspection: Inspection, rec: dict, at: datetime) -> _Made:
    hazard = hazard_add(actor=actor, inspection=inspection, **_hazard_values(rec))
    return _Made(hazard=hazard, object_id=hazard.pk)


def _hazard_update(actor, inspection: Inspection, rec: dict, at: datetime) -> _Made:
    hazard = _hazard_of(actor, inspection, rec)
    locked = Hazard.objects.select_for_update().get(pk=hazard.pk)
    current = fs.version_of(locked.updated_at)
    if fs.is_conflict(rec.get("base_version", ""), current):
        raise _Conflict(f"hazard:{locked.pk}", hazard_snapshot(locked), current, "该隐患在服务器上已被修改")
    updated = hazard_update(actor=actor, hazard=locked, **_hazard_values(rec))
    return _Made(hazard=updated, object_id=updated.pk)


def _checklist(actor, inspection: Inspection, rec: dict, at: datetime) -> _Made:
    if not can(actor, Capability.INSPECTION_EDIT, inspection.agency.region_id):
        raise ServiceDenied("您无权修改该检查")
    if inspection.status != "in_progress":
        raise ServiceInvalid("只有实施中的检查才能登记检查项目结果")
    Inspection.objects.select_for_update().filter(pk=inspection.pk).first()  # one result per item at a time
    item = ChecklistItem.objects.filter(pk=rec.get("item_id") or 0).first()
    if item is None:
        raise ServiceInvalid(("item_id", "检查事项不存在"))
    if rec.get("result") not in fs.CHECK_RESULTS:
        raise ServiceInvalid(("result", "检查结果应为符合、不符合或不适用"))
    existing = ChecklistResult.objects.select_for_update().filter(inspection=inspection, item=item).first()
    if existing is not None:
        current = fs.version_of(existing.updated_at)
        if fs.is_conflict(rec.get("base_version", ""), current):
            raise _Conflict(f"checklist:{existing.pk}", checklist_snapshot(existing), current,
                            "该检查项目结果在服务器上已被修改")
    before = checklist_snapshot(existing) if existing else {}
    row, _ = ChecklistResult.objects.update_or_create(
        inspection=inspection, item=item,
        defaults={"result": rec["result"], "note": rec.get("note", "")[:500], "recorded_by": actor})
    audit_record(actor=actor, agency=inspection.agency, verb="checklist_result", target=inspection,
                 old=before, new=checklist_snapshot(row))
    return _Made(object_id=row.pk)


def _signature(actor, inspection: Inspection, rec: dict, at: datetime) -> _Made:
    from anjian.signatures.services import Position, signature_record

    pos = rec.get("position") or None
    position = Position(latitude=float(pos["latitude"]), longitude=float(pos["longitude"]),
                        accuracy_m=pos.get("accuracy_m")) if pos else None
    signature, _ = signature_record(
        # the phone's own reading: a retry (another upload, another clock offset) is then the same signature
        actor=actor, inspection=inspection, role=rec.get("role", ""), device_time=rec["device_time"],
        client_id=rec["client_id"], image=rec.get("image"), refused=bool(rec.get("refused")),
        signer_name=rec.get("signer_name", ""), officer_id=rec.get("officer_id"),
        witness_name=rec.get("witness_name", ""), note=rec.get("note", ""), kind_code=rec.get("kind_code", ""),
        position=position)
    return _Made(object_id=signature.pk)


HANDLERS = {"start": _start, "end": _end, "hazard": _hazard, "hazard_update": _hazard_update,
            "checklist": _checklist, "signature": _signature}


def _duplicate(actor, done: FieldRecord) -> Outcome:
    if done.uploaded_by_id != actor.pk:
        return Outcome(str(done.client_id), fs.REJECTED, "设备记录编号已被使用，请重新生成")
    conflict = FieldConflict.objects.filter(record=done).first()
    if conflict is not None and conflict.settled_at is None:
        return Outcome(str(done.client_id), fs.CONFLICT, "冲突待处理", conflict_id=conflict.pk,
                       server=conflict.server)
    return Outcome(str(done.client_id), fs.DUPLICATE, "此前已同步", record_id=done.object_id)


def _record(actor, rec: dict, clock: fs.Clock, device: str, inspection: Inspection, outcome: str,
            made: _Made) -> FieldRecord:
    return FieldRecord.objects.create(
        client_id=rec["client_id"], kind=rec["kind"], outcome=outcome, inspection=inspection, hazard=made.hazard,
        object_id=made.object_id, device_time=rec["device_time"], corrected_time=fs.corrected(rec["device_time"], clock),
        clock_flag=clock.flag[:100], device=device[:64], uploaded_by=actor, **_place(rec, inspection))


def _once(actor, client_id, apply) -> Outcome:
    """A record applied at most once by its client id: one kept before is answered as it was; two uploads racing on
    the unique id end with the loser answered as a duplicate; a refusal names its reason and keeps nothing (the
    phone keeps the record to correct and send again)."""
    done = FieldRecord.objects.filter(client_id=client_id).first()
    if done is not None:
        return _duplicate(actor, done)
    try:
        return apply()
    except IntegrityError:  # the same client id uploaded twice at once: the other request applied it
        done = FieldRecord.objects.filter(client_id=client_id).first()
        if done is None:
            raise
        return _duplicate(actor, done)
    except DataError:  # a value the database cannot hold: this record only, the others go on
        return Outcome(str(client_id), fs.REJECTED, "内容超出系统允许的长度或范围，请修改后重新上传")
    except ServiceError as e:
        return Outcome(str(client_id), fs.REJECTED, str(e) or "记录不存在或不在管辖范围内")


def sync_one(*, actor, rec: dict, clock: fs.Clock, device: str = "") -> Outcome:
    """Apply one record (in its own transaction): applied, a duplicate of one applied before, a conflict kept for
    the officer, or rejected with the reason."""
    cid = str(rec["client_id"])

    def apply() -> Outcome:
        inspection = field_inspection_for(actor, rec["inspection_id"])
        handler = HANDLERS[rec["kind"]]
        at = fs.corrected(rec["device_time"], clock)
        problem = fs.time_problem(at, timezone.now())
        if problem:
            raise ServiceInvalid(("device_time", problem))
        with transaction.atomic():
            try:
                with transaction.atomic():
                    made = handler(actor, inspection, rec, at)
                    _record(actor, rec, clock, device, inspection, fs.APPLIED, made)
                return Outcome(cid, fs.APPLIED, clock.flag, record_id=made.object_id)
            except _Conflict as c:
                row = _record(actor, rec, clock, device, inspection, fs.CONFLICT, _Made())
                mine = {k: v for k, v in rec.items() if k != "image"}
                conflict = FieldConflict.objects.create(
                    record=row, target=c.target, mine=json.loads(json.dumps(mine, cls=DjangoJSONEncoder)),
                    server=c.server, base_version=str(rec.get("base_version", ""))[:40],
                    server_version=c.server_version[:40])
                audit_record(actor=actor, agency=inspection.agency, verb="field_conflict", target=inspection,
                             new={"client_id": cid, "target": c.target})
                return Outcome(cid, fs.CONFLICT, str(c), conflict_id=conflict.pk, server=c.server)

    return _once(actor, rec["client_id"], apply)


def field_sync(*, actor, records: list[dict], sent_at: datetime | None, device: str = "") -> list[Outcome]:
    """Apply a phone's records in the order it made them; each answered (one failing does not stop the rest)."""
    clock = fs.clock_of(sent_at, timezone.now())
    return [sync_one(actor=actor, rec=rec, clock=clock, device=device) for rec in records[:fs.RECORDS_MAX]]


def field_photo(*, actor, inspection: Inspection, upload, client_id: uuid.UUID, device_time: datetime,
                sent_at: datetime | None, hazard_id: int | None = None, hazard_client_id: str = "",
                caption: str = "", position: dict | None = None, device: str = "") -> Outcome:
    """One photo (or short video) taken on site: stored once by its client id, with its place and time."""
    clock = fs.clock_of(sent_at, timezone.now())
    rec = {"client_id": client_id, "kind": "photo", "device_time": device_time, "position": position,
           "hazard_id": hazard_id, "hazard_client_id": hazard_client_id}

    def apply() -> Outcome:
        taken_at = fs.corrected(device_time, clock)
        problem = fs.time_problem(taken_at, timezone.now()) or _not_a_photo(upload)
        if problem:
            raise ServiceInvalid(problem)
        hazard = _hazard_of(actor, inspection, rec) if (hazard_id or hazard_client_id) else None
        place = {"client_id": client_id, "device_time": device_time, "taken_at": taken_at,
                 "clock_flag": clock.flag[:100], **_place(rec, inspection)}
        with transaction.atomic():
            rows = evidence_attach(actor=actor, inspection=inspection, hazard=hazard,
                                   uploads=[(upload, caption)], place=place)
            _record(actor, rec, clock, device, inspection, fs.APPLIED, _Made(hazard=hazard, object_id=rows[0].pk))
        return Outcome(str(client_id), fs.APPLIED, clock.flag, record_id=rows[0].pk)

    return _once(actor, client_id, apply)


def _not_a_photo(upload) -> str | None:
    """The phone sends photos and videos only: anything else (a PDF, a page) is refused by its first bytes."""
    head = upload.read(64)
    upload.seek(0)
    if kind_of_mime(sniff_media(head)) not in ("photo", "video"):
        return "只能上传照片或视频"
    return None


def field_conflict_settle(*, actor, conflict: FieldConflict, resolution: str) -> FieldConflict:
    """The officer's choice on a conflict: keep the server's version, or apply the phone's change over it (to the
    version they were shown; if the record changed again meanwhile, ServiceConflict)."""
    if resolution not in ("server", "mine"):
        raise ServiceInvalid(("resolution", "请选择保留服务器版本或采用手机内容"))
    record = conflict.record
    with transaction.atomic():
        locked = FieldConflict.objects.select_for_update().get(pk=conflict.pk)
        if locked.settled_at is not None:
            raise ServiceConflict("该冲突已处理")
        if resolution == "mine":
            if record.kind not in ("hazard_update", "checklist"):
                raise ServiceInvalid(("resolution", "开始、结束检查的冲突只能保留服务器版本"))
            inspection = field_inspection_for(actor, record.inspection_id)
            rec = {**locked.mine, "base_version": locked.server_version}
            try:
                HANDLERS[record.kind](actor, inspection, rec, record.corrected_time)
            except _Conflict:
                raise ServiceConflict("服务器上的记录又有变化，请刷新后重新处理") from None
        locked.settled_at, locked.settled_by, locked.resolution = timezone.now(), actor, resolution
        locked.save(update_fields=["settled_at", "settled_by", "resolution"])
        audit_record(actor=actor, agency=record.inspection.agency, verb="field_conflict_settle",
                     target=record.inspection, new={"client_id": str(record.client_id), "resolution": resolution})
    return locked
