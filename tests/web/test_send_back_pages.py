"""Send back (退回), step bars, entered on-site times and carried-forward values through the pages and the API."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from anjian.accounts.services import user_issue_api_token
from anjian.cases.core.services_review import case_legal_review
from anjian.cases.models import DiscretionEntry, PenaltyCase
from anjian.domain.permissions import Role
from anjian.inspections.models import Inspection
from anjian.inspections.services import inspection_approve, inspection_plan
from anjian.notices.selectors import handoffs_for
from tests.services.case_helpers import START, bring, propose, stub_pdf, world
from tests.services.inspection_helpers import HOME, officer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _current(page: str) -> str:
    return re.search(r'<li class="current" aria-current="step">([^<]+)</li>', page).group(1)


@pytest.fixture
def planned(county_officer, make_enterprise):
    team = [officer(name="张三"), officer(name="李四")]
    return inspection_plan(actor=county_officer, enterprise=make_enterprise(HOME), source="annual_plan",
                           planned_date=TODAY, officer_ids=[o.pk for o in team])


def test_an_approver_returns_a_plan_on_the_page_and_the_planner_resubmits_it(client, planned, county_officer,
                                                                              make_user):
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    client.force_login(head)
    page = _page(client, f"/inspections/{planned.pk}/")
    assert _current(page) == "审批" and "退回修改" in page and "出示证件，开始检查" not in page
    refused = client.post(f"/inspections/{planned.pk}/return/", {"reason": "改"}, follow=True).content.decode()
    assert "退回理由不少于2个字" in refused and Inspection.objects.get().status == "planned"
    client.post(f"/inspections/{planned.pk}/return/", {"reason": "检查组成员有误，请调整"})
    assert Inspection.objects.get().status == "returned"
    assert [n.text for n in handoffs_for(county_officer)] == ["检查组成员有误，请调整"]

    client.force_login(county_officer)
    page = _page(client, f"/inspections/{planned.pk}/")
    assert _current(page) == "检查方案" and "检查组成员有误，请调整" in page and "重新提交审批" in page
    assert "审批同意" not in page
    client.post(f"/inspections/{planned.pk}/resubmit/", {"planned_date": TODAY.isoformat(), "place": "甲类仓库"})
    assert Inspection.objects.get().status == "planned" and not handoffs_for(county_officer)


def test_on_site_times_are_entered_on_the_page_and_default_to_now(client, planned, county_officer, make_user):
    inspection_approve(actor=make_user(HOME, Role.DEPARTMENT_HEAD), inspection=planned)
    client.force_login(county_officer)
    page = _page(client, f"/inspections/{planned.pk}/")
    assert _current(page) == "现场检查" and 'type="datetime-local" name="started_at"' in page
    assert "完成检查并记录" not in page  # only the current step's form
    start = timezone.localtime() - timedelta(hours=2)
    client.post(f"/inspections/{planned.pk}/start/", {"started_at": start.strftime("%Y-%m-%dT%H:%M"), "place": "罐区"})
    inspection = Inspection.objects.get()
    assert timezone.localtime(inspection.started_at).strftime("%Y-%m-%d %H:%M") == start.strftime("%Y-%m-%d %H:%M")
    future = (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(f"/inspections/{planned.pk}/record/", {"summary": "未发现问题", "ended_at": future},
                          follow=True).content.decode()
    assert "检查结束时间不能晚于当前时间" in refused


def test_the_inspection_api_returns_with_a_bounded_reason(client, planned, county_officer, make_user):
    head = make_user(HOME, Role.DEPARTMENT_HEAD)
    token = user_issue_api_token(actor=head)

    def post(url, body):
        return client.post(f"/api/v1/inspections/{planned.pk}{url}", data=body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")

    assert post("/return", {}).status_code == 422
    assert post("/return", {"reason": "x" * 501}).status_code == 422
    assert post("/return", {"reason": " 改 "}).status_code == 422
    answer = post("/return", {"reason": "请补充专家"})
    assert answer.status_code == 200 and answer.json()["status"] == "returned"
    assert [r["reason"] for r in answer.json()["returns"]] == ["请补充专家"]
    assert post("/return", {"reason": "请补充专家"}).status_code == 409
    assert client.post("/api/v1/inspections/999999/return", data={"reason": "请补充专家"},
                       content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404


def test_a_case_filing_is_returned_through_the_page_and_the_api(client, w):
    case = propose(w)
    client.force_login(w["head"])
    page = _page(client, f"/cases/{case.pk}/")
    assert _current(page) == "立案" and "退回立案申请人修改" in page
    client.post(f"/cases/{case.pk}/file/return/", {"reason": "请补充现场照片"})
    assert PenaltyCase.objects.get().status == "returned"
    client.force_login(w["officer"])
    page = _page(client, f"/cases/{case.pk}/")
    assert "重新提交立案申请" in page and "请补充现场照片" in page and "同意立案" not in page
    token = user_issue_api_token(actor=w["officer"])
    answer = client.post(f"/api/v1/cases/{case.pk}/file/resubmit", data={"facts": "已补充现场照片3张。"},
                         content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200 and answer.json()["status"] == "filing"
    assert [r["step"] for r in answer.json()["returns"]] == ["立案申请退回"]
    assert not handoffs_for(w["officer"])


def test_the_legal_reviewer_sees_the_return_form_and_only_the_review_step(client, w):
    case = bring(w, "legal_review")
    client.force_login(w["reviewer"])
    page = _page(client, f"/cases/{case.pk}/")
    assert _current(page) == "法制审核" and "提交审核意见" in page and "退回补充调查" in page
    assert f'action="/cases/{case.pk}/conclude/"' not in page and f'action="/cases/{case.pk}/decide/"' not in page


def test_the_conclusion_form_starts_from_the_discretion_step(client, w):
    case = bring(w, "investigating")
    entry = DiscretionEntry.objects.filter(party_kind="unit", fine_min__isnull=False).order_by("pk").first()
    PenaltyCase.objects.filter(pk=case.pk).update(
        discretion_entry=entry, proposed_fine=entry.fine_min or Decimal("10000"),
        violated_provision=entry.legal_provision, penalty_provision=entry.penalty_basis)
    client.force_login(w["officer"])
    page = _page(client, f"/cases/{case.pk}/")
    assert _current(page) == "调查取证"
    form = page[page.index(f'action="/cases/{case.pk}/conclude/"'):]
    form = form[:form.index("</form>")]
    assert entry.penalty_basis.split("\n")[0][:20] in form
    assert f'value="{entry.fine_min or Decimal("10000")}"' in form
    assert re.search(r'<input type="checkbox" name="penalties" value="fine"[^>]*checked', form)


def test_a_reviewed_case_shows_notice_as_its_current_step(client, w):
    case = bring(w, "legal_review")
    case_legal_review(actor=w["reviewer"], case=case, result="pass", opinion="同意", on=START + timedelta(days=12))
    client.force_login(w["officer"])
    assert _current(_page(client, f"/cases/{case.pk}/")) in {"告知", "集体讨论"}


def test_the_decision_form_starts_from_the_notified_proposal_and_offers_send_back(client, w):
    case = bring(w, "notified", fine=Decimal("30000"))
    client.force_login(w["head"])
    page = _page(client, f"/cases/{case.pk}/")
    assert _current(page) == "决定"
    form = page[page.index(f'action="/cases/{case.pk}/decide/"'):]
    form = form[:form.index("</form>")]
    assert "罚款人民币30000.00元" in form and 'value="30000.00"' in form
    assert f'action="/cases/{case.pk}/decide/return/"' in page
