"""The real worker as a separate process (ADR 0033): a worker killed in the middle of an all-or-nothing job leaves
nothing behind; another worker notices the silent one, runs the job again from scratch, and its rows exist exactly
once. SIGTERM stops a worker cleanly. SQLite: the test database is copied to a file both processes share."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from anjian.jobs.models import Job
from anjian.jobs.services import job_submit
from tests.services import jobs_test_kinds  # noqa: F401  (registers test.slow_rows)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("jobs_worker")]
MAIN = Path(__file__).with_name("jobs_worker_main.py")
ROWS, PAUSE = 8, 0.25


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        target = tmp_path / "worker.sqlite3"
        with sqlite3.connect(target) as out:
            connection.ensure_connection()
            connection.connection.backup(out)
        return f"sqlite:///{target}"
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _reader(url: str):
    """The job row and the count of its rows as the worker left them (a plain reader of the shared database)."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")

        def read(public_id):
            with sqlite3.connect(path, timeout=20) as db:
                row = db.execute("SELECT state, attempts, progress_done, error FROM jobs_job WHERE public_id = ?",
                                 [public_id.hex]).fetchone()
                rows = db.execute("SELECT count(*) FROM jobs_dailyrun WHERE name LIKE 'w-%'").fetchone()[0]
            return (*row, rows)
        return read

    def read(public_id):
        job = Job.objects.get(public_id=public_id)
        from anjian.jobs.models import DailyRun

        return job.state, job.attempts, job.progress_done, job.error, DailyRun.objects.filter(name__startswith="w-").count()
    return read


def _worker(url: str, var_dir: Path, name: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "ANJIAN_ENV": "development", "ANJIAN_VAR_DIR": str(var_dir),
           "SECRET_KEY": settings.SECRET_KEY, "ANJIAN_AUDIT_KEY": settings.ANJIAN_AUDIT_KEY,
           "ANJIAN_JOB_STALE_SECONDS": "2", "ANJIAN_STORAGE": "filesystem", "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, str(MAIN), "--interval", "0.1", "--beat", "0.5", "--no-schedule",
                             "--name", name], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait(read, public_id, until, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            seen = read(public_id)
        except sqlite3.OperationalError:  # the worker holds the write lock a moment
            seen = None
        if seen and until(seen):
            return seen
        time.sleep(0.1)
    raise AssertionError(f"job did not get there in {seconds} s: {seen}")


def test_a_killed_worker_s_job_is_run_again_by_another_and_its_rows_exist_once(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = job_submit(actor=None, kind="test.slow_rows", params={"n": ROWS, "prefix": "w", "pause": PAUSE},
                     title="慢慢写入")
    url = _database_url(tmp_path)
    read = _reader(url)
    first = _worker(url, tmp_path, "worker-a")
    try:
        _wait(read, job.public_id, lambda s: s[0] == "running", 15)
        if connection.vendor == "postgresql":  # progress is written beside the open transaction, seen live
            _wait(read, job.public_id, lambda s: s[2] >= 2, 5)
        else:  # SQLite: one writer; the bar moves at commit (ADR 0033)
            time.sleep(3 * PAUSE)
    finally:
        first.kill()
        first.wait(5)
    state, attempts, _, _, rows = _wait(read, job.public_id, lambda s: True, 5)
    assert (state, attempts, rows) == ("running", 1, 0)  # killed mid-job: nothing of it committed
    second = _worker(url, tmp_path, "worker-b")
    try:
        state, attempts, done, error, rows = _wait(read, job.public_id, lambda s: s[0] in ("done", "failed"), 20)
        second.send_signal(signal.SIGTERM)
        out, _ = second.communicate(timeout=10)
    finally:
        if second.poll() is None:
            second.kill()
    assert (state, attempts, done, error) == ("done", 2, ROWS, "")
    assert rows == ROWS  # run again from scratch, applied exactly once
    assert second.returncode == 0 and "已停止" in out
