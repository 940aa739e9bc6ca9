"""Who signs a document and what the approval forms and remedy clauses say.

- The 签发人 is a person of the issuing agency itself holding a signing capability there — never a superior
  agency's leader; the 法制审核意见书 is signed by the legal reviewer.
- A filing approved by a leader who may not issue documents leaves the 立案审批表 draft carrying the approval
  (opinion, approver, date), signed by the approver and dated by the filing, not by the day it is issued.
- Internal forms say nothing about a copy for the party; every kind with a remedy clause names the agency's own
  government (行政复议法 2023) and a court only when one is configured.
"""

import io
from datetime import date

import pytest
import time_machine
from pypdf import PdfReader

from anjian.cases.core.documents import case_documents_issue_pending, case_documents_pending
from anjian.cases.core.services_filing import case_file_approve
from anjian.common.errors import ServiceInvalid
from anjian.documents import rendering
from anjian.documents.files import document_file_bytes
from anjian.documents.models import Document, DocumentKind
from anjian.documents.preview import document_preview_pdf
from anjian.documents.rendering import render_context, render_pdf
from anjian.documents.selectors import documents_of
from anjian.documents.services import document_draft, document_issue
from anjian.domain.permissions import Role
from anjian.regions.models import Agency
from tests.services.case_helpers import CITY, OTHER, START, bring, propose, stub_pdf, world

pytestmark = pytest.mark.django_db

ORDER = {"inspection_date": "2026-12-01",
         "problems": [{"text": "安全出口被杂物堵塞", "deadline": "2026-12-15"}],
         "legal_basis": "《中华人民共和国安全生产法》第六十五条",
         "inspectors": [{"name": "张执法", "certificate": "41172100000001"},
                        {"name": "李执法", "certificate": "41172100000002"}]}


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text().replace("\n", "") for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def xiping_order(make_user, make_enterprise):
    officer = make_user(OTHER, Role.OFFICER)
    draft = document_draft(actor=officer, agency=Agency.objects.get(region_id=OTHER), kind_code="责改",
                           content=ORDER, enterprise=make_enterprise(OTHER, name="西平县某某化工有限公司"))
    return officer, draft


def _name_signer(draft, user):
    Document.objects.filter(pk=draft.pk).update(content={**draft.content, "signer_id": user.pk, "signer": str(user)})
    draft.refresh_from_db()
    return draft


def test_a_city_leader_cannot_sign_a_county_agencys_document(make_user, xiping_order, monkeypatch):
    stub_pdf(monkeypatch)
    officer, draft = xiping_order
    city_leader = make_user(CITY, Role.AGENCY_LEADER)
    _name_signer(draft, city_leader)
    with pytest.raises(ServiceInvalid) as refused:
        document_issue(actor=officer, document=draft)
    [(field, message)] = refused.value.fields
    assert field == "signer" and f"不是{draft.agency.name}有签发权限的人员" in message
    with pytest.raises(ServiceInvalid):
        document_preview_pdf(officer, draft.pk)  # the preview names no such signer either
    own_leader = make_user(OTHER, Role.AGENCY_LEADER)
    issued = document_issue(actor=officer, document=_name_signer(draft, own_leader))
    assert issued.content["signer"] == str(own_leader)


def test_a_superior_agencys_officer_issuing_does_not_sign_for_the_county(make_user, xiping_order, monkeypatch):
    stub_pdf(monkeypatch)
    _, draft = xiping_order
    city_officer = make_user(CITY, Role.OFFICER)  # may issue over the county's region, is not of its agency
    with pytest.raises(ServiceInvalid, match="不能作为本文书的签发人"):
        document_issue(actor=city_officer, document=draft)


def test_a_legal_reviewer_signs_the_legal_review_opinion_and_nothing_else(make_user, xiping_order, monkeypatch):
    stub_pdf(monkeypatch)
    officer, draft = xiping_order
    reviewer = make_user(OTHER, Role.LEGAL_REVIEWER)
    with pytest.raises(ServiceInvalid, match="签发人"):
        document_issue(actor=officer, document=_name_signer(draft, reviewer))


def test_the_legal_review_opinion_is_signed_by_the_reviewer(make_user, make_enterprise, monkeypatch):
    stub_pdf(monkeypatch)
    w = world(make_user, make_enterprise)
    case = bring(w, "reviewed")
    [review] = [d for d in documents_of(case) if d.kind_id == "法审"] or case_documents_issue_pending(
        actor=w["officer"], case=case)[:1]
    assert review.kind_id == "法审" and review.status == "issued"
    assert review.content["signer"] == str(w["reviewer"]) and review.content["signer"] != str(w["officer"])


def test_a_leaders_filing_approval_is_in_the_waiting_draft(make_user, make_enterprise, monkeypatch):
    stub_pdf(monkeypatch)
    w = world(make_user, make_enterprise)
    case = case_file_approve(actor=w["leader"], case=propose(w), opinion="同意，抓紧调查", on=START)
    [draft] = documents_of(case).filter(kind_id="立", status="draft")
    body = draft.content["body"]
    assert "（待审批）" not in body and "审批意见：同意立案。同意，抓紧调查。" in body
    assert f"审批人：{w['leader']}" in body and f"{START.year}年{START.month}月{START.day}日" in body
    assert draft.content["signer_id"] == w["leader"].pk and draft.content["dated"] == START.isoformat()
    # the officer issuing it on the document page issues the approval, signed by the approver
    issued = document_issue(actor=w["officer"], document=draft)
    assert issued.content["signer"] == str(w["leader"]) and issued.issued_by == w["officer"]


@pytest.mark.pdf
def test_the_filing_form_prints_the_approval_date_and_no_copy_for_the_party(make_user, make_enterprise):
    w = world(make_user, make_enterprise)
    case = case_file_approve(actor=w["leader"], case=propose(w), opinion="同意立案", on=START)
    draft = documents_of(case).get(kind_id="立", status="draft")
    for pdf in (document_preview_pdf(w["officer"], draft.pk)[1],
                document_file_bytes(document_issue(actor=w["officer"], document=draft), "pdf")):
        text = "".join(_pages(pdf))
        assert f"签发人：{w['leader']}" in text and "（待审批）" not in text
        assert text.count(f"{START.year}年{START.month}月{START.day}日") >= 2  # the approval and the form's date
        assert "交被检查单位" not in text and "负责人（签名）" not in text


@pytest.mark.pdf
def test_the_closing_of_a_long_form_never_stands_alone_on_a_page():
    """However long the body, the last page holds body text and the signer, seal and date together."""
    agency = Agency.objects.get(region_id=OTHER)
    kind = DocumentKind.objects.get(code="立")
    seen_two_pages = False
    for lines in range(14, 34, 2):
        body = "\n".join(f"第{n}行：案件基本情况的记载，内容较长，用于测试分页时签名部分的位置是否与正文相连。" for n in range(1, lines + 1))
        context = render_context(kind=kind, agency=agency, enterprise=None,
                                 content={"addressee": "西平县某某公司", "body": body, "signer": "王局长",
                                          "dated": "2026-10-07"},
                                 number="（西平）应急立〔2026〕1号", issued_on=date(2026, 12, 7))
        pages = _pages(render_pdf(kind, context))
        seen_two_pages |= len(pages) > 1
        assert "签发人：王局长" in pages[-1] and "2026年10月7日" in pages[-1], lines
        assert "第" in pages[-1].split("签发人")[0], (lines, pages[-1])  # body text before the signer on its page
        assert "2026年12月7日" not in "".join(pages)
    assert seen_two_pages


@pytest.mark.parametrize("configured", [False, True])
def test_every_kind_with_a_remedy_clause_names_the_agencys_own_government(configured, monkeypatch):
    if configured:
        monkeypatch.setattr(rendering, "REMEDY_COURTS", {"411700": "驻马店市驿城区人民法院"})
    kinds = list(DocumentKind.objects.filter(has_remedy_clause=True))
    assert len(kinds) >= 6
    for region, government in (("411721", "西平县人民政府"), ("411700", "驻马店市人民政府"), ("410000", "河南省人民政府")):
        agency = Agency.objects.get(region_id=region)
        for kind in kinds:
            clause = render_context(kind=kind, agency=agency, enterprise=None, content={}, number="",
                                    issued_on=None)["remedy_clause"]
            noun = "指令" if kind.name.endswith("指令书") else "决定"
            court = "驻马店市驿城区人民法院" if configured and region == "411700" else "人民法院"
            stay = "行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外。" if "行政处罚决定书" in kind.name else ""
            assert clause == (f"如不服本{noun}，可以在收到本{noun}书之日起六十日内向{government}申请行政复议，"
                              f"或者在六个月内依法向{court}提起行政诉讼。{stay}"), (region, kind.code)
            assert "应急管理局申请" not in clause and "驻马店市人民法院" not in clause


@time_machine.travel("2025-03-12 10:00 +0800", tick=False)
def test_a_step_document_naming_a_signer_of_another_agency_is_refused_at_signer(make_user, make_enterprise,
                                                                                  monkeypatch):
    """The steps' own guard (ADR 31) keeps superiors out; behind it, a case document whose content names a city
    department head as signer is refused with field "signer" in plain words and nothing is issued."""
    from anjian.cases.core.documents import case_document_issue
    from tests.services.test_cases_execution import make_case

    stub_pdf(monkeypatch)
    case = make_case(make_enterprise("411726", name="泌阳县恒安化工有限公司"))
    city_head = make_user(CITY, Role.DEPARTMENT_HEAD)
    own_officer = make_user("411726", Role.OFFICER)
    content = {"addressee": case.party_name, "body": "延期缴纳罚款审批", "signer_id": city_head.pk,
               "signer": str(city_head)}
    with pytest.raises(ServiceInvalid) as refused:
        case_document_issue(actor=own_officer, case=case, kind_code="缴审", content=content)
    assert [field for field, _ in refused.value.fields] == ["signer"]
    assert "不能作为本文书的签发人" in str(refused.value)
    assert not documents_of(case).filter(status="issued").exists()
    own_head = make_user("411726", Role.DEPARTMENT_HEAD)
    issued = case_document_issue(actor=own_officer, case=case, kind_code="缴审",
                                 content={**content, "signer_id": own_head.pk, "signer": str(own_head)})
    assert issued.content["signer"] == str(own_head)


def test_a_filing_form_awaiting_approval_names_no_signer_and_is_not_issued(make_user, make_enterprise,
                                                                           monkeypatch):
    stub_pdf(monkeypatch)
    w = world(make_user, make_enterprise)
    case = propose(w)
    draft = documents_of(case).get(kind_id="立", status="draft")
    assert "审批意见：（待审批）" in draft.content["body"] and "signer_id" not in draft.content
    with pytest.raises(ServiceInvalid, match="审批尚未作出") as refused:
        document_issue(actor=w["officer"], document=draft)
    assert [field for field, _ in refused.value.fields] == ["signer"]
    assert not case_documents_pending(case)  # nothing for the officers to issue before the approval
    captured = {}
    monkeypatch.setattr("anjian.documents.preview.render_pdf",
                        lambda kind, context: captured.update(context) or b"%PDF-1.4 stub")
    document_preview_pdf(w["officer"], draft.pk)
    assert captured["signer"] == ""  # the preview prints no 签发人 (not the officer previewing)


def test_a_proposals_filing_form_is_not_a_draft_to_sign_in_the_officers_to_do(make_user, make_enterprise,
                                                                             monkeypatch):
    from django.utils import timezone

    from anjian.documents.todo import todo_drafts

    stub_pdf(monkeypatch)
    w = world(make_user, make_enterprise)
    case = propose(w)
    assert todo_drafts(w["officer"], timezone.localdate(), 10).items == []
    case_file_approve(actor=w["leader"], case=case, opinion="同意立案", on=START)
    [item] = todo_drafts(w["officer"], timezone.localdate(), 10).items  # now it carries the approval: issue it
    assert "立案审批表" in item.title
