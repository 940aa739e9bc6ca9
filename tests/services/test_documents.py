"""Enforcement documents: numbering, issuing, freezing, corrections, voiding, rendering, scope."""

import io
import subprocess
from datetime import date

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from anjian.audit.models import AuditEvent
from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.documents.files import document_file_bytes
from anjian.documents.models import Document, DocumentKind
from anjian.documents.selectors import DocumentFilters, document_get_for, document_list_for, documents_of
from anjian.documents.services import (
    document_correct,
    document_discard,
    document_draft,
    document_issue,
    document_update_draft,
    document_void,
)
from anjian.domain.numbering import parse_number
from anjian.domain.permissions import Role
from anjian.regions.models import Agency

pytestmark = pytest.mark.django_db

INSPECTORS = [{"name": "张执法", "certificate": "41172600000001"}, {"name": "李执法", "certificate": "41172600000002"}]
PROBLEMS = [{"text": "一号车间安全出口被堵塞", "deadline": "2024-06-30"},
            {"text": "未建立事故隐患排查治理制度", "deadline": "2024-07-15"}]
REMEDY = ("如不服本指令，可以在收到本指令书之日起六十日内向泌阳县人民政府申请行政复议，"
          "或者在六个月内依法向人民法院提起行政诉讼")


def zegai(**extra):
    return {"inspection_date": "2024-06-01", "problems": PROBLEMS, "inspectors": INSPECTORS,
            "legal_basis": "《中华人民共和国安全生产法》第六十五条", **extra}


@pytest.fixture
def county():
    return Agency.objects.select_related("region").get(region_id="411726")


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER)


@pytest.fixture
def enterprise(make_enterprise):
    return make_enterprise("411726", name="泌阳县文书测试化工有限公司", address="泌阳县工业园区 1 号")


@pytest.fixture
def draft(officer, county, enterprise):
    return document_draft(actor=officer, agency=county, kind_code="责改", enterprise=enterprise, content=zegai())


def docx_text(data: bytes) -> str:
    from docx import Document as Docx

    return "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)


def test_catalog_is_loaded_by_the_migration_with_the_codes_inspections_need():
    codes = set(DocumentKind.objects.values_list("code", flat=True))
    assert {"检查", "检记", "现决", "责改", "复查", "询", "查扣", "回", "移交", "督办", "罚", "立"} <= codes
    assert DocumentKind.objects.get(code="责改").has_remedy_clause
    assert not DocumentKind.objects.get(code="询笔").numbered


@time_machine.travel("2024-06-01 10:00 +0800", tick=False)
@pytest.mark.pdf
def test_issue_numbers_and_renders_word_and_pdf(draft, officer):
    issued = document_issue(actor=officer, document=draft)
    assert issued.status == "issued"
    assert issued.number == "（泌阳）应急责改〔2024〕1号"
    assert parse_number(issued.number).seq == 1 and issued.seq == 1 and issued.year == 2024
    assert len(issued.docx_sha256) == 64 and len(issued.pdf_sha256) == 64 and len(issued.content_sha256) == 64
    word = docx_text(document_file_bytes(issued, "docx"))
    for expected in ("泌阳县应急管理局", "责令限期整改指令书", issued.number, "泌阳县文书测试化工有限公司",
                     "1. 一号车间安全出口被堵塞", "对上述第2项问题于2024年7月15日前整改完毕", REMEDY, "张执法", "41172600000002", "一式两份", "2024年6月1日"):
        assert expected in word, expected
    pdf = document_file_bytes(issued, "pdf")
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "责令限期整改指令书" in text and issued.number in text.replace("\n", "")
    assert AuditEvent.objects.filter(verb="document_issue", target_id=str(issued.pk)).exists()


@time_machine.travel("2024-12-31 10:00 +0800", tick=False)
def test_sequences_run_per_agency_kind_and_year(officer, county, enterprise, make_user):
    def issue(actor, agency, code, content):
        doc = document_draft(actor=actor, agency=agency, kind_code=code, enterprise=enterprise, content=content)
        return document_issue(actor=actor, document=doc).number

    assert issue(officer, county, "责改", zegai()) == "（泌阳）应急责改〔2024〕1号"
    assert issue(officer, county, "责改", zegai()) == "（泌阳）应急责改〔2024〕2号"
    measures = {"inspection_date": "2024-12-30", "violations": ["违章动火"], "legal_basis": "《安全生产法》",
                "measures": ["立即停止动火作业"], "inspectors": INSPECTORS}
    assert issue(officer, county, "现决", measures) == "（泌阳）应急现决〔2024〕1号"
    city = Agency.objects.get(region_id="411700")
    city_officer = make_user("411700", Role.OFFICER)
    assert issue(city_officer, city, "责改", zegai()).endswith("应急责改〔2024〕1号")
    with time_machine.travel("2025-01-02 09:00 +0800", tick=False):
        assert issue(officer, county, "责改", zegai()) == "（泌阳）应急责改〔2025〕1号"


def test_issuing_twice_is_refused_and_changes_nothing(draft, officer):
    issued = document_issue(actor=officer, document=draft)
    before = Document.objects.values().get(pk=issued.pk)
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceConflict, match="已签发，不能重复签发"):
        document_issue(actor=officer, document=draft)
    assert Document.objects.values().get(pk=issued.pk) == before
    assert AuditEvent.objects.count() == events


def test_issue_needs_two_inspectors_with_certificates_and_a_deadline_per_problem(officer, county, enterprise):
    doc = document_draft(actor=officer, agency=county, kind_code="责改", enterprise=enterprise,
                         content=zegai(inspectors=INSPECTORS[:1], problems=[{"text": "无期限的问题"}]))
    with pytest.raises(ServiceInvalid) as exc:
        document_issue(actor=officer, document=doc)
    assert "执法人员不得少于两人" in str(exc.value) and "第 1 项问题缺少整改期限" in str(exc.value)
    assert Document.objects.get(pk=doc.pk).status == "draft" and not Document.objects.get(pk=doc.pk).number


def test_an_issued_document_cannot_be_edited_by_the_service(draft, officer):
    issued = document_issue(actor=officer, document=draft)
    with pytest.raises(ServiceConflict, match="不能修改"):
        document_update_draft(actor=officer, document=issued, content=zegai(legal_basis="改过的依据"))
    assert Document.objects.get(pk=issued.pk).content["legal_basis"] == "《中华人民共和国安全生产法》第六十五条"


@pytest.mark.parametrize("sql", [
    "UPDATE documents_document SET content = '{\"x\": 1}' WHERE id = %s",
    "UPDATE documents_document SET number = 'fake' WHERE id = %s",
    "UPDATE documents_document SET status = 'draft' WHERE id = %s",
    "UPDATE documents_document SET status = 'voided', void_reason = '' WHERE id = %s",
])
def test_an_issued_document_cannot_be_edited_in_the_database(draft, officer, sql):
    issued = document_issue(actor=officer, document=draft)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [issued.pk])
    assert Document.objects.get(pk=issued.pk).number == issued.number


@pytest.mark.parametrize("void", [False, True], ids=["issued", "voided"])
def test_an_issued_or_voided_document_cannot_be_deleted_in_the_database(draft, officer, void):
    """ADR 0019: on SQLite as on PostgreSQL; a draft may still be deleted."""
    issued = document_issue(actor=officer, document=draft)
    if void:
        issued = document_void(actor=officer, document=issued, reason="误发")
    with pytest.raises(DatabaseError, match="不能删除"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_document WHERE id = %s", [issued.pk])
    assert Document.objects.filter(pk=issued.pk, number=issued.number).exists()


def test_a_draft_can_still_be_deleted_in_the_database(draft):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM documents_document WHERE id = %s", [draft.pk])
    assert not Document.objects.filter(pk=draft.pk).exists()


def test_the_database_still_lets_drafts_change_and_issued_ones_be_voided_with_a_reason(draft, officer):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE documents_document SET correction_reason = '草稿可改' WHERE id = %s", [draft.pk])
    issued = document_issue(actor=officer, document=Document.objects.get(pk=draft.pk))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE documents_document SET status = 'voided', void_reason = '误发' WHERE id = %s",
                       [issued.pk])
    assert Document.objects.get(pk=issued.pk).status == "voided"


def test_a_correction_names_the_original_and_voids_it_when_issued(draft, officer):
    original = document_issue(actor=officer, document=draft)
    correction = document_correct(actor=officer, document=original, content=zegai(legal_basis="更正后的依据"),
                                  reason="法律依据引用有误")
    assert correction.status == "draft" and correction.replaces_id == original.pk
    with pytest.raises(ServiceConflict, match="已有待签发的更正文书"):
        document_correct(actor=officer, document=original, content=zegai(), reason="再次更正")
    issued = document_issue(actor=officer, document=correction)
    original.refresh_from_db()
    assert original.status == "voided" and original.number.endswith(f"〔{original.year}〕1号")
    assert issued.number.endswith("2号") and "法律依据引用有误" in original.void_reason
    assert issued.number in original.void_reason
    assert list(original.replaced_by.values_list("pk", flat=True)) == [issued.pk]


def test_void_keeps_the_number_and_needs_a_reason(draft, officer):
    issued = document_issue(actor=officer, document=draft)
    with pytest.raises(ServiceInvalid):
        document_void(actor=officer, document=issued, reason=" ")
    voided = document_void(actor=officer, document=issued, reason="送达对象错误")
    assert voided.status == "voided" and voided.number == issued.number and voided.pdf_sha256 == issued.pdf_sha256
    with pytest.raises(ServiceConflict):
        document_void(actor=officer, document=voided, reason="再次作废")
    with pytest.raises(ServiceConflict):
        document_correct(actor=officer, document=voided, content=zegai(), reason="x")
    nxt = document_issue(actor=officer, document=document_draft(
        actor=officer, agency=voided.agency, kind_code="责改", enterprise=voided.enterprise, content=zegai()))
    assert nxt.seq == voided.seq + 1  # never reused


def test_reasons_are_bounded_and_a_void_is_one_audited_transition(draft, officer):
    issued = document_issue(actor=officer, document=draft)
    with pytest.raises(ServiceInvalid) as refused:
        document_void(actor=officer, document=issued, reason="误" * 5001)
    assert refused.value.fields == [("reason", "作废理由不得超过 5000 个字符")]
    with pytest.raises(ServiceInvalid, match="更正理由不得超过"):
        document_correct(actor=officer, document=issued, content=zegai(), reason="误" * 5001)
    voided = document_void(actor=officer, document=issued, reason="  送达对象错误 ")
    event = AuditEvent.objects.filter(verb="document_void", target_id=str(issued.pk)).get()
    assert event.payload["old"] == {"status": "issued"}
    assert event.payload["new"]["status"] == "voided" and event.payload["new"]["void_reason"] == "送达对象错误"
    assert event.payload["new"]["voided_by_id"] == officer.pk and voided.voided_by_id == officer.pk
    with pytest.raises(ServiceConflict, match="当前为“已作废”，不能变为“已作废”"):
        document_void(actor=officer, document=voided, reason="再次作废")
    assert AuditEvent.objects.filter(verb="document_void", target_id=str(issued.pk)).count() == 1


def test_discard_only_for_drafts(draft, officer):
    discarded = document_discard(actor=officer, document=draft, reason="重复制作")
    assert discarded.status == "discarded" and discarded.number == ""
    with pytest.raises(ServiceConflict):
        document_issue(actor=officer, document=discarded)


def test_draft_content_is_checked_and_normalised(officer, county, enterprise):
    with pytest.raises(ServiceInvalid, match="日期格式不正确"):
        document_draft(actor=officer, agency=county, kind_code="责改", content=zegai(inspection_date="六月一日"))
    with pytest.raises(ServiceInvalid, match="未知的文书种类"):
        document_draft(actor=officer, agency=county, kind_code="不存在", content={})
    doc = document_draft(actor=officer, agency=county, kind_code="责改", enterprise=enterprise,
                         content=zegai(inspection_date="2024年6月1日", problems="堵塞｜2024/6/30"))
    assert doc.content["inspection_date"] == "2024-06-01"
    assert doc.content["problems"] == [{"text": "堵塞", "deadline": "2024-06-30"}]


def test_county_officer_cannot_draft_for_or_see_another_county(officer, draft, make_user, make_enterprise):
    other = make_user("411721", Role.OFFICER)
    with pytest.raises(ServiceDenied):
        document_issue(actor=other, document=draft)
    with pytest.raises(ServiceDenied):
        document_draft(actor=other, agency=draft.agency, kind_code="责改", content=zegai())
    with pytest.raises(NotFound):
        document_get_for(other, draft.pk)
    assert not document_list_for(other).filter(pk=draft.pk).exists()
    city_reader = make_user("411700", Role.READ_ONLY)
    assert document_get_for(city_reader, draft.pk).pk == draft.pk
    with pytest.raises(ServiceDenied):
        document_issue(actor=city_reader, document=draft)
    elsewhere = make_enterprise("411721")
    with pytest.raises(ServiceInvalid, match="管辖范围"):
        document_draft(actor=officer, agency=draft.agency, kind_code="责改", enterprise=elsewhere, content=zegai())


def test_list_filters_and_documents_of_a_subject(officer, county, enterprise, draft):
    issued = document_issue(actor=officer, document=draft)
    subject = county.region  # any model instance works as a subject
    attached = document_draft(actor=officer, agency=county, kind_code="询", subject=subject,
                              content={"reason": "事故调查", "time": "2024年6月3日9时", "place": "本局 301 室"})
    assert list(documents_of(subject)) == [attached]
    assert attached.subject == subject
    listed = document_list_for(officer, DocumentFilters(kind="责改", status="issued", year=issued.year, q="化工"))
    assert list(listed) == [issued]
    assert list(document_list_for(officer, DocumentFilters(q=issued.number[:8]))) == [issued]
    assert not document_list_for(officer, DocumentFilters(status="voided")).exists()


@time_machine.travel("2024-06-01 10:00 +0800", tick=False)
def test_unnumbered_kind_issues_without_a_number(officer, county, enterprise):
    doc = document_draft(actor=officer, agency=county, kind_code="询笔", enterprise=enterprise,
                         content={"body": "问：你是否为该单位安全负责人？\n答：是。"})
    issued = document_issue(actor=officer, document=doc)
    assert issued.number == "" and issued.seq is None and issued.status == "issued"
    assert "答：是。" in docx_text(document_file_bytes(issued, "docx"))


@pytest.mark.pdf
def test_every_kind_renders(officer, county, enterprise):
    from anjian.documents.fields import sample_content
    from anjian.documents.rendering import render_context, render_docx, render_pdf, template_for

    for kind in DocumentKind.objects.all():
        ctx = render_context(kind=kind, agency=county, enterprise=enterprise, content=sample_content(kind.template),
                             number="（泌阳）应急X〔2024〕1号", issued_on=date(2024, 6, 1))
        assert kind.name in docx_text(render_docx(ctx, template_for(kind)[0]))
        if kind.template != "generic" or kind.code == "罚":
            assert render_pdf(kind, ctx).startswith(b"%PDF")
