"""On-the-spot signatures over the API (/api/v1/signatures/): the phone app and other clients record a signature or
a refusal for an inspection and read them back. The handlers live in the inspections app, which owns the scope
of inspections (anjian.signatures sits below it and does not import it; ADR 0039). An inspection the user may not
see reads exactly like a missing one (404)."""

import base64
import binascii
from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field, StrictBool

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Id, Name, Short
from anjian.common.errors import ServiceInvalid
from anjian.common.openapi import binary
from anjian.domain.permissions import Capability
from anjian.domain.signature_rules import MAX_BYTES, NAME_MAX, NOTE_MAX, ROLES
from anjian.inspections import selectors as sel
from anjian.inspections.site_signatures import signable_document, signature_image_for
from anjian.signatures.selectors import signature_inspection_id, signatures_of
from anjian.signatures.services import Position, signature_record

router = Router(tags=["现场签名"])
DATA_URL = "data:image/png;base64,"
BASE64_MAX = 4 * -(-MAX_BYTES // 3) + len(DATA_URL)  # 300 KB of PNG in base64, with the optional data-URL head
SignerName = Annotated[Name, Field(max_length=NAME_MAX)]
Note = Annotated[Short, Field(max_length=NOTE_MAX)]
Degrees = Annotated[float, Field(allow_inf_nan=False, strict=True)]  # JSON numbers only (no text, no true)


class SignatureIn(Schema):
    """One signature drawn on the screen, or a refusal to sign (then no image and a witness)."""

    inspection_id: Id
    client_id: UUID = Field(description="设备生成的 UUID：重试上传同一记录时原样发送，服务器返回已保存的记录（200），不会重复；"
                                        "同一编号而内容不同则为 409")
    role: Literal["enterprise_head", "site_head", "officer", "witness"] = Field(
        description="签名人身份：" + "，".join(f"{k} {v}" for k, v in ROLES.items()))
    signer_name: SignerName = Field("", description="签名人姓名；执法人员签名时取其登记姓名")
    officer_id: Id | None = Field(None, description="执法人员签名时：本次检查的检查组成员")
    document_id: Id | None = Field(None, description="所签文书（本次检查的现场检查记录、现场处理措施决定书或责令限期整改"
                                                     "指令书草稿）；不填则按 kind_code，或用于本次检查签发的全部现场文书")
    kind_code: Literal["", "检记", "现决", "责改"] = ""
    refused: StrictBool = Field(False, description="拒绝签字（仅被检查单位负责人、现场负责人）：须有 witness_name，不附图像")
    witness_name: SignerName = ""
    note: Note = ""
    image_base64: str | None = Field(
        None, max_length=BASE64_MAX, pattern=r"^(data:image/png;base64,)?[A-Za-z0-9+/]*={0,2}$",
        description=f"PNG 图像的 base64（可带 {DATA_URL} 前缀）：解码后不超过 {MAX_BYTES // 1024} KB，"
                    "宽高不超过 2400×1200 像素")
    device_time: datetime = Field(description="设备上的签名时间（ISO 8601，宜带时区；不带时区按北京时间）：晚于服务器接收时间"
                                              "一天以上或早于 30 日以上的不予登记，相差 10 分钟以上的标注提示")
    latitude: Annotated[Degrees, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[Degrees, Field(ge=-180, le=180)] | None = None
    accuracy_m: Annotated[Degrees, Field(ge=0, le=100_000)] | None = None


class SignatureOut(Schema):
    id: int
    inspection_id: int
    client_id: UUID
    role: str
    role_label: str
    signer_name: str
    officer_id: int | None
    document_id: int | None
    kind_code: str
    refused: bool
    witness_name: str
    note: str
    image_sha256: str
    image_size: int | None
    image_width: int | None
    image_height: int | None
    image_url: str | None = Field(description="签名图像（PNG）的接口地址；拒绝签字时为 null")
    device_time: datetime
    received_at: datetime = Field(description="服务器接收时间")
    clock_note: str = Field(description="设备时间与服务器接收时间相差 10 分钟以上时的提示，否则为空")
    latitude: float | None
    longitude: float | None
    accuracy_m: float | None


class SignatureFilterIn(Schema):
    inspection: Id


def _float(value) -> float | None:
    return float(value) if value is not None else None


def _out(s) -> SignatureOut:
    return SignatureOut(
        id=s.pk, inspection_id=s.inspection_id, client_id=s.client_id, role=s.role, role_label=s.get_role_display(),
        signer_name=s.signer_name, officer_id=s.officer_id, document_id=s.document_id, kind_code=s.kind_code,
        refused=s.refused, witness_name=s.witness_name, note=s.note, image_sha256=s.image_sha256,
        image_size=s.image_size, image_width=s.image_width, image_height=s.image_height,
        image_url=f"/api/v1/signatures/{s.pk}/image" if s.image_sha256 else None, device_time=s.device_time,
        received_at=s.received_at, clock_note=s.clock_note, latitude=_float(s.latitude),
        longitude=_float(s.longitude), accuracy_m=_float(s.accuracy_m))


def _image(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        return base64.b64decode(text.removeprefix(DATA_URL), validate=True)
    except (binascii.Error, ValueError):
        raise ServiceInvalid(("image_base64", "签名图像的 base64 编码不正确")) from None


@router.get("/", response={200: list[SignatureOut], **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def list_signatures(request: HttpRequest, filters: Query[SignatureFilterIn]):
    """An inspection's signatures and refusals, in the order they were signed."""
    inspection = sel.inspection_get_for(request.user, filters.inspection)
    return [_out(s) for s in signatures_of(inspection)]


@router.post("/", response={200: SignatureOut, 201: SignatureOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def record_signature(request: HttpRequest, payload: SignatureIn):
    """Record a signature (201), or return the one already kept under this client_id (200)."""
    inspection = sel.inspection_get_for(request.user, payload.inspection_id)
    position = (Position(payload.latitude, payload.longitude, payload.accuracy_m)
                if payload.latitude is not None or payload.longitude is not None else None)
    if position is None and payload.accuracy_m is not None:
        raise ServiceInvalid(("accuracy_m", "定位精度须与经纬度一起提供"))
    signature, created = signature_record(
        actor=request.user, inspection=inspection, role=payload.role, device_time=payload.device_time,
        client_id=payload.client_id, image=_image(payload.image_base64), refused=payload.refused,
        signer_name=payload.signer_name, officer_id=payload.officer_id, witness_name=payload.witness_name,
        note=payload.note, document=signable_document(inspection, payload.document_id), kind_code=payload.kind_code,
        position=position)
    return (201 if created else 200), _out(signature)


@router.get("/{int:signature_id}/image", response={200: None, **ERRORS}, openapi_extra=binary("image/png"))
@api_requires(Capability.INSPECTION_VIEW)
def signature_image(request: HttpRequest, signature_id: Id):
    """The signature's PNG, for a user who may see its inspection (404 otherwise, and for a refusal)."""
    data = signature_image_for(request.user, signature_inspection_id(signature_id), signature_id)
    return HttpResponse(data, content_type="image/png")
