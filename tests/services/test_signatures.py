"""On-the-spot signatures: kept once per client id, refusals with a witness, checked images, frozen rows.

Run on SQLite and on PostgreSQL (DATABASE_URL): the guard against UPDATE and DELETE is each database's own trigger.
"""

import struct
import zlib
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from anjian.audit.guard import guards_missing
from anjian.audit.models import AuditEvent
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.common.storage import SIGNATURES, stored_names
from anjian.domain.permissions import Role
from anjian.domain.signature_rules import PNG_MAGIC, REFUSAL_NEEDS_WITNESS
from anjian.inspections.services import inspection_close, inspection_record
from anjian.signatures.guard_sql import FROZEN
from anjian.signatures.images import signature_image
from anjian.signatures.models import Signature
from anjian.signatures.services import CLIENT_ID_TAKEN, NOT_OPEN, Position, signature_record
from tests.services.inspection_helpers import OTHER, officer, use_media
from tests.services.signature_helpers import drawn_png, new_id, now, site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_media(settings, tmp_path)


@pytest.fixture
def onsite(make_user, make_enterprise):
    return site(make_user, make_enterprise)


def sign(onsite, **kw):
    values = {"role": "enterprise_head", "signer_name": "王五", "image": drawn_png(1), "device_time": now(),
              "client_id": new_id(), **kw}
    return signature_record(actor=onsite.user, inspection=onsite.inspection, **values)


def stored() -> list[str]:
    return sorted(name.rsplit("/", 1)[-1] for name in stored_names(SIGNATURES))


def test_a_signature_is_kept_with_its_image_times_position_and_audit_event(onsite):
    image = drawn_png(1)
    signed_at = now() - timedelta(minutes=3)
    signature, created = sign(onsite, image=image, device_time=signed_at,
                              position=Position(32.72, 113.32, 8.5))
    assert created and signature.role == "enterprise_head" and signature.signer_name == "王五"
    assert signature.device_time == signed_at and signature.received_at >= signed_at
    assert signature.clock_note == ""  # 3 minutes apart: no flag
    assert (signature.image_width, signature.image_height, signature.image_size) == (300, 120, len(image))
    assert str(signature.latitude) == "32.720000" and str(signature.accuracy_m) == "8.5"
    assert stored() == [f"{signature.image_sha256}.png"]
    assert signature_image(signature) == image
    event = AuditEvent.objects.get(verb="signature_record")
    assert event.target_id == str(signature.pk) and event.payload["new"]["image_sha256"] == signature.image_sha256


def test_a_retried_upload_returns_the_record_already_kept_and_writes_nothing(onsite):
    client_id, signed_at = new_id(), now()
    first, created = sign(onsite, client_id=client_id, device_time=signed_at)
    again, created_again = sign(onsite, client_id=str(client_id), device_time=signed_at)
    assert created and not created_again and again.pk == first.pk
    assert Signature.objects.count() == 1 and AuditEvent.objects.filter(verb="signature_record").count() == 1


def test_a_retry_that_loses_the_race_to_the_first_upload_returns_the_first(onsite, monkeypatch):
    import anjian.signatures.services as services

    client_id, signed_at = new_id(), now()
    first, _ = sign(onsite, client_id=client_id, device_time=signed_at)
    real = services._kept
    seen = []

    def unseen_at_first(c):  # the first upload commits between this retry's lookup and its insert
        seen.append(c)
        return real(c) if len(seen) > 1 else None

    monkeypatch.setattr(services, "_kept", unseen_at_first)
    again, created = sign(onsite, client_id=client_id, device_time=signed_at)  # not seen before the insert
    assert not created and again.pk == first.pk and len(seen) == 2
    assert Signature.objects.count() == 1 and AuditEvent.objects.filter(verb="signature_record").count() == 1


def test_the_same_client_id_with_other_content_is_a_conflict(onsite):
    client_id, signed_at = new_id(), now()
    sign(onsite, client_id=client_id, device_time=signed_at)
    for changed in ({"image": drawn_png(2)}, {"signer_name": "赵六"}, {"device_time": signed_at + timedelta(seconds=1)},
                    {"role": "site_head"}, {"position": Position(32.7, 113.3)}):
        with pytest.raises(ServiceConflict, match=CLIENT_ID_TAKEN):
            sign(onsite, **{"client_id": client_id, "device_time": signed_at, **changed})
    assert Signature.objects.count() == 1 and len(stored()) == 1


def test_a_refusal_needs_a_witness_and_is_kept_without_an_image(onsite):
    with pytest.raises(ServiceInvalid) as refused:
        sign(onsite, image=None, refused=True, witness_name="  ")
    assert ("witness_name", REFUSAL_NEEDS_WITNESS) in refused.value.fields
    refusal, _ = sign(onsite, image=None, refused=True, witness_name="李见证", note="当场拒绝在记录上签字")
    assert refusal.refused and refusal.witness_name == "李见证" and refusal.image_sha256 == ""
    assert stored() == []


def test_an_officer_signs_only_from_the_team_and_under_their_own_name(onsite):
    outsider = officer(name="周七")
    with pytest.raises(ServiceInvalid, match="不是本次检查的检查组成员"):
        sign(onsite, role="officer", officer_id=outsider.pk, signer_name="")
    signature, _ = sign(onsite, role="officer", officer_id=onsite.team[0].pk, signer_name="别的名字")
    assert signature.officer_id == onsite.team[0].pk and signature.signer_name == "张三"


def test_the_inspection_takes_signatures_under_way_and_recorded_not_before_nor_after(make_user, make_enterprise):
    early = site(make_user, make_enterprise, start=False)
    with pytest.raises(ServiceConflict, match=NOT_OPEN):
        sign(early)
    late = site(make_user, make_enterprise)
    late.inspection = inspection_record(actor=late.user, inspection=late.inspection, summary="检查了罐区。")
    sign(late)  # recorded: the documents are drafted, signatures are taken before they are issued
    late.inspection = inspection_close(actor=late.user, inspection=late.inspection)
    with pytest.raises(ServiceConflict, match=NOT_OPEN):
        sign(late)
    assert Signature.objects.count() == 1


def test_only_users_who_may_edit_the_inspection_record_signatures(onsite, make_user):
    for outsider in (make_user(OTHER, Role.OFFICER), make_user("411726", Role.READ_ONLY)):
        with pytest.raises(ServiceDenied):
            signature_record(actor=outsider, inspection=onsite.inspection, role="enterprise_head", signer_name="王五",
                             image=drawn_png(), device_time=now(), client_id=new_id())
    assert not Signature.objects.exists()


def ihdr(width: int, height: int) -> bytes:
    body = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return PNG_MAGIC + struct.pack(">I", 13) + b"IHDR" + body + struct.pack(">I", zlib.crc32(b"IHDR" + body))


def test_images_are_checked_before_they_are_decoded(onsite, monkeypatch):
    from PIL import Image

    def no_decoding(*args, **kwargs):
        raise AssertionError("decoded before the checks")

    monkeypatch.setattr(Image, "open", no_decoding)
    for data, reason in ((b"\xff\xd8\xff\xe0" + b"\0" * 200, "PNG 格式"), (ihdr(5000, 100), "2400×1200"),
                         (ihdr(0, 100), "2400×1200"), (ihdr(300, 120) + b"\0" * 300 * 1024, "300 KB")):
        with pytest.raises(ServiceInvalid, match=reason):
            sign(onsite, image=data)
    assert not Signature.objects.exists() and stored() == []


def test_a_png_whose_pixels_do_not_decode_is_refused(onsite):
    good = drawn_png(3)
    with pytest.raises(ServiceInvalid, match="不是有效的 PNG 图片"):
        sign(onsite, image=good[:-40])  # IHDR intact, the pixel data cut short
    with pytest.raises(ServiceInvalid, match="不是有效的 PNG 图片"):
        sign(onsite, image=ihdr(300, 120) + b"\0" * 64)


def test_the_device_time_is_refused_far_off_and_flagged_beyond_ten_minutes(onsite):
    with pytest.raises(ServiceInvalid, match="晚于服务器接收时间一天以上"):
        sign(onsite, device_time=now() + timedelta(days=2))
    with pytest.raises(ServiceInvalid, match="30 日以上"):
        sign(onsite, device_time=now() - timedelta(days=31))
    offline, _ = sign(onsite, device_time=now() - timedelta(hours=5))
    assert offline.clock_note.startswith("设备时间早于服务器接收时间 5 小时")


def test_a_failed_save_leaves_neither_row_nor_file(onsite, monkeypatch):
    import anjian.signatures.services as services

    def broken(**kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(services, "audit_record", broken)
    with pytest.raises(RuntimeError):
        sign(onsite)
    assert not Signature.objects.exists() and stored() == []


def test_a_signature_for_an_issued_document_is_refused(onsite):
    from anjian.documents.selectors import documents_of
    from anjian.documents.services import document_issue

    onsite.inspection = inspection_record(actor=onsite.user, inspection=onsite.inspection, summary="检查了罐区。")
    [record] = [d for d in documents_of(onsite.inspection) if d.kind_id == "检记"]
    signature, _ = sign(onsite, document=record)
    assert signature.document_id == record.pk and signature.kind_code == "检记"
    document_issue(actor=onsite.user, document=record)
    with pytest.raises(ServiceConflict, match="签名须在签发前采集"):
        sign(onsite, document=record)


def test_signatures_are_frozen_against_update_and_delete_in_the_database(onsite):
    signature, _ = sign(onsite)
    assert guards_missing() == []
    for sql in ("UPDATE signatures_signature SET signer_name = 'X' WHERE id = %s",
                "UPDATE signatures_signature SET refused = refused WHERE id = %s",
                "DELETE FROM signatures_signature WHERE id = %s"):
        with pytest.raises(DatabaseError, match=FROZEN), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [signature.pk])
    with pytest.raises(DatabaseError, match=FROZEN), transaction.atomic():
        Signature.objects.filter(pk=signature.pk).update(note="改过")
    with pytest.raises(DatabaseError, match=FROZEN), transaction.atomic():
        Signature.objects.filter(pk=signature.pk).delete()
    assert Signature.objects.get(pk=signature.pk).signer_name == "王五"
