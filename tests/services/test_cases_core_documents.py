"""Who issues the documents of a case: the step's actor when they may issue documents; otherwise the documents
wait on the case and a case officer issues them, numbered from the counter, with the approval in them."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest

from anjian.cases.core.documents import case_documents_issue_pending, case_documents_pending
from anjian.cases.core.services_decision import case_decide
from anjian.cases.core.services_filing import case_file_approve
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.documents.files import document_file_bytes
from anjian.documents.selectors import documents_of
from tests.services.case_helpers import START, bring, kinds_of, propose, stub_pdf, workdays_after, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def test_a_leaders_approval_leaves_the_filing_form_for_the_officers_to_issue(w, monkeypatch):
    stub_pdf(monkeypatch)
    case = case_file_approve(actor=w["leader"], case=propose(w), opinion="同意，抓紧调查", on=START)
    assert case.status == "investigating"
    pending = case_documents_pending(case)
    assert [d.kind_id for d in pending.drafts] == ["立"] and pending.missing == []
    with pytest.raises(ServiceDenied):
        case_documents_issue_pending(actor=w["leader"], case=case)
    with pytest.raises(ServiceDenied):
        case_documents_issue_pending(actor=w["reader"], case=case)
    issued = case_documents_issue_pending(actor=w["officer"], case=case)
    assert [d.kind_id for d in issued] == ["立"] and issued[0].number.startswith("（泌阳）应急立〔")
    assert f"审批人：{w['leader']}" in issued[0].content["body"] and "同意，抓紧调查" in issued[0].content["body"]
    assert not case_documents_pending(case)
    with pytest.raises(ServiceInvalid, match="没有待制作或待签发的文书"):
        case_documents_issue_pending(actor=w["officer"], case=case)


def test_review_and_leader_decision_documents_are_made_later_with_the_reviewers_opinion(w, monkeypatch):
    stub_pdf(monkeypatch)
    case = bring(w, "notified")
    on = workdays_after(case.notice_served_on, 3) + timedelta(days=1)
    case = case_decide(actor=w["leader"], case=case, on=on, fine=Decimal("30000"), summary="罚款人民币叁万元")
    assert case.status == "decided"
    assert case_documents_pending(case).missing == ["法审", "罚"]
    issued = case_documents_issue_pending(actor=w["officer"], case=case)
    assert [d.kind_id for d in issued] == ["法审", "罚"]
    review = issued[0].content["body"]
    assert "审核结论：同意" in review and f"法制审核人员：{w['reviewer']}" in review
    numbers = [d.number for d in documents_of(case).filter(kind_id="罚")]
    assert numbers == ["（泌阳）应急罚〔2026〕1号"]


def test_every_step_of_a_department_heads_case_issues_its_documents_at_once(w, monkeypatch):
    stub_pdf(monkeypatch)
    case = bring(w, "executing", fine=Decimal("60000"))
    assert kinds_of(case) == ["立", "询笔", "终报", "处呈", "罚集", "罚告", "听告", "听通", "听笔", "听报", "罚", "回"]
    assert case_documents_pending(case).missing == ["法审"]  # the legal reviewer's opinion, made by an officer


@pytest.mark.pdf
def test_the_rendered_decision_reads_like_the_standard_document(w):
    """Real Word and PDF rendering: the decision names the facts, the provisions, the fine in capital numerals,
    the payment period and surcharge, and the remedy clause (复议 60 日 / 诉讼 6 个月)."""
    from docx import Document as Docx
    from pypdf import PdfReader

    from anjian.documents.models import Document

    case = bring(w, "decided")
    decision = documents_of(case).get(kind_id="罚")
    pdf = document_file_bytes(Document.objects.get(pk=decision.pk), "pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    for expected in ("行政处罚决定书", "罚款人民币叁万元整", "15日内", "百分之三", "六十日内", "六个月内", "泌阳县应急管理局"):
        assert expected in text, expected
    docx = document_file_bytes(Document.objects.get(pk=decision.pk), "docx")
    words = "\n".join(p.text for p in Docx(io.BytesIO(docx)).paragraphs)
    assert "第二十八条第一款" in words and "加处罚款" in words and "行政复议" in words
