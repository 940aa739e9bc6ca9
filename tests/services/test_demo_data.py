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

    from anjian.enterprises.demo import enterprise_rows
    from anjian.regions.models import Region

    counties = list(Region.objects.filter(level="county").order_by("code").values_list("code", "name"))
    again = sorted((r["uscc"], r["name"], r["region"]) for r in enterprise_rows(counties, n, 7))[:50]
    assert again == first
