"""Every page and API route declares the capability it needs (deny by default)."""

from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def test_every_page_declares_a_capability():
    missing = []
    for route, view in _walk(get_resolver().url_patterns):
        if route.startswith("api/v1/"):
            continue  # checked per operation below
        if not hasattr(view, "capability"):
            missing.append(route)
    assert missing == []


def test_every_api_operation_declares_a_capability():
    missing = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                if not hasattr(operation.view_func, "capability"):
                    missing.append(f"{prefix}{path} {operation.methods}")
    assert missing == []
    assert len([op for _, r in api._routers for pv in r.path_operations.values() for op in pv.operations]) >= 6


def test_anonymous_user_is_sent_to_login_for_pages_and_gets_401_from_the_api(client):
    response = client.get("/enterprises/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.get("/api/v1/enterprises/")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
