"""Job pages and API: the progress page (bar, polling script, refresh link), the failure in words, the result
download, my list; GET /api/v1/jobs[/<id>] as JSON, another user's job answering 404 like a missing one."""

import pytest

from anjian.domain.permissions import Role
from anjian.jobs.models import Job
from anjian.jobs.registry import JobOutcome, register
from anjian.jobs.services import job_submit

pytestmark = pytest.mark.django_db
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@register("test.web_export", label="测试：导出")
def export_body(job, params, progress):
    progress(1, 2, "半程")
    if params.get("fail"):
        from anjian.common.errors import ServiceInvalid

        raise ServiceInvalid("没有可导出的数据")
    progress(2, 2, "完成")
    return JobOutcome(message="已导出 2 行", filename="单位.csv", content=b"a,b\n", content_type="text/csv")


def test_the_job_page_shows_state_bar_and_result_link(client, county_officer):
    job = job_submit(actor=county_officer, kind="test.web_export", params={}, title="导出单位")
    client.force_login(county_officer)
    page = client.get(f"/jobs/{job.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "导出单位" in html and "已完成" in html and "已导出 2 行" in html
    assert '<progress class="job-progress" max="100" value="100"' in html
    assert "/static/js/job-progress.js" in html and "<script>" not in html  # CSP: no inline script
    assert f'data-api="/api/v1/jobs/{job.public_id}"' in html
    download = client.get(f"/jobs/{job.public_id}/result")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"a,b\n"
    assert "attachment" in download["Content-Disposition"]
    listing = client.get("/jobs/")
    assert listing.status_code == 200 and "导出单位" in listing.content.decode()


def test_a_running_job_page_has_a_refresh_link_and_a_failed_one_says_why(client, county_officer, settings):
    client.force_login(county_officer)
    failed = job_submit(actor=county_officer, kind="test.web_export", params={"fail": True}, title="导出失败")
    html = client.get(f"/jobs/{failed.public_id}/").content.decode()
    assert "失败原因：<span data-job=\"error_text\">没有可导出的数据；未写入任何数据</span>" in html
    assert client.get(f"/jobs/{failed.public_id}/result").status_code == 404
    settings.TASKS = DB_BACKEND
    queued = job_submit(actor=county_officer, kind="test.web_export", params={}, title="排队中的导出")
    html = client.get(f"/jobs/{queued.public_id}/").content.decode()
    assert "排队中" in html and f'href="/jobs/{queued.public_id}/">刷新</a>' in html
    response = client.post(f"/jobs/{queued.public_id}/cancel")
    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.state == Job.State.CANCELLED


def test_api_job_json_and_another_users_job_is_404(client, county_officer, other_county_officer):
    job = job_submit(actor=county_officer, kind="test.web_export", params={}, title="导出单位")
    client.force_login(county_officer)
    body = client.get(f"/api/v1/jobs/{job.public_id}").json()
    assert body["id"] == str(job.public_id) and body["state"] == "done" and body["state_label"] == "已完成"
    assert (body["progress_done"], body["progress_total"], body["percent"]) == (2, 2, 100)
    assert body["result_url"] == f"/jobs/{job.public_id}/result" and body["error"] == ""
    listing = client.get("/api/v1/jobs?size=5").json()
    assert listing["count"] == 1 and listing["size"] == 5 and listing["results"][0]["id"] == str(job.public_id)
    assert client.get("/api/v1/jobs?size=500").status_code == 422  # bounded paging
    client.force_login(other_county_officer)
    theirs = client.get(f"/api/v1/jobs/{job.public_id}")
    missing = client.get("/api/v1/jobs/00000000-0000-0000-0000-000000000000")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json() and set(theirs.json()) == {"code", "message"}
    assert client.get(f"/jobs/{job.public_id}/").status_code == 404
    assert client.get(f"/jobs/{job.public_id}/result").status_code == 404
    assert client.get("/api/v1/jobs").json()["count"] == 0


def test_api_answers_401_json_when_not_signed_in(client, county_officer):
    job = job_submit(actor=county_officer, kind="test.web_export", params={}, title="导出单位")
    response = client.get(f"/api/v1/jobs/{job.public_id}")
    assert response.status_code == 401 and set(response.json()) == {"code", "message"}


def test_the_openapi_document_describes_the_job_operations(client, make_user):
    client.force_login(make_user("411726", Role.OFFICER))
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    one = paths["/api/v1/jobs/{job_id}"]["get"]["responses"]
    assert {"200", "401", "404"} <= set(one)
    assert {"200", "401", "422"} <= set(paths["/api/v1/jobs"]["get"]["responses"])
