"""Penalty cases through the pages: the list with next deadlines, a case from an unrectified hazard to service,
the step forms each role sees, and refusals shown as messages."""

from datetime import timedelta
from decimal import Decimal

import pytest

from anjian.cases.models import PenaltyCase
from anjian.domain.case_process import OWN_CASE_REVIEW
from anjian.domain.permissions import Role
from anjian.inspections.models import Hazard, Inspection
from anjian.regions.models import Agency
from tests.services.case_helpers import (
    HOME,
    OTHER,
    START,
    TODAY,
    bring,
    propose,
    stub_pdf,
    workdays_after,
    world,
)

pytestmark = pytest.mark.django_db


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


def _hazard(w):
    inspection = Inspection.objects.create(enterprise=w["enterprise"], agency=Agency.objects.get(region_id=HOME),
                                           source="annual_plan", planned_date=START - timedelta(days=30))
    for o in w["team"]:
        inspection.team.create(officer=o, certificate_number=o.certificate_number)
    return Hazard.objects.create(inspection=inspection, enterprise=w["enterprise"], description="储罐区可燃气体报警器失效",
                                 handling="deadline", deadline=START - timedelta(days=10), status="escalated")


def test_from_an_unrectified_hazard_to_service_through_the_pages(client, w):
    hazard = _hazard(w)
    client.force_login(w["officer"])
    assert "行政处罚案件" in _page(client, "/cases/")
    form = _page(client, f"/cases/new/?hazard={hazard.pk}")
    assert "储罐区可燃气体报警器失效逾期未整改" in form and "隐患逾期未整改" in form
    response = client.post("/cases/new/", {
        "enterprise_id": w["enterprise"].pk, "source": "hazard_unrectified", "cause": "可燃气体报警器失效逾期未整改",
        "facts": "复查发现仍未整改", "officer_ids": [o.pk for o in w["team"]], "hazard_ids": [hazard.pk],
        "party_kind": "unit", "inspection_id": hazard.inspection_id})
    case = PenaltyCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert list(case.hazards.all()) == [hazard] and case.inspection_id == hazard.inspection_id
    assert client.post(f"/cases/{case.pk}/file/approve/", {"on": START.isoformat()}).status_code == 403

    client.force_login(w["head"])
    assert "同意立案" in _page(client, f"/cases/{case.pk}/")
    client.post(f"/cases/{case.pk}/file/approve/", {"opinion": "同意", "on": START.isoformat()})
    case.refresh_from_db()
    assert case.status == "investigating" and case.filed_on == START

    client.force_login(w["officer"])
    client.post(f"/cases/{case.pk}/investigations/", {"kind": "inquiry", "occurred_on": (START + timedelta(days=1)).isoformat(),
                                                       "summary": "询问安全员"})
    client.post(f"/cases/{case.pk}/conclude/", {
        "report": "事实清楚", "violated_provision": "《安全生产法》第三十六条", "penalty_provision": "《安全生产法》第九十九条",
        "penalties": ["fine"], "proposed_fine": "20000", "on": (START + timedelta(days=5)).isoformat()})
    client.post(f"/cases/{case.pk}/submit/", {})
    case.refresh_from_db()
    assert case.status == "legal_review"

    client.force_login(w["reviewer"])
    assert "提交审核意见" in _page(client, f"/cases/{case.pk}/")
    client.post(f"/cases/{case.pk}/legal-review/", {"result": "pass", "opinion": "同意",
                                                     "on": (START + timedelta(days=6)).isoformat()})

    client.force_login(w["officer"])
    detail = _page(client, f"/cases/{case.pk}/")
    assert "制作并签发待办文书" in detail and "签发并送达告知书" in detail
    client.post(f"/cases/{case.pk}/documents/issue/", {})
    served = START + timedelta(days=8)
    client.post(f"/cases/{case.pk}/notify/", {"served_on": served.isoformat()})
    case.refresh_from_db()
    assert case.status == "notified"

    client.force_login(w["head"])
    until = workdays_after(served, 3)
    refused = client.post(f"/cases/{case.pk}/decide/", {"on": until.isoformat(), "fine": "20000", "summary": "罚款"},
                          follow=True).content.decode()
    assert f"陈述申辩期限至{until.isoformat()}届满，期满前不能作出处罚决定" in refused
    client.post(f"/cases/{case.pk}/decide/", {"on": (until + timedelta(days=1)).isoformat(), "fine": "20000",
                                               "summary": "罚款"})
    client.force_login(w["officer"])
    client.post(f"/cases/{case.pk}/serve/", {"on": (until + timedelta(days=2)).isoformat(), "method": "direct"})
    case.refresh_from_db()
    assert case.status == "executing"
    detail = _page(client, f"/cases/{case.pk}/")
    for text in ("行政处罚决定书", "文书送达回执", "缴纳罚款", "公开处罚决定", "/pdf", "/docx"):
        assert text in detail, text


def test_list_shows_the_next_deadline_with_its_state_and_flags_cases_undecided_too_long(client, w):
    old = bring(w, "investigating", start=TODAY - timedelta(days=120))
    fresh = bring(w, "investigating", start=TODAY - timedelta(days=5))
    client.force_login(w["reader"])
    page = _page(client, "/cases/")
    assert "作出处罚决定：" + (fresh.filed_on + timedelta(days=90)).isoformat() in page
    assert "已逾期" in page and "超期未决" in page and "未到期" in page
    only = _page(client, "/cases/?overdue=on")
    assert f"/cases/{old.pk}/" in only and f"/cases/{fresh.pk}/" not in only
    assert "共 1 起案件" in only


def test_case_page_shows_deadlines_documents_and_only_the_forms_the_user_may_use(client, w, make_user):
    case = bring(w, "notified")
    client.force_login(w["reader"])
    page = _page(client, f"/cases/{case.pk}/")
    deadlines = page.split("<h2>办案期限</h2>")[1].split("</table>")[0]
    assert "陈述申辩期满" in deadlines and "期限届满" in deadlines and "已逾期" not in deadlines
    assert "作出处罚决定" in deadlines and "未到期" in deadlines
    assert "行政处罚告知书" in page and f"/cases/{case.pk}/decide/" not in page
    assert client.post(f"/cases/{case.pk}/statement/", {"statement": "x"}).status_code == 403
    client.force_login(w["head"])
    assert "期满后方可作出决定" in _page(client, f"/cases/{case.pk}/")
    stranger = make_user(OTHER, Role.DEPARTMENT_HEAD)
    client.force_login(stranger)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.post(f"/cases/{case.pk}/decide/", {"on": TODAY.isoformat(), "summary": "x"}).status_code == 404


def test_a_reviewer_sees_why_they_may_not_review_their_own_case(client, w, make_user):
    both = make_user(HOME, Role.OFFICER, Role.LEGAL_REVIEWER)
    case = bring(w, "legal_review", case=propose(w, actor=both))
    client.force_login(both)
    page = _page(client, f"/cases/{case.pk}/")
    assert OWN_CASE_REVIEW in page and "提交审核意见" not in page
    response = client.post(f"/cases/{case.pk}/legal-review/", {"result": "pass", "opinion": "同意",
                                                                "on": TODAY.isoformat()}, follow=True)
    assert OWN_CASE_REVIEW in response.content.decode()
    assert PenaltyCase.objects.get().legal_result == ""


def test_new_case_form_refuses_a_one_officer_team_with_the_reason(client, w):
    client.force_login(w["officer"])
    response = client.post("/cases/new/", {"enterprise_id": w["enterprise"].pk, "source": "complaint",
                                           "source_note": "12350举报", "cause": "c", "facts": "f",
                                           "officer_ids": [w["team"][0].pk], "party_kind": "unit"})
    assert response.status_code == 200 and "两名以上" in response.content.decode()
    assert not PenaltyCase.objects.exists()


def test_new_case_from_another_countys_hazard_is_not_found(client, w, make_user):
    hazard = _hazard(w)
    client.force_login(make_user(OTHER, Role.OFFICER))
    assert client.get(f"/cases/new/?hazard={hazard.pk}").status_code == 404


def test_extension_and_preservation_forms_for_the_department_head(client, w):
    case = bring(w, "investigating")
    client.force_login(w["head"])
    page = _page(client, f"/cases/{case.pk}/")
    assert "批准延期" in page
    client.post(f"/cases/{case.pk}/extensions/", {"days": "30", "reason": "需要鉴定"})
    client.post(f"/cases/{case.pk}/investigations/", {"kind": "preservation", "occurred_on": TODAY.isoformat(),
                                                       "summary": "安全帽20顶"})
    page = _page(client, f"/cases/{case.pk}/")
    assert "先行登记保存处理决定（第1次）" in page and "作出处理决定" in page and "经批准延长30日" in page
    row = case.investigations.get(kind="preservation")
    client.post(f"/cases/{case.pk}/preservation/decide/", {"investigation": row.pk, "on": TODAY.isoformat(),
                                                            "decision": "解除保存"})
    row.refresh_from_db()
    assert row.preservation_decided_on == TODAY
    assert PenaltyCase.objects.get().fine_amount is None and Decimal("0") == 0


@pytest.mark.parametrize(("state", "form"), [("filing", "同意立案"), ("investigated", "提交法制审核"),
                                             ("reviewed", "签发并送达告知书"), ("hearing", "记录听证"),
                                             ("decided", "登记送达")])
def test_the_case_page_offers_the_next_step_in_each_state(client, w, state, form):
    case = bring(w, state, fine=Decimal("60000") if state == "hearing" else Decimal("30000"))
    client.force_login(w["head"] if state == "filing" else w["officer"])
    assert form in _page(client, f"/cases/{case.pk}/")
    client.force_login(w["reader"])
    page = _page(client, f"/cases/{case.pk}/")
    assert form not in page and case.name in page


def test_the_list_page_does_not_query_per_row(client, w):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(w["reader"])
    bring(w, "investigating")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/cases/").status_code == 200
        noise = ("django_session", "SAVEPOINT")  # the idle-timeout middleware refreshes the session now and then
        return len([q for q in ctx.captured_queries if not any(n in q["sql"] for n in noise)])

    queries()  # the navigation's to-do count is counted on the first page and kept until something is recorded
    one = queries()
    for state in ("filing", "notified", "decided", "executing"):
        bring(w, state)
    queries()  # recounted once: records were added
    assert queries() == one
