"""Through the browser: an officer's penalty case on its page — time limits, a refused decision with the date it
becomes possible, the decision with its numbered document — and the guidance and public pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from anjian.cases.models import PenaltyCase
from tests.browser.conftest import login
from tests.services.case_helpers import bring, stub_pdf, world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    stub_pdf(monkeypatch)


def test_a_department_head_decides_a_notified_case_only_after_the_statement_period(page, make_user, make_enterprise):
    w = world(make_user, make_enterprise)
    case = bring(w, "notified")
    login(page, w["head"])
    page.goto(f"{page.base}/cases/")
    page.click(f"text={case.name}")
    body = page.inner_text("body")
    assert "陈述申辩期满" in body and "作出处罚决定" in body
    # a decision dated the day the notice was served is refused, and the page says until when
    page.fill("form[action$='/decide/'] input[name=on]", case.notice_served_on.isoformat())
    page.fill("form[action$='/decide/'] input[name=fine]", "30000")
    page.fill("form[action$='/decide/'] textarea[name=summary]", "罚款人民币叁万元整")
    page.click("form[action$='/decide/'] button[type=submit]")
    assert "期满前不能作出处罚决定" in page.inner_text("body")
    assert PenaltyCase.objects.get(pk=case.pk).status == "notified"
    page.fill("form[action$='/decide/'] input[name=on]", timezone.localdate().isoformat())
    page.fill("form[action$='/decide/'] input[name=fine]", "30000")
    page.fill("form[action$='/decide/'] textarea[name=summary]", "罚款人民币叁万元整")
    page.click("form[action$='/decide/'] button[type=submit]")
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.status == "decided" and case.fine_amount == 30000
    body = page.inner_text("body")
    assert "行政处罚决定书" in body and "应急罚〔" in body


def test_a_sibling_county_cannot_open_the_case_and_the_public_sees_no_undecided_case(page, make_user,
                                                                                 make_enterprise):
    w = world(make_user, make_enterprise)
    case = bring(w, "notified", start=timezone.localdate() - timedelta(days=40))
    login(page, make_user("411721"))
    response = page.goto(f"{page.base}/cases/{case.pk}/")
    assert response.status == 404
    page.goto(f"{page.base}/public/penalties/")
    assert case.party_name not in page.inner_text("body")
