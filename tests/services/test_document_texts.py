"""Documents fit to sign: every kind renders (Word and the PDF's HTML) without field labels in the text ("正文：",
"法律依据："), without a doubled 经查, with the amount in words computed from the figure, and signed (签发人) by the
person who took the decision — the leader who decided the case, the leader who approved the inspection."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from docx import Document as Docx

from anjian.cases.core.documents import case_documents_issue_pending
from anjian.cases.core.services_decision import case_decide
from anjian.common.errors import ServiceInvalid
from anjian.documents.fields import sample_content
from anjian.documents.models import Document, DocumentKind
from anjian.documents.rendering import render_context, render_docx, template_for
from anjian.documents.selectors import documents_of
from anjian.documents.services import document_correct, document_draft, document_issue
from anjian.domain.permissions import Role
from anjian.inspections.services import (
    inspection_approve,
    inspection_plan,
    inspection_record,
    inspection_start,
)
from anjian.inspections.services_hazards import hazard_add
from anjian.regions.models import Agency
from tests.services.case_helpers import bring, propose, workdays_after, world
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db

LABELS = ("正文：", "法律依据：")
DOUBLED = re.compile(r"经查[^。\n]*经查")
FACTS = "经查，该单位3名从业人员未经安全生产教育和培训合格即上岗作业。"


def texts(document: Document) -> tuple[str, str]:
    """(the PDF's text from its HTML, the Word file's text) of a document as issued now."""
    context = render_context(kind=document.kind, agency=document.agency, enterprise=document.enterprise,
                             content=document.content, number=document.number or "（泌阳）应急示例〔2026〕1号",
                             issued_on=date(2026, 12, 1))
    html = render_to_string([f"documents/pdf/{document.kind.template}.html", "documents/pdf/generic.html"], context)
    html = re.sub(r"<style.*?</style>|<title>.*?</title>", "", html, flags=re.S)
    pdf_text = re.sub(r"<[^>]+>", "\n", html)
    docx = Docx(io.BytesIO(render_docx(context, template_for(document.kind)[0])))
    return pdf_text, "\n".join(p.text for p in docx.paragraphs)


def assert_fit_to_sign(document: Document) -> None:
    for text in texts(document):
        for label in LABELS:
            assert label not in text, (document.kind_id, label)
        assert not DOUBLED.search(text), (document.kind_id, DOUBLED.search(text)[0])
        assert "{{" not in text and "{%" not in text, document.kind_id


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def test_every_document_of_a_case_reads_without_labels_or_doubled_phrases(w):
    case = bring(w, "executing", fine=Decimal("60000"), case=propose(w, facts=FACTS))
    case_documents_issue_pending(actor=w["officer"], case=case)
    documents = list(documents_of(case).select_related("kind", "agency__region__parent", "enterprise"))
    assert {"立", "终报", "处呈", "法审", "罚告", "听告", "罚", "回"} <= {d.kind_id for d in documents}
    for document in documents:
        assert_fit_to_sign(document)
    decision = next(d for d in documents if d.kind_id == "罚")
    assert "罚款人民币陆万元整（¥60,000.00）" in decision.content["body"]


def test_every_kind_in_the_catalog_renders_without_labels(w):
    agency = Agency.objects.select_related("region__parent").get(region_id="411726")
    for kind in DocumentKind.objects.all():
        content = sample_content(kind.template)
        if "body" in content:
            content["body"] = f"{FACTS}\n经查，你单位存在下列违法行为：{FACTS}"
            content["legal_basis"] = "《中华人民共和国安全生产法》第六十五条"
        if "hazard" in content:
            content["hazard"] = FACTS
        document = Document(kind=kind, agency=agency, enterprise=w["enterprise"], content=content)
        pdf_text, docx_text = texts(document)
        for text in (pdf_text, docx_text):
            for label in LABELS:
                assert label not in text, (kind.code, label)
        if kind.template == "duban":
            assert not DOUBLED.search(pdf_text) and not DOUBLED.search(docx_text)
        if kind.template == "generic":  # the basis not cited in the body closes it as a sentence
            assert "依据《中华人民共和国安全生产法》第六十五条。" in pdf_text


def test_a_leaders_decision_is_signed_by_the_leader_with_the_amount_in_words_from_the_figure(w):
    case = bring(w, "notified", case=propose(w, facts=FACTS))
    on = workdays_after(case.notice_served_on, 3) + timedelta(days=1)
    case = case_decide(actor=w["leader"], case=case, on=on, fine=Decimal("30000"), summary="罚款人民币壹万伍仟元")
    case_documents_issue_pending(actor=w["officer"], case=case)
    decision = documents_of(case).get(kind_id="罚")
    assert decision.status == "issued" and decision.issued_by == w["officer"]
    assert decision.content["signer"] == str(w["leader"]) and decision.content["signer_id"] == w["leader"].pk
    body = decision.content["body"]
    assert "罚款人民币叁万元整（¥30,000.00）" in body and "壹万伍仟" not in body  # the typed words are not printed
    pdf_text, docx_text = texts(decision)
    assert f"签发人：{w['leader']}" in pdf_text and f"签发人：{w['leader']}" in docx_text
    assert str(w["officer"]) not in pdf_text.split("签发人：")[1][:20]
    assert f"{case.party_name}：" not in pdf_text  # the decision opens with 当事人：…, not a salutation as well


def test_the_filing_form_is_signed_by_its_approver(w):
    case = bring(w, "investigating")
    filing = documents_of(case).get(kind_id="立")
    assert filing.content["signer"] == str(w["head"])


def test_inspection_orders_are_signed_by_the_leader_who_approved_the_plan(make_user, make_enterprise):
    user, head = make_user("411726", Role.OFFICER), make_user("411726", Role.DEPARTMENT_HEAD)
    enterprise = make_enterprise("411726", name="泌阳县恒达化工有限公司")
    team = [officer(name="张三", number="41172600101"), officer(name="李四", number="41172600102")]
    inspection = inspection_plan(actor=user, enterprise=enterprise, source="annual_plan", planned_date=date.today(),
                                 officer_ids=[o.pk for o in team])
    inspection = inspection_approve(actor=head, inspection=inspection)
    inspection = inspection_start(actor=user, inspection=inspection, place="罐区")
    hazard_add(actor=user, inspection=inspection, description="动火作业未办理审批手续", handling="deadline",
               legal_basis="《中华人民共和国安全生产法》第四十三条", deadline=date.today() + timedelta(days=15))
    inspection_record(actor=user, inspection=inspection, summary="对罐区进行了检查。")
    docs = {d.kind.code: d for d in documents_of(inspection)}
    order = document_issue(actor=user, document=docs["责改"])
    assert order.content["signer"] == str(head) and order.issued_by == user
    record = document_issue(actor=user, document=docs["检记"])
    assert record.content["signer"] == str(user)  # the record is the officers' own
    for document in (order, record):
        assert_fit_to_sign(document)


def test_a_signer_who_may_not_sign_for_the_agency_is_refused(w, make_user):
    agency = Agency.objects.get(region_id="411726")
    stranger = make_user("411721", Role.AGENCY_LEADER)  # 西平县's leader
    content = {"body": "示例", "signer_id": stranger.pk, "signer": str(stranger)}
    draft = document_draft(actor=w["officer"], agency=agency, kind_code="指导", content=content)
    with pytest.raises(ServiceInvalid, match="不能作为本文书的签发人"):
        document_issue(actor=w["officer"], document=draft)
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.number


def test_a_decision_needs_no_typed_summary_the_amount_is_written_from_the_figure(w):
    case = bring(w, "notified", case=propose(w, facts=FACTS))
    on = workdays_after(case.notice_served_on, 3) + timedelta(days=1)
    case = case_decide(actor=w["head"], case=case, on=on, fine=Decimal("12345.60"), summary="")
    assert case.decision_summary == "罚款人民币壹万贰仟叁佰肆拾伍元陆角整（¥12,345.60）"
    decision = documents_of(case).get(kind_id="罚")
    assert decision.content["body"].count("壹万贰仟叁佰肆拾伍元陆角整") == 1
    assert decision.content["signer"] == str(w["head"])


def test_a_correction_keeps_the_original_signer(w):
    case = bring(w, "investigating")
    filing = documents_of(case).get(kind_id="立")
    content = {k: v for k, v in filing.content.items() if k not in ("signer_id", "signer")}
    correction = document_correct(actor=w["officer"], document=filing, content=content, reason="更正地址")
    issued = document_issue(actor=w["officer"], document=correction)
    assert issued.content["signer"] == str(w["head"])
