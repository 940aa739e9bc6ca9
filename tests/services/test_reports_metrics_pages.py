"""The statistics pages a leader reads: metrics of the units with 同比, data-quality drill-down, the bulletin
from the records with its downloads; scoped to the user's agency; clear messages for bad or empty periods.

The routes live in anjian.reports.metrics_urls; this module's urlconf includes them beside the project's
until config/urls.py does."""

import pytest
from django.urls import include, path

from anjian.domain.permissions import Role
from anjian.jobs.models import Job
from anjian.regions.models import Agency
from config.urls import urlpatterns as project_urls
from tests.services.test_reports_metrics import build

urlpatterns = [*project_urls]
if not any(getattr(p, "namespace", None) == "report_metrics" for p in project_urls):
    urlpatterns.append(path("reports/", include("anjian.reports.metrics_urls")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def data(make_user, make_enterprise, county_officer):
    return build(make_user, make_enterprise, county_officer)


@pytest.fixture
def city_client(client, make_user):
    client.force_login(make_user("411700", Role.STATISTICIAN))
    return client


def test_city_metrics_page_lists_counties_with_year_on_year(city_client, data):
    page = city_client.get("/reports/metrics/?agency=411700&period=2024H1")
    assert page.status_code == 200
    text = page.content.decode()
    assert "泌阳县" in text and "西平县" in text and "检查生产经营单位(家次)" in text
    assert "同比增加100.0%" in text  # 泌阳: 2 inspections against 1
    assert "有现场检查、发现隐患，但无整改记录" in text
    assert "本期无数据" not in text


def test_a_period_without_records_says_so(city_client, data):
    text = city_client.get("/reports/metrics/?agency=411700&period=2019H1").content.decode()
    assert "2019年1-6月本期无数据" in text


def test_a_bad_period_is_explained(city_client, data):
    text = city_client.get("/reports/metrics/?agency=411700&period=2024H3").content.decode()
    assert "半年只能是上半年（H1）或下半年（H2）" in text


def test_quality_drill_down_lists_the_records(city_client, data):
    page = city_client.get(f"/reports/metrics/quality/?agency={data.biyang.region_id}&period=2024H1"
                           f"&check=q_late_entry")
    assert page.status_code == 200
    assert data.e2.name in page.content.decode()


def test_bulletin_from_records_page_and_downloads(city_client, data):
    page = city_client.get("/reports/bulletin/?agency=411700&period=2024H1")
    assert page.status_code == 200
    text = page.content.decode()
    assert "2024年1-6月全市应急管理系统安全生产行政执法情况通报" in text
    assert "各县区局共检查生产经营单位3家次" in text
    assert 'action="/reports/bulletin.docx?agency=411700&amp;period=2024H1"' in text  # POST: a background job
    word = job_file(city_client, city_client.post("/reports/bulletin.docx?agency=411700&period=2024H1"))
    assert word[:2] == b"PK"
    sheet = job_file(city_client, city_client.post(
        "/reports/bulletin.xlsx?agency=411700&period=2024H1&rank=inspections&rank=turnouts"))
    assert sheet[:2] == b"PK"
    job = Job.objects.get(params__fmt="xlsx")
    assert job.params == {"agency_id": Agency.objects.get(region_id="411700").pk, "period": "2024H1", "rank": ["inspections", "turnouts"], "fmt": "xlsx"}


def job_file(client, submitted) -> bytes:
    assert submitted.status_code == 302 and submitted["Location"].startswith("/jobs/")
    job = Job.objects.get(public_id=submitted["Location"].split("/")[2])
    assert job.state == Job.State.DONE, job.error
    return b"".join(client.get(f"/jobs/{job.public_id}/result").streaming_content)


def test_bulletin_for_an_empty_period_is_refused_with_a_message(city_client, data):
    text = city_client.get("/reports/bulletin/?agency=411700&period=2019H1").content.decode()
    assert "2019年1-6月本期无数据，无法生成通报" in text
    submitted = city_client.post("/reports/bulletin.docx?agency=411700&period=2019H1")
    job = Job.objects.get(public_id=submitted["Location"].split("/")[2])
    assert job.state == Job.State.FAILED and job.error == "2019年1-6月本期无数据，无法生成通报"
    page = city_client.get(submitted["Location"]).content.decode()
    assert "失败原因" in page and "2019年1-6月本期无数据，无法生成通报" in page
    assert city_client.post("/reports/bulletin.docx?agency=411700&period=20x9").status_code == 400


def test_an_agency_outside_the_scope_is_not_found(client, county_officer, data):
    client.force_login(county_officer)  # 泌阳县
    assert client.get("/reports/metrics/?agency=411726&period=2024H1").status_code == 200
    assert client.get("/reports/metrics/?agency=411700&period=2024H1").status_code == 404
    assert client.get("/reports/metrics/?agency=411721&period=2024H1").status_code == 404
    assert client.get("/reports/bulletin/?agency=411721&period=2024H1").status_code == 404
    assert client.post("/reports/bulletin.docx?agency=411721&period=2024H1").status_code == 404
    assert client.post("/reports/bulletin.docx?agency=411700&period=2024H1").status_code == 404
    assert not Job.objects.exists()


def test_a_bulletin_job_is_seen_by_its_submitter_only(client, city_client, county_officer, data):
    submitted = city_client.post("/reports/bulletin.docx?agency=411700&period=2024H1")
    client.force_login(county_officer)
    assert client.get(submitted["Location"]).status_code == 404
    assert client.get(submitted["Location"] + "result").status_code == 404


def test_a_user_without_statistics_is_refused(client, make_user):
    client.force_login(make_user("411700", Role.AUDIT_ADMIN))
    assert client.get("/reports/metrics/").status_code == 403


def test_the_period_is_picked_with_selects_not_typed(city_client, data):
    page = city_client.get("/reports/metrics/?agency=411700&period=2024H1").content.decode()
    assert '<select name="kind">' in page and '<option value="half" selected>' in page
    assert '<option value="2024" selected>2024年</option>' in page and 'name="period"' not in page.split("</form>")[0]
    picked = city_client.get("/reports/metrics/", {"agency": "411700", "kind": "half", "year": "2024", "half": "1"})
    assert picked.content.decode().count("2024年1-6月") >= 1
    quarter = city_client.get("/reports/metrics/", {"agency": "411700", "kind": "quarter", "year": "2024",
                                                    "quarter": "2"}).content.decode()
    assert "2024年4-6月" in quarter and "period=2024Q2" in quarter  # links carry the pick on
    ranged = city_client.get("/reports/metrics/", {"agency": "411700", "kind": "range", "start": "2024-03-05",
                                                   "end": "2024-04-01"}).content.decode()
    assert "2024年3月5日至2024年4月1日" in ranged
    missing = city_client.get("/reports/metrics/", {"agency": "411700", "kind": "range", "start": "2024-03-05"})
    assert "请选择开始日期和结束日期" in missing.content.decode()


def test_without_a_pick_the_latest_half_year_with_data_is_shown(city_client, data):
    # The records are of 2024; the last ended half-year (the old default) would be empty.
    import re

    page = city_client.get("/reports/metrics/?agency=411700").content.decode()
    heading = re.search(r"<h1>([^<]*)</h1>", page).group(1)
    assert heading.endswith("2024年7-12月") and "本期无数据" not in page
    assert '<option value="half" selected>' in page and '<option value="2024" selected>2024年</option>' in page
