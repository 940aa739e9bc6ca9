"""Enterprise export above ANJIAN_EXPORT_JOB_ROWS rows (issue 13): the export link shows the count and offers a
background job; its POST submits it and opens the job's page; the job writes the same XLSX (filters and scope of
its submitter), rows done / total as progress; below the threshold the download stays immediate."""

import io

import pytest
from django.core.files.storage import default_storage
from python_calamine import CalamineWorkbook

from anjian.domain.permissions import Role
from anjian.enterprises.selectors import EnterpriseFilters
from anjian.jobs.models import Job
from anjian.jobs.services import job_submit
from tests.django_fixtures import use_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.ANJIAN_EXPORT_JOB_ROWS = 2
    return use_storage(settings, tmp_path)


def _sheet(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_a_large_export_becomes_a_job_and_its_page_gives_the_file(client, county_officer, make_enterprise):
    for i in range(3):
        make_enterprise("411726", name=f"泌阳化工{i}有限公司", industry="chemical")
    make_enterprise("411726", name="泌阳机械有限公司", industry="industry_trade")
    make_enterprise("411721", name="西平化工有限公司", industry="chemical")  # another county: never exported
    client.force_login(county_officer)
    offer = client.get("/enterprises/export/", {"industry": "chemical"})
    html = offer.content.decode()
    assert offer.status_code == 200 and "共有 <b>3</b> 家单位，超过 2 家" in html
    assert 'action="/enterprises/export/?industry=chemical"' in html and not Job.objects.exists()
    submitted = client.post("/enterprises/export/?industry=chemical")
    assert submitted.status_code == 302 and submitted["Location"].startswith("/jobs/")
    job = Job.objects.get()
    assert job.kind == "enterprises.export" and job.state == Job.State.DONE and job.owner == county_officer
    assert job.params["filters"]["industry"] == "chemical" and job.result_message == "已导出 3 家生产经营单位"
    assert job.progress_done == job.progress_total == 3
    page = client.get(submitted["Location"]).content.decode()
    assert f"/jobs/{job.public_id}/result" in page and ".xlsx" in page
    sheet = _sheet(b"".join(client.get(f"/jobs/{job.public_id}/result").streaming_content))
    assert sorted(row[1] for row in sheet[1:]) == [f"泌阳化工{i}有限公司" for i in range(3)]


def test_a_small_export_still_downloads_at_once(client, county_officer, make_enterprise):
    make_enterprise("411726", name="泌阳机械有限公司")
    client.force_login(county_officer)
    response = client.get("/enterprises/export/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert len(_sheet(b"".join(response.streaming_content))) == 2 and not Job.objects.exists()


def test_the_body_reports_progress_in_rows_and_reads_the_owners_scope(county_officer, make_enterprise, settings):
    from anjian.enterprises import exporting

    settings.ANJIAN_EXPORT_JOB_ROWS = 0
    for i in range(5):
        make_enterprise("411726", name=f"单位{i}")
    make_enterprise("411721", name="西平单位")
    seen = []
    from anjian.enterprises.jobs_export import enterprise_export_body

    class Owner:  # the job as the runner hands it
        owner = county_officer

    exporting.PROGRESS_EVERY, every = 2, exporting.PROGRESS_EVERY
    try:
        outcome = enterprise_export_body(Owner, {"filters": {}}, lambda d, t, m="": seen.append((d, t)))
    finally:
        exporting.PROGRESS_EVERY = every
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert len(_sheet(outcome.content.read())) == 6  # header + the five of 泌阳县


def test_others_cannot_submit_or_see_and_a_lost_capability_fails_in_words(client, county_officer, make_user,
                                                                         make_enterprise):
    for i in range(3):
        make_enterprise("411726", name=f"单位{i}")
    client.force_login(make_user("411726", Role.READ_ONLY))
    assert client.post("/enterprises/export/").status_code == 403
    client.force_login(county_officer)
    location = client.post("/enterprises/export/")["Location"]
    client.force_login(make_user("411721", Role.OFFICER))
    assert client.get(location).status_code == 404 and client.get(location + "result").status_code == 404
    county_officer.is_active = False
    county_officer.save(update_fields=["is_active"])
    job = job_submit(actor=county_officer, kind="enterprises.export", title="导出",
                     params={"filters": EnterpriseFilters().__dict__})
    assert job.state == Job.State.FAILED and job.error == "提交导出的账号已停用或不再有导出权限，未导出"
    assert not job.result_name and not default_storage.exists(f"jobs/{job.public_id}/result.xlsx")
