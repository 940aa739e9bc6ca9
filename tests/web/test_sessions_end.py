"""Locking, deactivating, resetting or changing a password ends the account's sessions and API tokens —
on every app server, since the check is the session hash against the account's security stamp."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from anjian.accounts.models import ApiToken, User
from anjian.accounts.services_security import api_token_create
from anjian.audit.models import AuditEvent
from anjian.domain.permissions import Role
from tests.django_fixtures import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    client = Client()
    client.force_login(make_user("411700", Role.SECURITY_ADMIN, username="zmd-secadmin"))
    return client


@pytest.fixture
def victim(make_user):
    """An officer signed in on two devices (through the login page) and holding a token."""
    user = make_user("411726", Role.OFFICER, username="biyang-officer")
    sessions = []
    for address in ("198.51.100.1", "198.51.100.2"):
        c = Client(REMOTE_ADDR=address)
        assert c.post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302
        assert c.get("/enterprises/").status_code == 200
        sessions.append(c)
    _, token = api_token_create(actor=user, name="同步", days=30)
    return user, sessions, token


def signed_out(client: Client) -> bool:
    response = client.get("/enterprises/")
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def token_works(token: str) -> bool:
    return Client().get("/api/v1/enterprises/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_an_administrator_lock_ends_sessions_and_tokens_and_refuses_sign_in(admin, victim):
    user, sessions, token = victim
    assert token_works(token)
    until = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = admin.post(f"/accounts/users/{user.pk}/lock/", {"until": until, "reason": "疑似泄露"}, follow=True)
    assert "已锁定账号" in response.content.decode()
    assert all(signed_out(s) for s in sessions)
    assert not token_works(token)
    assert ApiToken.objects.get().revoked_at is not None
    refused = Client(REMOTE_ADDR="203.0.113.9").post("/accounts/login/", {"username": user.username,
                                                                           "password": PASSWORD})
    assert refused.status_code == 200  # from every address: an administrator lock applies to everyone
    event = AuditEvent.objects.get(verb="user_lock")
    assert event.payload["reason"] == "疑似泄露" and event.payload["tokens_revoked"] == 1

    admin.post(f"/accounts/users/{user.pk}/unlock/")
    assert Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 302


def test_a_lock_must_end_in_the_future_and_within_a_year(admin, victim):
    user, sessions, token = victim
    for until in (timezone.localtime() - timedelta(hours=1), timezone.localtime() + timedelta(days=400)):
        response = admin.post(f"/accounts/users/{user.pk}/lock/", {"until": until.strftime("%Y-%m-%dT%H:%M")},
                              follow=True)
        assert "锁定" in response.content.decode() and "已锁定账号" not in response.content.decode()
    user.refresh_from_db()
    assert user.locked_until is None and not signed_out(sessions[0]) and token_works(token)


def test_deactivation_ends_sessions_and_tokens(admin, victim):
    user, sessions, token = victim
    admin.post(f"/accounts/users/{user.pk}/active/", {"active": "0"})
    assert all(signed_out(s) for s in sessions)
    assert not token_works(token)
    admin.post(f"/accounts/users/{user.pk}/active/", {"active": "1"})
    assert not token_works(token)  # revoked, not just suspended


def test_changing_ones_password_ends_the_other_sessions_and_tokens_but_keeps_this_one(victim):
    user, (here, elsewhere), token = victim
    response = here.post("/accounts/password/", {"current": PASSWORD, "new1": "Zhu-Ma-Dian-7749",
                                                 "new2": "Zhu-Ma-Dian-7749"}, follow=True)
    assert "密码已修改" in response.content.decode()
    assert here.get("/enterprises/").status_code == 200
    assert signed_out(elsewhere)
    assert not token_works(token)
    assert AuditEvent.objects.get(verb="password_change").payload["tokens_revoked"] == 1


def test_an_administrator_reset_ends_sessions_and_tokens(admin, victim):
    user, sessions, token = victim
    response = admin.post(f"/accounts/users/{user.pk}/reset-password/")
    temporary = re.search(r'id="temporary-password"[^>]*>([^<]+)<', response.content.decode()).group(1)
    assert all(signed_out(s) for s in sessions)
    assert not token_works(token)
    assert Client().post("/accounts/login/", {"username": user.username, "password": PASSWORD}).status_code == 200
    assert Client().post("/accounts/login/", {"username": user.username, "password": temporary}).status_code == 302


def test_a_stamp_change_on_another_server_is_seen_by_this_one(victim):
    """Nothing is cached per process: a stamp written straight to the database ends the session."""
    user, (here, _), _ = victim
    User.objects.filter(pk=user.pk).update(security_stamp="0" * 32)
    assert signed_out(here)
