"""Headers and error shapes every answer carries: CSP, no-store for signed-in users and the API, HSTS and Secure
cookies over HTTPS, and JSON {"code", "message"} for every error under /api/ (404, 405, 500 included)."""

import pytest

from anjian.domain.permissions import Role
from tests.django_fixtures import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, make_user):
    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    return client


def test_pages_carry_a_content_security_policy_that_forbids_inline_scripts(officer_client):
    response = officer_client.get("/enterprises/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "<script>" not in response.content.decode()  # no inline script for the policy to block


def test_authenticated_pages_and_api_answers_are_not_stored(officer_client, client):
    page = officer_client.get("/enterprises/")
    assert "no-store" in page["Cache-Control"]
    api = officer_client.get("/api/v1/enterprises/")
    assert "no-store" in api["Cache-Control"]


def test_public_pages_may_be_cached_but_still_carry_the_policy(client):
    response = client.get("/public/credit/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Content-Security-Policy" in response


def test_https_requests_get_hsts_and_secure_cookies(client, make_user):
    user = make_user("411726", Role.OFFICER)
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD}, secure=True)
    assert response.status_code == 302
    assert response["Strict-Transport-Security"].startswith("max-age=")
    assert response.cookies["sessionid"]["secure"] is True
    plain = client.get("/accounts/login/")
    assert "Strict-Transport-Security" not in plain


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing", "/api/v1/enterprises/abc", "/api/v1/cases/1,2"])
def test_unknown_api_paths_answer_json_404(officer_client, path):
    response = officer_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found" and response.json()["message"]


def test_wrong_method_answers_json_405_with_allow(officer_client):
    response = officer_client.delete("/api/v1/enterprises/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_a_server_error_under_the_api_answers_json_500(officer_client, monkeypatch):
    import anjian.enterprises.api as enterprises_api

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(enterprises_api, "enterprise_list_for", broken)
    officer_client.raise_request_exception = False
    response = officer_client.get("/api/v1/enterprises/")
    assert response.status_code == 500
    assert response.json() == {"code": "server_error", "message": "系统暂时无法处理该请求，请稍后重试"}
    assert "boom" not in response.content.decode()


def test_the_openapi_document_needs_a_signed_in_user_and_answers_json_401_otherwise(client, officer_client):
    anonymous = client.__class__().get("/api/v1/openapi.json")
    assert anonymous.status_code == 401 and anonymous.json()["code"] == "unauthorized"
    assert officer_client.get("/api/v1/openapi.json").status_code == 200


@pytest.mark.parametrize(("query", "field"), [
    ({"page": "0"}, "page"), ({"page": "9223372036854775807"}, "page"), ({"size": "201"}, "size"),
    ({"year": "-1"}, "year"), ({"year": "10000"}, "year"),
])
def test_out_of_range_list_parameters_answer_422_naming_the_field(officer_client, query, field):
    for path in ("/api/v1/cases/", "/api/v1/documents/", "/api/v1/cases/disclosures"):
        if "year" in query and path.endswith("enterprises/"):
            continue
        response = officer_client.get(path, query)
        assert response.status_code == 422, (path, query)
        assert response.json()["code"] == "invalid_request"
        assert f"参数 {field}" in response.json()["message"]


def test_a_huge_fine_and_a_huge_officer_id_are_refused_with_422(officer_client, make_enterprise):
    enterprise = make_enterprise("411726")
    body = {"enterprise_id": enterprise.pk, "source": "inspection", "cause": "未按规定", "facts": "经查",
            "officer_ids": [10**20, 1]}
    response = officer_client.post("/api/v1/cases/", body, content_type="application/json")
    assert response.status_code == 422 and "officer_ids" in response.json()["message"]
    decide = officer_client.post("/api/v1/cases/1/decide", {"fine": 1e20, "summary": "x"},
                                 content_type="application/json")
    assert decide.status_code == 422 and "fine" in decide.json()["message"]


def test_dates_far_outside_the_working_range_are_refused(officer_client, make_enterprise):
    enterprise = make_enterprise("411726")
    body = {"enterprise_id": enterprise.pk, "source": "plan", "planned_date": "9999-12-31", "officer_ids": [1, 2]}
    response = officer_client.post("/api/v1/inspections/", body, content_type="application/json")
    assert response.status_code == 422 and "planned_date" in response.json()["message"]
    timestamp = officer_client.get("/api/v1/inspections/", {"date_to": "0"})
    assert timestamp.status_code == 422 and "YYYY-MM-DD" in timestamp.json()["message"]


@pytest.mark.parametrize(("body", "content_type"), [
    ("[null, null]", "application/json"), (b"\x00", "application/json"), (b"\xff\xfe", "application/json"),
    (b"x", "multipart/form-data"),
])
def test_a_body_that_is_not_one_json_object_answers_422(officer_client, body, content_type):
    response = officer_client.post("/api/v1/inspections/1/approve", body, content_type=content_type)
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"


def test_every_operation_documents_the_errors_the_framework_gives():
    from config.api import api

    document = api.get_openapi_schema(path_prefix="/api/v1")
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {401, 403} <= codes, (method, path)
            if "{" in path:
                assert 404 in codes, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert 422 in codes, (method, path)


def test_two_schemas_with_one_name_cannot_build_a_document():
    from ninja import Schema

    from anjian.common.openapi import AnjianAPI, SchemaNameClash

    def make(field: str):
        return type("ClashIn", (Schema,), {"__annotations__": {field: int}})

    first, second = make("a"), make("b")
    api = AnjianAPI(urls_namespace="clash-test")

    @api.post("/one")
    def one(request, payload: first):
        return None

    @api.post("/two")
    def two(request, payload: second):
        return None

    with pytest.raises(SchemaNameClash):
        api.get_openapi_schema(path_prefix="/x")


def test_an_anonymous_body_over_the_public_limit_is_refused_before_it_is_read(client, settings):
    settings.ANJIAN_ANONYMOUS_MAX_REQUEST_BYTES = 1000
    big = {"username": "x", "password": "y" * 5000}
    response = client.post("/accounts/login/", big)
    assert response.status_code == 413 and "超过上限" in response.content.decode()
    api = client.post("/api/v1/enterprises/", {"name": "y" * 5000}, content_type="application/json")
    assert api.status_code == 413 and api.json()["code"] == "too_large"


def test_signed_in_callers_may_send_up_to_the_import_limit(officer_client, client, settings, make_user):
    settings.ANJIAN_ANONYMOUS_MAX_REQUEST_BYTES = 1000
    settings.ANJIAN_MAX_REQUEST_BYTES = 20_000
    body = {"q": "x" * 5000}
    assert officer_client.post("/api/v1/reports/rank", body, content_type="application/json").status_code != 413
    from anjian.accounts.services import user_issue_api_token

    token = user_issue_api_token(actor=make_user("411700", Role.STATISTICIAN), name="t", days=7)
    anonymous = client.__class__()
    with_token = anonymous.post("/api/v1/reports/rank", body, content_type="application/json",
                                HTTP_AUTHORIZATION=f"Bearer {token}")
    assert with_token.status_code == 422  # read and validated, not refused for its size
    too_big = anonymous.post("/api/v1/reports/rank", {"q": "x" * 30_000}, content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}")
    assert too_big.status_code == 413
    bogus = anonymous.post("/api/v1/reports/rank", body, content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer aj_not-a-token")
    assert bogus.status_code == 413


def test_a_session_call_without_the_csrf_token_is_refused_in_chinese(make_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    response = client.post("/api/v1/enterprises/", {"name": "某公司"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed" and "CSRF 校验失败" in response.json()["message"]
