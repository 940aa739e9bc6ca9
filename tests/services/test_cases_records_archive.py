"""案卷评查 and 归档: the check names what is missing, archiving is refused until it passes and nothing changed,
and an archived case never changes (services and the database trigger, on SQLite and PostgreSQL)."""

import io
from datetime import date

import pytest
from django.db import DatabaseError, transaction
from pypdf import PdfReader

from anjian.cases.models import CaseOfficer, PenaltyCase
from anjian.cases.records.case_file_pdf import case_file_pdf
from anjian.cases.records.selectors import archive_documents
from anjian.cases.records.services_archive import case_archive, case_file_check
from anjian.cases.records.services_disclosure import case_disclosure_withdraw
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.documents.services import document_discard, document_draft, document_void
from anjian.domain.case_process import ARCHIVED_FROZEN
from anjian.domain.permissions import Role
from tests.services.case_records_helpers import HOME, complete_penalty_file, issue, make_case
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture
def head(make_user):
    return make_user(HOME, Role.DEPARTMENT_HEAD)


@pytest.fixture
def closed(make_enterprise, head):
    case = make_case(make_enterprise(HOME), head)
    complete_penalty_file(head, case)
    return case


def test_a_complete_file_passes_and_lists_every_document_in_standard_order(closed, head):
    check = case_file_check(actor=head, case=closed, today=TODAY)
    assert check.findings == [] and check.passed
    assert [r["title"] for r in check.contents] == [
        "案卷（首页）", "卷内目录", "立案审批表", "询问笔录", "调查终结报告", "案件处理呈批表", "行政执法决定法制审核意见书",
        "行政处罚告知书", "行政处罚决定书", "文书送达回执", "罚款缴纳凭证", "结案审批表"]
    assert [r["start"] for r in check.contents][:3] == [1, 2, 3]
    assert all(r["start"] == p["end"] + 1 for p, r in zip(check.contents, check.contents[1:], strict=False))


def test_archiving_issues_cover_and_contents_and_freezes_the_case(closed, head):
    case_file_check(actor=head, case=closed, today=TODAY)
    case = case_archive(actor=head, case=closed, retention="30", on=TODAY, today=TODAY)
    assert case.status == "archived" and case.archived_on == TODAY and case.retention == "30"
    assert case.archive_number.startswith("（泌阳）应急案〔2026〕")
    cover, toc = archive_documents(case)
    assert cover.number == case.archive_number and cover.status == "issued" and toc.status == "issued"
    assert cover.content["cover"]["cause"] == case.cause and cover.content["cover"]["retention"] == "定期30年"
    assert toc.content["contents"][0]["number"] == case.archive_number
    assert "行政处罚决定书 （泌阳）应急罚〔2026〕" in toc.content["body"]


def test_archiving_an_incomplete_file_is_refused_naming_what_is_missing(make_enterprise, head):
    case = make_case(make_enterprise(HOME), head)
    complete_penalty_file(head, case, skip=("罚", "法审"))
    check = case_file_check(actor=head, case=case, today=TODAY)
    assert not check.passed
    assert "缺少行政处罚决定书" in check.findings and "缺少行政执法决定法制审核意见书" in check.findings
    with pytest.raises(ServiceInvalid) as exc:
        case_archive(actor=head, case=case, retention="permanent", today=TODAY)
    assert "案卷评查未通过，不能归档" in str(exc.value) and "缺少行政处罚决定书" in str(exc.value)
    assert PenaltyCase.objects.get(pk=case.pk).status == "closed"


def test_archiving_without_a_check_or_before_closing_is_refused(make_enterprise, closed, head):
    with pytest.raises(ServiceInvalid, match="尚未进行案卷评查"):
        case_archive(actor=head, case=closed, retention="10", today=TODAY)
    open_case = make_case(make_enterprise(HOME), head, status="executing")
    with pytest.raises(ServiceInvalid, match="只有已结案的案件可以归档（当前为“执行中”）"):
        case_archive(actor=head, case=open_case, retention="10", today=TODAY)
    with pytest.raises(ServiceInvalid, match="请选择保存期限"):
        case_archive(actor=head, case=closed, retention="5", today=TODAY)


def test_a_document_issued_voided_or_drafted_after_the_check_means_checking_again(closed, head):
    case_file_check(actor=head, case=closed, today=TODAY)
    extra = issue(head, closed, "勘", "现场勘验情况……")
    with pytest.raises(ServiceInvalid, match="评查后卷内文件有变动"):
        case_archive(actor=head, case=closed, retention="30", today=TODAY)
    assert case_file_check(actor=head, case=closed, today=TODAY).passed
    document_void(actor=head, document=extra, reason="误签发")
    with pytest.raises(ServiceInvalid, match="评查后卷内文件有变动"):
        case_archive(actor=head, case=closed, retention="30", today=TODAY)
    case_file_check(actor=head, case=closed, today=TODAY)
    draft = document_draft(actor=head, agency=closed.agency, kind_code="勘", enterprise=closed.enterprise,
                           subject=closed, content={"body": "补充勘验"})
    with pytest.raises(ServiceInvalid, match="尚有草稿文书未签发或废弃（勘验笔录）"):
        case_archive(actor=head, case=closed, retention="30", today=TODAY)
    document_discard(actor=head, document=draft)
    assert case_archive(actor=head, case=closed, retention="30", today=TODAY).status == "archived"


def test_an_unexplained_late_step_fails_the_check_and_an_explanation_passes_it(make_enterprise, head):
    case = make_case(make_enterprise(HOME), head, served_on=date(2026, 4, 20))  # 7 working days → 04-10
    complete_penalty_file(head, case)
    check = case_file_check(actor=head, case=case, today=TODAY)
    assert check.findings == ["送达处罚决定书超过期限（应于2026-04-13前，实际2026-04-20完成），且未说明理由"]
    check = case_file_check(actor=head, case=case, today=TODAY, explanations={"service": "当事人拒收，经留置送达"})
    assert check.passed
    assert check.findings == ["已说明：送达处罚决定书超过期限（应于2026-04-13前，实际2026-04-20完成）——当事人拒收，经留置送达"]
    assert case_archive(actor=head, case=case, retention="10", today=TODAY).status == "archived"


def test_an_unpublished_decision_must_be_published_before_archiving(make_enterprise, head):
    case = make_case(make_enterprise(HOME), head, disclosed_on=None, decided_on=date(2026, 11, 16),
                     served_on=date(2026, 11, 17), paid_on=date(2026, 11, 18), closed_on=date(2026, 11, 20))
    complete_penalty_file(head, case)
    findings = case_file_check(actor=head, case=case, today=TODAY).findings
    assert any(f.startswith("公开处罚决定尚未完成") for f in findings)


def test_who_may_check_and_archive(closed, make_user):
    with pytest.raises(ServiceDenied):
        case_file_check(actor=make_user("411721", Role.DEPARTMENT_HEAD), case=closed)
    with pytest.raises(ServiceDenied):
        case_archive(actor=make_user(HOME, Role.OFFICER), case=closed, retention="30")
    with pytest.raises(ServiceDenied, match="签发"):  # an agency leader approves but does not issue documents
        case_archive(actor=make_user(HOME, Role.AGENCY_LEADER), case=closed, retention="30")


def test_an_archived_case_never_changes(closed, head):
    case_file_check(actor=head, case=closed, today=TODAY)
    case = case_archive(actor=head, case=closed, retention="permanent", today=TODAY)
    for attempt in (lambda: case_file_check(actor=head, case=case),
                    lambda: case_archive(actor=head, case=case, retention="30"),
                    lambda: case_disclosure_withdraw(actor=head, case=case, reason="撤销")):
        with pytest.raises(ServiceInvalid, match=ARCHIVED_FROZEN):
            attempt()
    with pytest.raises(DatabaseError), transaction.atomic():
        PenaltyCase.objects.filter(pk=case.pk).update(name="改名")
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseOfficer.objects.create(case=case, officer=officer(HOME, name="钱七"), certificate_number="x")
    assert PenaltyCase.objects.get(pk=case.pk).name == closed.name


@pytest.mark.pdf
def test_the_archived_file_is_one_pdf_paginated_as_its_table_of_contents(closed, head):
    case_file_check(actor=head, case=closed, today=TODAY)
    case = case_archive(actor=head, case=closed, retention="30", today=TODAY)
    data = case_file_pdf(case, today=TODAY)
    reader = PdfReader(io.BytesIO(data))
    contents = archive_documents(case)[1].content["contents"]
    assert len(reader.pages) == contents[-1]["end"]
    stamped = [page.extract_text().split()[-1] for page in reader.pages]  # drawn last on each page
    assert stamped == [str(n) for n in range(1, len(reader.pages) + 1)]  # the stamped page numbers
    assert "案" in reader.pages[0].extract_text() and "卷内目录" in reader.pages[1].extract_text()


@pytest.mark.pdf
def test_a_case_file_of_twenty_documents_previews_before_archiving(closed, head):
    for i in range(11):
        issue(head, closed, "询笔", f"第{i + 2}次询问……")
    data = case_file_pdf(closed, today=TODAY)
    reader = PdfReader(io.BytesIO(data))
    assert "未归档" in reader.pages[0].extract_text()
    # cover, two pages of contents (23 rows), 20 one-page documents and the payment record
    assert len(reader.pages) == 1 + 2 + 20 + 1
