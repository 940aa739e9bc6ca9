"""deploy/ as an administrator installs it (docs/operations.md): every unit runs as the same user from the same
paths with the same environment file, the paths the guide names are the units' paths, and the nightly backup's
command writes a dated archive and keeps N days."""

import os
import re
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
GUIDE = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
SERVICES = ["anjian-web.service", "anjian-worker.service", "anjian-backup.service"]


def _unit(name: str) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            keys.setdefault(key, []).append(value)
    return keys


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_runs_as_the_app_user_from_the_installed_release(name):
    unit = _unit(name)
    assert unit["User"] == unit["Group"] == ["anjian"]
    assert unit["WorkingDirectory"] == ["/opt/anjian"]
    assert unit["EnvironmentFile"] == ["/etc/anjian/anjian.env"]
    assert unit["ReadWritePaths"] == ["/var/lib/anjian"]
    assert all("/opt/anjian/.venv/bin/" in command for command in unit["ExecStart"])
    assert name in GUIDE


def test_the_guide_names_only_paths_the_units_use():
    assert "/srv/" not in GUIDE and "cron.d" not in GUIDE
    units = "".join((DEPLOY / name).read_text(encoding="utf-8") for name in os.listdir(DEPLOY))
    for path in set(re.findall(r"/(?:opt|etc|var/lib)/anjian[\w./-]*", GUIDE)):
        top = "/".join(path.split("/")[:4] if path.startswith("/var/lib") else path.split("/")[:3])
        assert top in units, path
    assert "anjian-backup.timer" in GUIDE and _unit("anjian-backup.timer")["Persistent"] == ["true"]


def _shell(command: str) -> str:
    """An ExecStart line as systemd hands it to /bin/sh: %% → %, $$ → $."""
    inner = re.fullmatch(r"/bin/sh -c '(.*)'", command).group(1)
    return inner.replace("%%", "%").replace("$$", "$")


def test_the_backup_unit_writes_a_dated_archive_then_keeps_n_days(tmp_path):
    """The unit's two commands, run by sh with the paths moved into tmp_path and `anjian` replaced by a recorder of
    its arguments (the real command is tested in test_backup.py)."""
    unit = _unit("anjian-backup.service")
    assert unit["Type"] == ["oneshot"]
    assert unit["ExecStartPre"] == ["-/opt/anjian/.venv/bin/anjian prune-uploads --older-than 7"]  # may fail
    fake = tmp_path / "anjian"  # like the real one, refuses to overwrite an existing archive
    fake.write_text('#!/bin/sh\n[ -e "$2" ] && exit 2\necho "$@" > "$(dirname "$0")/called"; touch "$2"\n')
    fake.chmod(0o755)
    backups = tmp_path / "lib" / "backups"

    def run(command: str, **env: str) -> None:
        script = (_shell(command).replace("/opt/anjian/.venv/bin/anjian", str(fake))
                  .replace("/var/lib/anjian", str(tmp_path / "lib")))
        subprocess.run(["/bin/sh", "-c", script], check=True, env={"PATH": os.environ["PATH"], "TZ": "UTC", **env})

    [start], [after] = unit["ExecStart"], unit["ExecStartPost"]
    run(start)
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    command, written = (tmp_path / "called").read_text().split()
    assert command == "backup" and re.fullmatch(rf"{backups}/anjian-{today}-\d{{6}}\.tar\.gz", written)
    time.sleep(1.1)
    run(start)  # walk: "systemctl start anjian-backup  # one backup now" failed on a day the nightly one ran
    assert len(list(backups.glob(f"anjian-{today}-*.tar.gz"))) == 2
    old = backups / "anjian-2000-01-01.tar.gz"
    old.touch()
    os.utime(old, (time.time() - 20 * 86400,) * 2)
    other = backups / "notes.txt"
    other.touch()
    os.utime(other, (time.time() - 20 * 86400,) * 2)
    run(after, ANJIAN_BACKUP_KEEP_DAYS="30")
    assert old.exists()
    run(after)  # default 14 days
    assert not old.exists() and other.exists() and Path(written).exists()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_reads_the_units_without_complaint(tmp_path):
    names = ["anjian-backup.timer", *SERVICES]
    for name in names:
        shutil.copy(DEPLOY / name, tmp_path / name)
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *(str(tmp_path / name) for name in names)],
                          capture_output=True, text=True, check=False)
    problems = [line for line in done.stderr.splitlines()
                if "anjian-" in line and "is not executable" not in line and "No such file" not in line]
    assert problems == [], done.stderr


@pytest.mark.parametrize("name", ["anjian-web.service", "anjian-worker.service"])
def test_a_refused_configuration_is_not_restarted_but_systemd_never_gives_up_on_anything_else(name):
    """Walk: 5 starts in 10 minutes gave up on the worker after ~25 s of a database outage."""
    unit = _unit(name)
    assert unit["RestartPreventExitStatus"] == ["78"]  # anjian.ops.startup.EX_CONFIG
    assert unit["Restart"][0] in ("always", "on-failure") and float(unit["RestartSec"][0]) >= 2  # no tight loop
    assert unit["StartLimitIntervalSec"] == ["0"] and "StartLimitBurst" not in unit  # no start limit
