"""Files go through Django's storage API (ADR 0034): no code builds paths under MEDIA_ROOT, and evidence, uploads
and documents work on any storage — here Django's InMemoryStorage, whatever the suite runs with."""

import re
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anjian.common.storage import (
    DOCUMENTS,
    EVIDENCE,
    IMPORTS,
    StoredFileProblem,
    keep_bytes,
    read_verified,
    stored_names,
)
from anjian.common.tabular import store_upload
from anjian.documents.models import Document
from anjian.documents.services import document_draft, document_issue
from anjian.domain.permissions import Role
from anjian.inspections.evidence import evidence_open
from anjian.inspections.models import Evidence
from anjian.inspections.services import inspection_approve, inspection_plan, inspection_start
from anjian.inspections.services_hazards import hazard_add
from anjian.regions.models import Agency
from tests.services.inspection_helpers import HOME, officer, png_bytes
from tests.services.test_documents import zegai

ANJIAN = Path(__file__).resolve().parents[2] / "anjian"
TODAY = timezone.localdate()


def test_no_code_under_anjian_builds_paths_under_media_root():
    offenders = [str(p.relative_to(ANJIAN)) for p in ANJIAN.rglob("*.py")
                 if re.search(r"MEDIA_ROOT|MEDIA_URL", p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.fixture
def memory(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    assert isinstance(storages["default"], InMemoryStorage)
    return storages["default"]


@pytest.fixture
def on_site(county_officer, make_user, make_enterprise):
    team = [officer(name="张三"), officer(name="李四")]
    inspection = inspection_plan(actor=county_officer, enterprise=make_enterprise(HOME), source="random",
                                 planned_date=TODAY, officer_ids=[o.pk for o in team])
    inspection = inspection_approve(actor=make_user(HOME, Role.DEPARTMENT_HEAD), inspection=inspection)
    return inspection_start(actor=county_officer, inspection=inspection)


@pytest.mark.django_db
def test_evidence_round_trips_through_in_memory_storage(memory, county_officer, on_site):
    png = png_bytes()
    hazard = hazard_add(actor=county_officer, inspection=on_site, description="消防通道堵塞", handling="deadline",
                        deadline=TODAY + timedelta(days=10),
                        photos=[(SimpleUploadedFile("通道.png", png, content_type="image/png"), "")])
    evidence = hazard.evidence.get()
    assert list(stored_names(EVIDENCE)) == [f"evidence/{evidence.sha256}"]
    with evidence_open(evidence) as fh:
        assert fh.read() == png


@pytest.mark.django_db
def test_a_failed_save_leaves_no_rows_and_no_stored_files(memory, county_officer, on_site):
    photo = SimpleUploadedFile("通道.png", png_bytes(), content_type="image/png")
    with mock.patch("anjian.inspections.services_hazards.audit_record", side_effect=RuntimeError("boom")), \
            pytest.raises(RuntimeError):
        hazard_add(actor=county_officer, inspection=on_site, description="x", handling="on_spot", photos=[(photo, "")])
    assert not Evidence.objects.exists() and list(stored_names(EVIDENCE)) == []


def test_an_upload_is_stored_once_under_its_sha256_and_read_back_through_a_local_copy(memory):
    body = "统一社会信用代码,名称\n91411726MA00000001,测试\n".encode()
    first = store_upload(SimpleUploadedFile("单位.csv", body), max_bytes=None)
    again = store_upload(SimpleUploadedFile("另一个名字.csv", body), max_bytes=None)
    assert first.stored_name == again.stored_name == f"imports/{first.sha256}.csv"
    assert list(stored_names(IMPORTS)) == [first.stored_name]
    with first.local() as path:
        assert path.read_bytes() == body
    assert not path.exists()  # the local copy is temporary


def test_a_stored_file_whose_bytes_changed_is_refused_in_plain_words(memory):
    keep_bytes("documents/" + "0" * 64 + ".pdf", b"%PDF-1.7 tampered")
    with pytest.raises(StoredFileProblem, match="可能已被篡改"):
        read_verified("documents/" + "0" * 64 + ".pdf", "0" * 64, "文书 PDF")
    with pytest.raises(StoredFileProblem, match="找不到"):
        read_verified("documents/" + "1" * 64 + ".pdf", "1" * 64, "文书 PDF")


@pytest.mark.django_db
@time_machine.travel("2024-06-01 10:00 +0800", tick=False)
def test_an_issued_document_is_stored_by_its_sha256_and_a_tampered_file_is_refused(memory, client, make_user,
                                                                                    make_enterprise):
    officer = make_user(HOME, Role.OFFICER)
    agency = Agency.objects.get(region_id=HOME)
    draft = document_draft(actor=officer, agency=agency, kind_code="责改", enterprise=make_enterprise(HOME),
                           content=zegai())
    issued = document_issue(actor=officer, document=draft)
    assert sorted(stored_names(DOCUMENTS)) == sorted([f"documents/{issued.docx_sha256}.docx",
                                                      f"documents/{issued.pdf_sha256}.pdf"])
    client.force_login(officer)
    answer = client.get(f"/documents/{issued.pk}/pdf")
    assert answer.status_code == 200 and answer["X-Content-SHA256"] == issued.pdf_sha256
    assert b"".join(answer.streaming_content if answer.streaming else [answer.content]) == \
        read_verified(f"documents/{issued.pdf_sha256}.pdf", issued.pdf_sha256)

    name = f"documents/{issued.pdf_sha256}.pdf"
    memory.delete(name)
    memory.save(name, ContentFile(b"%PDF-1.7 altered"))
    refused = client.get(f"/documents/{issued.pk}/pdf")
    assert refused.status_code == 400
    assert "可能已被篡改" in refused.content.decode()


@pytest.mark.django_db
def test_a_failed_issue_leaves_no_stored_file(memory, make_user, make_enterprise):
    officer = make_user(HOME, Role.OFFICER)
    draft = document_draft(actor=officer, agency=Agency.objects.get(region_id=HOME), kind_code="责改",
                           enterprise=make_enterprise(HOME), content=zegai())
    with mock.patch("anjian.documents.services.audit_record", side_effect=RuntimeError("boom")), \
            pytest.raises(RuntimeError):
        document_issue(actor=officer, document=draft)
    assert list(stored_names(DOCUMENTS)) == []
    assert Document.objects.get(pk=draft.pk).status == "draft"
