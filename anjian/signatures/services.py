"""Recording an on-the-spot signature (现场签名) or a refusal to sign. One transaction, audited; never updated.

`signature_record` is the one door, for the inspection page, the API and the phone app's sync alike. The
caller passes an inspection it fetched through the inspections app's scoped selector (this app sits below
inspections and does not import it); the service still checks the actor may edit inspections of the inspecting
agency, the inspection's state, the officer's place on its team and, when a document is named, that it is a
draft of this inspection (ADR 0039).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.apps import apps
from django.db import IntegrityError, transaction
from django.utils import timezone

from anjian.accounts.access import can
from anjian.audit.services import audit_record, model_snapshot
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Capability
from anjian.domain.signature_rules import (
    DOCUMENT_KINDS,
    clock_problem,
    gps_problems,
    signer_problems,
)
from anjian.signatures.images import CheckedImage, image_checked, image_discard, image_keep
from anjian.signatures.models import Signature

# An inspection takes signatures while under way and once recorded (its documents drafted, not yet all issued);
# not before it starts, and not once closed or cancelled (ADR 0039).
OPEN_STATUSES = frozenset({"in_progress", "recorded"})
NOT_OPEN = "只有实施中或已记录（尚未办结）的检查可以采集现场签名"
CLIENT_ID_TAKEN = "该客户端编号已用于另一条内容不同的签名记录，请勿重复使用同一编号"
SIX, ONE = Decimal("0.000001"), Decimal("0.1")
# what a retried upload must repeat exactly to be the same signature
SAME = ("inspection_id", "document_id", "kind_code", "role", "officer_id", "signer_name", "refused", "witness_name",
        "note", "image_sha256", "device_time", "latitude", "longitude", "accuracy_m")


@dataclass(frozen=True)
class Position:
    """Where the device was (WGS-84 degrees), and how sure it was (metres), when the officer allowed it."""

    latitude: float
    longitude: float
    accuracy_m: float | None = None


def _decimal(value, step: Decimal, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise ServiceInvalid((field, "定位数值无效")) from None


def _aware(moment: datetime) -> datetime:
    """A device time without a zone is local time."""
    if not isinstance(moment, datetime):
        raise ServiceInvalid(("device_time", "请提供签名时的设备时间"))
    if timezone.is_aware(moment):
        return moment
    try:
        return timezone.make_aware(moment)
    except (OverflowError, ValueError):
        raise ServiceInvalid(("device_time", "设备时间超出可登记的范围")) from None


def _on_team(inspection, officer_id: int | None) -> str | None:
    """The officer's name when they are on the inspection's team (InspectionOfficer rows), else None."""
    if officer_id is None:
        return None
    member = (apps.get_model("inspections", "InspectionOfficer").objects
              .filter(inspection_id=inspection.pk, officer_id=officer_id).select_related("officer").first())
    return member.officer.name if member is not None else None


def _document_problem(inspection, document, kind_code: str) -> str | None:
    """Why a signature cannot be taken for this document: it must be a draft on-site document of this inspection."""
    inspection_type = apps.get_model("contenttypes", "ContentType").objects.get_for_model(type(inspection))
    if document.subject_type_id != inspection_type.pk or document.subject_id != inspection.pk:
        return "所选文书不属于本次检查"
    if document.kind_id not in DOCUMENT_KINDS:
        return "现场签名只用于现场检查记录、现场处理措施决定书和责令限期整改指令书"
    if kind_code and kind_code != document.kind_id:
        return "文书种类与所选文书不一致"
    if document.status != "draft":
        return "该文书已签发或已作废，签名须在签发前采集；如需补签请制作更正文书"
    return None


def _refuse_unless_may_sign(actor, inspection) -> None:
    if not can(actor, Capability.INSPECTION_EDIT, inspection.agency.region_id):
        raise ServiceDenied("您无权为该检查采集现场签名")


def _same(existing: Signature, wanted: dict) -> bool:
    return all(getattr(existing, key) == wanted[key] for key in SAME)


def signature_record(*, actor, inspection, role: str, device_time: datetime, client_id: uuid.UUID | str,
                     image: bytes | None = None, refused: bool = False, signer_name: str = "",
                     officer_id: int | None = None, witness_name: str = "", note: str = "", document=None,
                     kind_code: str = "", position: Position | None = None) -> tuple[Signature, bool]:
    """Record one signature, or one refusal to sign, taken on site for ``inspection``. Returns (signature, created).

    - ``image``: the PNG bytes drawn on the screen (checked before decoding: PNG, ≤ 300 KB, ≤ 2400×1200), or None
      with ``refused=True`` — then ``witness_name`` is required (and ``note`` may say more).
    - ``role``: enterprise_head 被检查单位负责人, site_head 现场负责人, officer 执法人员 (``officer_id``: a member of
      the inspection's team; the name is the officer's), witness 见证人. Only the party's roles may refuse.
    - ``document`` (a draft 现场检查记录 / 现场处理措施决定书 / 责令限期整改指令书 of this inspection) and/or ``kind_code``
      (检记 / 现决 / 责改) say what was signed; neither: every on-site document issued from this inspection.
    - ``device_time``: when it was signed, by the device's clock (a time without zone is local time); the server's
      receipt time is recorded beside it. Refused when more than a day later or 30 days earlier than the receipt.
    - ``position``: the device's GPS position, when the officer allowed it.
    - ``client_id``: a UUID the device made for this record. A retried upload with the same id and the same
      content returns the record already kept (created False) and writes nothing; the same id with different
      content is a ServiceConflict.

    Refusals: ServiceInvalid (each reason at its field), ServiceDenied (the actor may not edit inspections of the
    inspecting agency), ServiceConflict (the inspection is not under way or just recorded, the document is no
    longer a draft, or the client id is taken by other content).
    """
    try:
        client_id = client_id if isinstance(client_id, uuid.UUID) else uuid.UUID(str(client_id))
    except ValueError:
        raise ServiceInvalid(("client_id", "客户端编号须为 UUID")) from None
    _refuse_unless_may_sign(actor, inspection)
    received_at = timezone.now()
    device_time = _aware(device_time)
    checked: CheckedImage | None = image_checked(image) if image is not None else None
    signer_name, witness_name, note = signer_name.strip(), witness_name.strip(), note.strip()
    officer_name = _on_team(inspection, officer_id)
    problems = signer_problems(role=role, signer_name=signer_name, refused=refused, witness_name=witness_name,
                               has_image=checked is not None, officer_given=officer_id is not None,
                               officer_on_team=officer_name is not None, kind_code=kind_code, note=note)
    problem = clock_problem(device_time, received_at)
    if problem:
        problems.append(("device_time", problem))
    latitude, longitude, accuracy = (position.latitude, position.longitude, position.accuracy_m) if position \
        else (None, None, None)
    problems += gps_problems(latitude, longitude, accuracy)
    if problems:
        raise ServiceInvalid(problems)
    wanted = {
        "inspection_id": inspection.pk, "document_id": document.pk if document is not None else None,
        "kind_code": kind_code or (document.kind_id if document is not None else ""), "role": role,
        "officer_id": officer_id, "signer_name": officer_name if role == "officer" else signer_name,
        "refused": refused, "witness_name": witness_name, "note": note,
        "image_sha256": checked.sha256 if checked else "", "device_time": device_time,
        "latitude": _decimal(latitude, SIX, "latitude"), "longitude": _decimal(longitude, SIX, "longitude"),
        "accuracy_m": _decimal(accuracy, ONE, "accuracy_m"),
    }
    existing = _kept(client_id)
    if existing is not None:
        return _retried(existing, wanted)
    created_file = False
    try:
        with transaction.atomic():
            status = type(inspection).objects.select_for_update().filter(pk=inspection.pk) \
                .values_list("status", flat=True).first()
            if status not in OPEN_STATUSES:
                raise ServiceConflict(NOT_OPEN)
            if document is not None:
                document = type(document).objects.select_for_update().get(pk=document.pk)
                problem = _document_problem(inspection, document, kind_code)
                if problem:
                    raise ServiceConflict(problem) if document.status != "draft" else ServiceInvalid(("document", problem))
            try:
                with transaction.atomic():
                    signature = Signature.objects.create(
                        client_id=client_id, received_at=received_at, recorded_by=actor,
                        image_size=checked.size if checked else None, image_width=checked.width if checked else None,
                        image_height=checked.height if checked else None, **wanted)
            except IntegrityError:  # the same upload, retried while the first was being saved, won the race
                raced = _kept(client_id)
                if raced is None:
                    raise
                return _retried(raced, wanted)
            if checked is not None:
                created_file = image_keep(checked)
            audit_record(actor=actor, agency=inspection.agency, verb="signature_record", target=signature,
                         new=model_snapshot(signature), extra={"inspection": inspection.pk})
    except BaseException:
        if created_file:
            image_discard(checked.sha256)
        raise
    return signature, True


def _kept(client_id: uuid.UUID) -> Signature | None:
    return Signature.objects.filter(client_id=client_id).first()


def _retried(existing: Signature, wanted: dict) -> tuple[Signature, bool]:
    if not _same(existing, wanted):
        raise ServiceConflict(CLIENT_ID_TAKEN)
    return existing, False
