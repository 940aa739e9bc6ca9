"""`python tests/services/jobs_worker_main.py [worker options]`: the real worker command with one slow test kind
registered (used by test_jobs_worker.py, which starts and kills it as a separate process)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

if os.environ.get("ANJIAN_TEST_SQLITE_TIMEOUT") and "sqlite" in settings.DATABASES["default"]["ENGINE"]:
    # a short busy timeout, so a test holding the write lock a few seconds is an outage to this worker
    settings.DATABASES["default"]["OPTIONS"]["timeout"] = float(os.environ["ANJIAN_TEST_SQLITE_TIMEOUT"])

import tests.services.jobs_test_kinds  # noqa: E402, F401  (registers test.slow_rows)

if __name__ == "__main__":
    call_command("worker", *sys.argv[1:])
