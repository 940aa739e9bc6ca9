"""The demo penalty cases: made through the services, in every core state, with numbered documents."""

import pytest
from django.utils import timezone

from anjian.cases.core.selectors import case_list_rows_qs, case_rows
from anjian.cases.demo import STAGES, demo_cases_create
from anjian.cases.models import PenaltyCase
from anjian.documents.models import Document
from tests.services.case_helpers import stub_pdf

pytestmark = pytest.mark.django_db


# 1100 enterprises (6 or 7 in each demo county) already bring a case to every core state; the full size (ten
# cases in each of the two counties) runs with the slow tests.
@pytest.mark.parametrize(("enterprises", "cases"), [(1100, 12), pytest.param(3000, 18, marks=pytest.mark.slow)])
def test_demo_cases_cover_every_core_state_and_are_made_once(monkeypatch, enterprises, cases):
    from anjian.home.demo import demo_enterprises_create, demo_officers_create, demo_users_create
    from anjian.home.demo_inspections import demo_inspections_create

    stub_pdf(monkeypatch)
    today = timezone.localdate()
    demo_enterprises_create(enterprises, 7)
    demo_officers_create(7, today)
    demo_users_create()
    demo_inspections_create(7, today)
    made = demo_cases_create(7, today)
    assert made == PenaltyCase.objects.count() >= cases
    statuses = set(PenaltyCase.objects.values_list("status", flat=True))
    assert statuses >= {"filing", "not_filed", "investigating", "investigated", "legal_review", "discussion",
                        "notified", "hearing", "decided", "executing", "closed"}
    assert len(STAGES) == 12
    assert Document.objects.filter(status="issued", number__contains="应急罚告").exists()
    assert Document.objects.filter(status="issued", number__contains="应急回").exists()
    from anjian.accounts.models import User

    reader = User.objects.get(username="county-read-only")
    rows = case_rows(list(case_list_rows_qs(reader, None, today)), today)
    assert any(r.undecided_too_long for r in rows) and all(r.case.agency.region_id == "411726" for r in rows)
    assert demo_cases_create(7, today) == 0
