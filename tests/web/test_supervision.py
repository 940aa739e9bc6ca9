"""异地检查、属地办案 and 挂牌督办 through the pages and the API."""

import re
from datetime import timedelta

import pytest

from anjian.inspections.models import Hazard, Inspection
from anjian.supervision.models import HandoverForm, ListedSupervision
from tests.services.inspection_helpers import photo, use_media
from tests.services.supervision_helpers import HOME, TODAY, carried_out, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(make_user, make_enterprise):
    return world(make_user, make_enterprise)


@pytest.fixture
def media(settings, tmp_path):
    return use_media(settings, tmp_path)


def test_visiting_team_plans_and_works_on_its_assigned_inspection(client, w, media):
    a, e = w["assignment"], w["assigned"]
    client.force_login(w["visitor"])
    page = client.get("/supervision/assignments/").content.decode()
    assert "第一轮次" in page
    detail = client.get(f"/supervision/assignments/{a.pk}/").content.decode()
    assert e.name in detail and f"/supervision/assignments/{a.pk}/enterprises/{e.pk}/plan/" in detail
    assert client.get(f"/supervision/assignments/{a.pk}/enterprises/{w['unassigned'].pk}/plan/").status_code == 404
    assert client.get(f"/inspections/new/?enterprise={e.pk}").status_code == 404  # normal door stays shut
    refused = client.post(f"/supervision/assignments/{a.pk}/enterprises/{e.pk}/plan/",
                          {"planned_date": TODAY.isoformat(), "officers": [w["team"][0].pk]})
    assert "执法检查须由两名以上执法人员进行" in refused.content.decode()
    response = client.post(f"/supervision/assignments/{a.pk}/enterprises/{e.pk}/plan/",
                           {"planned_date": TODAY.isoformat(), "officers": [o.pk for o in w["team"]]})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/inspections/{inspection.pk}/"
    assert inspection.source == "cross_region"
    assert client.get(f"/inspections/{inspection.pk}/").status_code == 200
    Inspection.objects.filter(pk=inspection.pk).update(status="in_progress")
    response = client.post(f"/inspections/{inspection.pk}/hazards/new/",
                           {"description": "消防通道堵塞", "handling": "on_spot", "legal_basis": "《安全生产法》"})
    assert response.status_code == 302 and Hazard.objects.filter(inspection=inspection).count() == 1
    client.force_login(w["third"])
    assert client.get(f"/inspections/{inspection.pk}/").status_code == 404
    assert client.get(f"/supervision/assignments/{a.pk}/").status_code == 404


def test_handover_pages_from_generation_to_close(client, w, media):
    inspection = carried_out(w)
    client.force_login(w["visitor"])
    response = client.post(f"/supervision/inspections/{inspection.pk}/handover/")
    form = HandoverForm.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/handovers/{form.pk}/"
    printed = client.get(f"/supervision/handovers/{form.pk}/print/").content.decode()
    for text in ("异地执法检查问题移交表", "被检查单位", "检查时间", "存在问题", "法律依据", "检查人员",
                 "属地执法人员签字", "消防通道堵塞", w["assigned"].name, "周一"):
        assert text in printed
    client.post(f"/supervision/handovers/{form.pk}/send/")
    assert HandoverForm.objects.get().status == "sent"
    assert w["assigned"].name in client.get("/supervision/handovers/outbox/").content.decode()

    client.force_login(w["home_officer"])
    assert w["assigned"].name in client.get("/supervision/handovers/inbox/").content.decode()
    one = client.post(f"/supervision/handovers/{form.pk}/acknowledge/", {"officers": [w["home_team"][0].pk]},
                      follow=True)
    assert "属地执法人员签名不少于2人" in one.content.decode()
    client.post(f"/supervision/handovers/{form.pk}/acknowledge/", {"officers": [o.pk for o in w["home_team"]]})
    assert HandoverForm.objects.get().status == "acknowledged"
    items = list(form.items.all())
    client.post(f"/supervision/handovers/{form.pk}/items/{items[0].pk}/act/", {"action": "penalty_case"})
    early = client.post(f"/supervision/handovers/{form.pk}/close/", follow=True)
    assert "每项问题都须有属地处理结果后才能办结" in early.content.decode()
    client.post(f"/supervision/handovers/{form.pk}/items/{items[1].pk}/act/",
                {"action": "other", "note": "移送公安机关"})
    client.post(f"/supervision/handovers/{form.pk}/close/")
    assert HandoverForm.objects.get().status == "closed"

    client.force_login(w["province"])
    chain = client.get(f"/supervision/handovers/{form.pk}/").content.decode()
    assert "第一轮次" in chain and "立案处罚" in chain and "移送公安机关" in chain and "属地甲" in chain
    client.force_login(w["visitor"])
    own = client.get(f"/supervision/handovers/{form.pk}/").content.decode()
    assert "消防通道堵塞" in own and "移送公安机关" not in own  # not the home agency's actions
    client.force_login(w["third"])
    assert client.get(f"/supervision/handovers/{form.pk}/").status_code == 404
    assert client.get(f"/supervision/handovers/{form.pk}/print/").status_code == 404


def test_handover_api(client, w, media):
    inspection = carried_out(w)
    client.force_login(w["visitor"])
    created = client.post(f"/api/v1/supervision/inspections/{inspection.pk}/handover")
    assert created.status_code == 201
    form_id = created.json()["id"]
    assert len(created.json()["items"]) == 2
    assert client.post(f"/api/v1/supervision/handovers/{form_id}/send").json()["status"] == "sent"
    assert [a["id"] for a in client.get("/api/v1/supervision/assignments").json()] == [w["assignment"].pk]
    client.force_login(w["home_officer"])
    inbox = client.get("/api/v1/supervision/handovers?box=inbox").json()
    assert [f["id"] for f in inbox] == [form_id]
    bad = client.post(f"/api/v1/supervision/handovers/{form_id}/acknowledge",
                      {"officer_ids": [w["home_team"][0].pk]}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request" and "不少于2人" in bad.json()["message"]
    ok = client.post(f"/api/v1/supervision/handovers/{form_id}/acknowledge",
                     {"officer_ids": [o.pk for o in w["home_team"]]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == "acknowledged"
    items = ok.json()["items"]
    assert client.post(f"/api/v1/supervision/handovers/{form_id}/close").status_code == 422
    for item in items:
        r = client.post(f"/api/v1/supervision/handovers/{form_id}/items/{item['id']}/act",
                        {"action": "rectify_order", "deadline": (TODAY + timedelta(days=7)).isoformat()},
                        content_type="application/json")
        assert r.status_code == 200
    assert client.post(f"/api/v1/supervision/handovers/{form_id}/close").json()["status"] == "closed"
    client.force_login(w["third"])
    missing = client.get(f"/api/v1/supervision/handovers/{form_id}")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_listed_supervision_pages_and_api(client, w, media):
    inspection = carried_out(w)
    minor = Hazard.objects.get(inspection=inspection, is_major=False)
    major = Hazard.objects.get(inspection=inspection, is_major=True)
    client.force_login(w["city_leader"])
    home = w["assigned"].region.agency
    refused = client.post("/api/v1/supervision/listings", {
        "hazard_id": minor.pk, "responsible_agency_id": home.pk, "deadline": TODAY.isoformat(),
        "requirements": "限期消除"}, content_type="application/json")
    assert refused.status_code == 422 and refused.json()["message"] == "只有重大事故隐患可以挂牌督办"
    assert client.get(f"/supervision/listings/new/?hazard={major.pk}").status_code == 200
    response = client.post("/supervision/listings/new/", {
        "hazard": major.pk, "responsible_agency": home.pk, "deadline": (TODAY + timedelta(days=30)).isoformat(),
        "requirements": "30日内完成重大危险源监控"})
    listing = ListedSupervision.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/supervision/listings/{listing.pk}/"
    no_evidence = client.post(f"/api/v1/supervision/listings/{listing.pk}/delist", {"opinion": "同意"},
                              content_type="application/json")
    assert no_evidence.status_code == 422 and "摘牌须有整改证据" in no_evidence.json()["message"]

    client.force_login(w["home_officer"])
    assert "重大危险源未监控" in client.get("/supervision/listings/").content.decode()
    fake = client.post(f"/api/v1/supervision/listings/{listing.pk}/progress",
                       {"report_date": TODAY.isoformat(), "text": "整改中", "kind": "photo",
                        "files": [_fake_photo()]})
    assert fake.status_code == 422 and "不是有效的图片文件" in fake.json()["message"]
    client.post(f"/supervision/listings/{listing.pk}/progress/",
                {"report_date": TODAY.isoformat(), "text": "已安装监控", "kind": "photo", "files": [photo()]})
    listing.refresh_from_db()
    evidence = listing.progress.get().evidence.get()
    assert client.get(f"/supervision/listings/{listing.pk}/evidence/{evidence.pk}/").status_code == 200
    assert client.post(f"/supervision/listings/{listing.pk}/delist/", {"opinion": "x"}).status_code == 403

    client.force_login(w["city_leader"])
    done = client.post(f"/api/v1/supervision/listings/{listing.pk}/delist", {"opinion": "已消除，同意摘牌"},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "delisted"
    client.force_login(w["third"])
    assert client.get(f"/supervision/listings/{listing.pk}/").status_code == 404
    assert client.get("/api/v1/supervision/listings").json() == []


def test_listing_by_a_non_superior_is_refused(client, w, media):
    inspection = carried_out(w)
    major = Hazard.objects.get(inspection=inspection, is_major=True)
    client.force_login(w["home_head"])
    r = client.post("/api/v1/supervision/listings", {
        "hazard_id": major.pk, "responsible_agency_id": w["assigned"].region.agency.pk,
        "deadline": TODAY.isoformat(), "requirements": "限期消除"}, content_type="application/json")
    assert r.status_code == 422 and "挂牌督办机关须为责任单位的上级机关" in r.json()["message"]
    assert w["assigned"].region_id == HOME


def test_a_listing_names_its_responsible_agency_alike_on_the_page_and_in_the_api(client, w, media):
    """Issue 11 item 5: an agency the page did not offer gets the service's reason (it used to get Django's "select
    a valid choice"), and the page lists in the agency the API lists in (the actor's highest)."""
    inspection = carried_out(w)
    major = Hazard.objects.get(inspection=inspection, is_major=True)
    client.force_login(w["city_leader"])
    itself = w["assigned"].region.agency.region.parent.agency  # the city: not below the listing agency
    page = client.post("/supervision/listings/new/", {
        "hazard": major.pk, "responsible_agency": itself.pk, "deadline": (TODAY + timedelta(days=30)).isoformat(),
        "requirements": "30日内完成"})
    api = client.post("/api/v1/supervision/listings", {
        "hazard_id": major.pk, "responsible_agency_id": itself.pk,
        "deadline": (TODAY + timedelta(days=30)).isoformat(), "requirements": "30日内完成"},
        content_type="application/json")
    assert api.status_code == 422 and "挂牌督办机关须为责任单位的上级机关" in api.json()["message"]
    assert "挂牌督办机关须为责任单位的上级机关" in page.content.decode()
    assert not ListedSupervision.objects.exists()


def _fake_photo():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("整改.jpg", b"GIF89a not really", content_type="image/jpeg")


def test_an_enterprise_outside_the_home_region_reads_like_an_unknown_one(client, w, make_enterprise):
    """Naming the enterprises of an assignment: one elsewhere is neither named nor told apart from a typo."""
    from tests.services.supervision_helpers import VISITING

    elsewhere = make_enterprise(VISITING, name="外县的秘密有限公司")
    client.force_login(w["home_head"])
    url = f"/supervision/assignments/{w['assignment'].pk}/enterprises/"
    answers = []
    for token in (elsewhere.uscc, "91411726MA00000000"):
        page = client.post(url, {"enterprises": f"{w['unassigned'].uscc} {token}"}, follow=True).content.decode()
        assert "外县的秘密有限公司" not in page
        answers.append(re.sub(r'value="[A-Za-z0-9]{64}"', "", page.replace(token, "TOKEN")))  # less CSRF tokens
    assert "以下单位不存在或不在属地机关辖区内：TOKEN" in answers[0] and answers[0] == answers[1]
    assert list(w["assignment"].enterprises.all()) == [w["assigned"]]  # nothing added
