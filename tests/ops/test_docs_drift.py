"""What the README tells an operator matches what the code does (issue 13 walk, item 7): `remind` is scheduled by the
worker (no cron), and stored files are named as the code names them."""

import re
from pathlib import Path

from anjian.common import storage
from anjian.jobs.management.commands.worker import daily_schedule

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_says_the_worker_runs_remind_daily_not_cron():
    [row] = [line for line in README.splitlines() if line.startswith("| `anjian remind")]
    assert "from cron" not in row and "the worker submits it every day at `ANJIAN_REMIND_AT`" in row
    assert [kind for _, _, kind, _ in daily_schedule()] == ["home.remind"]
    bootstrap = (ROOT / "anjian" / "home" / "management" / "commands" / "bootstrap.py").read_text()
    assert "from cron" not in bootstrap


def test_the_readme_names_stored_files_as_the_code_does():
    sentence = " ".join(README.split("go through Django's storage API", 1)[1].split("By default", 1)[0].split())
    hashed, _, rest = sentence.partition(";")
    assert f"`{storage.JOBS}/`" not in hashed  # job results are not named by SHA-256 ...
    assert {f"`{folder}/`" for folder in storage.FOLDERS if folder != storage.JOBS} <= set(
        re.findall(r"`[a-z]+/`", hashed))
    assert "`jobs/<job id>/result.<ext>`" in rest  # ... but by their job (anjian.jobs.services._store_result)
    assert 'f"jobs/{job.public_id}/result{ext}"' in (ROOT / "anjian" / "jobs" / "services.py").read_text()
