"""Login security through the pages people use: hashing, throttling, one answer for every refusal, idle timeout."""

import re
import statistics
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

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

@pytest.mark.argon2
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


# --- throttling per (name, address) and per address ---------------------------------------------------

HERE, THERE = "198.51.100.10", "203.0.113.20"


def login_from(client: Client, address: str, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def errors(response) -> str:
    found = re.search(r'<ul class="errorlist[^"]*">(.*?)</ul>', text(response), re.S)
    return found.group(1).strip() if found else ""


def test_five_wrong_passwords_lock_that_name_from_that_address_only(officer):
    assert settings.ANJIAN_LOGIN_MAX_FAILURES == 5
    attacker, owner = Client(), Client()
    with time_machine.travel(START, tick=False) as traveller:
        for attempt in range(1, 5):
            response = login_from(attacker, HERE, officer.username, f"wrong-{attempt}")
            assert response.status_code == 200
            assert "用户名或密码错误" in text(response) and "锁定至" not in text(response)
        response = login_from(attacker, HERE, officer.username, "wrong-5")
        assert "锁定至 09:15" in text(response)

        # The right password from that address is refused while the lock lasts …
        response = login_from(attacker, HERE, officer.username, PASSWORD)
        assert response.status_code == 200 and "锁定至 09:15" in text(response)
        # … but the owner, elsewhere, signs in as usual: nobody can lock an account for everyone.
        response = login_from(owner, THERE, officer.username, PASSWORD)
        assert response.status_code == 302 and response["Location"] == "/home/"
        assert owner.get("/home/").status_code == 200

        traveller.shift(timedelta(minutes=settings.ANJIAN_LOGIN_LOCK_MINUTES) - timedelta(seconds=1))
        assert "锁定至" in text(login_from(Client(), HERE, officer.username, PASSWORD))
        traveller.shift(timedelta(seconds=2))
        assert login_from(Client(), HERE, officer.username, PASSWORD).status_code == 302
    officer.refresh_from_db()
    assert officer.locked_until is None  # the account itself was never locked


def test_the_lock_follows_the_typed_name_so_unknown_names_lock_alike(officer):
    with time_machine.travel(START, tick=False):
        known = [errors(login_from(Client(), HERE, officer.username, f"wrong-{i}")) for i in range(6)]
        unknown = [errors(login_from(Client(), HERE, "nobody-here", f"wrong-{i}")) for i in range(6)]
    assert known == unknown
    assert "锁定至" in known[-1] and "锁定至" not in known[3]


def test_an_address_failing_across_many_names_is_locked_for_every_name(officer, settings):
    settings.ANJIAN_LOGIN_ADDRESS_MAX_FAILURES = 8
    with time_machine.travel(START, tick=False):
        for i in range(8):  # a password spray: one try per name, never five on one name
            login_from(Client(), HERE, f"guess-{i}", "Spring-2026!")
        response = login_from(Client(), HERE, officer.username, PASSWORD)
        assert response.status_code == 200 and "本机登录已锁定至 09:15" in text(response)
        assert login_from(Client(), THERE, officer.username, PASSWORD).status_code == 302


def test_the_default_address_limit_is_above_the_name_limit():
    assert settings.ANJIAN_LOGIN_ADDRESS_MAX_FAILURES > settings.ANJIAN_LOGIN_MAX_FAILURES


def test_a_success_resets_the_name_count_but_not_the_address_count(officer, settings):
    settings.ANJIAN_LOGIN_ADDRESS_MAX_FAILURES = 8
    with time_machine.travel(START, tick=False):
        for attempt in range(4):
            login_from(Client(), HERE, officer.username, f"wrong-{attempt}")
        assert login_from(Client(), HERE, officer.username, PASSWORD).status_code == 302
        for attempt in range(3):  # 4 + 3 = 7 < 8 on the address; 3 < 5 on the name
            assert "锁定至" not in text(login_from(Client(), HERE, officer.username, f"again-{attempt}"))
        response = login_from(Client(), HERE, officer.username, "again-3")
        assert "本机登录已锁定至" in text(response)  # one good sign-in did not wipe the address's record


def test_failures_and_locks_are_audit_events(officer):
    for attempt in range(5):
        login_from(Client(), HERE, officer.username, f"wrong-{attempt}")
    login_from(Client(), HERE, officer.username, PASSWORD)  # refused while locked
    events = list(AuditEvent.objects.filter(verb__startswith="login").order_by("seq"))
    assert [e.verb for e in events] == ["login_failed"] * 5 + ["login_throttle_lock", "login_refused_throttled"]
    assert all(e.actor_id is None for e in events)
    assert events[0].target_id == str(officer.pk) and events[0].payload["reason"] == "wrong_password"
    assert events[0].payload["address"] == HERE and events[5].payload["scope"] == "pair"
    login_from(Client(), THERE, officer.username, PASSWORD)
    success = AuditEvent.objects.get(verb="login")
    assert success.actor_id == officer.pk and success.payload["address"] == THERE
    login_from(Client(), THERE, "nobody-here", PASSWORD)
    unknown = AuditEvent.objects.filter(verb="login_failed").order_by("-seq").first()
    assert unknown.target_repr == "nobody-here" and unknown.payload["reason"] == "unknown_user"


def test_forwarded_for_counts_only_behind_a_trusted_proxy(officer, settings):
    def via_proxy(xff, password, remote="10.0.0.1"):
        return Client().post("/accounts/login/", {"username": officer.username, "password": password},
                             REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=xff)

    # Without trusted proxies a forged header changes nothing: five failures lock the real address.
    for i in range(5):
        via_proxy(f"192.0.2.{i}", "wrong", remote=HERE)
    assert "锁定至" in text(via_proxy("192.0.2.99", PASSWORD, remote=HERE))

    settings.ANJIAN_TRUSTED_PROXIES = ("10.0.0.0/8",)
    for _ in range(5):
        via_proxy("192.0.2.7", "wrong")
    assert "锁定至" in text(via_proxy("192.0.2.7", PASSWORD))
    assert via_proxy("192.0.2.8", PASSWORD).status_code == 302  # another client behind the same proxy


# --- one answer for every refusal ----------------------------------------------------------------------

@pytest.fixture
def refusals(make_user):
    """(name, password) for a wrong password, an unknown name, a deactivated and an admin-locked account —
    the last two with their right password."""
    known = make_user("411726", Role.OFFICER, username="known-officer")
    inactive = make_user("411726", Role.OFFICER, username="gone-officer")
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    locked = make_user("411726", Role.OFFICER, username="held-officer")
    User.objects.filter(pk=locked.pk).update(locked_until=timezone.now() + timedelta(days=1))
    return {"wrong": (known.username, "Wrong-Horse-42"), "unknown": ("nobody-here", PASSWORD),
            "inactive": (inactive.username, PASSWORD), "locked": (locked.username, PASSWORD)}


def test_unknown_wrong_inactive_and_locked_get_the_same_answer(refusals):
    answers = {case: login_from(Client(), f"198.51.100.{i}", *creds) for i, (case, creds) in enumerate(refusals.items())}
    assert {r.status_code for r in answers.values()} == {200}
    assert len({errors(r) for r in answers.values()}) == 1
    assert "用户名或密码错误" in errors(answers["unknown"])


@pytest.mark.argon2
def test_every_refusal_path_computes_exactly_one_password_hash(refusals, monkeypatch):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    calls = []
    real_encode, real_verify = Argon2PasswordHasher.encode, Argon2PasswordHasher.verify
    monkeypatch.setattr(Argon2PasswordHasher, "encode", lambda self, *a, **k: calls.append("encode") or
                        real_encode(self, *a, **k))
    monkeypatch.setattr(Argon2PasswordHasher, "verify", lambda self, *a, **k: calls.append("verify") or
                        real_verify(self, *a, **k))
    for i, (case, creds) in enumerate(refusals.items()):
        calls.clear()
        login_from(Client(), f"198.51.100.{i}", *creds)
        assert len(calls) == 1, (case, calls)


@pytest.mark.argon2
def test_unknown_and_known_names_take_similar_time(refusals):
    durations = {"wrong": [], "unknown": []}
    for i in range(7):
        for case in ("wrong", "unknown") if i % 2 else ("unknown", "wrong"):
            started = time.perf_counter()
            login_from(Client(), f"198.51.{i}.{len(case)}", *refusals[case])
            durations[case].append(time.perf_counter() - started)
    known, unknown = statistics.median(durations["wrong"]), statistics.median(durations["unknown"])
    assert max(known, unknown) / min(known, unknown) < 3  # generous: a shared machine is noisy


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


