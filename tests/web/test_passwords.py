"""Passwords: the policy's refusals (in Chinese), changing one's own, forced change on first sign-in and after
an administrator reset."""

import re

import pytest
from django.test import Client

from anjian.accounts.models import User
from anjian.audit.models import AuditEvent
from anjian.domain.permissions import Role
from anjian.regions.models import Agency
from tests.django_fixtures import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Zhu-Ma-Dian-7749"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def officer(make_user):
    user = make_user("411726", Role.OFFICER, username="biyang-officer")
    User.objects.filter(pk=user.pk).update(full_name="李明")
    user.refresh_from_db()
    return user


@pytest.fixture
def admin(make_user):
    client = Client()
    client.force_login(make_user("411700", Role.SECURITY_ADMIN, username="zmd-secadmin"))
    return client


REFUSED = [
    (" " * 10, "密码不能为空或只有空格"),
    ("biyang-officer", "密码不能包含用户名或姓名"),
    ("Biyang-Officer-2026", "密码不能包含用户名或姓名"),
    ("李明的新密码2026abc", "密码不能包含用户名或姓名"),
    ("anjian2026", "密码不能包含系统名称"),
    ("Anjian@2026", "密码不能包含系统名称"),
    ("woaini1314", "密码过于常见"),
    ("Qwertyuiop2026!", "密码过于常见"),
    ("password123", "密码过于常见"),
    ("aaaaaaaaaaaa", "密码中不同的字符太少"),
    ("Ab-1234", "密码太短"),
    ("1234509876", "密码不能全部是数字"),
]


@pytest.mark.parametrize(("password", "message"), REFUSED, ids=[m for _, m in REFUSED])
def test_the_change_page_refuses_each_weak_password_in_chinese(client, officer, password, message):
    client.force_login(officer)
    response = client.post("/accounts/password/", {"current": PASSWORD, "new1": password, "new2": password},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and message in text(response)
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(verb="password_change").exists()


@pytest.mark.parametrize(("password", "message"), REFUSED[:6], ids=[m for _, m in REFUSED[:6]])
def test_the_account_form_refuses_them_too(admin, password, message):
    agency = Agency.objects.get(region_id="411726")
    response = admin.post("/accounts/users/new/", {
        "username": "biyang-officer", "full_name": "李明", "password1": password, "password2": password,
        "agency": str(agency.pk), "roles": ["officer"]})
    assert response.status_code == 200 and message in text(response)
    assert not User.objects.filter(username="biyang-officer").exists()


def test_the_demo_and_test_passwords_pass_the_policy():
    from anjian.accounts.password_validators import password_policy_errors
    from anjian.home.demo import DEMO_PASSWORD, demo_logins

    for username, _, label in demo_logins():
        assert password_policy_errors(DEMO_PASSWORD, User(username=username, full_name=f"{label}（演示）")) == []
    assert password_policy_errors(PASSWORD, User(username="u1-411726", full_name="u1-411726")) == []


def test_changing_ones_password_from_the_profile_page(client, officer):
    client.force_login(officer)
    assert 'href="/accounts/password/"' in text(client.get("/accounts/profile/"))
    wrong = client.post("/accounts/password/", {"current": "Not-My-Password-1", "new1": NEW, "new2": NEW})
    assert "当前密码不正确" in text(wrong)
    mismatch = client.post("/accounts/password/", {"current": PASSWORD, "new1": NEW, "new2": NEW + "x"})
    assert "两次输入的新密码不一致" in text(mismatch)
    same = client.post("/accounts/password/", {"current": PASSWORD, "new1": PASSWORD, "new2": PASSWORD})
    assert "新密码不能与当前密码相同" in text(same)

    response = client.post("/accounts/password/", {"current": PASSWORD, "new1": NEW, "new2": NEW}, follow=True)
    assert "密码已修改" in text(response)
    officer.refresh_from_db()
    assert officer.check_password(NEW) and officer.password_changed_at is not None
    assert AuditEvent.objects.filter(verb="password_change", actor_id=officer.pk).count() == 1
    assert AuditEvent.objects.filter(verb="password_change_failed", actor_id=officer.pk).count() == 1
    assert NEW not in str(AuditEvent.objects.get(verb="password_change").payload)


def test_guessing_the_current_password_on_the_change_page_is_throttled(client, officer):
    client.force_login(officer)
    for i in range(5):
        client.post("/accounts/password/", {"current": f"Guess-{i}-xyz", "new1": NEW, "new2": NEW})
    response = client.post("/accounts/password/", {"current": PASSWORD, "new1": NEW, "new2": NEW})
    assert "错误次数过多" in text(response)
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def gated(client: Client, page: str = "/accounts/password/") -> None:
    for url in ("/home/", "/enterprises/", "/accounts/profile/", "/accounts/2fa/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == page, url
    api = client.get("/api/v1/enterprises/")
    assert api.status_code == 403 and api.json()["code"] == ("password_change_required" if "password" in page
                                                             else "second_factor_required")


def test_an_account_created_by_a_security_admin_changes_its_password_first(admin):
    agency = Agency.objects.get(region_id="411726")
    admin.post("/accounts/users/new/", {"username": "biyang-wang", "full_name": "王强", "password1": "Tian-Zhong-2026!",
                                        "password2": "Tian-Zhong-2026!", "agency": str(agency.pk),
                                        "roles": ["officer"]})
    assert User.objects.get(username="biyang-wang").must_change_password
    user = Client()
    assert user.post("/accounts/login/", {"username": "biyang-wang", "password": "Tian-Zhong-2026!"}).status_code == 302
    gated(user)
    assert "须先修改密码" in text(user.get("/accounts/password/"))
    response = user.post("/accounts/password/", {"current": "Tian-Zhong-2026!", "new1": NEW, "new2": NEW})
    assert response.status_code == 302
    assert user.get("/enterprises/").status_code == 200
    assert not User.objects.get(username="biyang-wang").must_change_password


def test_logout_stays_open_while_a_change_is_owed(admin, make_user):
    made = make_user("411726", Role.OFFICER)
    User.objects.filter(pk=made.pk).update(must_change_password=True)
    client = Client()
    client.force_login(made)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/home/")["Location"].startswith("/accounts/login/")


def test_accounts_made_without_an_administrator_are_not_forced(officer):
    assert not officer.must_change_password  # bootstrap's demo accounts and the tests' accounts


def test_an_administrator_reset_gives_a_one_time_password_that_must_be_changed(admin, officer):
    response = admin.post(f"/accounts/users/{officer.pk}/reset-password/")
    assert response.status_code == 200 and "已重置密码" in text(response)
    temporary = re.search(r'id="temporary-password"[^>]*>([^<]+)<', text(response)).group(1)
    assert len(temporary) == 19
    assert temporary not in text(admin.get(f"/accounts/users/{officer.pk}/"))  # shown once
    event = AuditEvent.objects.get(verb="user_password_reset", target_id=str(officer.pk))
    assert temporary not in str(event.payload)

    client = Client()
    assert client.post("/accounts/login/", {"username": officer.username, "password": temporary}).status_code == 302
    gated(client)
    client.post("/accounts/password/", {"current": temporary, "new1": NEW, "new2": NEW})
    assert client.get("/enterprises/").status_code == 200


def test_a_reset_is_refused_outside_scope_and_on_oneself(admin, make_user):
    outsider = make_user("410105", Role.OFFICER)
    assert admin.post(f"/accounts/users/{outsider.pk}/reset-password/").status_code == 404
    me = User.objects.get(username="zmd-secadmin")
    response = admin.post(f"/accounts/users/{me.pk}/reset-password/", follow=True)
    assert "不能对本人的账号办理此操作" in text(response)
    assert not AuditEvent.objects.filter(verb="user_password_reset").exists()
