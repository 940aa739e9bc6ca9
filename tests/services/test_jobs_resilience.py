"""Jobs that must not fail for the bookkeeping around them (issue 13, walk F1): a progress write that meets a
locked SQLite (or any database error) is skipped and the job goes on; the final state is retried on a lock; a
finished job no longer shows its last progress line; a busy worker on SQLite counts as alive."""

from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.db.models.query import QuerySet
from django.utils import timezone

from anjian.jobs.models import Job, WorkerBeat
from anjian.jobs.registry import JobOutcome, register
from anjian.jobs.selectors import latest_worker_beat
from anjian.jobs.services import job_run, job_submit, worker_beat

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@register("test.export_like", label="测试：只生成文件", atomic=False)
def export_like(job, params, progress):
    for i in range(1, 4):
        progress(i, 3, "正在生成文件")
    return JobOutcome(message="已导出 3 行", filename="a.csv", content=b"a\n", content_type="text/csv")


def _locked_updates(monkeypatch, *, progress_fails: bool, final_fails: int) -> dict:
    """QuerySet.update raising SQLite's lock error: on every progress write, and on the first `final_fails`
    final-state writes."""
    real, seen = QuerySet.update, {"progress": 0, "final": 0}

    def update(self, **kwargs):
        if self.model is Job and "progress_done" in kwargs and "state" not in kwargs:
            seen["progress"] += 1
            if progress_fails:
                raise OperationalError("database is locked")
        if self.model is Job and kwargs.get("state") == Job.State.DONE:
            seen["final"] += 1
            if seen["final"] <= final_fails:
                raise OperationalError("database is locked")
        return real(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    monkeypatch.setattr("anjian.jobs.services.time.sleep", lambda s: None)
    return seen


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("final_fails", [0, 3])
def test_a_locked_progress_write_does_not_fail_the_job_and_the_final_state_is_retried(
        settings, monkeypatch, final_fails):
    settings.TASKS = DB_BACKEND
    job = job_submit(actor=None, kind="test.export_like", params={}, title="导出")
    seen = _locked_updates(monkeypatch, progress_fails=True, final_fails=final_fails)
    job_run(public_id=str(job.public_id), worker="w")
    job.refresh_from_db()
    assert seen["progress"] >= 1 and seen["final"] == final_fails + 1
    assert job.get_state_display() == "已完成" and job.error == "" and job.result_message == "已导出 3 行"
    assert (job.progress_done, job.progress_total, job.percent) == (3, 3, 100)


@pytest.mark.django_db(transaction=True)
def test_a_lock_that_outlasts_the_retries_fails_the_job_in_plain_words(settings, monkeypatch):
    settings.TASKS = DB_BACKEND
    job = job_submit(actor=None, kind="test.export_like", params={}, title="导出")
    _locked_updates(monkeypatch, progress_fails=False, final_fails=100)
    job_run(public_id=str(job.public_id), worker="w")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.error.startswith("处理时出现内部错误")


@pytest.mark.django_db
def test_a_finished_job_no_longer_shows_its_last_progress_line(county_officer):
    job = job_submit(actor=county_officer, kind="test.export_like", params={}, title="导出")
    assert job.state == Job.State.DONE and job.progress_message == "" and job.result_message == "已导出 3 行"


@pytest.mark.django_db
def test_a_worker_busy_with_a_job_counts_as_alive_on_sqlite_only(county_officer, settings):
    settings.TASKS = DB_BACKEND
    long_ago = timezone.now() - timedelta(minutes=5)
    worker_beat(name="busy", host="h", pid=1, started_at=long_ago, now=long_ago)
    job = job_submit(actor=county_officer, kind="test.export_like", params={}, title="导入")
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, worker="busy", started_at=long_ago)
    beat = latest_worker_beat()
    if connection.vendor == "sqlite":  # its beat is locked out by the job's own write transaction
        assert beat > timezone.now() - timedelta(seconds=5)
        settings.ANJIAN_JOB_BUSY_ALIVE_SECONDS = 60  # ... but not for ever
        assert latest_worker_beat() == long_ago
        settings.ANJIAN_JOB_BUSY_ALIVE_SECONDS = 3600
        WorkerBeat.objects.filter(name="busy").delete()  # a worker that stopped cleanly is not alive
        assert latest_worker_beat() is None
    else:  # PostgreSQL: the beat is written beside the job's transaction; only it counts
        assert beat == long_ago
