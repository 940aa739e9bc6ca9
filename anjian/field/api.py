"""The officer's phone app (ADR 0040): take the coming inspections along, upload what was recorded offline (each
record once, by its client id), photos with place and time, and settle conflicts. Errors {"code", "message"}."""

import base64
import binascii
import uuid
from datetime import date
from typing import Annotated, Literal

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import AfterValidator, Field, StrictBool

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Code, Day, Id, Moment, Name, Place, Short, Text, TextList
from anjian.common.errors import ServiceConflict, ServiceInvalid
from anjian.domain.field_sync import PACK_DAYS_MAX, RECORDS_MAX
from anjian.domain.permissions import Capability
from anjian.field import selectors as sel
from anjian.field import services

router = Router(tags=["现场执法（手机）"])
IMAGE_B64_MAX = 410_000  # a signature PNG of at most 300 KB, base64-encoded
Version = Annotated[str, Field(max_length=40, pattern=r"^[0-9T:.+\-]*$")]


def _png(value: str | None) -> bytes | None:
    """The bytes of a base64 image (a data: URL or bare base64); ValueError when it is not base64."""
    if value is None:
        return None
    text = value.split(",", 1)[1] if value.startswith("data:") else value
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("签名图片应为 base64 编码的 PNG") from None


def _base64(value: str | None) -> str | None:
    _png(value)
    return value


class FieldPositionIn(Schema):
    """Degrees and metres as JSON numbers (no text, no true/false)."""

    latitude: float = Field(ge=-90, le=90, strict=True)
    longitude: float = Field(ge=-180, le=180, strict=True)
    accuracy_m: float | None = Field(None, ge=0, le=100_000, strict=True)


class FieldRecordIn(Schema):
    """One record made on the phone. ``kind`` says which fields count: start (place), checklist (item_id, result,
    note, base_version), hazard (description … deadline), hazard_update (hazard_id or hazard_client_id,
    base_version, the hazard's fields), signature (role, signer_name, officer_id, refused, witness_name, note,
    kind_code, image), end (summary, feedback_notes)."""

    client_id: uuid.UUID
    kind: Literal["start", "checklist", "hazard", "hazard_update", "signature", "end"]
    inspection_id: Id
    device_time: Moment
    position: FieldPositionIn | None = None
    place: Place = ""
    summary: Text = ""
    feedback_notes: Text = ""
    item_id: Id | None = None
    result: Code = ""
    note: Short = ""
    base_version: Version = ""
    hazard_id: Id | None = None
    hazard_client_id: Annotated[str, Field(max_length=36)] = ""
    description: Text = ""
    handling: Code = ""
    checklist_item_id: Id | None = None
    legal_basis: Short = ""
    is_major: StrictBool = False
    location: Short = ""
    measures: TextList = []
    deadline: Day | None = None
    role: Code = ""
    signer_name: Name = ""
    officer_id: Id | None = None
    refused: StrictBool = False
    witness_name: Name = ""
    kind_code: Code = ""
    image: Annotated[str | None, Field(None, max_length=IMAGE_B64_MAX), AfterValidator(_base64)] = None


Username = Annotated[str, Field(max_length=150)]


def _same_account(request: HttpRequest, username: str) -> None:
    """The phone keeps each account's records apart; an upload made for another account than the one signed in now
    (a shared phone, a sign-in in another tab) is refused, never recorded in the wrong name."""
    if username and username != request.user.username:
        raise ServiceConflict("手机上的这些记录属于另一账号：请用记录时登录的账号上传")


class FieldSyncIn(Schema):
    username: Username = ""  # the account the phone recorded for (the app always sends it)
    device: Annotated[str, Field(max_length=64, pattern=r"^[0-9A-Za-z._\-]*$")] = ""
    sent_at: Moment | None = None  # the phone's clock when it sent: corrects the device times (ADR 0040)
    records: Annotated[list[FieldRecordIn], Field(max_length=RECORDS_MAX)]


class FieldOutcomeOut(Schema):
    client_id: str
    outcome: str  # applied, duplicate, conflict, rejected
    message: str
    record_id: int | None
    conflict_id: int | None
    server: dict


class FieldPackIn(Schema):
    days: int = Field(3, ge=0, le=PACK_DAYS_MAX)


class FieldChecklistItemOut(Schema):
    id: int
    code: str
    category: str
    content: str
    is_key: bool
    legal_basis: str


class FieldHazardOut(Schema):
    id: int
    inspection_id: int
    description: str
    checklist_item_id: int | None
    legal_basis: str
    is_major: bool
    location: str
    handling: str
    measures: list[str]
    deadline: date | None
    status: str
    version: str


class FieldResultOut(Schema):
    item_id: int
    result: str
    note: str
    version: str


class FieldEnterpriseOut(Schema):
    id: int
    name: str
    uscc: str
    address: str
    industry: str
    industry_label: str
    contact: str
    phone: str
    longitude: float | None
    latitude: float | None


class FieldMemberOut(Schema):
    officer_id: int
    name: str
    role: str


class FieldVocabOut(Schema):
    handlings: dict[str, str]
    measures: dict[str, str]
    roles: dict[str, str]
    results: dict[str, str]


class FieldPackInspectionOut(Schema):
    id: int
    status: str
    planned_date: date
    place: str
    agency: str
    started_at: str | None
    enterprise: FieldEnterpriseOut
    checklist: list[int]
    team: list[FieldMemberOut]
    hazards: list[FieldHazardOut]
    results: list[FieldResultOut]
    earlier_hazards: list[FieldHazardOut]


class FieldPackOut(Schema):
    server_time: str
    user: str
    username: str
    csrf_token: str
    inspections: list[FieldPackInspectionOut]
    checklist: list[FieldChecklistItemOut]
    vocab: FieldVocabOut


class FieldConflictOut(Schema):
    id: int
    client_id: str
    kind: str
    inspection_id: int
    enterprise_name: str
    target: str
    message: str
    mine: dict
    server: dict
    settled: bool


class FieldSettleIn(Schema):
    resolution: Literal["server", "mine"]


def _outcome(o: services.Outcome) -> FieldOutcomeOut:
    return FieldOutcomeOut(client_id=o.client_id, outcome=o.outcome, message=o.message, record_id=o.record_id,
                      conflict_id=o.conflict_id, server=o.server)


def _conflict(c) -> FieldConflictOut:
    r = c.record
    return FieldConflictOut(id=c.pk, client_id=str(r.client_id), kind=r.kind, inspection_id=r.inspection_id,
                       enterprise_name=r.inspection.enterprise.name, target=c.target,
                       message=f"{r.get_kind_display()}：服务器上的记录已在手机取得后被修改", mine=c.mine,
                       server=c.server, settled=c.settled_at is not None)


@router.get("/pack", response={200: FieldPackOut, **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def pack(request: HttpRequest, filters: Query[FieldPackIn]):
    """The user's inspections (member of the team, approved or under way) planned up to ``days`` ahead, with what
    the phone needs offline; ``csrf_token`` for the uploads that follow."""
    data = sel.pack_for(request.user, timezone.localdate(), filters.days)
    return FieldPackOut(server_time=timezone.now().isoformat(), user=request.user.get_full_name() or request.user.username,
                        username=request.user.username,
                   csrf_token=get_token(request), **data)


@router.post("/sync", response={200: list[FieldOutcomeOut], **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def sync(request: HttpRequest, payload: FieldSyncIn):
    """Apply the records in order; each is answered: applied, duplicate (sent before — nothing done again),
    conflict (kept for the officer to settle) or rejected (with the reason; nothing kept)."""
    _same_account(request, payload.username)
    records = [{**r.dict(exclude={"image"}), "image": _png(r.image)} for r in payload.records]
    return [_outcome(o) for o in services.field_sync(actor=request.user, records=records, sent_at=payload.sent_at,
                                                     device=payload.device)]


@router.post("/photos", response={200: FieldOutcomeOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def photo(request: HttpRequest, file: File[UploadedFile], client_id: uuid.UUID = Form(...),
          inspection_id: Id = Form(...), device_time: Moment = Form(...), sent_at: Moment | None = Form(None),
          hazard_id: Id | None = Form(None), hazard_client_id: Annotated[str, Field(max_length=36)] = Form(""),
          caption: Short = Form(""), latitude: float | None = Form(None, ge=-90, le=90),
          longitude: float | None = Form(None, ge=-180, le=180), accuracy_m: float | None = Form(None, ge=0, le=100_000),
          device: Annotated[str, Field(max_length=64, pattern=r"^[0-9A-Za-z._\-]*$")] = Form(""),
          username: Username = Form("")):
    """A photo or short video taken on site (checked like any evidence: size, type, image dimensions), with the
    device time and, when allowed, the position; once per ``client_id``."""
    _same_account(request, username)
    if (latitude is None) != (longitude is None):
        raise ServiceInvalid(("latitude", "定位须同时有纬度和经度"))
    inspection = sel.field_inspection_for(request.user, inspection_id)
    position = {"latitude": latitude, "longitude": longitude, "accuracy_m": accuracy_m} if latitude is not None else None
    return _outcome(services.field_photo(
        actor=request.user, inspection=inspection, upload=file, client_id=client_id, device_time=device_time,
        sent_at=sent_at, hazard_id=hazard_id, hazard_client_id=hazard_client_id, caption=caption, position=position,
        device=device))


@router.get("/conflicts", response={200: list[FieldConflictOut], **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def conflicts(request: HttpRequest):
    """The user's unsettled conflicts (at most 100)."""
    return [_conflict(c) for c in sel.open_conflicts_for(request.user)[:100]]


@router.post("/conflicts/{int:conflict_id}/settle", response={200: FieldConflictOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def settle(request: HttpRequest, conflict_id: Id, payload: FieldSettleIn):
    """Keep the server's version, or apply the phone's change over it."""
    conflict = sel.conflict_for(request.user, conflict_id)
    return _conflict(services.field_conflict_settle(actor=request.user, conflict=conflict,
                                                    resolution=payload.resolution))
