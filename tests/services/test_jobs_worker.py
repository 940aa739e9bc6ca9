"""The real worker as a separate process (ADR 0033): a worker killed in the middle of an all-or-nothing job leaves
nothing behind; another worker notices the silent one, runs the job again from scratch, and its rows exist exactly
once. SIGTERM stops a worker cleanly. SQLite: the test database is copied to a file both processes share."""

import signal
import time

import pytest
from django.db import connection

from anjian.jobs.services import job_submit
from tests.services import jobs_test_kinds  # noqa: F401  (registers test.slow_rows)
from tests.services.jobs_worker_process import database_url, reader, start_worker, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("jobs_worker"),
              pytest.mark.usefixtures("reference_data_after_module")]
ROWS, PAUSE = 8, 0.25


def test_a_killed_worker_s_job_is_run_again_by_another_and_its_rows_exist_once(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = job_submit(actor=None, kind="test.slow_rows", params={"n": ROWS, "prefix": "w", "pause": PAUSE},
                     title="慢慢写入")
    url = database_url(tmp_path)
    read = reader(url)
    first = start_worker(url, tmp_path, "worker-a")
    try:
        wait_until(read, job.public_id, lambda s: s[0] == "running", 15)
        if connection.vendor == "postgresql":  # progress is written beside the open transaction, seen live
            wait_until(read, job.public_id, lambda s: s[2] >= 2, 5)
        else:  # SQLite: one writer; the bar moves at commit (ADR 0033)
            time.sleep(3 * PAUSE)
    finally:
        first.kill()
        first.wait(5)
    state, attempts, _, _, rows = wait_until(read, job.public_id, lambda s: True, 5)
    assert (state, attempts, rows) == ("running", 1, 0)  # killed mid-job: nothing of it committed
    second = start_worker(url, tmp_path, "worker-b")
    try:
        state, attempts, done, error, rows = wait_until(read, job.public_id, lambda s: s[0] in ("done", "failed"), 20)
        second.send_signal(signal.SIGTERM)
        out, _ = second.communicate(timeout=10)
    finally:
        if second.poll() is None:
            second.kill()
    assert (state, attempts, done, error) == ("done", 2, ROWS, "")
    assert rows == ROWS  # run again from scratch, applied exactly once
    assert second.returncode == 0 and "已停止" in out
