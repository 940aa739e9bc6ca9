"""Personal API tokens: named, several per user, with an expiry, listed and revocable on 个人设置."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from anjian.accounts.models import ApiToken
from anjian.accounts.services_security import api_token_create
from anjian.audit.models import AuditEvent
from anjian.common.errors import ServiceInvalid
from anjian.domain.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER, username="biyang-officer")


def create(client: Client, name: str, days: int = 30) -> str:
    response = client.post("/accounts/tokens/", {"name": name, "days": str(days)})
    assert response.status_code == 200
    match = re.search(r'<code id="token"[^>]*>(aj_[A-Za-z0-9_\-]+)</code>', response.content.decode())
    assert match, "token not shown"
    return match.group(1)


def api_get(token: str, path: str = "/api/v1/enterprises/"):
    return Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_several_named_tokens_work_side_by_side_and_carry_the_users_scope(client, officer, make_enterprise):
    make_enterprise("411726", name="泌阳县令牌测试有限公司")
    make_enterprise("411721", name="西平县令牌测试有限公司")
    client.force_login(officer)
    sync, report = create(client, "统计同步"), create(client, "报表脚本", days=365)
    for token in (sync, report):
        response = api_get(token)
        assert response.status_code == 200
        assert [e["name"] for e in response.json()["results"]] == ["泌阳县令牌测试有限公司"]
    rows = list(ApiToken.objects.filter(user=officer).order_by("pk"))
    assert [r.name for r in rows] == ["统计同步", "报表脚本"]
    assert all(len(r.digest) == 64 and sync not in r.digest for r in rows)
    assert abs(rows[1].expires_at - rows[1].created_at - timedelta(days=365)) < timedelta(seconds=1)
    assert rows[0].last_used_at is not None
    page = client.get("/accounts/profile/").content.decode()
    assert "统计同步" in page and "报表脚本" in page and 'id="token"' not in page
    assert AuditEvent.objects.filter(verb="api_token_create", actor_id=officer.pk).count() == 2


def test_a_revoked_token_stops_and_the_others_keep_working(client, officer):
    client.force_login(officer)
    keep, drop = create(client, "保留"), create(client, "撤销")
    row = ApiToken.objects.get(name="撤销")
    response = client.post(f"/accounts/tokens/{row.pk}/revoke/", follow=True)
    assert "已撤销令牌“撤销”" in response.content.decode()
    refused = api_get(drop)
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
    assert api_get(keep).status_code == 200
    event = AuditEvent.objects.get(verb="api_token_revoke")
    assert event.actor_id == officer.pk and event.payload["old"] == {"token": row.pk, "name": "撤销"}
    assert "已撤销" in client.get("/accounts/profile/").content.decode()


def test_a_token_stops_at_its_expiry(client, officer):
    client.force_login(officer)
    token = create(client, "七天", days=7)
    with time_machine.travel(timezone.now() + timedelta(days=7) - timedelta(minutes=1)):
        assert api_get(token).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        assert api_get(token).status_code == 401
        later = Client()
        later.force_login(officer)
        assert "已过期" in later.get("/accounts/profile/").content.decode()


def test_expiry_is_required_and_bounded(client, officer):
    client.force_login(officer)
    for days in ("0", "400", ""):
        response = client.post("/accounts/tokens/", {"name": "过长", "days": days})
        assert 'id="token"' not in response.content.decode()
    for days in (0, 366):
        with pytest.raises(ServiceInvalid, match="有效期"):
            api_token_create(actor=officer, name="x", days=days)
    with pytest.raises(ServiceInvalid, match="名称"):
        api_token_create(actor=officer, name="  ", days=30)
    assert not ApiToken.objects.exists()


def test_another_users_token_cannot_be_revoked(client, officer, make_user):
    other = make_user("411726", Role.OFFICER)
    _, token = api_token_create(actor=other, name="他人", days=30)
    client.force_login(officer)
    response = client.post(f"/accounts/tokens/{ApiToken.objects.get().pk}/revoke/", follow=True)
    assert "令牌不存在" in response.content.decode()
    assert api_get(token).status_code == 200


@pytest.mark.parametrize("header", ["Bearer aj_not-a-real-token", "Bearer ", "Token aj_x", "Basic Zm9vOmJhcg==",
                                    "Bearer " + "a" * 500])
def test_a_wrong_token_gets_401_json(header, officer):
    response = Client().get("/api/v1/enterprises/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "unauthorized"
