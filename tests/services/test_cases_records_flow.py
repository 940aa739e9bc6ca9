"""A case taken through the real services of every part — filing to service (core), payment and closing
(execution), disclosure, file check and archiving (records) — passes the file check as the documents come out."""

from datetime import timedelta

import pytest

from anjian.cases.core.documents import case_documents_issue_pending
from anjian.cases.execution.services import case_close, case_payment_record
from anjian.cases.records.selectors import archive_documents
from anjian.cases.records.services_archive import case_archive, case_file_check
from anjian.cases.records.services_disclosure import case_disclose
from tests.services.case_helpers import bring, world

pytestmark = pytest.mark.django_db


def test_a_case_run_through_every_step_passes_the_check_and_is_archived(make_user, make_enterprise):
    w = world(make_user, make_enterprise)
    case = bring(w, "executing")
    case_payment_record(actor=w["officer"], case=case, amount=case.fine_amount, paid_on=case.served_on + timedelta(days=3),
                        receipt_number="豫非税2026000123")
    case.refresh_from_db()
    case = case_disclose(actor=w["officer"], case=case, on=case.decided_on + timedelta(days=3))
    assert "王某某" in case.disclosure_text and "王法人" not in case.disclosure_text
    case = case_close(actor=w["head"], case=case, on=case.paid_on + timedelta(days=1), note="罚款已缴清")
    check = case_file_check(actor=w["officer"], case=case)
    assert check.findings == ["缺少行政执法决定法制审核意见书"]  # the reviewer may not issue it: it waits for an officer
    case_documents_issue_pending(actor=w["officer"], case=case)
    check = case_file_check(actor=w["officer"], case=case)
    assert check.findings == []
    titles = [r["title"] for r in check.contents]
    assert titles[:3] == ["案卷（首页）", "卷内目录", "立案审批表"]
    for title in ("询问笔录", "调查终结报告", "行政执法决定法制审核意见书", "行政处罚告知书", "行政处罚决定书", "文书送达回执",
                  "罚款缴纳凭证", "结案审批表"):
        assert title in titles
    assert titles.index("文书送达回执") > titles.index("行政处罚决定书") and titles[-1] == "结案审批表"
    case = case_archive(actor=w["head"], case=case, retention="30")
    assert case.status == "archived" and archive_documents(case)[0].number == case.archive_number
