"""The draw task page for people (issue 12): strata as choices scoped to the agency's regions, pool counts before
committing (预览, without script), the commit and witness steps explained, and the result list as XLSX."""

import io

import pytest
from openpyxl import load_workbook

from anjian.domain.permissions import Role
from anjian.draws.models import Draw, RandomInspectionTask
from anjian.enterprises.demo import make_uscc
from anjian.enterprises.models import Enterprise
from tests.services.inspection_helpers import officer
from tests.web.draw_form import strata_post, task_post

COUNTY, SIBLING, CITY = "411726", "411721", "411700"
SECRET = "county-secret-2024"
TASK = {"name": "泌阳县抽查", "year": 2024, "period_from": "2024-04-01", "period_to": "2024-12-31",
        "recent_window_days": 365, "officers_per_target": 2, "is_public": "on"}


@pytest.fixture
def pools(db):
    Enterprise.objects.bulk_create(
        [Enterprise(uscc=make_uscc(COUNTY, 600000 + i), name=f"泌阳工贸{i}", region_id=COUNTY,
                    industry="industry_trade", status="operating" if i < 5 else "closed") for i in range(6)]
        + [Enterprise(uscc=make_uscc(SIBLING, 610000 + i), name=f"西平工贸{i}", region_id=SIBLING,
                      industry="industry_trade") for i in range(3)])
    return [officer(region=COUNTY, name=f"执法{i}") for i in range(3)] + [
        officer(region=COUNTY, name="过期", expires="2020-01-01")]


def test_the_form_offers_industries_classes_and_only_the_agencys_regions(client, make_user):
    client.force_login(make_user(CITY, Role.DEPARTMENT_HEAD))
    page = client.get("/draws/new/").content.decode()
    assert 'type="checkbox" name="strata-0-industries" value="non_coal_mine"' in page and "非煤矿山" in page
    assert 'name="strata-0-supervision_classes" value="key"' in page and "重点检查单位" in page
    assert '<option value="411726">泌阳县</option>' in page and '<option value="" selected>本机关全部辖区</option>' in page
    assert '<option value="4101">' not in page  # 郑州 is not 驻马店's
    assert "行业代码" not in page
    assert "非煤矿山（非煤矿山安全监督处）" not in page and "安全生产主体责任落实情况" not in page  # not the province's plan
    assert "承诺值" in page and "见证随机数" in page


def test_a_task_is_saved_from_the_choices(client, make_user, pools):
    client.force_login(make_user(COUNTY, Role.DEPARTMENT_HEAD))
    Enterprise.objects.create(uscc=make_uscc(COUNTY, 620000), name="泌阳培训", region_id=COUNTY,
                              industry="training_agency")
    data = {**TASK, **strata_post("工贸 | industry_trade,metal_smelting | general | 2\n培训 | training_agency | | 1",
                                  blank_rows=2)}
    assert client.post("/draws/new/", data).status_code == 302
    task = RandomInspectionTask.objects.get()
    assert task.strata[0] == {"label": "工贸", "industries": ["industry_trade", "metal_smelting"],
                              "supervision_classes": ["general"], "region_prefix": "", "quota": 2}
    assert [s["label"] for s in task.strata] == ["工贸", "培训"]  # the blank rows are left out


def test_preview_shows_the_pool_per_stratum_and_the_officers_and_saves_nothing(client, make_user, pools):
    client.force_login(make_user(CITY, Role.DEPARTMENT_HEAD))
    officer(region=CITY, name="市局执法")
    data = {**task_post({**TASK, "strata": f"泌阳工贸 | industry_trade | | 9 | {COUNTY}\n西平工贸 | industry_trade | | 1 | {SIBLING}"}),
            "preview": "1"}
    page = client.post("/draws/new/", data).content.decode()
    assert not RandomInspectionTask.objects.exists()
    assert "<td>泌阳工贸</td><td>9</td><td>5 <span class=\"badge risk-red\">不足</span></td><td>1</td>" in page
    assert "<td>西平工贸</td><td>1</td><td>3</td><td>0</td>" in page
    assert "可抽取的执法人员：<strong>1</strong> 名" in page  # the city's own officers (not the county's)


def test_preview_of_a_county_task_counts_its_officers_and_refuses_a_region_beyond(client, make_user, pools):
    client.force_login(make_user(COUNTY, Role.DEPARTMENT_HEAD))
    page = client.post("/draws/new/", {**task_post({**TASK, "strata": "工贸 | industry_trade | | 2"}),
                                       "preview": "1"}).content.decode()
    assert "可抽取的执法人员：<strong>3</strong> 名（另有 1 名" in page
    refused = client.post("/draws/new/", {**task_post({**TASK, "strata": f"工贸 | industry_trade | | 2 | {SIBLING}"}),
                                          "preview": "1"}).content.decode()
    assert f"区域代码「{SIBLING}」不是本机关辖区内的行政区划" in refused and "预览：" not in refused


def test_one_more_stratum_row_without_script(client, make_user):
    client.force_login(make_user(COUNTY, Role.DEPARTMENT_HEAD))
    data = {**task_post({**TASK, "strata": "工贸 | industry_trade | | 2"}), "more": "1"}
    page = client.post("/draws/new/", data).content.decode()
    assert 'name="strata-1-label"' in page and 'value="工贸"' in page and "errorlist" not in page
    assert not RandomInspectionTask.objects.exists()


def _drawn(client, head):
    client.force_login(head)
    client.post("/draws/new/", task_post({**TASK, "strata": "工贸 | industry_trade | | 3"}))
    task = RandomInspectionTask.objects.get()
    client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET})
    client.post(f"/draws/{task.pk}/draw/", {"secret": SECRET, "witness_entropy": "骰子 4"})
    return task, Draw.objects.get(task=task)


def sheet(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_result_list_downloads_as_xlsx_with_the_place(client, make_user, pools):
    head = make_user(COUNTY, Role.DEPARTMENT_HEAD)
    task, d = _drawn(client, head)
    assert "导出结果清单（XLSX" in client.get(f"/draws/{task.pk}/").content.decode()
    rows = sheet(client.get(f"/draws/{task.pk}/results.xlsx"))
    assert rows[0] == ("序号", "抽取类别", "被检查单位", "统一社会信用代码", "属地", "行业领域", "执法人员", "检查结果",
                       "抽查任务")
    assert len(rows) == 4
    names = dict(Enterprise.objects.values_list("id", "name"))
    assert [r[2] for r in rows[1:]] == [names[int(t[1])] for t in d.targets]
    assert all(r[4] == "驻马店市泌阳县" and r[5] == "工贸" and r[8] == "泌阳县抽查" and "、" in r[6] for r in rows[1:])


def test_before_disclosure_others_get_no_result_list(client, make_user, pools):
    task, d = _drawn(client, make_user(COUNTY, Role.DEPARTMENT_HEAD))
    client.force_login(make_user(COUNTY, Role.READ_ONLY))
    assert client.get(f"/draws/{task.pk}/results.xlsx").status_code == 403
    client.force_login(make_user(SIBLING, Role.DEPARTMENT_HEAD))
    assert client.get(f"/draws/{task.pk}/results.xlsx").status_code == 404
    assigned = make_user(COUNTY, Role.OFFICER)
    first = d.target_rows.order_by("pk").first()
    o = type(pools[0]).objects.get(pk=first.officer_ids[0])
    o.user = assigned
    o.save()
    client.force_login(assigned)
    rows = sheet(client.get(f"/draws/{task.pk}/results.xlsx"))
    mine = [t for t in d.target_rows.all() if o.pk in {int(i) for i in t.officer_ids}]
    assert len(rows) - 1 == len(mine) == 2  # 6 picks, 3 officers: two each; only the assigned officer's own rows
    assert {r[2] for r in rows[1:]} == {t.enterprise.name for t in mine}


def test_preview_needs_only_the_strata_and_shows_their_errors(client, make_user, pools):
    client.force_login(make_user(COUNTY, Role.DEPARTMENT_HEAD))
    data = {**strata_post("工贸 | industry_trade | | 2"), "preview": "1"}  # no name, no dates yet
    page = client.post("/draws/new/", data).content.decode()
    assert "预览：按当前选择" in page and "<td>工贸</td><td>2</td><td>5</td><td>1</td>" in page
    assert "errorlist" not in page
    bad = client.post("/draws/new/", {**strata_post("工贸 | industry_trade | | -1"), "preview": "1"}).content.decode()
    assert "预览：按当前选择" not in bad and "抽取类别中有需要更正的内容" in bad and "errorlist" in bad


def test_a_draft_task_shows_its_pool_counts_before_the_commitment(client, make_user, pools):
    head = make_user(COUNTY, Role.DEPARTMENT_HEAD)
    client.force_login(head)
    client.post("/draws/new/", task_post({**TASK, "strata": "工贸 | industry_trade | | 2"}))
    task = RandomInspectionTask.objects.get()
    page = client.get(f"/draws/{task.pk}/").content.decode()
    assert "公布承诺值前的对象库" in page and "<td>工贸</td><td>2</td><td>5</td><td>1</td>" in page
    assert "可抽取的执法人员：<strong>3</strong> 名" in page
    client.force_login(make_user(COUNTY, Role.READ_ONLY))  # not one of the task's owners: no live counts
    assert "可抽取的执法人员" not in client.get(f"/draws/{task.pk}/").content.decode()
    client.force_login(head)
    client.post(f"/draws/{task.pk}/commit/", {"secret": SECRET})
    page = client.get(f"/draws/{task.pk}/").content.decode()
    assert "公布承诺值前的对象库" not in page and "抽取对象库（公布承诺值时固定）" in page
