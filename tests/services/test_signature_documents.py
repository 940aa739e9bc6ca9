"""Issued on-site documents carry the signatures taken on site: the image, the name, the role and the time signed in
their signature blocks (Word and PDF), and "拒绝签字（见证人：X）" for a refusal. A draft made before the signing
picks them up when it is issued; the issued document is frozen with them."""

import hashlib
import io
import re
import zipfile
from datetime import date, timedelta

import pytest

from anjian.common.errors import ServiceConflict
from anjian.common.storage import SIGNATURES, stored_name
from anjian.documents.files import document_file_bytes
from anjian.documents.selectors import documents_of
from anjian.documents.services import document_issue
from anjian.inspections.services import inspection_record
from anjian.inspections.services_hazards import hazard_add
from anjian.signatures.selectors import signed_when
from anjian.signatures.services import signature_record
from tests.services.inspection_helpers import use_media
from tests.services.signature_helpers import drawn_png, new_id, now, site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_media(settings, tmp_path)


@pytest.fixture
def recorded(make_user, make_enterprise):
    """An inspection recorded with a hazard to rectify: its 现场检查记录 and 责令限期整改指令书 wait as drafts."""
    onsite = site(make_user, make_enterprise)
    hazard_add(actor=onsite.user, inspection=onsite.inspection, description="动火作业未办理审批手续",
               handling="deadline", legal_basis="《中华人民共和国安全生产法》第四十三条",
               deadline=date.today() + timedelta(days=15))
    onsite.inspection = inspection_record(actor=onsite.user, inspection=onsite.inspection, summary="检查了罐区。")
    return onsite


def sign(onsite, **kw):
    values = {"role": "enterprise_head", "signer_name": "王五", "device_time": now(), "client_id": new_id(), **kw}
    signature, _ = signature_record(actor=onsite.user, inspection=onsite.inspection, **values)
    return signature


def draft(onsite, kind: str):
    [document] = [d for d in documents_of(onsite.inspection) if d.kind_id == kind and d.status == "draft"]
    return document


def docx_parts(data: bytes) -> tuple[str, list[bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode()
        media = [docx.read(name) for name in docx.namelist() if name.startswith("word/media/")]
    xml = re.sub(r"<w:drawing>.*?</w:drawing>", "[签名图像]", xml, flags=re.S)
    return re.sub(r"<[^>]+>", "", xml), media


def pixels(png: bytes) -> bytes:
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB").tobytes()


def take_three(onsite):
    """The party's head signs, officer 张三 signs the record, the site head refuses before a witness."""
    head = sign(onsite, image=drawn_png(1), device_time=now() - timedelta(minutes=5))
    officer = sign(onsite, role="officer", officer_id=onsite.team[0].pk, image=drawn_png(2), kind_code="检记")
    refusal = sign(onsite, role="site_head", signer_name="赵六", image=None, refused=True, witness_name="李见证")
    return head, officer, refusal


def test_the_issued_record_carries_two_signatures_and_a_refusal_in_word(recorded):
    record = draft(recorded, "检记")  # drafted when the inspection was recorded, before anyone signed
    head, officer, refusal = take_three(recorded)
    issued = document_issue(actor=recorded.user, document=record)

    entries = issued.content["site_signatures"]  # frozen with the content and its SHA-256
    assert [(e["role_label"], e["name"], e["refused"]) for e in entries] == [
        ("被检查单位负责人", "王五", False), ("执法人员", "张三", False), ("现场负责人", "赵六", True)]
    text, media = docx_parts(document_file_bytes(issued, "docx"))
    assert sorted(hashlib.sha256(m).hexdigest() for m in media) == sorted([head.image_sha256, officer.image_sha256])
    assert f"被检查单位负责人（签名）：[签名图像] 王五    {signed_when(head.device_time)}" in text
    assert f"执法人员（签名）：[签名图像] 张三    {signed_when(officer.device_time)}" in text
    assert "现场负责人：赵六拒绝签字（见证人：李见证）" in text
    assert "被检查单位（当事人）负责人（签名）：" not in text  # the blank line gives way to what was signed
    [plan] = [d for d in documents_of(recorded.inspection) if d.kind_id == "检查"]
    assert "site_signatures" not in plan.content  # the inspection's other documents carry none


@pytest.mark.pdf
def test_the_issued_record_shows_the_signatures_in_its_pdf(recorded):
    from pypdf import PdfReader

    record = draft(recorded, "检记")
    head, officer, _ = take_three(recorded)
    issued = document_issue(actor=recorded.user, document=record)
    pages = PdfReader(io.BytesIO(document_file_bytes(issued, "pdf"))).pages
    text = "".join(page.extract_text() for page in pages).replace("\n", "").replace(" ", "")
    assert "被检查单位负责人（签名）：王五" in text and "执法人员（签名）：张三" in text
    assert "现场负责人：赵六拒绝签字（见证人：李见证）" in text
    assert signed_when(head.device_time) in text
    shown = {i.image.convert("RGB").tobytes() for page in pages for i in page.images}
    assert shown == {pixels(drawn_png(1)), pixels(drawn_png(2))}  # the two signatures, not the refusal


def test_each_document_carries_the_signatures_taken_for_it_and_the_latest_of_each_signer(recorded):
    sign(recorded, image=drawn_png(1), device_time=now() - timedelta(minutes=9))
    again = sign(recorded, image=drawn_png(4), device_time=now() - timedelta(minutes=1))  # 王五 signs again
    order_only = sign(recorded, role="witness", signer_name="钱见证", image=drawn_png(5), kind_code="责改")
    record = document_issue(actor=recorded.user, document=draft(recorded, "检记"))
    order = document_issue(actor=recorded.user, document=draft(recorded, "责改"))
    assert [e["id"] for e in record.content["site_signatures"]] == [again.pk]
    assert [e["id"] for e in order.content["site_signatures"]] == [again.pk, order_only.pk]
    _, media = docx_parts(document_file_bytes(order, "docx"))
    assert len(media) == 2


def test_a_signature_taken_after_issue_stays_out_of_the_frozen_document(recorded):
    issued = document_issue(actor=recorded.user, document=draft(recorded, "检记"))
    sign(recorded, image=drawn_png(1))
    issued.refresh_from_db()
    assert issued.content["site_signatures"] == []
    _, media = docx_parts(document_file_bytes(issued, "docx"))
    assert media == []


def test_an_altered_signature_image_refuses_the_issue_in_plain_words(recorded):
    from django.core.files.storage import default_storage

    head = sign(recorded, image=drawn_png(1))
    name = stored_name(SIGNATURES, head.image_sha256, "png")
    default_storage.delete(name)
    default_storage.save(name, io.BytesIO(drawn_png(9)))
    record = draft(recorded, "检记")
    with pytest.raises(ServiceConflict, match="现场签名图像与签存时记录的 SHA-256 不一致"):
        document_issue(actor=recorded.user, document=record)
    record.refresh_from_db()
    assert record.status == "draft"
