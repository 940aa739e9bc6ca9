"""The search box: the header form, the page /search/?q= and GET /api/v1/search (scope, bounds, OpenAPI)."""

import pytest

from anjian.domain.permissions import Role

HOME, OTHER = "411726", "411721"


@pytest.fixture
def units(make_enterprise):
    return make_enterprise(HOME, name="泌阳县网页检索化工有限公司"), make_enterprise(OTHER, name="西平县网页检索化工有限公司")


def test_the_header_has_the_search_box_and_the_page_lists_only_what_is_in_scope(client, make_user, units):
    here, there = units
    client.force_login(make_user(HOME, Role.READ_ONLY))
    home = client.get("/enterprises/").content.decode()
    assert 'action="/search/"' in home and 'name="q"' in home
    page = client.get("/search/", {"q": "网页检索"}).content.decode()
    assert here.name in page and f"/enterprises/{here.pk}/" in page
    assert there.name not in page and "生产经营单位（1）" in page


def test_nothing_found_and_an_empty_box_say_so(client, make_user, units):
    client.force_login(make_user(HOME, Role.READ_ONLY))
    assert "没有找到与「无此单位」相符的记录" in client.get("/search/", {"q": "无此单位"}).content.decode()
    assert client.get("/search/").status_code == 200
    assert "请输入要查找" in client.get("/search/", {"q": "  "}).content.decode()
    assert "检索词最多100个字符" in client.get("/search/", {"q": "泌" * 101}).content.decode()


def test_administrators_have_no_search(client, make_user):
    client.force_login(make_user(HOME, Role.SECURITY_ADMIN))
    assert client.get("/search/", {"q": "化工"}).status_code == 403
    assert client.get("/api/v1/search", {"q": "化工"}).status_code == 403


def test_the_api_groups_results_by_kind_in_scope(client, make_user, units):
    here, there = units
    client.force_login(make_user(HOME, Role.OFFICER))
    body = client.get("/api/v1/search", {"q": "网页检索"}).json()
    groups = {g["kind"]: g for g in body["groups"]}
    assert set(groups) == {"enterprise", "inspection", "case", "document"}
    assert [r["id"] for r in groups["enterprise"]["results"]] == [here.pk]
    assert groups["enterprise"]["results"][0]["url"] == f"/enterprises/{here.pk}/"
    assert body["q"] == "网页检索"


@pytest.mark.parametrize("q", ["", "  ", "字" * 101])
def test_the_api_refuses_empty_or_overlong_words_with_422(client, make_user, q):
    client.force_login(make_user(HOME, Role.OFFICER))
    response = client.get("/api/v1/search", {"q": q})
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"


def test_the_openapi_document_declares_the_search(client, make_user):
    client.force_login(make_user(HOME, Role.OFFICER))
    op = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/search"]["get"]
    assert {"200", "422"} <= set(op["responses"])
    assert op["parameters"][0]["name"] == "q" and op["parameters"][0]["schema"]["maxLength"] == 100
