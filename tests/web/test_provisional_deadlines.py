"""Deadlines in a year whose holiday arrangement is not loaded: counted by the statutory rule and marked
"暂按法定节假日计算" on the case page and `provisional: true` in the API (ADR 0028)."""

from datetime import date

import pytest

from anjian.cases.models import PenaltyCase
from tests.services.case_helpers import bring, stub_pdf, world

pytestmark = pytest.mark.django_db
NOTE = "暂按法定节假日计算，待2027年放假安排公布后更新"


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


def test_next_years_statement_period_is_provisional_on_page_and_api(client, make_user, make_enterprise):
    w = world(make_user, make_enterprise)
    case = bring(w, "notified")
    # Served Wed 2027-02-03: 2/4, then 春节 by rule (2/5-2/8, made up 2/9-2/10), 2/11, 2/12.
    PenaltyCase.objects.filter(pk=case.pk).update(notice_served_on=date(2027, 2, 3), hearing_notice_served_on=None)
    client.force_login(w["officer"])
    body = client.get(f"/api/v1/cases/{case.pk}").json()
    statement = next(d for d in body["deadlines"] if d["key"] == "statement")
    assert statement["due"] == "2027-02-12" and statement["provisional"] is True
    assert statement["provisional_note"] == NOTE and statement["error"] == ""
    decision = next(d for d in body["deadlines"] if d["key"] == "decision")
    assert decision["provisional"] is False
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "2027-02-12" in page and NOTE in page and "无法计算" not in page
