"""Production settings, as an operator starting the app meets them: it refuses to start without its keys, and with
the documented variables (deploy/anjian.env.example) `manage.py check --deploy` has nothing to say."""

import os
import re
import runpy
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


REFUSALS = {
    "a short key": ({"SECRET_KEY": "short"}, "SECRET_KEY must be at least 50 random characters"),
    "a key of few characters": ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY must be at least 50 random characters"),
    "Django's insecure key": ({"SECRET_KEY": "django-insecure-" + secrets.token_urlsafe(50)},
                              "SECRET_KEY must be at least 50 random characters"),
    "DEBUG on": ({"DEBUG": "true"}, "DEBUG must be off in production: it shows tracebacks and settings to anyone"),
    "any host": ({"ALLOWED_HOSTS": "anjian.example.gov.cn,*"}, "ALLOWED_HOSTS must name the site's host names, "
                 "not '*': with '*' any Host header is believed"),
    "a malformed number": ({"ANJIAN_LOGIN_MAX_FAILURES": "five"},
                           "ANJIAN_LOGIN_MAX_FAILURES must be a whole number, not 'five'"),
    "a number below its bound": ({"ANJIAN_JOB_MAX_ATTEMPTS": "0"}, "ANJIAN_JOB_MAX_ATTEMPTS must be at least 1, not 0"),
    "a malformed time": ({"ANJIAN_REMIND_AT": "six"}, "ANJIAN_REMIND_AT must be a time of day such as 06:00"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_production_refuses_what_check_deploy_only_warns_about_in_one_line(tmp_path, case):
    """Walk: SECRET_KEY=short and DEBUG=true started with warnings only; ALLOWED_HOSTS=* was taken; a malformed
    number ended in a ValueError traceback."""
    env, words = REFUSALS[case]
    result = manage(tmp_path, "check", **{**KEYS, **env})
    assert result.returncode == 78, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("anjian: refusing to start, configuration error: " + words), line


def test_development_and_test_runs_keep_their_conveniences(tmp_path):
    result = manage(tmp_path, "check", ANJIAN_ENV="development", SECRET_KEY="short", DEBUG="true",
                    ALLOWED_HOSTS="*")
    assert result.returncode == 0, result.stderr


def settings_read_as_numbers() -> list[str]:
    return re.findall(r"""_env_int\(\s*["']([A-Z][A-Z0-9_]*)["']""", (ROOT / "config" / "settings.py").read_text())


@pytest.mark.parametrize("value", ["five", "1.5", "-3"])
def test_every_number_the_settings_read_refuses_a_malformed_value_naming_it(tmp_path, monkeypatch, value):
    from django.core.exceptions import ImproperlyConfigured

    text = (ROOT / "config" / "settings.py").read_text() + (ROOT / "anjian/ops/gunicorn_conf.py").read_text()
    assert not re.search(r"\b(?:int|float)\(os\.(?:environ|getenv)", text)  # every number goes through _env_int
    names = settings_read_as_numbers()
    assert len(names) >= 18 and "ANJIAN_LOGIN_MAX_FAILURES" in names and "SECURE_HSTS_SECONDS" in names
    monkeypatch.setenv("ANJIAN_VAR_DIR", str(tmp_path))
    for name in names:
        monkeypatch.setenv(name, value)
        with pytest.raises(ImproperlyConfigured, match=f"^{name} must be"):
            runpy.run_path(str(ROOT / "config" / "settings.py"))
        monkeypatch.delenv(name)


def test_gunicorn_refuses_a_malformed_number_of_its_own_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED and not k.startswith("PYTEST_")}
    env.update(KEYS, ANJIAN_VAR_DIR=str(tmp_path), ANJIAN_WEB_WORKERS="four")
    result = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), "-c", "python:anjian.ops.gunicorn_conf",
                             "--bind", "127.0.0.1:8143"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=env)
    assert result.returncode == 78
    assert result.stderr.strip().splitlines() == [
        "anjian: refusing to start, configuration error: ANJIAN_WEB_WORKERS must be a whole number, not 'four'"]


def test_development_makes_its_own_keys_under_var_readable_by_its_owner_only(tmp_path):
    result = manage(tmp_path, "check", ANJIAN_ENV="development")
    assert result.returncode == 0, result.stderr
    for name in ("secret_key", "audit_key"):  # walk: secret_key was written 0644
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
        assert len((tmp_path / name).read_text()) >= 64
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no half-made key left
    (tmp_path / "secret_key").chmod(0o644)  # made by an older version
    key = (tmp_path / "secret_key").read_text()
    assert manage(tmp_path, "check", ANJIAN_ENV="development").returncode == 0
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600 and (tmp_path / "secret_key").read_text() == key


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
    read = set(re.findall(r"""(?:environ\.get\(|environ\[|_env_bool\(|_env_int\()\s*["']([A-Z][A-Z0-9_]*)["']""",
                          (ROOT / "config" / "settings.py").read_text()))
    read |= set(re.findall(r"""(?:environ\.get\(|_env_int\()\s*["']([A-Z][A-Z0-9_]*)["']""",
                           (ROOT / "anjian" / "ops" / "gunicorn_conf.py").read_text()))
    text = ENV_EXAMPLE.read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))
    assert read - {"PYTEST_VERSION"} - listed == set()


def test_the_proxy_refuses_the_same_body_size_as_the_app(settings):
    size = re.search(r"client_max_body_size (\d+)m;", (ROOT / "deploy" / "nginx-anjian.conf").read_text())
    assert int(size.group(1)) * 1024 * 1024 == settings.ANJIAN_MAX_REQUEST_BYTES
