"""Through the browser: the pages work under the Content-Security-Policy — the bulletin draws its ECharts charts,
and no page the user opens logs a policy violation."""

import pytest

from anjian.domain.permissions import Role
from tests.browser.conftest import login
from tests.services.test_reports_metrics import build

pytestmark = pytest.mark.django_db(transaction=True)


def test_bulletin_charts_draw_and_no_page_breaks_the_policy(page, make_user, make_enterprise, county_officer):
    build(make_user, make_enterprise, county_officer)
    user = make_user("411700", Role.STATISTICIAN)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: violations.append(str(e)))
    login(page, user)
    for path in ("/home/", "/enterprises/", "/reports/metrics/", "/reports/bulletin/", "/public/credit/"):
        response = page.goto(f"{page.base}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto(f"{page.base}/reports/bulletin/?agency=411700&period=2024H1")
    page.wait_for_selector(".chart canvas", timeout=15_000)
    assert page.locator(".chart canvas").count() >= 1
    assert violations == []
