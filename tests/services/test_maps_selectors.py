"""The map's scoped reads (anjian.maps.selectors): the region shown, figures per county, points, flagged list."""

from datetime import date

import pytest

from anjian.common.errors import NotFound
from anjian.domain.permissions import Role
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Hazard, Inspection
from anjian.maps import selectors as sel
from anjian.regions.models import Agency, Region
from tests.services.sealed_helpers import sealed_world

pytestmark = pytest.mark.django_db

BIYANG, XIPING = "411726", "411721"
IN_BIYANG = {"longitude": "113.323500", "latitude": "32.723700"}
NEAR_PUYANG = {"longitude": "115.030000", "latitude": "35.710000"}
IN_XIPING = {"longitude": "114.020000", "latitude": "33.390000"}


def _open_inspection(enterprise, status="approved"):
    return Inspection.objects.create(enterprise=enterprise, agency=Agency.objects.get(region_id=enterprise.region_id),
                                     source="annual_plan", status=status, planned_date=date(2026, 3, 1))


def _hazard(inspection, status="rectifying", major=False):
    return Hazard.objects.create(inspection=inspection, enterprise=inspection.enterprise, description="消防通道堵塞",
                                 handling="deadline", status=status, is_major=major, deadline=date(2026, 4, 1))


@pytest.fixture
def world(make_enterprise):
    return {
        "home": make_enterprise(BIYANG, name="泌阳在地公司", risk_level="blue", **IN_BIYANG),
        "red": make_enterprise(BIYANG, name="泌阳重大风险公司", risk_level="red", **IN_BIYANG),
        "astray": make_enterprise(BIYANG, name="泌阳登记在濮阳公司", **NEAR_PUYANG),
        "unplaced": make_enterprise(BIYANG, name="泌阳无坐标公司"),
        "xiping": make_enterprise(XIPING, name="西平公司", **IN_XIPING),
        "xiping_astray": make_enterprise(XIPING, name="西平登记在濮阳公司", **NEAR_PUYANG),
    }


def test_the_region_shown_is_the_users_widest_or_the_one_asked_in_scope(make_user):
    officer, leader = make_user(BIYANG, Role.OFFICER), make_user("411700", Role.AGENCY_LEADER)
    assert sel.map_region_for(officer).code == BIYANG
    assert sel.map_region_for(leader).code == "411700"
    assert sel.map_region_for(leader, BIYANG).code == BIYANG
    assert [r.code for r in sel.trail_of(leader, Region.objects.get(code=BIYANG))] == ["411700", BIYANG]
    assert [r.code for r in sel.trail_of(officer, Region.objects.get(code=BIYANG))] == [BIYANG]


@pytest.mark.parametrize("code", [XIPING, "411700", "410000", "999999", "41172", "abcdef", "4117260"])
def test_a_region_outside_the_scope_reads_like_one_that_does_not_exist(make_user, code):
    with pytest.raises(NotFound) as refused:
        sel.map_region_for(make_user(BIYANG, Role.OFFICER), code)
    assert str(refused.value) == str(NotFound())


def test_a_user_without_the_capabilities_has_no_map(make_user):
    auditor = make_user("410000", Role.AUDIT_ADMIN)
    assert not sel.may_use_map(auditor)
    with pytest.raises(NotFound):
        sel.map_region_for(auditor)


def test_figures_count_the_scope_per_county_and_only_open_work(make_user, world):
    i = _open_inspection(world["home"])
    _hazard(i)
    _hazard(i, status="rectified")  # done: not counted
    _open_inspection(world["home"], status="closed")  # done: not counted
    _hazard(_open_inspection(world["xiping"]))
    leader = make_user("411700", Role.AGENCY_LEADER)
    figures = sel.figures_by_region(leader, Region.objects.get(code="411700"), sel.MapFilters())
    assert (figures[BIYANG].enterprises, figures[BIYANG].inspections, figures[BIYANG].hazards) == (4, 1, 1)
    assert (figures[XIPING].enterprises, figures[XIPING].inspections, figures[XIPING].hazards) == (2, 1, 1)
    officer = make_user(BIYANG, Role.OFFICER)
    mine = sel.figures_by_region(officer, Region.objects.get(code=BIYANG), sel.MapFilters())
    assert set(mine) == {BIYANG}
    red = sel.figures_by_region(leader, Region.objects.get(code="411700"), sel.MapFilters(risk_level="red"))
    assert red[BIYANG].enterprises == 1 and XIPING not in red


def test_points_are_capped_highest_risk_first_and_only_placed_ones(make_user, world):
    officer = make_user(BIYANG, Role.OFFICER)
    biyang = Region.objects.get(code=BIYANG)
    layers = sel.points_for(officer, biyang, sel.MapFilters(layers=frozenset({"enterprises"})), cap=2)
    enterprises = layers["enterprises"]
    assert [p.name for p in enterprises.points][0] == "泌阳重大风险公司"
    assert len(enterprises.points) == 2 and enterprises.total == 3 and enterprises.capped  # 无坐标公司 not a point
    assert set(layers) == {"enterprises"}
    all_layers = sel.points_for(officer, biyang, sel.MapFilters())
    assert "西平公司" not in [p.name for p in all_layers["enterprises"].points]


def test_open_inspections_and_hazards_are_points_at_their_enterprise(make_user, world):
    i = _open_inspection(world["home"])
    _hazard(i, major=True)
    layers = sel.points_for(make_user(BIYANG, Role.OFFICER), Region.objects.get(code=BIYANG), sel.MapFilters())
    (inspection,) = layers["inspections"].points
    (hazard,) = layers["hazards"].points
    assert (inspection.lon, inspection.lat) == (113.3235, 32.7237) and inspection.url == f"/inspections/{i.pk}/"
    assert hazard.css == "major" and hazard.url == f"/inspections/{i.pk}/"


def test_a_sealed_inspection_stays_off_the_map_for_those_who_may_not_see_it(make_user):
    w = sealed_world(make_user)  # drawn, carried out, a hazard under rectification, results not yet disclosed
    Enterprise.objects.filter(region_id=BIYANG).update(**IN_BIYANG)
    biyang = Region.objects.get(code=BIYANG)
    users = [(u, True) for u in w.insiders.values()] + [(u, False) for u in w.outsiders.values()]
    for user, sees in users:
        figures = sel.figures_by_region(user, biyang, sel.MapFilters()).get(BIYANG, sel.Figures())
        points = sel.points_for(user, biyang, sel.MapFilters())
        assert (figures.hazards == 1) == sees and (w.hazard.pk in [p.id for p in points["hazards"].points]) == sees
        assert (w.inspection.pk in [p.id for p in points["inspections"].points]) == sees
        assert w.ordinary.pk in [p.id for p in points["inspections"].points]  # not sealed: seen by all


def test_the_flagged_list_holds_the_misplaced_enterprises_of_the_scope_only(make_user, world):
    officer = make_user(BIYANG, Role.OFFICER)
    scan, page = sel.flagged_page(officer, Region.objects.get(code=BIYANG), 1)
    assert scan.ids == [world["astray"].pk] and scan.scanned == 3 and not scan.truncated
    (row,) = page.object_list
    assert row.enterprise.name == "泌阳登记在濮阳公司" and row.check.found_code == "410928"
    leader = make_user("411700", Role.AGENCY_LEADER)
    scan, _ = sel.flagged_page(leader, Region.objects.get(code="411700"), 1)
    assert sorted(scan.ids) == sorted([world["astray"].pk, world["xiping_astray"].pk])


def test_the_flagged_scan_is_bounded(make_user, world, monkeypatch):
    monkeypatch.setattr(sel, "SCAN_LIMIT", 2)
    scan = sel.flagged_scan(make_user(BIYANG, Role.OFFICER), Region.objects.get(code=BIYANG))
    assert scan.scanned == 2 and scan.truncated


def test_another_countys_enterprise_reads_as_nonexistent(make_user, world):
    officer = make_user(BIYANG, Role.OFFICER)
    enterprise, check = sel.enterprise_location_for(officer, world["astray"].pk)
    assert check.flagged
    with pytest.raises(NotFound):
        sel.enterprise_location_for(officer, world["xiping_astray"].pk)
    with pytest.raises(NotFound):
        sel.enterprise_location_for(officer, 10**9)
