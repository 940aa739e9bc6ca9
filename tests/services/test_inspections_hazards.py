"""Findings and evidence: deadlines, content-checked files, size limits, all-or-nothing saves."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anjian.common.errors import ServiceInvalid
from anjian.domain.permissions import Role
from anjian.inspections.models import ChecklistItem, Evidence, Hazard
from anjian.inspections.services import inspection_approve, inspection_plan, inspection_start
from anjian.inspections.services_hazards import evidence_attach, hazard_add, hazard_update
from tests.services.inspection_helpers import HOME, evidence_files, officer, photo, use_media

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def media(settings, tmp_path):
    return use_media(settings, tmp_path)


@pytest.fixture
def on_site(county_officer, make_user, make_enterprise):
    team = [officer(name="张三"), officer(name="李四")]
    inspection = inspection_plan(actor=county_officer, enterprise=make_enterprise(HOME), source="random",
                                 planned_date=TODAY, officer_ids=[o.pk for o in team])
    inspection = inspection_approve(actor=make_user(HOME, Role.DEPARTMENT_HEAD), inspection=inspection)
    return inspection_start(actor=county_officer, inspection=inspection)


def test_hazard_takes_legal_basis_from_checklist_and_status_from_handling(county_officer, on_site, media):
    item = ChecklistItem.objects.get(code="KEY-08")
    hazard = hazard_add(actor=county_officer, inspection=on_site, description="新员工未经培训上岗", handling="deadline",
                        deadline=TODAY + timedelta(days=15), checklist_item=item, photos=[(photo(), "培训记录缺失")])
    assert hazard.legal_basis == "《中华人民共和国安全生产法》第二十八条"
    assert hazard.status == "rectifying"
    evidence = hazard.evidence.get()
    assert (evidence.kind, evidence.mime_type, evidence.caption) == ("photo", "image/png", "培训记录缺失")
    assert evidence_files(media) == [evidence.sha256]
    major = hazard_add(actor=county_officer, inspection=on_site, description="涉爆粉尘除尘系统未泄爆", is_major=True,
                       handling="measures", measures=["halt", "withdraw"])
    assert (major.status, major.measure_labels()) == ("measures", ["停产", "撤人"])


def test_a_deadline_before_the_inspection_date_is_refused(county_officer, on_site, media):
    with pytest.raises(ServiceInvalid) as exc:
        hazard_add(actor=county_officer, inspection=on_site, description="x", handling="deadline",
                   deadline=TODAY - timedelta(days=1))
    assert exc.value.errors == ["整改期限不能早于检查日期"]
    assert not Hazard.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_written(county_officer, on_site, media):
    fake = SimpleUploadedFile("现场.jpg", b"this is not a jpeg at all", content_type="image/jpeg")
    with pytest.raises(ServiceInvalid, match="不是有效的图片文件"):
        hazard_add(actor=county_officer, inspection=on_site, description="x", handling="on_spot",
                   photos=[(photo(), ""), (fake, "")])
    assert not Hazard.objects.exists() and not Evidence.objects.exists()
    assert evidence_files(media) == []


def test_a_truncated_png_is_refused(county_officer, on_site, media):
    broken = SimpleUploadedFile("a.png", photo().read()[:30], content_type="image/png")
    with pytest.raises(ServiceInvalid, match="不是有效的图片文件"):
        evidence_attach(actor=county_officer, inspection=on_site, uploads=[(broken, "")])


def test_a_file_over_the_limit_is_refused(county_officer, on_site, media, settings):
    settings.ANJIAN_EVIDENCE_LIMITS = {"photo": 50}
    with pytest.raises(ServiceInvalid, match="超过照片上限"):
        evidence_attach(actor=county_officer, inspection=on_site, uploads=[(photo(), "")])
    assert not Evidence.objects.exists() and evidence_files(media) == []


def test_a_failing_hazard_save_leaves_no_evidence_rows_or_files(county_officer, on_site, media):
    boom = mock.patch("anjian.inspections.services_hazards.audit_record", side_effect=RuntimeError("boom"))
    with boom, pytest.raises(RuntimeError):
        hazard_add(actor=county_officer, inspection=on_site, description="x", handling="on_spot",
                   photos=[(photo(), "")])
    assert not Hazard.objects.exists() and not Evidence.objects.exists()
    assert evidence_files(media) == []


def test_documents_are_recognised_by_content(county_officer, on_site, media):
    pdf = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", content_type="application/pdf")
    exe = SimpleUploadedFile("整改报告.pdf.exe", b"MZ\x90\x00\x03", content_type="application/octet-stream")
    rows = evidence_attach(actor=county_officer, inspection=on_site, uploads=[(pdf, "")])
    assert rows[0].kind == "document"
    with pytest.raises(ServiceInvalid, match="不受支持"):
        evidence_attach(actor=county_officer, inspection=on_site, uploads=[(exe, "")])


def test_hazard_changes_follow_the_transition_table(county_officer, on_site):
    hazard = hazard_add(actor=county_officer, inspection=on_site, description="x", handling="measures",
                        measures=["evacuate"])
    hazard = hazard_update(actor=county_officer, hazard=hazard, description="y", handling="deadline",
                           deadline=TODAY + timedelta(days=3))
    assert (hazard.status, hazard.measures, hazard.description) == ("rectifying", [], "y")
    with pytest.raises(ServiceInvalid, match="不能改为"):
        hazard_update(actor=county_officer, hazard=hazard, description="y", handling="on_spot")
