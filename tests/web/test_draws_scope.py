"""Pages and API of 双随机抽查: a pool beyond the county is refused, 生成检查计划 never answers 500, and nobody but
the task's owners and the assigned officers learns what was drawn before the results are disclosed."""

import json

import pytest
from django.core.management import call_command

from anjian.domain.draw import verify
from anjian.domain.permissions import Role
from anjian.draws.models import Draw, RandomInspectionTask
from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection
from tests.services.inspection_helpers import officer
from tests.web.draw_form import task_post

COUNTY, SIBLING, CITY = "411726", "411721", "411700"
SECRET = "county-secret-2024"
TASK = {"name": "泌阳县2024年双随机抽查", "year": 2024, "period_from": "2024-04-01", "period_to": "2024-12-31",
        "strata": "工贸 | industry_trade | general | 2", "recent_window_days": 365, "officers_per_target": 2,
        "is_public": "on"}


@pytest.fixture
def county_head(make_user):
    return make_user(COUNTY, Role.DEPARTMENT_HEAD)


@pytest.fixture
def pools(db):
    Enterprise.objects.bulk_create(
        [Enterprise(uscc=make_uscc(region, 600000 + i), name=f"{'泌阳' if region == COUNTY else '西平'}工贸{i}",
                    region_id=region, industry="industry_trade") for region in (COUNTY, SIBLING) for i in range(4)])
    return [officer(region=COUNTY, name=f"执法{i}") for i in range(4)]


def _drawn(client, actor) -> tuple[RandomInspectionTask, Draw]:
    client.force_login(actor)
    assert client.post("/draws/new/", task_post(TASK)).status_code == 302
    task = RandomInspectionTask.objects.latest("id")
    client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET})
    assert client.post(f"/draws/{task.pk}/draw/", {"secret": SECRET}).status_code == 302
    task.refresh_from_db()
    return task, Draw.objects.get(task=task)


# ---------------------------------------------------------------- item 2

def test_page_and_api_refuse_a_pool_beyond_the_county(client, county_head, pools):
    client.force_login(county_head)
    page = client.post("/draws/new/", task_post({**TASK, "strata": "全省工贸 | industry_trade | general | 2 | 41"}))
    assert page.status_code == 200
    assert "第1类「全省工贸」：区域代码「41」不是本机关辖区内的行政区划" in page.content.decode()
    body = {"name": "API", "year": 2024, "period_from": "2024-04-01", "period_to": "2024-12-31",
            "strata": [{"label": "工贸", "industries": ["industry_trade"], "quota": 2, "region_prefix": SIBLING}]}
    api = client.post("/api/v1/draws/tasks", body, content_type="application/json")
    assert api.status_code == 422
    assert api.json()["message"] == f"第1类「工贸」：区域代码「{SIBLING}」不是本机关辖区内的行政区划"
    assert not RandomInspectionTask.objects.exists()
    assert client.post("/draws/new/", task_post({**TASK, "strata": f"工贸 | industry_trade | general | 2 | {COUNTY}"})
                       ).status_code == 302


def test_generating_inspections_refused_by_the_inspection_service_is_a_message_not_a_500(client, county_head, pools,
                                                                                          make_user):
    task, d = _drawn(client, county_head)
    client.force_login(make_user(CITY, Role.DEPARTMENT_HEAD))  # may run the county's task, not inspect in its name
    page = client.post(f"/draws/{task.pk}/inspections/", follow=True)
    assert page.status_code == 200 and "未生成任何检查计划" in page.content.decode()
    api = client.post(f"/api/v1/draws/tasks/{task.pk}/inspections")
    assert api.status_code == 422 and api.json()["message"].startswith("未生成任何检查计划")
    assert not Inspection.objects.exists()


def test_generating_inspections_through_the_api(client, county_head, pools):
    task, d = _drawn(client, county_head)
    created = client.post(f"/api/v1/draws/tasks/{task.pk}/inspections")
    assert created.status_code == 201 and created.json() == {"inspections": 2}
    assert Inspection.objects.filter(source="random").count() == 2
    again = client.post(f"/api/v1/draws/tasks/{task.pk}/inspections")
    assert again.status_code == 422 and again.json()["code"] == "invalid_request"


# ---------------------------------------------------------------- item 10

def test_before_disclosure_the_draw_tips_off_nobody(client, county_head, pools, make_user, tmp_path, capsys):
    task, d = _drawn(client, county_head)
    drawn_names = [Enterprise.objects.get(pk=int(t[1])).name for t in d.targets]
    officer_names = {o.name for o in pools if any(str(o.pk) in v for v in d.assignments.values())}
    secrets = [SECRET, d.seed, *drawn_names, *officer_names]

    # The public: commitment, pool digest and pool size; no record.
    client.logout()
    listing = client.get("/draws/public/").content.decode()
    page = client.get(f"/draws/public/{task.pk}/").content.decode()
    assert task.name in listing and task.commitment in page and task.committed_pool_digest in page
    assert f"{task.committed_pool_size} 个对象" in page
    assert not [s for s in secrets if s in page or s in listing]
    assert client.get(f"/draws/public/{task.pk}/record/{d.pk}.json").status_code == 404

    # An officer of the county not assigned, and a read-only user of the city: the task without its targets.
    for user in (make_user(COUNTY, Role.OFFICER), make_user(CITY, Role.READ_ONLY)):
        client.force_login(user)
        detail = client.get(f"/draws/{task.pk}/")
        assert detail.status_code == 200 and task.commitment in detail.content.decode()
        assert not [s for s in secrets if s in detail.content.decode()]
        assert client.get(f"/draws/{task.pk}/record/{d.pk}.json").status_code == 403
        api = client.get(f"/api/v1/draws/tasks/{task.pk}/record")
        assert api.status_code == 403 and SECRET not in api.content.decode()

    # An assigned officer: their own targets and team only.
    target = d.target_rows.order_by("id").first()
    mine = next(o for o in pools if o.pk == target.officer_ids[0])
    mine.user = make_user(COUNTY, Role.OFFICER)
    mine.save()
    client.force_login(mine.user)
    detail = client.get(f"/draws/{task.pk}/").content.decode()
    own = {r.enterprise.name for r in d.target_rows.select_related("enterprise") if mine.pk in r.officer_ids}
    assert own and all(n in detail for n in own) and mine.name in detail
    assert not [n for n in drawn_names if n not in own and n in detail] and SECRET not in detail
    assert client.get(f"/api/v1/draws/tasks/{task.pk}/record").status_code == 403

    # The owner sees all of it.
    client.force_login(county_head)
    detail = client.get(f"/draws/{task.pk}/").content.decode()
    assert all(s in detail for s in secrets)
    assert verify(client.get(f"/api/v1/draws/tasks/{task.pk}/record").json()) == []

    # Disclosed: the full record is public and verifies exactly as before.
    client.post(f"/draws/{task.pk}/inspections/")
    client.post(f"/draws/{task.pk}/complete/")
    client.post(f"/draws/{task.pk}/disclose/")
    client.logout()
    page = client.get(f"/draws/public/{task.pk}/").content.decode()
    assert all(s in page for s in secrets)
    record = client.get(f"/draws/public/{task.pk}/record/{d.pk}.json")
    assert record.status_code == 200 and record.content.decode() == d.record_text()
    path = tmp_path / "record.json"
    path.write_bytes(record.content)
    call_command("draw", "verify", str(path))
    assert "校验通过" in capsys.readouterr().out
    assert verify(json.loads(record.content)) == []
