"""The audit key lives outside the database (ADR 0019): production refuses to start without it; elsewhere a
per-checkout key is generated under VAR_DIR and kept."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(tmp_path, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("ANJIAN_AUDIT_KEY", "ANJIAN_ENV")}
    return subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(len(s.ANJIAN_AUDIT_KEY))"],
        cwd=ROOT, env={**base, "ANJIAN_VAR_DIR": str(tmp_path), "SECRET_KEY": "x" * 50, **env},
        capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_the_audit_key(tmp_path):
    result = load_settings(tmp_path, ANJIAN_ENV="production")
    assert result.returncode != 0 and "ANJIAN_AUDIT_KEY must be set" in result.stderr
    assert not (tmp_path / "audit_key").exists()


def test_a_short_audit_key_is_refused(tmp_path):
    result = load_settings(tmp_path, ANJIAN_ENV="production", ANJIAN_AUDIT_KEY="short")
    assert result.returncode != 0 and "at least 32" in result.stderr


def test_development_generates_a_private_key_file_once(tmp_path):
    first = load_settings(tmp_path)
    key_file = tmp_path / "audit_key"
    assert first.returncode == 0 and key_file.exists() and (key_file.stat().st_mode & 0o077) == 0
    key = key_file.read_text()
    assert load_settings(tmp_path).returncode == 0 and key_file.read_text() == key
