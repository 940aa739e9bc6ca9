"""Imports above ANJIAN_IMPORT_JOB_ROWS rows run as background jobs (ADR 0033): the confirm step submits the job
and shows its page; the rows are written all-or-nothing by the job, with rows done / total as its progress."""

import pytest
from django.core.files.storage import default_storage

from anjian.domain.permissions import Role
from anjian.enterprises.models import Enterprise
from anjian.jobs.models import Job
from tests.django_fixtures import use_storage
from tests.web.test_import_export import csv_bytes, rows_for, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.ANJIAN_IMPORT_JOB_ROWS = 10
    return use_storage(settings, tmp_path)


@pytest.fixture
def officer_client(client, make_user):
    client.force_login(make_user("411726", Role.OFFICER))
    return client


def _preview(client, n):
    preview = upload(client, csv_bytes(rows_for(n)))
    assert preview.status_code == 200 and "确认导入" in preview.content.decode()
    return preview.context["report"].sha256


def test_a_large_import_runs_as_a_job_and_its_page_shows_the_outcome(officer_client):
    digest = _preview(officer_client, 12)
    done = officer_client.post("/enterprises/import/confirm/", {"sha256": digest}, follow=True)
    job = Job.objects.get()
    assert done.redirect_chain[-1][0] == f"/jobs/{job.public_id}/"
    html = done.content.decode()
    assert "已转入后台导入" in html and "已完成" in html and "已导入“单位.csv”：共 12 行，新增 12 家" in html
    assert job.kind == "enterprises.import" and (job.progress_done, job.progress_total) == (12, 12)
    assert Enterprise.objects.count() == 12
    again = officer_client.post("/enterprises/import/confirm/", {"sha256": digest}, follow=True)
    assert "请重新上传" in again.content.decode() and Job.objects.count() == 1


def test_a_small_import_still_runs_in_the_request(officer_client):
    digest = _preview(officer_client, 10)
    done = officer_client.post("/enterprises/import/confirm/", {"sha256": digest}, follow=True)
    assert done.redirect_chain[-1][0] == "/enterprises/" and Enterprise.objects.count() == 10
    assert not Job.objects.exists()


def test_an_import_job_that_cannot_run_fails_in_plain_words_and_writes_nothing(officer_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    digest = _preview(officer_client, 11)
    officer_client.post("/enterprises/import/confirm/", {"sha256": digest})
    job = Job.objects.get()
    assert job.state == Job.State.QUEUED
    default_storage.delete(f"imports/{digest}.csv")  # the upload vanished before a worker took the job
    from tests.services.test_jobs import _run_queue

    _run_queue()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.error == "导入文件已不在文件存储中，请重新上传；未写入任何数据"
    assert not Enterprise.objects.exists()
    page = officer_client.get(f"/jobs/{job.public_id}/").content.decode()
    assert "失败" in page and "导入文件已不在文件存储中" in page
