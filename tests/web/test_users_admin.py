"""Account administration by the security admin (安全管理员): scope, separation of duties, audit."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.accounts.models import RoleAssignment, User
from anjian.accounts.services import role_assign, role_revoke, user_set_active
from anjian.audit.models import AuditEvent
from anjian.common.errors import ServiceDenied
from anjian.domain.permissions import Role
from anjian.regions.models import Agency
from tests.django_fixtures import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Tian-Zhong-2026!"


def agency(code: str) -> Agency:
    return Agency.objects.get(region_id=code)


def new_user_post(agency_code: str, username: str = "biyang-li", roles=(Role.OFFICER,), **overrides) -> dict:
    return {"username": username, "full_name": "李明", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
            "agency": str(agency(agency_code).pk), "roles": [r.value for r in roles], **overrides}


@pytest.fixture
def city_admin(make_user):
    """Security admin of 驻马店市 (411700)."""
    return make_user("411700", Role.SECURITY_ADMIN, username="zmd-secadmin")


@pytest.fixture
def client_factory():
    """Fresh browsers (each with its own cookies)."""
    from django.test import Client

    return Client


@pytest.fixture
def admin_client(client, city_admin):
    client.force_login(city_admin)
    return client


def page_text(response) -> str:
    return response.content.decode()


# --- creating an account and what it can see ----------------------------------------------------------

@pytest.mark.argon2
def test_security_admin_creates_a_county_user_who_logs_in_and_sees_only_their_county(
        admin_client, city_admin, client_factory, make_enterprise):
    own = make_enterprise("411726", name="泌阳县本地化工有限公司")
    make_enterprise("411721", name="西平县邻县化工有限公司")

    response = admin_client.post("/accounts/users/new/", new_user_post("411726"))

    user = User.objects.get(username="biyang-li")
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{user.pk}/"
    assert user.full_name == "李明" and user.password.startswith("argon2")
    assert list(user.role_assignments.values_list("agency__region_id", "role")) == [("411726", "officer")]
    event = AuditEvent.objects.get(verb="user_create", target_id=str(user.pk))
    assert event.actor_id == city_admin.pk and event.actor_agency_id == agency("411726").pk
    assert event.payload["new"]["roles"] == ["officer"]
    assert NEW_PASSWORD not in str(event.payload)

    login = client_factory()
    response = login.post("/accounts/login/", {"username": "biyang-li", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/home/"
    assert login.get("/enterprises/")["Location"] == "/accounts/password/"  # the initial password is changed first
    response = login.post("/accounts/password/", {"current": NEW_PASSWORD, "new1": "Zhu-Ma-Dian-7749",
                                                  "new2": "Zhu-Ma-Dian-7749"})
    assert response.status_code == 302
    listing = page_text(login.get("/enterprises/"))
    assert own.name in listing and "西平县邻县化工有限公司" not in listing
    regions = login.get("/api/v1/regions/").json()
    assert [r["code"] for r in regions] == ["411726"]


def test_created_user_is_shown_in_the_list_with_roles_and_status(admin_client, make_user):
    make_user("411726", Role.OFFICER, Role.LEGAL_REVIEWER, username="biyang-wang")
    locked = make_user("411721", Role.READ_ONLY, username="xiping-zhao")
    User.objects.filter(pk=locked.pk).update(locked_until=timezone.now() + timedelta(minutes=10))

    text = page_text(admin_client.get("/accounts/users/"))

    assert "biyang-wang" in text and "xiping-zhao" in text
    assert "执法人员" in text and "法制审核人员" in text and "只读用户" in text
    row = re.search(r"xiping-zhao.*?</tr>", text, re.S).group(0)
    assert "已锁定" in row


def test_list_filters_by_agency_and_by_text(admin_client, make_user):
    make_user("411726", Role.OFFICER, username="biyang-zhang")
    make_user("411721", Role.OFFICER, username="xiping-zhang")
    make_user("411721", Role.OFFICER, username="xiping-chen")

    by_agency = page_text(admin_client.get("/accounts/users/", {"agency": agency("411721").pk}))
    assert "xiping-zhang" in by_agency and "xiping-chen" in by_agency and "biyang-zhang" not in by_agency
    by_text = page_text(admin_client.get("/accounts/users/", {"q": "ZHANG"}))
    assert "biyang-zhang" in by_text and "xiping-zhang" in by_text and "xiping-chen" not in by_text
    city_level = page_text(admin_client.get("/accounts/users/", {"agency": agency("411700").pk}))
    assert "biyang-zhang" in city_level and "xiping-chen" in city_level  # an agency and those below it


def test_list_shows_only_accounts_in_scope(admin_client, make_user):
    make_user("411726", Role.OFFICER, username="biyang-officer")
    make_user("410105", Role.OFFICER, username="jinshui-officer")  # 郑州市金水区
    make_user("410000", Role.SECURITY_ADMIN, username="prov-secadmin")

    text = page_text(admin_client.get("/accounts/users/"))

    assert "biyang-officer" in text
    assert "jinshui-officer" not in text and "prov-secadmin" not in text


def test_account_outside_scope_is_404_for_every_page(admin_client, make_user):
    outsider = make_user("410105", Role.OFFICER, username="jinshui-officer")
    assert admin_client.get(f"/accounts/users/{outsider.pk}/").status_code == 404
    assignment = outsider.role_assignments.get()
    for url, data in [
        (f"/accounts/users/{outsider.pk}/roles/", {"agency": agency("411726").pk, "role": "officer"}),
        (f"/accounts/users/{outsider.pk}/roles/{assignment.pk}/revoke/", {}),
        (f"/accounts/users/{outsider.pk}/unlock/", {}),
        (f"/accounts/users/{outsider.pk}/active/", {"active": "0"}),
    ]:
        assert admin_client.post(url, data).status_code == 404, url
    outsider.refresh_from_db()
    assert outsider.is_active and list(outsider.role_assignments.values_list("role", flat=True)) == ["officer"]
    assert admin_client.get("/accounts/users/999999/").status_code == 404


# --- who may use the page ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.AUDIT_ADMIN, Role.SYSTEM_ADMIN, Role.OFFICER, Role.AGENCY_LEADER])
def test_other_roles_get_403_on_account_administration(client, make_user, role):
    target = make_user("411726", Role.OFFICER)
    client.force_login(make_user("410000", role))
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/accounts/users/new/").status_code == 403
    assert client.get(f"/accounts/users/{target.pk}/").status_code == 403
    assert client.post("/accounts/users/new/", new_user_post("411726", username="sneaky")).status_code == 403
    assert not User.objects.filter(username="sneaky").exists()
    assert "账号管理" not in page_text(client.get("/home/"))


def test_security_admin_sees_the_nav_link(admin_client):
    assert '<a href="/accounts/users/">账号管理</a>' in page_text(admin_client.get("/home/"))


# --- scope of writes ----------------------------------------------------------------------------------

def test_city_security_admin_cannot_create_users_in_another_citys_agency(admin_client):
    response = admin_client.post("/accounts/users/new/", new_user_post("410100", username="zz-officer"))
    assert response.status_code == 403
    response = admin_client.post("/accounts/users/new/", new_user_post("410105", username="zz-officer"))
    assert response.status_code == 403
    assert not User.objects.filter(username="zz-officer").exists()
    assert not AuditEvent.objects.filter(verb="user_create", target_repr="zz-officer").exists()


def test_create_form_offers_only_agencies_in_scope(admin_client):
    text = page_text(admin_client.get("/accounts/users/new/"))
    assert "驻马店市应急管理局" in text and "驻马店市泌阳县应急管理局" in text
    assert "郑州市应急管理局" not in text and "河南省应急管理厅" not in text


def test_city_security_admin_cannot_grant_a_role_in_another_citys_agency(admin_client, make_user):
    user = make_user("411726", Role.OFFICER)
    response = admin_client.post(f"/accounts/users/{user.pk}/roles/",
                                 {"agency": agency("410100").pk, "role": "agency_leader"})
    assert response.status_code == 403
    response = admin_client.post(f"/accounts/users/{user.pk}/roles/",
                                 {"agency": agency("410000").pk, "role": "read_only"})
    assert response.status_code == 403
    assert list(user.role_assignments.values_list("role", flat=True)) == ["officer"]


def test_security_admin_assigns_and_revokes_roles_with_audit(admin_client, city_admin, make_user):
    user = make_user("411726", Role.OFFICER)
    response = admin_client.post(f"/accounts/users/{user.pk}/roles/",
                                 {"agency": agency("411700").pk, "role": "statistician"})
    assert response.status_code == 302
    added = user.role_assignments.get(role="statistician")
    assert added.agency.region_id == "411700"
    assert AuditEvent.objects.filter(verb="role_assign", target_id=str(user.pk), actor_id=city_admin.pk).exists()

    response = admin_client.post(f"/accounts/users/{user.pk}/roles/{added.pk}/revoke/", follow=True)
    assert "已撤销角色" in page_text(response)
    assert not user.role_assignments.filter(role="statistician").exists()
    event = AuditEvent.objects.get(verb="role_revoke", target_id=str(user.pk))
    assert event.actor_id == city_admin.pk and event.actor_agency_id == agency("411700").pk
    assert event.payload["old"] == {"agency": agency("411700").pk, "role": "statistician"}


def test_the_last_role_cannot_be_revoked(admin_client, make_user):
    user = make_user("411726", Role.OFFICER)
    only = user.role_assignments.get()
    response = admin_client.post(f"/accounts/users/{user.pk}/roles/{only.pk}/revoke/", follow=True)
    assert "最后一个角色" in page_text(response)
    assert user.role_assignments.count() == 1
    assert not AuditEvent.objects.filter(verb="role_revoke", target_id=str(user.pk)).exists()


def test_a_role_outside_scope_cannot_be_revoked_and_is_not_listed(admin_client, make_user):
    user = make_user("411726", Role.OFFICER)
    foreign = RoleAssignment.objects.create(user=user, agency=agency("410100"), role="read_only")
    detail = page_text(admin_client.get(f"/accounts/users/{user.pk}/"))
    assert "郑州市应急管理局" not in detail and "管辖范围以外的机构有 1 个角色" in detail
    response = admin_client.post(f"/accounts/users/{user.pk}/roles/{foreign.pk}/revoke/")
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=foreign.pk).exists()


# --- own account and separation of duties -------------------------------------------------------------

def test_security_admin_cannot_change_own_roles_or_state(admin_client, city_admin):
    own = city_admin.role_assignments.get()
    response = admin_client.post(f"/accounts/users/{city_admin.pk}/roles/",
                                 {"agency": agency("411700").pk, "role": "audit_admin"}, follow=True)
    assert "不能修改本人的角色" in page_text(response)
    response = admin_client.post(f"/accounts/users/{city_admin.pk}/roles/",
                                 {"agency": agency("411726").pk, "role": "officer"}, follow=True)
    assert "不能修改本人的角色" in page_text(response)
    response = admin_client.post(f"/accounts/users/{city_admin.pk}/roles/{own.pk}/revoke/", follow=True)
    assert "不能修改本人的角色" in page_text(response)
    response = admin_client.post(f"/accounts/users/{city_admin.pk}/active/", {"active": "0"}, follow=True)
    assert "不能修改本人的角色" in page_text(response)
    assert list(city_admin.role_assignments.values_list("role", flat=True)) == ["security_admin"]
    city_admin.refresh_from_db()
    assert city_admin.is_active
    detail = page_text(admin_client.get(f"/accounts/users/{city_admin.pk}/"))
    assert "撤销</button>" not in detail and "分配</button>" not in detail


def test_services_refuse_changes_to_own_account(city_admin):
    own = city_admin.role_assignments.get()
    with pytest.raises(ServiceDenied, match="本人"):
        role_revoke(actor=city_admin, user=city_admin, agency=own.agency, role=Role.SECURITY_ADMIN)
    with pytest.raises(ServiceDenied, match="本人"):
        user_set_active(actor=city_admin, user=city_admin, active=False)


def test_role_assign_service_refuses_granting_oneself_a_role(city_admin):
    with pytest.raises(ServiceDenied):
        role_assign(actor=city_admin, user=city_admin, agency=agency("411700"), role=Role.AUDIT_ADMIN)


def test_services_are_keyword_only_and_scope_checked(city_admin, make_user):
    outsider = make_user("410105", Role.OFFICER, Role.READ_ONLY)
    with pytest.raises(TypeError):
        role_revoke(city_admin, outsider, agency("410105"), Role.READ_ONLY)  # type: ignore[misc]
    with pytest.raises(TypeError):
        user_set_active(city_admin, outsider, False)  # type: ignore[misc]
    with pytest.raises(ServiceDenied):
        role_revoke(actor=city_admin, user=outsider, agency=agency("410105"), role=Role.READ_ONLY)
    with pytest.raises(ServiceDenied):
        user_set_active(actor=city_admin, user=outsider, active=False)
    assert outsider.role_assignments.count() == 2
    outsider.refresh_from_db()
    assert outsider.is_active


def test_three_administrators_stay_separate(admin_client, make_user):
    response = admin_client.post("/accounts/users/new/", new_user_post(
        "411700", username="two-hats", roles=(Role.SECURITY_ADMIN, Role.AUDIT_ADMIN)))
    assert response.status_code == 200 and "三员分立" in page_text(response)
    assert not User.objects.filter(username="two-hats").exists()

    auditor = make_user("411700", Role.AUDIT_ADMIN)
    response = admin_client.post(f"/accounts/users/{auditor.pk}/roles/",
                                 {"agency": agency("411726").pk, "role": "system_admin"})
    assert response.status_code == 200 and "三员分立" in page_text(response)
    assert list(auditor.role_assignments.values_list("role", flat=True)) == ["audit_admin"]


# --- form validation ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("password", "message"), [
    ("Ab-1234", "密码太短，至少需要 10 个字符"),
    ("1234509876", "密码不能全部是数字"),
    ("password123", "密码过于常见"),
])
def test_initial_password_is_checked_by_the_password_validators_in_chinese(admin_client, password, message):
    post = new_user_post("411726", username="weak", password1=password, password2=password)
    response = admin_client.post("/accounts/users/new/", post, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert message in page_text(response)
    assert not User.objects.filter(username="weak").exists()


def test_create_form_reports_mismatch_duplicate_and_missing_roles(admin_client, make_user):
    make_user("411726", Role.OFFICER, username="taken")
    response = admin_client.post("/accounts/users/new/", new_user_post("411726", username="Taken"))
    assert "已被使用" in page_text(response)
    response = admin_client.post("/accounts/users/new/", new_user_post("411726", username="fresh",
                                                                       password2="Something-Else-9"))
    assert "两次输入的密码不一致" in page_text(response)
    response = admin_client.post("/accounts/users/new/", new_user_post("411726", username="fresh", roles=()))
    assert "这个字段是必填项" in page_text(response)
    assert not User.objects.filter(username="fresh").exists()


# --- lock and deactivation ----------------------------------------------------------------------------

def test_security_admin_unlocks_a_locked_account(admin_client, city_admin, make_user, client_factory):
    user = make_user("411726", Role.OFFICER)
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() + timedelta(minutes=15))
    other = client_factory()
    refused = other.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert refused.status_code == 200 and "用户名或密码错误" in page_text(refused)  # the one answer for every refusal

    assert "已锁定" in page_text(admin_client.get(f"/accounts/users/{user.pk}/"))
    response = admin_client.post(f"/accounts/users/{user.pk}/unlock/", follow=True)
    assert "已解除锁定" in page_text(response)
    assert AuditEvent.objects.filter(verb="user_unlock", target_id=str(user.pk), actor_id=city_admin.pk).exists()

    response = other.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_an_account_with_a_role_outside_scope_is_not_deactivated_and_the_page_says_why(admin_client, make_user):
    user = make_user("411726", Role.OFFICER)
    RoleAssignment.objects.create(user=user, agency=agency("410100"), role="read_only")
    response = admin_client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"}, follow=True)
    assert response.status_code == 200 and "管辖范围以外的机构也有角色，无权停用或启用" in page_text(response)
    user.refresh_from_db()
    assert user.is_active
    again = admin_client.post(f"/accounts/users/{make_user('411726', Role.OFFICER).pk}/active/", {"active": "1"},
                              follow=True)
    assert "已启用账号" not in page_text(again)  # already active: nothing changed, nothing claimed


def test_deactivation_ends_sessions_and_tokens_and_reactivation_restores(admin_client, city_admin, make_user,
                                                                        client_factory):
    user = make_user("411726", Role.OFFICER)
    session = client_factory()
    session.force_login(user)
    assert session.get("/enterprises/").status_code == 200
    token_page = page_text(session.post("/accounts/tokens/", {"name": "同步", "days": "30"}))
    token = re.search(r"aj_[A-Za-z0-9_\-]+", token_page).group(0)

    response = admin_client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"}, follow=True)
    assert "已停用账号" in page_text(response)
    user.refresh_from_db()
    assert not user.is_active
    event = AuditEvent.objects.get(verb="user_deactivate", target_id=str(user.pk))
    assert event.actor_id == city_admin.pk and event.payload == {"old": {"is_active": True},
                                                                 "new": {"is_active": False}, "tokens_revoked": 1}
    response = session.get("/enterprises/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    api = client_factory().get("/api/v1/enterprises/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 401
    login = client_factory().post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert login.status_code == 200
    assert "已停用" in page_text(admin_client.get("/accounts/users/"))

    admin_client.post(f"/accounts/users/{user.pk}/active/", {"active": "1"})
    user.refresh_from_db()
    assert user.is_active
    assert AuditEvent.objects.filter(verb="user_activate", target_id=str(user.pk)).exists()
    login = client_factory().post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert login.status_code == 302


def test_account_with_roles_outside_scope_is_not_deactivated_by_a_city_admin(admin_client, make_user):
    user = make_user("411726", Role.OFFICER)
    RoleAssignment.objects.create(user=user, agency=agency("410100"), role="read_only")
    detail = page_text(admin_client.get(f"/accounts/users/{user.pk}/"))
    assert "停用账号</button>" not in detail
    response = admin_client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"}, follow=True)
    assert "管辖范围以外" in page_text(response)
    user.refresh_from_db()
    assert user.is_active


def test_province_security_admin_manages_accounts_across_cities(client, make_user):
    user = make_user("411726", Role.OFFICER)
    RoleAssignment.objects.create(user=user, agency=agency("410100"), role="read_only")
    client.force_login(make_user("410000", Role.SECURITY_ADMIN))
    response = client.post(f"/accounts/users/{user.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
