"""Every page answers out-of-range parameters with a page or a refusal, never a server error.

The walk covers every route of the URLconf (ids filled in with an id far beyond 64 bits and with one that
does not exist), as users of every role at county and province level, with the parameters an attacker
tried: a year of -1 or 10000, a page of 2^63 - 1, a size of 10^20, text with NUL and bidi characters. A route
the role may not open is refused before its view reads anything, so it is asked once.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from anjian.accounts.access import has_capability
from anjian.accounts.capabilities import PUBLIC
from anjian.domain.permissions import Role
from tests.web.draw_form import task_post

pytestmark = pytest.mark.django_db

BAD_QUERIES = [
    {"year": "-1", "page": "9223372036854775807", "size": "100000000000000000000"},
    {"year": "10000", "page": "-5", "size": "0"},
    {"year": "abc", "page": "1e9", "period": "9999-H1", "start": "9999-12-31", "n": "99999999999"},
    {"date_from": "0001-01-01", "date_to": "9999-12-31", "agency": "99999999999999999999999",
     "enterprise": "100000000000000000000", "officer": "100000000000000000000", "q": "x" * 300},
    # digits that str.isdigit() accepts and int() refuses
    {key: "²" for key in ("handover", "hazard", "inspection", "enterprise", "agency", "case", "unit", "year",
                          "month", "entry", "first", "page", "size")},
]
HUGE_ID = "100000000000000000000"  # 10^20: beyond SQLite's and PostgreSQL's 64-bit integers
ROLES = [(Role.DEPARTMENT_HEAD, "411726"), (Role.OFFICER, "411726"), (Role.LEGAL_REVIEWER, "411726"),
         (Role.AGENCY_LEADER, "411700"), (Role.STATISTICIAN, "410000"), (Role.SYSTEM_ADMIN, "410000"),
         (Role.SECURITY_ADMIN, "410000"), (Role.AUDIT_ADMIN, "410000"), (Role.READ_ONLY, "410000")]


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _paths(fill: str) -> list[str]:
    out = []
    for route in _walk(get_resolver().url_patterns):
        if route.startswith("api/") or "logout" in route or route.startswith("^"):
            continue
        path = re.sub(r"<(int|id):[a-z_]+>", fill, route)
        path = re.sub(r"<uuid:[a-z_]+>", "00000000-0000-0000-0000-000000000000", path)  # a job's id (404)
        path = re.sub(r"<(str|slug|path)?:?[a-z_]+>", "x", path)
        out.append("/" + path)
    return sorted(set(out))


def _refused_before_the_view(user, path: str) -> bool:
    """The route needs a capability the user lacks: `requires` refuses before the view reads any parameter, so
    every query would run the same code (the request guard, then 403) as the first one."""
    capability = getattr(resolve(path).func, "capability", None)
    return capability not in (None, PUBLIC) and not has_capability(user, capability)


@pytest.mark.parametrize(("role", "region"), ROLES)
def test_no_page_answers_500_to_out_of_range_parameters(client, make_user, role, region):
    user = make_user(region, role)
    client.force_login(user)
    client.raise_request_exception = False
    failures = []
    for path in sorted(set(_paths(HUGE_ID) + _paths("999999"))):  # routes without an id once, not twice
        for query in BAD_QUERIES[:1] if _refused_before_the_view(user, path) else BAD_QUERIES:
            response = client.get(path, query)
            # /readyz answers 503 by design while no worker beats (none runs in the tests)
            if response.status_code >= 500 and not (path == "/readyz" and response.status_code == 503):
                failures.append(f"GET {path} {query} → {response.status_code}")
    assert "\n".join(failures) == ""


def test_text_with_nul_or_bidi_override_is_refused_on_pages_and_api(client, make_user):
    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    for value in ("名称\x00", "名称\u202e反转", "a\u2066b"):
        page = client.get("/enterprises/", {"q": value})
        assert page.status_code == 400
        assert "不能包含" in page.content.decode()
        api = client.get("/api/v1/enterprises/", {"q": value})
        assert api.status_code == 422
        assert api.json()["code"] == "invalid_request" and "不能包含" in api.json()["message"]
    form = client.post("/enterprises/new/", {"name": "某某\u202e公司", "uscc": "x"})
    assert form.status_code == 400


def test_a_very_long_value_is_refused_before_any_view(client, make_user):
    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    response = client.post("/enterprises/new/", {"name": "长" * 60000})
    assert response.status_code == 400 and "过长" in response.content.decode()


def test_superscript_digits_in_posted_ids_are_form_errors_not_500(client, make_user):
    client.raise_request_exception = False
    client.force_login(make_user("410000", Role.SECURITY_ADMIN))
    response = client.post("/accounts/users/new/", {"username": "x1", "full_name": "某", "agency": "²",
                                                      "password1": "Aa-Good-Pass-9", "password2": "Aa-Good-Pass-9"})
    assert response.status_code < 500
    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    response = client.post("/draws/new/", task_post({"name": "任务", "year": "2026", "period_from": "2026-01-01",
                                                     "period_to": "2026-12-31", "strata": "全部 | chemical | | ²",
                                                     "recent_window_days": "365", "officers_per_target": "2"}))
    assert response.status_code == 200


@pytest.mark.parametrize(("change", "field"), [
    ({"year": -1}, "year"), ({"year": 10**20}, "year"), ({"recent_window_days": -5}, "recent_window_days"),
    ({"recent_window_days": 10**12}, "recent_window_days"), ({"officers_per_target": 10**9}, "officers_per_target"),
    ({"name": "a\u0000b"}, "name"), ({"name": "甲" * 1000}, "name"), ({"period_from": "0001-01-01"}, "period_from"),
])
def test_the_draws_api_bounds_every_field(client, make_user, change, field):
    client.force_login(make_user("411726", Role.DEPARTMENT_HEAD))
    body = {"name": "测试任务", "year": 2026, "period_from": "2026-01-01", "period_to": "2026-12-31",
            "strata": [{"label": "x", "industries": ["chemical"], "quota": 2}], **change}
    response = client.post("/api/v1/draws/tasks", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.json()["message"]
