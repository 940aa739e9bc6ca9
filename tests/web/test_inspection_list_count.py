"""The inspection list counts at most COUNT_BOUND + 1 rows (10 M inspections: an exact count scans the table):
past the bound the page says "N+" and the API says count_exact false; below it both give the exact total, the
inspections of other agencies on the user's enterprises included, sealed and out-of-scope ones left out."""

from datetime import date

import pytest

from anjian.accounts.services import user_issue_api_token
from anjian.inspections.models import Inspection
from anjian.regions.models import Agency
from tests.services.inspection_helpers import HOME, OTHER

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(make_enterprise):
    """42 visible to 泌阳县: 30 by its own agency, 12 by 西平县's on its enterprise; 5 of 西平县 and a sealed one not."""
    home, other = Agency.objects.get(region_id=HOME), Agency.objects.get(region_id=OTHER)
    mine, theirs = make_enterprise(HOME, name="泌阳县计数测试有限公司"), make_enterprise(OTHER, name="西平县计数测试有限公司")

    def make(n, agency, enterprise, source="annual_plan", sealed=False):
        Inspection.objects.bulk_create(Inspection(enterprise=enterprise, agency=agency, source=source, sealed=sealed,
                                                  planned_date=date(2026, 3, 1 + i)) for i in range(n))
    make(30, home, mine)
    make(12, other, mine, source="complaint")
    make(5, other, theirs)
    make(1, home, mine, sealed=True)


def _api(client, user, query=""):
    token = user_issue_api_token(actor=user, name="count")
    return client.get(f"/api/v1/inspections/{query}", HTTP_AUTHORIZATION=f"Bearer {token}").json()


def test_exact_below_the_bound(client, county_officer, rows, monkeypatch):
    monkeypatch.setattr("anjian.common.paging.COUNT_BOUND", 100)
    client.force_login(county_officer)
    page = client.get("/inspections/").content.decode()
    assert "共 42 次检查" in page and "第 1 / 3 页" in page and "末页" in page
    assert "共 12 次检查" in client.get("/inspections/?source=complaint").content.decode()  # others' on ours only
    body = _api(client, county_officer)
    assert (body["count"], body["count_exact"], len(body["results"])) == (42, True, 20)
    assert _api(client, county_officer, "?source=complaint")["count"] == 12


def test_bounded_past_the_bound(client, county_officer, rows, monkeypatch):
    monkeypatch.setattr("anjian.common.paging.COUNT_BOUND", 40)
    client.force_login(county_officer)
    first = client.get("/inspections/").content.decode()
    assert "共 40+ 次检查" in first and "末页" not in first and "下一页" in first
    last = client.get("/inspections/?page=2").content.decode()
    assert "第 2 页（可翻看前 40 条" in last and "下一页" not in last
    body = _api(client, county_officer)
    assert (body["count"], body["count_exact"]) == (40, False)
    beyond = _api(client, county_officer, "?page=3")  # the API still pages past the bound
    assert (beyond["count"], beyond["count_exact"], len(beyond["results"])) == (40, False, 2)
