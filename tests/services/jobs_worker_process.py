"""The real worker as a separate process, for tests: the shared database it works on (SQLite: the test database
copied to a file both processes open), a plain reader of a job's state there, and the process itself."""

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from anjian.jobs.models import DailyRun, Job

MAIN = Path(__file__).with_name("jobs_worker_main.py")


def database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        target = tmp_path / "worker.sqlite3"
        with sqlite3.connect(target) as out:
            connection.ensure_connection()
            connection.connection.backup(out)
        with sqlite3.connect(target) as db:  # the app's mode (settings: init_command), before any worker opens it
            db.execute("PRAGMA journal_mode=WAL")
        return f"sqlite:///{target}"
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def reader(url: str):
    """read(public_id) → (state, attempts, progress_done, error, rows the test kinds wrote) as the worker left them."""
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
        return job.state, job.attempts, job.progress_done, job.error, DailyRun.objects.filter(name__startswith="w-").count()
    return read


def start_worker(url: str, var_dir: Path, name: str, *options: str, **env: str) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": url, "ANJIAN_ENV": "development", "ANJIAN_VAR_DIR": str(var_dir),
                   "SECRET_KEY": settings.SECRET_KEY, "ANJIAN_AUDIT_KEY": settings.ANJIAN_AUDIT_KEY,
                   "ANJIAN_JOB_STALE_SECONDS": "2", "ANJIAN_STORAGE": "filesystem", "PYTHONUNBUFFERED": "1",
                   "LOG_LEVEL": "WARNING", **env}
    return subprocess.Popen([sys.executable, str(MAIN), "--interval", "0.1", "--beat", "0.5", "--no-schedule",
                             "--name", name, *options], env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def wait_until(read, public_id, until, seconds: float):
    deadline, seen = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        try:
            seen = read(public_id)
        except sqlite3.OperationalError:  # the worker holds the write lock a moment
            seen = None
        if seen and until(seen):
            return seen
        time.sleep(0.1)
    raise AssertionError(f"job did not get there in {seconds} s: {seen}")
