"""A step done again after a send-back: the case's history keeps every time it was taken, and the documents issued
the first time stay issued but are shown as replaced (ADR 0031)."""

from datetime import timedelta

import pytest

from anjian.cases.core.services_investigation import case_investigation_conclude
from anjian.cases.core.services_return import case_review_return
from anjian.cases.core.services_review import case_submit_for_review
from anjian.documents.selectors import documents_of
from tests.services.case_helpers import START, bring, stub_pdf, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


def test_reconcluding_after_a_send_back_keeps_both_conclusions_and_marks_the_old_documents(client, make_user,
                                                                                              make_enterprise):
    w = world(make_user, make_enterprise)
    case = bring(w, "legal_review")
    first = case.investigated_on
    case = case_review_return(actor=w["reviewer"], case=case, reason="证据不足，请补充询问笔录")
    again = START + timedelta(days=20)
    case = case_investigation_conclude(
        actor=w["officer"], case=case, report="补充调查后，违法事实清楚。", violated_provision="《中华人民共和国安全生产法》第二十八条第一款",
        penalty_provision="《中华人民共和国安全生产法》第九十七条第（三）项", penalties=["fine"],
        proposed_fine=case.proposed_fine, on=again)
    case = case_submit_for_review(actor=w["officer"], case=case)
    client.force_login(w["officer"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    history = page.split("<h2>办理过程</h2>")[1].split("</table>")[0]
    assert f"<td>{first:%Y-%m-%d}</td><td>调查终结</td>" in history
    assert f"<td>{again:%Y-%m-%d}</td><td>调查终结</td>" in history
    assert history.count("调查终结</td>") == 2
    rows = [r.split("</td><td>")[1] for r in history.split("<tr><td>")[1:]]
    assert "法制审核退回补充调查" in rows and "法制审核" not in rows  # the returned review: once, with its reason
    reports = list(documents_of(case).filter(kind_id="终报").order_by("created_at", "id"))
    assert [d.status for d in reports] == ["issued", "issued"]
    listing = page.split("案件文书")[1]
    for old, new in ((reports[0], reports[1]),):
        old_row = listing.split(f"/documents/{old.pk}/")[0].rsplit("<tr>", 1)[1]
        new_row = listing.split(f"/documents/{new.pk}/")[0].rsplit("<tr>", 1)[1]
        assert "已被替代（退回后重新制作）" in old_row and "已被替代" not in new_row
    assert page.count("已被替代（退回后重新制作）") == 2  # the first 调查终结报告 and 案件处理呈批表
