"""The coordinate check (ADR 0041): does an enterprise's registered (longitude, latitude) lie in its registered
county? A flag shown beside the record, never a refusal: the outlines are simplified (≈ 170 m) and registered
coordinates may come off a map in GCJ-02 (300-700 m off in Henan), so a point less than ``TOLERANCE_KM``
outside the line is not flagged.

No database: the enterprise was read through its scoped selector by the caller.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from anjian.domain.geo import OUTSIDE, BBox, PlaceCheck, check_place, valid_point
from anjian.maps.outlines import Outline, outlines

TOLERANCE_KM = 2.0


@dataclass(frozen=True)
class HomeArea:
    """The outline a registered region is checked against: its own, or its city's for a functional zone."""

    outline: Outline
    name: str  # as said in the message: 泌阳县, 郑州市
    edge: str  # 县界, 区界, 市界

    @property
    def code(self) -> str:
        return self.outline.code


@cache
def home_area(region_code: str) -> HomeArea | None:
    """None for a region without an outline (the province itself, a code not in Henan)."""
    o = outlines()
    outline = o.counties.get(region_code)
    if outline is None and region_code[4:] != "00":  # a functional zone (开发区): its city's outline
        outline = o.cities.get(region_code[:4] + "00")
    if outline is None:
        return None
    return HomeArea(outline, outline.name, _edge(outline))


def _edge(outline: Outline) -> str:
    if outline.level == "city":
        return "市界"
    return {"区": "区界", "市": "市界"}.get(outline.name[-1:], "县界")


@dataclass(frozen=True)
class LocationCheck:
    home: HomeArea
    place: PlaceCheck

    @property
    def flagged(self) -> bool:
        return self.place.flagged

    @property
    def status(self) -> str:
        return self.place.status

    @property
    def distance_km(self) -> float:
        return self.place.distance_km

    @property
    def found_code(self) -> str | None:
        return self.place.found

    @property
    def found_name(self) -> str:
        """Where the point lies: 濮阳市濮阳县, 济源市, or 河南省外."""
        if self.place.found is None:
            return "河南省外"
        o = outlines()
        county = o.counties[self.place.found]
        city = o.names.get(county.parent, "") if county.level == "county" else ""
        return f"{city}{county.name}"

    @property
    def message(self) -> str:
        """The warning line (empty when there is nothing to say)."""
        if self.place.status != OUTSIDE:
            return ""
        return (f"登记坐标不在{self.home.name}境内（位于{self.found_name}，距{self.home.edge}约 "
                f"{distance_text(self.place.distance_km)} km）")


def distance_text(km: float) -> str:
    return f"{km:.1f}" if km < 10 else f"{km:,.0f}"


def coordinates_of(longitude: Decimal | float | None, latitude: Decimal | float | None) -> tuple[float, float] | None:
    if longitude is None or latitude is None:
        return None
    point = (float(longitude), float(latitude))
    return point if valid_point(*point) else None


def location_check(region_code: str, longitude, latitude) -> LocationCheck | None:
    """The check of one registered point; None when there is nothing to check (no coordinates, or a region
    without an outline)."""
    point = coordinates_of(longitude, latitude)
    home = home_area(region_code)
    if point is None or home is None:
        return None
    return LocationCheck(home, check_place(point, home.outline.prepared, outlines().prepared_counties(), TOLERANCE_KM))


def is_flagged(region_code: str, longitude, latitude) -> bool:
    """The same verdict as ``location_check(…).flagged`` for long scans: a point outside the home's box grown by
    the tolerance is flagged without measuring, and nothing is looked up where the point lies."""
    point = coordinates_of(longitude, latitude)
    home = home_area(region_code)
    if point is None or home is None:
        return False
    area = home.outline.prepared
    if area.contains(point):
        return False
    if not _grown_box(region_code).contains(point):
        return True
    return area.distance_to_edge_km(point) > TOLERANCE_KM


@cache
def _grown_box(region_code: str) -> BBox:
    return home_area(region_code).outline.bbox.grown(TOLERANCE_KM)
