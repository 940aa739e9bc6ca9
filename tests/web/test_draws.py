"""双随机抽查 pages and API: create → commit → draw; public page without login; scope (404 elsewhere)."""

import json

import pytest

from anjian.domain.draw import verify
from anjian.domain.permissions import Role
from anjian.draws.models import Draw, RandomInspectionTask
from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise
from tests.services.inspection_helpers import officer
from tests.web.draw_form import task_post

COUNTY = "411726"
SECRET = "county-secret-2024"
STRATA = "工贸 | industry_trade | general | 3\n培训机构 | training_agency |  | 2"


@pytest.fixture
def county_head(make_user):
    return make_user(COUNTY, Role.DEPARTMENT_HEAD)


@pytest.fixture
def pools(db):
    Enterprise.objects.bulk_create(
        [Enterprise(uscc=make_uscc(COUNTY, 600000 + i), name=f"工贸{i}", region_id=COUNTY, industry="industry_trade")
         for i in range(6)]
        + [Enterprise(uscc=make_uscc(COUNTY, 610000 + i), name=f"培训{i}", region_id=COUNTY,
                      industry="training_agency") for i in range(4)])
    for i in range(4):
        officer(region=COUNTY, name=f"执法{i}")


def create_task(client, **over) -> RandomInspectionTask:
    data = {"name": "泌阳县2024年双随机抽查", "year": 2024, "period_from": "2024-04-01", "period_to": "2024-12-31",
            "strata": STRATA, "items": "安全生产责任制 | 责任制落实 | 《安全生产法》第二十二条",
            "recent_window_days": 365, "officers_per_target": 2, "is_public": "on", **over}
    response = client.post("/draws/new/", task_post(data))
    assert response.status_code == 302, response.content.decode()[:2000]
    return RandomInspectionTask.objects.latest("id")


def test_create_commit_draw_and_public_page(client, county_head, pools):
    client.force_login(county_head)
    task = create_task(client)
    assert [s["quota"] for s in task.strata] == [3, 2] and task.items[0]["basis"].startswith("《安全生产法》")
    client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET})
    task.refresh_from_db()
    assert task.status == "committed"
    client.logout()
    page = client.get(f"/draws/public/{task.pk}/").content.decode()
    assert task.commitment in page and task.committed_pool_digest in page and SECRET not in page
    client.force_login(county_head)
    response = client.post(f"/draws/{task.pk}/draw/", {"secret": SECRET, "witness_entropy": "福彩3D 123"})
    assert response.status_code == 302
    d = Draw.objects.get(task=task)
    detail = client.get(f"/draws/{task.pk}/").content.decode()
    assert d.seed in detail and "生成检查计划" in detail
    client.logout()
    page = client.get(f"/draws/public/{task.pk}/").content.decode()  # before the results: no tip-off
    assert task.commitment in page and SECRET not in page and d.seed not in page
    assert client.get(f"/draws/public/{task.pk}/record/{d.pk}.json").status_code == 404
    client.force_login(county_head)
    client.post(f"/draws/{task.pk}/inspections/")
    client.post(f"/draws/{task.pk}/complete/")
    client.post(f"/draws/{task.pk}/disclose/")
    client.logout()
    page = client.get(f"/draws/public/{task.pk}/").content.decode()
    assert SECRET in page and d.seed in page
    record = client.get(f"/draws/public/{task.pk}/record/{d.pk}.json")
    assert record.status_code == 200 and verify(json.loads(record.content)) == []


def test_wrong_secret_is_shown_and_nothing_drawn(client, county_head, pools):
    client.force_login(county_head)
    task = create_task(client)
    client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET})
    response = client.post(f"/draws/{task.pk}/draw/", {"secret": "wrong-secret-x"}, follow=True)
    assert "密钥与公布的承诺值不符" in response.content.decode()
    assert not Draw.objects.exists()


def test_quota_over_pool_is_refused_on_saving_and_on_commit(client, county_head, pools):
    client.force_login(county_head)
    page = client.post("/draws/new/", task_post({
        "name": "泌阳县2024年双随机抽查", "year": 2024, "period_from": "2024-04-01", "period_to": "2024-12-31",
        "strata": "培训机构 | training_agency |  | 9", "recent_window_days": 365, "officers_per_target": 2}))
    assert page.status_code == 200 and not RandomInspectionTask.objects.exists()
    assert "培训机构：抽取数量（9）超过该类别可抽取对象数（4）" in page.content.decode()
    task = create_task(client, strata="培训机构 | training_agency |  | 4")
    Enterprise.objects.filter(name="培训0").update(status="closed")  # the pool shrinks before the commit
    response = client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET}, follow=True)
    assert "培训机构：抽取数量（4）超过该类别可抽取对象数（3）" in response.content.decode()


def test_draft_task_is_not_public_and_other_county_gets_404(client, county_head, pools, make_user):
    client.force_login(county_head)
    task = create_task(client)
    assert client.get(f"/draws/public/{task.pk}/").status_code == 404
    client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET})
    other = make_user("411721", Role.DEPARTMENT_HEAD)
    client.force_login(other)
    assert client.get(f"/draws/{task.pk}/").status_code == 404
    assert client.post(f"/draws/{task.pk}/draw/", {"secret": SECRET}).status_code == 404
    assert client.get(f"/api/v1/draws/tasks/{task.pk}").status_code == 404
    assert not Draw.objects.exists()
    officer_user = make_user(COUNTY, Role.OFFICER)
    client.force_login(officer_user)
    assert client.get(f"/draws/{task.pk}/").status_code == 200
    assert client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET}).status_code == 403


def test_api_mirror(client, county_head, pools):
    client.force_login(county_head)
    body = {"name": "API 任务", "year": 2024, "period_from": "2024-04-01", "period_to": "2024-12-31",
            "strata": [{"label": "工贸", "industries": ["industry_trade"], "quota": 2}]}
    response = client.post("/api/v1/draws/tasks", body, content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client.post(f"/api/v1/draws/tasks/{pk}/commit", {"secret": SECRET},
                       content_type="application/json").json()["status"] == "committed"
    drawn = client.post(f"/api/v1/draws/tasks/{pk}/draw", {"secret": SECRET}, content_type="application/json")
    assert drawn.status_code == 201 and len(drawn.json()["targets"]) == 2
    assert verify(client.get(f"/api/v1/draws/tasks/{pk}/record").json()) == []
    bad = client.post(f"/api/v1/draws/tasks/{pk}/draw", {"secret": SECRET}, content_type="application/json")
    assert bad.status_code == 422


def test_conflict_entry_page(client, county_head, pools):
    client.force_login(county_head)
    o = officer(region=COUNTY, name="回避人")
    e = Enterprise.objects.first()
    response = client.post("/draws/conflicts/", {"officer": o.pk, "enterprise": e.pk, "reason": "配偶任该单位负责人"})
    assert response.status_code == 302
    assert "配偶任该单位负责人" in client.get("/draws/conflicts/").content.decode()


def test_officers_left_short_by_recusal_are_named_in_the_preview_and_the_draw(client, county_head, pools):
    """The preview applies the draw's recusal rules, so it predicts the refusal; both name the enterprise and who is
    recused and why (no internal ids)."""
    from anjian.draws.services import conflict_declare
    from anjian.officers.models import Officer

    client.force_login(county_head)
    enterprise = Enterprise.objects.get(name="培训0")
    for o in Officer.objects.filter(name__in=["执法0", "执法1", "执法2"]):
        conflict_declare(actor=county_head, officer=o, enterprise=enterprise, reason="亲属任职")
    task = create_task(client, strata="培训机构 | training_agency |  | 4")
    detail = client.get(f"/draws/{task.pk}/").content.decode()
    assert "对象库中有 1 家单位按回避规则可抽取执法人员不足每组人数" in detail
    assert "培训0：可抽取执法人员不足两名——可抽取的 4 名中执法0（利害关系回避：亲属任职）" in detail
    client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET})
    page = client.post(f"/draws/{task.pk}/draw/", {"secret": SECRET}, follow=True).content.decode()
    assert "培训0：可抽取执法人员不足两名" in page and "执法2（利害关系回避：亲属任职）须回避，仅余 1 名" in page
    assert f"检查对象 {enterprise.pk}" not in page and not Draw.objects.exists()


def test_a_draft_task_is_edited_on_its_page_and_through_the_api_until_committed(client, county_head, pools):
    client.force_login(county_head)
    task = create_task(client, strata="培训机构 | training_agency |  | 4")
    page = client.get(f"/draws/{task.pk}/edit/").content.decode()
    assert 'value="培训机构"' in page and 'name="recent_window_days" value="365"' in page
    data = task_post({"name": "泌阳县2024年双随机抽查（改）", "year": 2024, "period_from": "2024-04-01",
                      "period_to": "2024-12-31", "strata": "培训机构 | training_agency |  | 2",
                      "recent_window_days": 90, "officers_per_target": 2, "is_public": "on"})
    assert client.post(f"/draws/{task.pk}/edit/", data).status_code == 302
    task.refresh_from_db()
    assert task.name.endswith("（改）") and task.recent_window_days == 90 and task.strata[0]["quota"] == 2
    body = {"name": "经接口修改", "year": 2024, "period_from": "2024-04-01", "period_to": "2024-12-31",
            "strata": [{"label": "培训机构", "industries": ["training_agency"], "quota": 9}]}
    answer = client.put(f"/api/v1/draws/tasks/{task.pk}", body, content_type="application/json")
    assert answer.status_code == 422 and "超过该类别可抽取对象数（4）" in answer.json()["message"]
    body["strata"][0]["quota"] = 3
    answer = client.put(f"/api/v1/draws/tasks/{task.pk}", body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["name"] == "经接口修改"
    client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET})
    assert client.put(f"/api/v1/draws/tasks/{task.pk}", body, content_type="application/json").status_code == 422
    assert client.get(f"/draws/{task.pk}/edit/").status_code == 302  # committed: back to the task, told why
