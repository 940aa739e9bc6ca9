"""Request ids and JSON log lines: an operator follows one request through the logs by the id in its answer."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import include, path

from anjian.ops.logs import JsonFormatter

ROOT = Path(__file__).resolve().parents[2]


def _broken(request):
    raise RuntimeError("a bug with a traceback")


urlpatterns = [path("ops-test/broken/", _broken), path("api/v1/ops-test/broken", _broken),
               path("", include("config.urls"))]  # this module as the URLconf: the app plus one broken page


def test_a_well_formed_request_id_from_the_proxy_is_kept_and_returned(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="5f0c6d1e-9a4b-4c1f-8e2a-3b7d9c0e1f24")
    assert response["X-Request-ID"] == "5f0c6d1e-9a4b-4c1f-8e2a-3b7d9c0e1f24"


@pytest.mark.parametrize("sent", ["short", "x" * 129, "bad id with spaces", "id\"injected{}", "标识符标识符标识符"])
def test_a_malformed_or_overlong_request_id_is_replaced_by_a_new_one(client, sent):
    returned = client.get("/healthz", HTTP_X_REQUEST_ID=sent)["X-Request-ID"]
    assert returned != sent
    assert len(returned) == 32 and int(returned, 16) >= 0


def test_each_request_without_an_id_gets_its_own(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@pytest.fixture
def log_lines():
    """What the configured console handler (settings.LOGGING) writes, line by line."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


@pytest.mark.django_db
def test_log_lines_are_json_objects_carrying_the_request_id(client, log_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="trace-0123456789")
    assert response.status_code in (302, 404)
    client.get("/api/v1/no-such-operation", HTTP_X_REQUEST_ID="trace-abcdefghij")
    lines = log_lines()
    api_line = next(line for line in lines if line.get("path") == "/api/v1/no-such-operation")
    assert api_line["request_id"] == "trace-abcdefghij"
    assert api_line["level"] == "WARNING" and api_line["logger"] == "django.request"
    assert api_line["status_code"] == 404 and api_line["method"] == "GET"
    assert api_line["time"].endswith("+00:00")
    assert {line["request_id"] for line in lines} <= {"trace-0123456789", "trace-abcdefghij"}


def test_a_log_line_outside_any_request_says_so_and_keeps_exceptions_on_one_line(log_lines):
    log = logging.getLogger("anjian.test")
    try:
        raise ValueError("两行\n消息")
    except ValueError:
        log.error("导入失败：%s", "企业表", exc_info=True, extra={"rows": 3})
    (line,) = [line for line in log_lines() if line["logger"] == "anjian.test"]
    assert line["message"] == "导入失败：企业表" and line["request_id"] == "-" and line["rows"] == 3
    assert "ValueError: 两行\n消息" in line["exception"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/ops-test/broken/", "/api/v1/ops-test/broken"])
def test_a_500_is_one_line_with_its_traceback(settings, log_lines, admin_user, url):
    """Walk: an API 500 was logged twice with the same id (its answer is replaced by the JSON one after Django
    logged it)."""
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    assert client.get(url, HTTP_X_REQUEST_ID="trace-500-once").status_code == 500
    [line] = [line for line in log_lines() if line["request_id"] == "trace-500-once"]
    assert (line["level"], line["logger"], line["status_code"], line["path"]) == ("ERROR", "django.request", 500, url)
    assert "RuntimeError: a bug with a traceback" in line["exception"]


@pytest.mark.django_db
def test_a_disallowed_host_is_one_warning_line_without_a_traceback(client, log_lines):
    response = client.get("/healthz", HTTP_HOST="evil.example", HTTP_X_REQUEST_ID="trace-bad-host")
    assert response.status_code == 400
    [line] = [line for line in log_lines() if line["request_id"] == "trace-bad-host"]
    assert (line["level"], line["logger"]) == ("WARNING", "django.security.DisallowedHost")
    assert "evil.example" in line["message"] and "exception" not in line


def test_a_worker_that_cannot_start_says_why_in_json_lines_only(tmp_path):
    """Walk: the worker's crash went to stderr as a plain-text traceback. No migrations here: its tables are
    missing, which is not an outage to wait out — one CRITICAL JSON line with the traceback inside, status 1."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ANJIAN_STORAGE")}
    env.update(ANJIAN_ENV="development", ANJIAN_VAR_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "manage.py", "worker", "--no-schedule"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stderr.splitlines()]  # every line is JSON
    [fatal] = [line for line in lines if line["level"] == "CRITICAL"]
    assert fatal["logger"] == "anjian.jobs" and "could not start" in fatal["message"]
    assert "no such table" in fatal["exception"]
