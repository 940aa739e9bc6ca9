"""The demo's enterprises lie inside their county on the map, but for a few deliberately misplaced ones."""

from io import StringIO

import pytest
from django.core.management import call_command

from anjian.domain.permissions import Role
from anjian.enterprises.demo import enterprise_rows
from anjian.enterprises.models import Enterprise
from anjian.maps.demo_places import DemoPlaces
from anjian.maps.location import is_flagged
from anjian.maps.selectors import flagged_page
from anjian.regions.models import Region

pytestmark = pytest.mark.django_db

BIYANG = "411726"


def _counties():
    return list(Region.objects.filter(level="county").order_by("code").values_list("code", "name"))


def _points(seed: int, n: int) -> dict[str, tuple[str, str]]:
    places = DemoPlaces(seed)
    out = {}
    for row in enterprise_rows(_counties(), n, seed):
        point = places.place(row["region"], row["industry"])
        out[row["uscc"]] = (f"{point[0]:.6f}", f"{point[1]:.6f}")
    return out


def test_demo_enterprises_lie_in_their_county_but_for_a_few_and_a_biyang_one_in_puyang(make_user):
    call_command("demo_data", enterprises=800, seed=7, no_officers=True, stdout=StringIO())
    rows = list(Enterprise.objects.filter(longitude__isnull=False, latitude__isnull=False)
                .values_list("uscc", "region_id", "longitude", "latitude"))
    assert len(rows) == 800
    flagged = [(code, lon, lat) for _, code, lon, lat in rows if is_flagged(code, lon, lat)]
    assert 1 <= len(flagged) <= 0.02 * len(rows), len(flagged)
    # Functional zones (checked against their city's outline) are placed inside it as well.
    zones = set(Region.objects.filter(is_functional_zone=True).values_list("code", flat=True))
    in_zones = [(code, lon, lat) for _, code, lon, lat in rows if code in zones]
    assert len(in_zones) > 50 and sum(is_flagged(*row) for row in in_zones) <= 0.05 * len(in_zones)
    # Same seed, same coordinates.
    assert {uscc: (f"{lon:.6f}", f"{lat:.6f}") for uscc, _, lon, lat in rows} == _points(7, 800)

    scan, page = flagged_page(make_user(BIYANG, Role.OFFICER), Region.objects.get(code=BIYANG), 1)
    assert scan.scanned == Enterprise.objects.filter(region_id=BIYANG).count()
    astray = [row for row in page.object_list if row.check.found_name.startswith("濮阳市")]
    assert astray and astray[0].check.message.startswith("登记坐标不在泌阳县境内（位于濮阳市濮阳县，距县界约 ")
    assert astray[0].enterprise.industry != "hazardous_chemicals"  # not the field trip's site


def test_another_seed_places_them_elsewhere():
    assert _points(7, 200) != _points(8, 200)
