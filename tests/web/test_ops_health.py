"""/healthz and /readyz, as a load balancer sees them: public, never cached, and /readyz says which check failed."""

import sys
import types
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import OperationalError
from django.utils import timezone

from anjian.ops import checks


def test_healthz_answers_anonymous_callers_without_touching_the_database(client):
    # No database fixture: any query here would fail the test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert client.post("/healthz").status_code == 405


@pytest.fixture
def worker_beat(monkeypatch):
    """Make anjian.jobs.selectors.latest_worker_beat() answer `value` (the jobs app's interface)."""

    def set_beat(value):
        try:
            import anjian.jobs.selectors as selectors
        except ImportError:  # the jobs app not installed yet: stand in for its selector module
            monkeypatch.setitem(sys.modules, "anjian.jobs", types.ModuleType("anjian.jobs"))
            selectors = types.ModuleType("anjian.jobs.selectors")
            monkeypatch.setitem(sys.modules, "anjian.jobs.selectors", selectors)
        monkeypatch.setattr(selectors, "latest_worker_beat", lambda: value, raising=False)

    return set_beat


@pytest.fixture
def ready(db, settings, worker_beat, monkeypatch):
    """Every check passing: a worker beat just now, no free-space floor, migrations looked at afresh."""
    worker_beat(timezone.now() - timedelta(seconds=5))
    settings.ANJIAN_READY_MIN_FREE_MB = 0
    monkeypatch.setattr(checks, "_migrations_applied", False)


def failing(response) -> dict:
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    return {name: (c["code"], c["message"]) for name, c in body["checks"].items() if not c["ok"]}


def test_readyz_is_200_when_every_check_passes(client, ready):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "checks": {name: {"ok": True} for name in
                                                          ("database", "migrations", "worker", "disk")}}
    assert "no-store" in response["Cache-Control"]


def test_readyz_is_503_when_the_database_cannot_be_reached(client, ready, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:  # undone before the test database is rolled back
        patch.setattr(type(connections["default"]), "cursor", refuse)
        problems = failing(client.get("/readyz"))
    assert problems["database"] == ("database_unreachable", "数据库无法连接")
    assert problems["migrations"][0] == "database_unreachable"


def test_readyz_is_503_while_a_migration_is_not_applied(client, ready):
    MigrationRecorder(connection).record_unapplied("sessions", "0001_initial")
    problems = failing(client.get("/readyz"))
    assert list(problems) == ["migrations"]
    code, message = problems["migrations"]
    assert code == "migrations_pending" and "尚未执行" in message


def test_readyz_remembers_applied_migrations_and_stays_cheap(client, ready, django_assert_max_num_queries):
    client.get("/readyz")
    with django_assert_max_num_queries(2):  # SELECT 1; the worker's beat is faked here
        assert client.get("/readyz").status_code == 200


@pytest.mark.parametrize(("beat", "code", "words"), [
    (None, "worker_not_seen", "尚未发现后台任务进程"),
    (timedelta(seconds=61), "worker_stale", "超过 60 秒"),
])
def test_readyz_is_503_without_a_worker_seen_in_the_last_minute(client, ready, worker_beat, beat, code, words):
    worker_beat(None if beat is None else timezone.now() - beat)
    problems = failing(client.get("/readyz"))
    assert list(problems) == ["worker"]
    assert problems["worker"][0] == code and words in problems["worker"][1]


def test_readyz_is_503_when_the_jobs_app_is_missing(client, ready, monkeypatch):
    client.get("/healthz")  # the URLconf (which may import the jobs app's pages) is loaded first
    monkeypatch.setitem(sys.modules, "anjian.jobs.selectors", None)  # from here on, the import fails
    assert failing(client.get("/readyz"))["worker"][0] == "worker_missing"


def test_readyz_is_503_when_the_data_volume_is_short_of_space(client, ready, settings):
    settings.ANJIAN_READY_MIN_FREE_MB = 10**12
    problems = failing(client.get("/readyz"))
    assert list(problems) == ["disk"]
    code, message = problems["disk"]
    assert code == "disk_low" and "低于" in message


def test_health_endpoints_are_not_redirected_to_https_or_to_login(client, ready, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    response = client.get("/accounts/login/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


@pytest.mark.parametrize("route", ["/healthz", "/readyz"])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_health_endpoints_answer_405_to_writes_not_the_csrf_page(route, method):
    from django.test import Client

    response = getattr(Client(enforce_csrf_checks=True), method)(route)
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
