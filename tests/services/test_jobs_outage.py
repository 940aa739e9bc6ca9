"""The worker outlives the database (issue 13, walk: one database error stopped it for good). A real worker process
meets an outage at its first heartbeat and again while waiting for work — SQLite: another process holds the write
lock longer than the worker's busy timeout; PostgreSQL: the database refuses connections and the worker's are cut
— logs one JSON line per failure, keeps going, and then runs the jobs: the one queued before and one that fell due
during the outage. SIGTERM still stops it cleanly."""

import contextlib
import json
import signal
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.db.models.query import QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from anjian.jobs.models import DailyRun, Job
from anjian.jobs.registry import JobOutcome, register
from anjian.jobs.services import job_submit, job_task_lost
from anjian.jobs.worker import Backoff, ResilientWorker
from tests.services import jobs_test_kinds  # noqa: F401  (registers test.slow_rows)
from tests.services.jobs_worker_process import database_url, reader, start_worker, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("jobs_worker"),
              pytest.mark.usefixtures("reference_data_after_module")]


class Output:
    """The worker's merged stdout/stderr, read as it comes; its JSON lines about database failures."""

    def __init__(self, process):
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(process.stdout), daemon=True).start()

    def failures(self) -> list[dict]:
        found = []
        for line in list(self.lines):
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if isinstance(record, dict) and record.get("event") == "worker_database_error":
                    found.append(record)
        return found

    def wait_for_failures(self, during: str, count: int, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if sum(1 for f in self.failures() if f["during"] == during) >= count:
                return
            time.sleep(0.05)
        raise AssertionError(f"no {count} failure(s) while {during} in {seconds} s:\n{''.join(self.lines)}")


@contextlib.contextmanager
def outage(url: str, due_task: str | None = None):
    """The database unavailable to the worker until the block ends; `due_task` falls due meanwhile."""
    if url.startswith("sqlite:///"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=20, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")  # the write lock, held far longer than the worker's 0.5-s busy timeout
        try:
            if due_task:
                db.execute(f"UPDATE {DBTaskResult._meta.db_table} SET run_after = ? WHERE id = ?",  # noqa: S608
                           [datetime.now(UTC).replace(tzinfo=None).isoformat(" "), due_task.replace("-", "")])
            yield
        finally:
            db.execute("COMMIT")
            db.close()
        return
    import psycopg

    s = connection.settings_dict
    name = s["NAME"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [ours] = cursor.fetchone()
    admin = psycopg.connect(host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"],
                            password=s["PASSWORD"] or None, dbname="postgres", autocommit=True)
    try:  # new connections refused and the worker's cut, as in a restart or failover; this test's own stays
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                      [name, ours])
        if due_task:
            DBTaskResult.objects.filter(id=due_task).update(run_after=datetime.now(UTC))
        yield
    finally:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        admin.close()


def test_the_worker_survives_database_outages_and_then_runs_the_jobs(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first = job_submit(actor=None, kind="test.slow_rows", params={"n": 2, "prefix": "w", "pause": 0},
                       title="停机前排队")
    later = job_submit(actor=None, kind="test.slow_rows", params={"n": 3, "prefix": "x", "pause": 0},
                       title="停机期间到期")
    DBTaskResult.objects.filter(id=later.task_result_id).update(run_after=datetime.now(UTC) + timedelta(days=1))
    url = database_url(tmp_path)
    read = reader(url)
    with outage(url):  # before the worker starts: its first heartbeat fails (it used to end the process)
        worker = start_worker(url, tmp_path, "worker-o", ANJIAN_TEST_SQLITE_TIMEOUT="0.5")
        output = Output(worker)
        output.wait_for_failures("first heartbeat", 2, 15)
        assert worker.poll() is None
    try:
        assert wait_until(read, first.public_id, lambda s: s[0] in ("done", "failed"), 10)[:4] == ("done", 1, 2, "")
        with outage(url, due_task=later.task_result_id):  # while it waits for work: claiming fails
            output.wait_for_failures("claiming a task", 2, 10)
            assert worker.poll() is None
        state, attempts, done, error, _ = wait_until(read, later.public_id, lambda s: s[0] in ("done", "failed"), 10)
        assert (state, attempts, done, error) == ("done", 1, 3, "")
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(10) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(5)
    time.sleep(0.2)
    failures = output.failures()
    assert all(f["level"] == "WARNING" and f["retry_in"] <= 30 and "Traceback" not in json.dumps(f)
               for f in failures)
    backoff = [f["retry_in"] for f in failures if f["during"] == "claiming a task"]
    assert backoff[:2] == [1, 2]  # it waits longer each time (1 s doubling, at most 30 s)
    assert "已停止" in "".join(output.lines)


@register("test.outage_rows", label="测试：写入后完成")
def outage_rows(job, params, progress):
    DailyRun.objects.create(name=f"lost-{job.attempts}", day=timezone.localdate())
    return JobOutcome(message="已写入")


def _worker(**options) -> ResilientWorker:
    return ResilientWorker(queue_names=["default"], interval=0.05, batch=False, backend_name="default",
                           startup_delay=False, worker_id="in-process", excluded_queue_names=[],
                           backoff=Backoff(0.01, 0.02), **options)


def test_a_job_the_database_failed_under_is_given_back_and_run_again_from_scratch(settings, monkeypatch):
    """The database drops while a job's end is written (its 已完成 and then its 失败): the run's writes roll back,
    the task is given back when the database answers, and the job runs again — its rows exist once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = job_submit(actor=None, kind="test.outage_rows", params={}, title="写入")
    real, dropped = QuerySet.update, []

    def update(self, **kwargs):
        if self.model is Job and kwargs.get("state") in (Job.State.DONE, Job.State.FAILED) and len(dropped) < 2:
            dropped.append(kwargs["state"])
            raise OperationalError("server closed the connection unexpectedly")
        return real(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    _worker(max_tasks=2).run()
    job.refresh_from_db()
    assert dropped == [Job.State.DONE, Job.State.FAILED]
    assert (job.state, job.attempts, job.error) == (Job.State.DONE, 2, "")
    assert list(DailyRun.objects.filter(name__startswith="lost-").values_list("name", flat=True)) == ["lost-2"]
    assert DBTaskResult.objects.filter(status="RUNNING").count() == 0


def test_a_lost_task_of_a_finished_job_changes_nothing_and_one_interrupted_too_often_fails(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.ANJIAN_JOB_MAX_ATTEMPTS = 2
    done = job_submit(actor=None, kind="test.outage_rows", params={}, title="已完成")
    Job.objects.filter(pk=done.pk).update(state=Job.State.DONE)
    assert job_task_lost(task_result_id=done.task_result_id) is None
    assert Job.objects.get(pk=done.pk).state == Job.State.DONE
    tired = job_submit(actor=None, kind="test.outage_rows", params={}, title="中断两次")
    Job.objects.filter(pk=tired.pk).update(state=Job.State.RUNNING, attempts=2, worker="w")
    assert job_task_lost(task_result_id=tired.task_result_id) == "failed"
    tired.refresh_from_db()
    assert (tired.state, tired.error) == (Job.State.FAILED, "工作进程中断次数过多")
    assert job_task_lost(task_result_id=tired.task_result_id) is None  # idempotent


def test_the_claim_loop_backs_off_and_keeps_going_when_the_database_refuses(settings, monkeypatch, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = job_submit(actor=None, kind="test.outage_rows", params={}, title="停机后运行")
    worker = _worker(max_tasks=1)
    real, refusals = ResilientWorker.claim, []

    def claim(self):
        if len(refusals) < 4:
            refusals.append(1)
            raise InterfaceError("connection refused")
        return real(self)

    monkeypatch.setattr(ResilientWorker, "claim", claim)
    with caplog.at_level("WARNING", logger="anjian.jobs"):
        worker.run()
    assert Job.objects.get(pk=job.pk).state == Job.State.DONE
    waits = [r.retry_in for r in caplog.records if getattr(r, "event", "") == "worker_database_error"]
    assert waits == [0.01, 0.02, 0.02, 0.02]  # doubling, bounded
    assert any(getattr(r, "event", "") == "worker_database_back" for r in caplog.records)
