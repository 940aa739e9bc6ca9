"""The inspection flow through the pages and the API, as a county officer and a department head."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.accounts.services import user_issue_api_token
from anjian.domain.permissions import Role
from anjian.inspections.models import Evidence, Hazard, Inspection
from tests.services.inspection_helpers import HOME, OTHER, evidence_files, officer, photo, use_media

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def media(settings, tmp_path):
    return use_media(settings, tmp_path)


@pytest.fixture
def setting(county_officer, make_user, make_enterprise):
    return {"officer": county_officer, "head": make_user(HOME, Role.DEPARTMENT_HEAD),
            "enterprise": make_enterprise(HOME, name="泌阳县检查测试化工有限公司"),
            "team": [officer(name="张三"), officer(name="李四")]}


def test_full_flow_through_the_pages(client, setting, media):
    client.force_login(setting["officer"])
    e, team = setting["enterprise"], setting["team"]
    page = client.get(f"/inspections/new/?enterprise={e.pk}")
    assert page.status_code == 200 and e.name in page.content.decode()
    bad = client.post("/inspections/new/", {"enterprise": e.pk, "source": "annual_plan",
                                            "planned_date": TODAY.isoformat(), "officers": [team[0].pk]})
    assert "执法检查须由两名以上执法人员进行" in bad.content.decode()
    response = client.post("/inspections/new/", {"enterprise": e.pk, "source": "annual_plan",
                                                 "planned_date": TODAY.isoformat(),
                                                 "officers": [o.pk for o in team], "leader": team[1].pk})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/{inspection.pk}/"
    assert client.post(f"/inspections/{inspection.pk}/approve/", {}).status_code == 403  # officers do not approve

    client.force_login(setting["head"])
    detail = client.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "审批同意" in detail and "检查频次与综合查一次" in detail
    client.post(f"/inspections/{inspection.pk}/approve/", {"opinion": "同意", "notice_date": TODAY.isoformat()})
    assert Inspection.objects.get().status == "approved"

    client.force_login(setting["officer"])
    client.post(f"/inspections/{inspection.pk}/start/", {"place": "甲类仓库", "kickoff_notes": "告知检查事项"})
    assert Inspection.objects.get().status == "in_progress"
    assert client.get(f"/inspections/{inspection.pk}/hazards/new/").status_code == 200
    refused = client.post(f"/inspections/{inspection.pk}/hazards/new/", {
        "description": "消防通道堵塞", "handling": "deadline", "deadline": (TODAY - timedelta(days=2)).isoformat()})
    assert "整改期限不能早于检查日期" in refused.content.decode()
    response = client.post(f"/inspections/{inspection.pk}/hazards/new/", {
        "description": "消防通道堵塞", "handling": "deadline", "deadline": (TODAY + timedelta(days=7)).isoformat(),
        "location": "仓库东侧", "photos": [photo()]})
    assert response.status_code == 302
    hazard = Hazard.objects.get()
    evidence = Evidence.objects.get()
    assert hazard.status == "rectifying" and evidence.hazard == hazard
    assert evidence_files(media) == [evidence.sha256]
    download = client.get(f"/inspections/evidence/{evidence.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    client.post(f"/inspections/{inspection.pk}/record/", {"summary": "发现隐患1项，已责令限期整改"})
    client.post(f"/inspections/{inspection.pk}/close/", {"feedback_notes": "已向企业反馈"})
    inspection.refresh_from_db()
    assert inspection.status == "closed" and inspection.feedback_notes == "已向企业反馈"
    listing = client.get("/inspections/?status=closed&mine=on").content.decode()
    assert e.name in listing


def test_another_county_gets_404(client, setting, other_county_officer, make_enterprise):
    client.force_login(setting["officer"])
    foreign = make_enterprise(OTHER)
    assert client.get(f"/inspections/new/?enterprise={foreign.pk}").status_code == 404
    client.post("/inspections/new/", {"enterprise": setting["enterprise"].pk, "source": "random",
                                      "planned_date": TODAY.isoformat(), "officers": [o.pk for o in setting["team"]]})
    inspection = Inspection.objects.get()
    client.force_login(other_county_officer)
    assert client.get(f"/inspections/{inspection.pk}/").status_code == 404
    assert client.post(f"/inspections/{inspection.pk}/start/", {}).status_code == 404
    assert setting["enterprise"].name not in client.get("/inspections/").content.decode()


def test_full_flow_through_the_api(client, setting, media):
    officer_token = user_issue_api_token(actor=setting["officer"])
    head_token = user_issue_api_token(actor=setting["head"])

    def call(method, url, token, **kwargs):
        return getattr(client, method)(f"/api/v1/inspections{url}", HTTP_AUTHORIZATION=f"Bearer {token}", **kwargs)

    body = {"enterprise_id": setting["enterprise"].pk, "source": "complaint", "planned_date": TODAY.isoformat(),
            "officer_ids": [setting["team"][0].pk]}
    refused = call("post", "/", officer_token, data=body, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json() == {"code": "invalid_request", "message": "执法检查须由两名以上执法人员进行",
                              "detail": [{"field": "officer_ids", "reason": "执法检查须由两名以上执法人员进行"}]}
    body["officer_ids"] = [o.pk for o in setting["team"]]
    created = call("post", "/", officer_token, data=body, content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert call("post", f"/{pk}/approve", officer_token, data={}, content_type="application/json").status_code == 403
    assert call("post", f"/{pk}/approve", head_token, data={"opinion": "同意"},
                content_type="application/json").json()["status"] == "approved"
    again = call("post", f"/{pk}/approve", head_token, data={}, content_type="application/json")
    assert again.status_code == 422 and again.json()["code"] == "invalid_request"
    started = call("post", f"/{pk}/start", officer_token, data={"place": "车间"}, content_type="application/json")
    assert started.json()["status"] == "in_progress" and len(started.json()["team"]) == 2
    hazard = call("post", f"/{pk}/hazards", officer_token, content_type="application/json", data={
        "description": "特殊作业未办理作业票", "handling": "on_spot", "checklist_item_id": None})
    assert hazard.status_code == 201 and hazard.json()["status"] == "corrected"
    upload = call("post", f"/{pk}/evidence", officer_token,
                  data={"files": [photo()], "caption": "现场", "hazard_id": hazard.json()["id"]})
    assert upload.status_code == 201 and upload.json()[0]["kind"] == "photo"
    fake = call("post", f"/{pk}/evidence", officer_token, data={"files": [photo("x.jpg").__class__(
        "x.jpg", b"not an image", content_type="image/jpeg")]})
    assert fake.status_code == 422 and "不是有效的图片文件" in fake.json()["message"]
    recorded = call("post", f"/{pk}/record", officer_token, data={"summary": "发现隐患1项，已当场整改"},
                    content_type="application/json")
    assert recorded.json()["status"] == "recorded"
    closed = call("post", f"/{pk}/close", officer_token, data={}, content_type="application/json")
    assert closed.json()["status"] == "closed"
    detail = call("get", f"/{pk}", officer_token).json()
    assert len(detail["hazards"]) == 1 and len(detail["evidence"]) == 1
    assert call("get", "/", officer_token).json()["count"] == 1
    items = call("get", "/checklist?industry=hazardous_chemicals", officer_token).json()
    assert any(i["code"] == "KEY-06" for i in items) and all(i["industry"] in {"all", "hazardous_chemicals"}
                                                            for i in items)


def test_api_hides_another_countys_inspection(client, setting, other_county_officer):
    token = user_issue_api_token(actor=setting["officer"])
    created = client.post("/api/v1/inspections/", {
        "enterprise_id": setting["enterprise"].pk, "source": "random", "planned_date": TODAY.isoformat(),
        "officer_ids": [o.pk for o in setting["team"]]}, content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}")
    other = user_issue_api_token(actor=other_county_officer)
    response = client.get(f"/api/v1/inspections/{created.json()['id']}", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_checklist_pages_for_the_admin(client, make_user, tmp_path):
    admin = make_user("410000", Role.SYSTEM_ADMIN)
    client.force_login(admin)
    page = client.get("/inspections/checklist/").content.decode()
    assert "双重预防机制建设" in page and "第四十一条" in page
    response = client.post("/inspections/checklist/new/", {
        "code": "GEN-50", "industry": "all", "category": "消防", "content": "消防设施是否完好",
        "law_name": "《中华人民共和国消防法》", "article": "第十六条", "is_key": "否"})
    assert response.status_code == 302
    path = tmp_path / "bad.csv"
    path.write_text("编号,类别,检查内容\nX-1,消防,内容\n", encoding="utf-8")
    with path.open("rb") as fh:
        bad = client.post("/inspections/checklist/import/", {"file": fh})
    assert bad.status_code == 400 and "缺少必填列：法律法规标准名称" in bad.content.decode()


def test_an_officer_of_another_county_reads_like_a_nonexistent_one_in_page_and_api(client, setting):
    """Item 3: the answer for an officer outside the user's scope is byte for byte the one for an unknown id."""
    stranger = officer(OTHER, name="何杰")
    unknown = stranger.pk + 1000
    client.force_login(setting["officer"])
    answers = {}
    for who, pk in (("foreign", stranger.pk), ("unknown", unknown)):
        body = {"enterprise_id": setting["enterprise"].pk, "source": "complaint", "planned_date": TODAY.isoformat(),
                "officer_ids": [setting["team"][0].pk, pk]}
        api = client.post("/api/v1/inspections/", body, content_type="application/json")
        page = client.post("/inspections/new/", {"enterprise": setting["enterprise"].pk, "source": "annual_plan",
                                                 "planned_date": TODAY.isoformat(),
                                                 "officers": [setting["team"][0].pk, pk]})
        answers[who] = (api.status_code, api.content, page.status_code, page.content.decode())
    assert answers["foreign"][:2] == answers["unknown"][:2]
    message = json.loads(answers["foreign"][1])["message"]
    assert answers["foreign"][0] == 422 and "执法人员不存在或不可选" in message and "何杰" not in message
    assert answers["foreign"][2] == answers["unknown"][2] == 200 and "何杰" not in answers["foreign"][3]
    assert not Inspection.objects.exists()


def test_the_page_refuses_what_the_api_refuses_in_the_same_words(client, setting):
    """Issue 11 item 5: one scoped conversion of ids for both doors (the page used to answer Django's "select a valid
    choice" for an officer it did not offer, and to drop a stopped checklist item silently)."""
    stranger = officer(OTHER, name="何杰")
    team = [o.pk for o in setting["team"]]
    client.force_login(setting["officer"])
    page = client.post("/inspections/new/", {"enterprise": setting["enterprise"].pk, "source": "annual_plan",
                                             "planned_date": TODAY.isoformat(), "officers": [*team, stranger.pk]})
    assert page.status_code == 200 and "执法人员不存在或不可选" in page.content.decode()
    api = client.post("/api/v1/inspections/", {"enterprise_id": setting["enterprise"].pk, "source": "complaint",
                                               "planned_date": TODAY.isoformat(), "officer_ids": [*team, stranger.pk]},
                      content_type="application/json")
    assert api.status_code == 422 and "执法人员不存在或不可选" in api.json()["message"]

    inspection = Inspection.objects.create(enterprise=setting["enterprise"], agency=setting["enterprise"].region.agency,
                                           source="complaint", planned_date=TODAY, status="in_progress")
    from anjian.inspections.models import ChecklistItem

    stopped = ChecklistItem.objects.filter(is_active=True).first()
    ChecklistItem.objects.filter(pk=stopped.pk).update(is_active=False)
    for item, words in ((stopped.pk, "所选检查事项已停用"), (10**9, "检查事项不存在")):
        page = client.post(f"/inspections/{inspection.pk}/hazards/new/", {
            "description": "消防通道堵塞", "handling": "on_spot", "checklist_item": item})
        api = client.post(f"/api/v1/inspections/{inspection.pk}/hazards", {
            "description": "消防通道堵塞", "handling": "on_spot", "checklist_item_id": item},
            content_type="application/json")
        assert words in page.content.decode() and api.status_code == 422 and words in api.json()["message"]
    assert not Hazard.objects.exists()
