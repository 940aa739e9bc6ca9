"""The core case API (/api/v1/cases): list with next deadlines, detail with deadlines and documents, one POST per
step — scoped like the pages, refusals as {"code", "message"}."""

from datetime import timedelta

import pytest

from anjian.cases.models import PenaltyCase
from anjian.domain.case_process import OWN_CASE_REVIEW
from anjian.domain.permissions import Role
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
API = "/api/v1/cases"


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


def _post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_the_whole_core_flow_through_the_api(client, w):
    client.force_login(w["officer"])
    response = _post(client, f"{API}/", {
        "enterprise_id": w["enterprise"].pk, "source": "complaint", "source_note": "12350热线举报",
        "cause": "未按规定设置安全警示标志", "facts": "现场核查属实", "officer_ids": [o.pk for o in w["team"]],
        "lead_officer_id": w["team"][1].pk})
    assert response.status_code == 201, response.json()
    case = response.json()
    assert case["status"] == "filing" and case["team"][0]["name"] == "李四" and case["team"][0]["is_lead"]
    # the 立案审批表 drafted with the proposal is not pending for the officers: its approval is still to come
    assert [d["kind"] for d in case["documents"]] == ["立"] and not case["pending_documents"]["drafts"]
    pk = case["id"]
    assert _post(client, f"{API}/{pk}/file/approve", {"on": START.isoformat()}).status_code == 403

    client.force_login(w["head"])
    body = _post(client, f"{API}/{pk}/file/approve", {"opinion": "同意", "on": START.isoformat()}).json()
    assert body["status"] == "investigating" and body["next_deadline"]["key"] == "decision"
    assert body["documents"][0]["number"].startswith("（泌阳）应急立") and body["documents"][0]["pdf_url"]

    client.force_login(w["officer"])
    inv = _post(client, f"{API}/{pk}/investigations", {"kind": "site_record", "occurred_on": START.isoformat(),
                                                        "summary": "现场未设置警示标志"})
    assert inv.status_code == 201 and inv.json()["document_id"]
    body = _post(client, f"{API}/{pk}/conclude", {
        "report": "属实", "violated_provision": "《安全生产法》第三十五条", "penalty_provision": "《安全生产法》第九十九条第（一）项",
        "penalties": ["fine"], "proposed_fine": "8000", "on": (START + timedelta(days=3)).isoformat()}).json()
    assert body["status"] == "investigated"
    assert _post(client, f"{API}/{pk}/submit").json()["status"] == "legal_review"

    client.force_login(w["reviewer"])
    body = _post(client, f"{API}/{pk}/legal-review", {"result": "pass", "opinion": "同意",
                                                      "on": (START + timedelta(days=4)).isoformat()}).json()
    assert body["legal_result"] == "pass" and body["pending_documents"]["missing"] == ["法审"]

    client.force_login(w["officer"])
    issued = _post(client, f"{API}/{pk}/documents/issue-pending").json()
    assert [d["kind"] for d in issued] == ["法审"]
    served = START + timedelta(days=5)
    body = _post(client, f"{API}/{pk}/notify", {"served_on": served.isoformat()}).json()
    assert body["status"] == "notified"
    deadlines = {d["key"]: d for d in body["deadlines"]}
    assert deadlines["statement"]["due"] == workdays_after(served, 3).isoformat()
    assert deadlines["statement"]["state_label"] == "期限届满"

    client.force_login(w["head"])
    early = _post(client, f"{API}/{pk}/decide", {"on": served.isoformat(), "fine": "8000", "summary": "罚款"})
    assert early.status_code == 422 and early.json()["code"] == "invalid_request"
    assert "期满前不能作出处罚决定" in early.json()["message"]
    on = workdays_after(served, 3) + timedelta(days=1)
    assert _post(client, f"{API}/{pk}/decide", {"on": on.isoformat(), "fine": "8000", "summary": "罚款"}).json()[
        "status"] == "decided"
    client.force_login(w["officer"])
    body = _post(client, f"{API}/{pk}/serve", {"on": on.isoformat(), "method": "post", "recipient": "王法人"}).json()
    assert body["status"] == "executing" and body["service_method"] == "邮寄送达"
    assert [d["kind"] for d in body["documents"]][-2:] == ["罚", "回"]


def test_list_carries_the_next_deadline_and_filters(client, w):
    old = bring(w, "investigating", start=TODAY - timedelta(days=100))
    bring(w, "notified")
    client.force_login(w["reader"])
    body = client.get(f"{API}/").json()
    assert body["count"] == 2
    row = next(r for r in body["results"] if r["id"] == old.pk)
    assert row["undecided_too_long"] and row["next_deadline"]["state"] == "overdue"
    assert client.get(f"{API}/", {"overdue": True}).json()["count"] == 1
    assert client.get(f"{API}/", {"status": "notified"}).json()["count"] == 1
    assert client.get(f"{API}/", {"size": 500}).status_code == 422


def test_api_scope_matches_the_pages(client, w, make_user):
    case = bring(w, "legal_review")
    client.force_login(make_user(OTHER, Role.LEGAL_REVIEWER))
    assert client.get(f"{API}/{case.pk}").status_code == 404
    assert client.get(f"{API}/").json()["count"] == 0
    assert _post(client, f"{API}/{case.pk}/legal-review", {"result": "pass", "opinion": "x"}).status_code == 404
    client.force_login(w["reader"])
    assert client.get(f"{API}/{case.pk}").status_code == 200
    response = _post(client, f"{API}/{case.pk}/legal-review", {"result": "pass", "opinion": "x"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_own_case_review_is_refused_with_the_reason(client, w, make_user):
    both = make_user(HOME, Role.OFFICER, Role.LEGAL_REVIEWER)
    case = bring(w, "legal_review", case=propose(w, actor=both))
    client.force_login(both)
    response = _post(client, f"{API}/{case.pk}/legal-review", {"result": "pass", "opinion": "同意"})
    assert response.status_code == 422 and response.json()["message"] == OWN_CASE_REVIEW
    assert PenaltyCase.objects.get().legal_result == ""


def test_bad_proposals_are_422_and_foreign_enterprises_404(client, w, make_enterprise):
    client.force_login(w["officer"])
    one = _post(client, f"{API}/", {"enterprise_id": w["enterprise"].pk, "source": "inspection", "cause": "c",
                                    "facts": "f", "officer_ids": [w["team"][0].pk]})
    assert one.status_code == 422 and "两名以上" in one.json()["message"]
    foreign = make_enterprise(OTHER)
    response = _post(client, f"{API}/", {"enterprise_id": foreign.pk, "source": "inspection", "cause": "c",
                                         "facts": "f", "officer_ids": [o.pk for o in w["team"]]})
    assert response.status_code == 404
