"""Two-factor sign-in (TOTP with recovery codes): required for the three administrators, optional for others."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client

from anjian.accounts.models import RecoveryCode, TotpDevice, User
from anjian.audit.models import AuditEvent
from anjian.domain.permissions import Role
from anjian.domain.totp import b32_decode, totp
from tests.django_fixtures import PASSWORD

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def text(response) -> str:
    return response.content.decode()


def code_at(secret: str, when: datetime) -> str:
    return totp(b32_decode(secret), when.timestamp())


def enrol(client: Client, when: datetime) -> tuple[str, list[str]]:
    """Open the enrolment page, read the secret, confirm with a code; the secret and the recovery codes."""
    page = text(client.get("/accounts/2fa/"))
    assert "<svg" in page and "otpauth://totp/" in page
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)
    response = client.post("/accounts/2fa/", {"code": code_at(secret, when)})
    assert response.status_code == 200, text(response)
    codes = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", text(response))
    return secret, codes


def password_step(client: Client, user: User, address: str = "198.51.100.1"):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=address)


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER, username="biyang-officer")


@pytest.fixture
def enrolled(officer):
    with time_machine.travel(START, tick=False):
        client = Client()
        client.force_login(officer)
        secret, codes = enrol(client, START)
    return officer, secret, codes


def test_an_officer_enrols_with_one_valid_code_and_gets_ten_recovery_codes(officer):
    with time_machine.travel(START, tick=False):
        client = Client()
        client.force_login(officer)
        page = text(client.get("/accounts/2fa/"))
        secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)
        assert secret in text(client.get("/accounts/2fa/"))  # a reload keeps the secret being scanned
        wrong = client.post("/accounts/2fa/", {"code": "000000" if code_at(secret, START) != "000000" else "111111"})
        assert "验证码不正确" in text(wrong)
        assert not TotpDevice.objects.exists()
        response = client.post("/accounts/2fa/", {"code": code_at(secret, START)})
        assert "已启用" in text(client.get("/accounts/profile/"))
    codes = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", text(response))
    assert len(set(codes)) == 10
    device = TotpDevice.objects.get(user=officer)
    assert device.confirmed_at is not None
    assert secret not in device.secret_encrypted and b32_decode(secret).hex() not in device.secret_encrypted
    stored = set(RecoveryCode.objects.filter(user=officer).values_list("digest", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes}
    assert AuditEvent.objects.filter(verb="totp_enrol", actor_id=officer.pk).exists()


def test_sign_in_asks_for_the_code_after_the_password(enrolled):
    officer, secret, _ = enrolled
    when = START + timedelta(minutes=5)
    with time_machine.travel(when, tick=False):
        client = Client()
        response = password_step(client, officer)
        assert response.status_code == 302 and response["Location"] == "/accounts/login/verify/"
        assert client.get("/home/").status_code == 302  # not signed in yet
        wrong = client.post("/accounts/login/verify/", {"code": "12345"})
        assert "验证码不正确" in text(wrong)
        response = client.post("/accounts/login/verify/", {"code": code_at(secret, when)})
        assert response.status_code == 302 and response["Location"] == "/home/"
        assert client.get("/home/").status_code == 200
    login = AuditEvent.objects.get(verb="login")
    assert login.actor_id == officer.pk and login.payload["factors"] == "password+totp"


def test_a_code_is_accepted_once_even_within_its_window(enrolled):
    officer, secret, _ = enrolled
    when = START + timedelta(minutes=5)
    with time_machine.travel(when, tick=False):
        first = Client()
        password_step(first, officer)
        assert first.post("/accounts/login/verify/", {"code": code_at(secret, when)}).status_code == 302
        second = Client()
        password_step(second, officer, address="198.51.100.2")
        replay = second.post("/accounts/login/verify/", {"code": code_at(secret, when)})
        assert replay.status_code == 200 and "验证码不正确或已使用" in text(replay)
    with time_machine.travel(when + timedelta(seconds=30), tick=False):
        response = second.post("/accounts/login/verify/", {"code": code_at(secret, when + timedelta(seconds=30))})
        assert response.status_code == 302


def test_a_recovery_code_signs_in_once(enrolled):
    officer, _, codes = enrolled
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        client = Client()
        password_step(client, officer)
        response = client.post("/accounts/login/verify/", {"code": codes[0].upper()}, follow=True)
        assert "恢复码" in text(response) and client.get("/home/").status_code == 200
        again = Client()
        password_step(again, officer)
        assert again.post("/accounts/login/verify/", {"code": codes[0]}).status_code == 200
        assert again.post("/accounts/login/verify/", {"code": codes[1]}).status_code == 302
    assert RecoveryCode.objects.filter(user=officer, used_at__isnull=True).count() == 8
    assert AuditEvent.objects.filter(verb="recovery_code_use").count() == 2
    assert AuditEvent.objects.filter(verb="login_second_factor_failed").count() == 1


def test_wrong_codes_count_against_the_throttle(enrolled):
    officer, secret, _ = enrolled
    when = START + timedelta(minutes=5)
    with time_machine.travel(when, tick=False):
        client = Client(REMOTE_ADDR="198.51.100.1")
        password_step(client, officer)
        for _ in range(4):
            client.post("/accounts/login/verify/", {"code": "99999x"})
        response = client.post("/accounts/login/verify/", {"code": "99999x"}, follow=True)
        assert "请重新登录" in text(response)  # the pending sign-in is dropped after five wrong codes
        refused = password_step(Client(), officer)
        assert "锁定至" in text(refused)  # and the (name, address) pair is locked: no endless guessing


def test_disabling_needs_a_current_code(enrolled):
    officer, secret, _ = enrolled
    when = START + timedelta(minutes=5)
    with time_machine.travel(when, tick=False):
        client = Client()
        client.force_login(officer)
        client.post("/accounts/2fa/disable/", {"code": "000000"})
        assert TotpDevice.objects.filter(user=officer).exists()
        assert "请输入验证器上的当前验证码" in text(client.post("/accounts/2fa/disable/", {"code": ""}, follow=True))
        response = client.post("/accounts/2fa/disable/", {"code": code_at(secret, when)}, follow=True)
        assert "已关闭两步验证" in text(response)
    assert not TotpDevice.objects.filter(user=officer).exists() and not RecoveryCode.objects.exists()
    assert AuditEvent.objects.filter(verb="totp_disable", actor_id=officer.pk).exists()


def test_recovery_codes_can_be_renewed_with_a_current_code(enrolled):
    officer, secret, old = enrolled
    when = START + timedelta(minutes=5)
    with time_machine.travel(when, tick=False):
        client = Client()
        client.force_login(officer)
        response = client.post("/accounts/2fa/recovery-codes/", {"code": code_at(secret, when)})
        new = re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", text(response))
        assert len(new) == 10 and not set(new) & set(old)
        client2 = Client()
        password_step(client2, officer)
        assert client2.post("/accounts/login/verify/", {"code": old[2]}).status_code == 200


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_administrators_must_enrol_before_anything_else(make_user, role):
    admin = make_user("410000", role, username=f"prov-{role.value}")
    with time_machine.travel(START, tick=False):
        client = Client()
        assert password_step(client, admin).status_code == 302
        for url in ("/home/", "/accounts/profile/", "/accounts/password/"):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == "/accounts/2fa/", url
        api = client.get("/api/v1/regions/")
        assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
        assert "必须使用两步验证" in text(client.get("/accounts/2fa/")) or "须使用两步验证" in text(
            client.get("/accounts/2fa/"))
        secret, _ = enrol(client, START)
        assert client.get("/home/").status_code == 200
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        client.post("/accounts/2fa/disable/", {"code": code_at(secret, START + timedelta(minutes=5))})
        assert TotpDevice.objects.filter(user=admin).exists()  # administrators cannot turn it off
        later = Client()
        assert password_step(later, admin)["Location"] == "/accounts/login/verify/"


def test_an_administrators_token_does_not_work_without_a_second_factor(make_user):
    from anjian.accounts.services_security import api_token_create

    admin = make_user("410000", Role.SYSTEM_ADMIN)
    _, token = api_token_create(actor=admin, name="x", days=30)
    assert Client().get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_a_password_only_session_ends_once_the_account_enrols_elsewhere(officer):
    with time_machine.travel(START, tick=False):
        old = Client()
        password_step(old, officer)
        assert old.get("/home/").status_code == 200
        other = Client()
        other.force_login(officer)
        enrol(other, START)
        response = old.get("/home/")
        assert response.status_code == 302 and response["Location"] == "/accounts/login/"
        assert other.get("/home/").status_code == 200


def test_a_security_admin_reset_can_unbind_a_lost_authenticator(enrolled, make_user):
    officer, _, _ = enrolled
    admin = Client()
    admin.force_login(make_user("411700", Role.SECURITY_ADMIN))
    admin.post(f"/accounts/users/{officer.pk}/reset-password/", {"reset_totp": "1"})
    assert not TotpDevice.objects.filter(user=officer).exists()
    assert AuditEvent.objects.get(verb="user_password_reset").payload["second_factor_reset"] is True


def test_wrong_codes_from_many_addresses_pause_the_accounts_second_factor(enrolled):
    officer, secret, _ = enrolled
    when = START + timedelta(minutes=5)
    with time_machine.travel(when, tick=False):
        for address in ("198.51.100.1", "198.51.100.2"):
            client = Client(REMOTE_ADDR=address)
            password_step(client, officer, address=address)
            for _ in range(5):
                client.post("/accounts/login/verify/", {"code": "99999x"})
        client = Client(REMOTE_ADDR="198.51.100.3")
        assert password_step(client, officer, address="198.51.100.3").status_code == 302
        response = client.post("/accounts/login/verify/", {"code": code_at(secret, when)}, follow=True)
        assert "两步验证已暂停至" in text(response)
        assert client.get("/home/").status_code == 302
