"""Login security through the pages and API people use: hashing, lockout, idle timeout, API tokens."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from anjian.accounts.models import User
from anjian.audit.models import AuditEvent
from anjian.domain.permissions import Role
from tests.django_fixtures import PASSWORD

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # a Monday, 09:00 in Beijing


def login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER, username="biyang-officer")


# --- password storage ---------------------------------------------------------------------------------

def test_passwords_are_stored_with_argon2(officer):
    stored = User.objects.get(pk=officer.pk).password
    assert stored.startswith("argon2$argon2id$")
    assert PASSWORD not in stored
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_the_right_password_logs_in_and_is_audited(client, officer):
    response = login(client, officer.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/home/"
    assert client.get("/home/").status_code == 200
    assert AuditEvent.objects.filter(verb="login", target_id=str(officer.pk), actor_id=officer.pk).exists()


# --- lockout ------------------------------------------------------------------------------------------

def test_five_wrong_passwords_lock_the_account_until_the_lock_expires(client, officer):
    assert settings.ANJIAN_LOGIN_MAX_FAILURES == 5
    with time_machine.travel(START, tick=False) as traveller:
        for attempt in range(1, 5):
            response = login(client, officer.username, f"wrong-{attempt}")
            assert response.status_code == 200
            assert "用户名或密码错误" in text(response) and "锁定至" not in text(response)
        response = login(client, officer.username, "wrong-5")
        assert response.status_code == 200
        assert "锁定" in text(response) and "09:15" in text(response)
        officer.refresh_from_db()
        assert officer.locked_until == START + timedelta(minutes=settings.ANJIAN_LOGIN_LOCK_MINUTES)

        # Even the right password is refused while the lock lasts.
        response = login(client, officer.username, PASSWORD)
        assert response.status_code == 200 and "锁定" in text(response)
        assert client.get("/home/").status_code == 302

        traveller.shift(timedelta(minutes=settings.ANJIAN_LOGIN_LOCK_MINUTES) - timedelta(seconds=1))
        response = login(client, officer.username, PASSWORD)
        assert response.status_code == 200 and "锁定" in text(response)

        traveller.shift(timedelta(seconds=2))
        response = login(client, officer.username, PASSWORD)
        assert response.status_code == 302 and response["Location"] == "/home/"
    officer.refresh_from_db()
    assert officer.failed_logins == 0 and officer.locked_until is None


def test_failures_and_the_lockout_are_audit_events(client, officer):
    for attempt in range(5):
        login(client, officer.username, f"wrong-{attempt}")
    login(client, officer.username, PASSWORD)  # refused while locked
    verbs = list(AuditEvent.objects.filter(target_id=str(officer.pk), target_type="accounts.user")
                 .exclude(verb="user_create").order_by("seq").values_list("verb", flat=True))
    assert verbs == ["login_failed"] * 4 + ["login_locked", "login_refused_locked"]
    locked = AuditEvent.objects.get(verb="login_locked", target_id=str(officer.pk))
    assert locked.actor_id is None and locked.target_repr == officer.username


def test_a_success_resets_the_failure_count(client, officer):
    for attempt in range(4):
        login(client, officer.username, f"wrong-{attempt}")
    assert login(client, officer.username, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for attempt in range(4):
        response = login(client, officer.username, f"again-{attempt}")
        assert "锁定至" not in text(response)
    officer.refresh_from_db()
    assert officer.failed_logins == 4 and officer.locked_until is None


def test_unknown_user_gets_the_same_message_and_no_lock(client):
    response = login(client, "nobody-here", "whatever-password")
    assert response.status_code == 200 and "用户名或密码错误" in text(response)


# --- idle timeout -------------------------------------------------------------------------------------

def test_a_session_idle_longer_than_the_timeout_is_logged_out(client, officer):
    with time_machine.travel(START, tick=False) as traveller:
        assert login(client, officer.username, PASSWORD).status_code == 302
        assert client.get("/home/").status_code == 200
        traveller.shift(timedelta(seconds=settings.ANJIAN_IDLE_TIMEOUT + 1))
        response = client.get("/enterprises/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        page = client.get(response["Location"])
        assert "长时间未操作，已自动退出" in text(page)
        assert client.get("/home/").status_code == 302


def test_an_active_session_stays_logged_in(client, officer):
    with time_machine.travel(START, tick=False) as traveller:
        assert login(client, officer.username, PASSWORD).status_code == 302
        step = timedelta(seconds=settings.ANJIAN_IDLE_TIMEOUT - 60)
        for _ in range(4):  # far longer than the timeout in total, but never idle that long
            traveller.shift(step)
            assert client.get("/home/").status_code == 200


def test_idle_timeout_applies_at_exactly_the_limit_plus_one_second_not_before(client, officer):
    with time_machine.travel(START, tick=False) as traveller:
        assert login(client, officer.username, PASSWORD).status_code == 302
        client.get("/home/")
        traveller.shift(timedelta(seconds=settings.ANJIAN_IDLE_TIMEOUT))
        assert client.get("/home/").status_code == 200


# --- API bearer token ---------------------------------------------------------------------------------

def issue_token(client: Client) -> str:
    response = client.post("/accounts/profile/")
    assert response.status_code == 200
    match = re.search(r'<code id="token">(aj_[A-Za-z0-9_\-]+)</code>', text(response))
    assert match, "token not shown"
    return match.group(1)


def api_get(token: str, path: str = "/api/v1/enterprises/"):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_api_token_from_the_profile_page_works_and_a_new_one_replaces_it(client, officer, make_enterprise):
    make_enterprise("411726", name="泌阳县令牌测试有限公司")
    make_enterprise("411721", name="西平县令牌测试有限公司")
    client.force_login(officer)

    first = issue_token(client)
    response = api_get(first)
    assert response.status_code == 200
    names = [e["name"] for e in response.json()["results"]]
    assert names == ["泌阳县令牌测试有限公司"]  # the token carries the user's scope
    officer.refresh_from_db()
    assert first not in officer.api_token_hash and len(officer.api_token_hash) == 64
    assert AuditEvent.objects.filter(verb="api_token_issue", actor_id=officer.pk).count() == 1

    second = issue_token(client)
    assert second != first
    old = api_get(first)
    assert old.status_code == 401 and old.json()["code"] == "unauthorized"
    assert api_get(second).status_code == 200
    assert AuditEvent.objects.filter(verb="api_token_issue", actor_id=officer.pk).count() == 2


def test_the_profile_page_shows_no_token_until_one_is_issued(client, officer):
    client.force_login(officer)
    response = client.get("/accounts/profile/")
    assert response.status_code == 200 and 'id="token"' not in text(response)


@pytest.mark.parametrize("header", ["Bearer aj_not-a-real-token", "Bearer ", "Token aj_x", "Basic Zm9vOmJhcg=="])
def test_a_wrong_token_gets_401_json(header, officer):
    response = Client().get("/api/v1/enterprises/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "unauthorized"
