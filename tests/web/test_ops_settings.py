"""Production settings, as an operator starting the app meets them: it refuses to start without its keys, and with
the documented variables (deploy/anjian.env.example) `manage.py check --deploy` has nothing to say."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / "deploy" / "anjian.env.example"
# Set by pytest (it makes settings default to development) or describing this machine's test run.
NOT_INHERITED = ("PYTEST_VERSION", "ANJIAN_ENV", "SECRET_KEY", "ANJIAN_AUDIT_KEY", "DEBUG", "ALLOWED_HOSTS",
                 "ANJIAN_STORAGE", "ANJIAN_STATIC_MANIFEST", "DJANGO_SETTINGS_MODULE")


def documented() -> dict[str, str]:
    """The variables set (not commented out) in the example environment file."""
    pairs = re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", ENV_EXAMPLE.read_text(), flags=re.MULTILINE)
    return dict(pairs)


def manage(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED and not k.startswith("PYTEST_")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**base, "ANJIAN_VAR_DIR": str(tmp_path), **env})


KEYS = {"SECRET_KEY": secrets.token_urlsafe(50), "ANJIAN_AUDIT_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "anjian.example.gov.cn"}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ANJIAN_AUDIT_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_its_keys_and_says_which(tmp_path, missing):
    env = {k: v for k, v in KEYS.items() if k != missing}
    result = manage(tmp_path, "check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr
    assert not (tmp_path / "secret_key").exists() and not (tmp_path / "audit_key").exists()


@pytest.mark.parametrize("key", ["SECRET_KEY", "ANJIAN_AUDIT_KEY"])
def test_production_refuses_the_example_files_placeholder_keys_in_one_line(tmp_path, key):
    result = manage(tmp_path, "check", **{**KEYS, key: documented()[key]})
    assert documented()[key].startswith("replace-with")
    assert result.returncode == 78
    assert result.stderr.strip().splitlines() == [
        f"anjian: refusing to start, configuration error: {key} is still the placeholder of "
        "deploy/anjian.env.example: generate a real one (see docs/operations.md)"]


def test_gunicorn_refuses_once_in_its_master_and_exits(tmp_path):
    """Three workers configured, one line on stderr and exit 78 before any is forked (systemd: no restart)."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED and not k.startswith("PYTEST_")}
    env.update(KEYS, ANJIAN_VAR_DIR=str(tmp_path), ANJIAN_AUDIT_KEY="replace-with-another-generated-value")
    result = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), "-c", "python:anjian.ops.gunicorn_conf",
                             "--bind", "127.0.0.1:8142", "--workers", "3"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env=env)
    assert result.returncode == 78
    refusals = [line for line in result.stderr.splitlines() if "refusing to start" in line]
    assert len(refusals) == 1 and "ANJIAN_AUDIT_KEY is still the placeholder" in refusals[0]
    assert "Traceback" not in result.stderr and "Booting worker" not in result.stderr


def test_development_makes_its_own_keys_under_var(tmp_path):
    result = manage(tmp_path, "check", ANJIAN_ENV="development")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists() and (tmp_path / "audit_key").exists()


def test_check_deploy_with_the_documented_production_variables_prints_no_warning(tmp_path):
    env = {**documented(), "ANJIAN_VAR_DIR": str(tmp_path),
           # the example's placeholders, replaced as the file tells the operator to
           "SECRET_KEY": KEYS["SECRET_KEY"], "ANJIAN_AUDIT_KEY": KEYS["ANJIAN_AUDIT_KEY"]}
    assert env["ANJIAN_ENV"] == "production"
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_every_variable_the_settings_read_is_documented_in_the_example_environment_file():
    read = set(re.findall(r"""(?:environ\.get\(|environ\[|_env_bool\()\s*["']([A-Z][A-Z0-9_]*)["']""",
                          (ROOT / "config" / "settings.py").read_text()))
    read |= set(re.findall(r"""environ\.get\(\s*["']([A-Z][A-Z0-9_]*)["']""",
                           (ROOT / "anjian" / "ops" / "gunicorn_conf.py").read_text()))
    text = ENV_EXAMPLE.read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
    assert read - {"PYTEST_VERSION"} - listed == set()


def test_the_proxy_refuses_the_same_body_size_as_the_app(settings):
    size = re.search(r"client_max_body_size (\d+)m;", (ROOT / "deploy" / "nginx-anjian.conf").read_text())
    assert int(size.group(1)) * 1024 * 1024 == settings.ANJIAN_MAX_REQUEST_BYTES
