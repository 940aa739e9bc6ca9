"""`anjian demo-data` builds a usable, deterministic demo through the real services."""

from io import StringIO

import pytest
from django.core.management import call_command

from anjian.documents.models import Document
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection
from anjian.notices.models import Notice

pytestmark = pytest.mark.django_db


# 800 enterprises (≈ 5 a county) are the fewest that give the demo counties recorded inspections with their
# rectification orders (3.4 s); the full size (12 inspections a county) runs with the slow tests (8 s).
@pytest.mark.parametrize("n", [800, pytest.param(2000, marks=pytest.mark.slow)])
def test_demo_data_is_deterministic_and_includes_inspections_documents_and_notices(n):
    out = StringIO()
    call_command("demo_data", enterprises=n, seed=7, stdout=out)
    first = list(Enterprise.objects.order_by("uscc").values_list("uscc", "name", "region_id")[:50])
    assert Enterprise.objects.count() == n
    assert Inspection.objects.filter(status__in=["recorded", "closed"]).exists()
    assert Document.objects.filter(status="issued", number__contains="应急责改").exists()
    call_command("remind", stdout=out)
    assert Notice.objects.filter(resolved_at__isnull=True).exists()
    from django.utils import timezone

    from anjian.accounts.models import User
    from anjian.field.selectors import pack_for

    pack = pack_for(User.objects.get(username="county-officer"), timezone.localdate(), 3)
    assert pack["inspections"] and pack["inspections"][0]["checklist"]  # the phone app has a trip to take along

    from anjian.enterprises.demo import enterprise_rows
    from anjian.regions.models import Region

    counties = list(Region.objects.filter(level="county").order_by("code").values_list("code", "name"))
    again = sorted((r["uscc"], r["name"], r["region"]) for r in enterprise_rows(counties, n, 7))[:50]
    assert again == first


def test_demo_history_spreads_activity_over_every_county_and_last_year(county_officer):
    """Every county of 驻马店 and every other city has closed inspections in each of the last two years, so the city
    and province bulletins rank real figures with 同比; the history is written once and is deterministic."""
    from datetime import date

    from anjian.domain.metrics import half_year
    from anjian.home.demo import demo_officers_create
    from anjian.home.demo_history import demo_history_create
    from anjian.regions.models import Agency
    from anjian.reports.metrics_bulletin import bulletin_from_records

    call_command("demo_data", enterprises=800, seed=7, no_officers=True, stdout=StringIO())
    today = date(2026, 12, 7)
    demo_officers_create(7, today)
    made = demo_history_create(7, today)
    assert made > 200 and demo_history_create(7, today) == 0
    counties = Agency.objects.filter(region__parent_id="411700", region__level="county",
                                     region__is_functional_zone=False)
    for year in (2025, 2026):
        busy = set(Inspection.objects.filter(agency__in=counties, ended_at__year=year)
                   .values_list("agency__region_id", flat=True))
        assert busy == {a.region_id for a in counties}, year
    city = bulletin_from_records(Agency.objects.get(region_id="411700"), half_year(2026, 1), issued_on=today)
    assert "同比" in city.headline_sentence and city.best and not city.idle
    province = bulletin_from_records(Agency.objects.get(region_id="410000"), half_year(2026, 1), issued_on=today)
    assert len(province.best) >= 3 and "驻马店市" in {u.unit for u in province.units}
