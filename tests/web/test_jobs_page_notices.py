"""The job page says in words why a job is not moving: no worker has beaten for a minute, or (SQLite) an
all-or-nothing job's bar only moves at the end."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from anjian.jobs.registry import JobOutcome, register
from anjian.jobs.services import job_submit, worker_beat

pytestmark = pytest.mark.django_db
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORKER_DOWN = "后台任务进程未在运行，任务将在其恢复后继续"
SQLITE_NOTE = "嵌入式数据库（SQLite）上，导入完成前进度不更新；生产环境请使用 PostgreSQL"


@register("test.page_atomic", label="测试：导入")
def atomic_body(job, params, progress):
    return JobOutcome(message="已导入")


@register("test.page_file", label="测试：导出", atomic=False)
def file_body(job, params, progress):
    return JobOutcome(message="已导出")


def test_a_waiting_job_says_when_no_worker_has_beaten_for_a_minute(client, county_officer, settings):
    client.force_login(county_officer)
    settings.TASKS = DB_BACKEND
    job = job_submit(actor=county_officer, kind="test.page_file", params={}, title="导出")
    assert WORKER_DOWN in client.get(f"/jobs/{job.public_id}/").content.decode()  # no worker ever
    long_ago = timezone.now() - timedelta(seconds=90)
    worker_beat(name="w", host="h", pid=1, started_at=long_ago, now=long_ago)
    assert WORKER_DOWN in client.get(f"/jobs/{job.public_id}/").content.decode()
    worker_beat(name="w", host="h", pid=1, started_at=long_ago)
    assert WORKER_DOWN not in client.get(f"/jobs/{job.public_id}/").content.decode()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    done = job_submit(actor=county_officer, kind="test.page_file", params={}, title="导出")
    worker_beat(name="w", host="h", pid=1, started_at=long_ago, now=long_ago)
    assert WORKER_DOWN not in client.get(f"/jobs/{done.public_id}/").content.decode()  # finished: nothing to wait for


def test_an_atomic_job_on_sqlite_says_its_bar_moves_at_the_end(client, county_officer, settings):
    client.force_login(county_officer)
    settings.TASKS = DB_BACKEND
    atomic = job_submit(actor=county_officer, kind="test.page_atomic", params={}, title="导入")
    plain = job_submit(actor=county_officer, kind="test.page_file", params={}, title="导出")
    shown = SQLITE_NOTE in client.get(f"/jobs/{atomic.public_id}/").content.decode()
    assert shown == (connection.vendor == "sqlite")
    assert SQLITE_NOTE not in client.get(f"/jobs/{plain.public_id}/").content.decode()
