"""Demo coordinates (make run's demo): each enterprise inside its own county by the shipped outlines, about 1 in
100 in a distant county, and one 泌阳县 enterprise in 濮阳县 — the coordinate check's example — so the map and its list
of flagged enterprises look real. Deterministic for a seed."""

import random
from functools import cache

from anjian.domain.geo import Point, PreparedArea, label_point, ring_area
from anjian.maps.outlines import outlines

MISPLACED_SHARE = 0.01  # demo enterprises registered with coordinates in some other, distant county
FAR_KM = 10.0  # a misplaced point lies this far at least from its home's box (the check tolerates 2 km)
WALKTHROUGH_ASTRAY = ("411726", "410928")  # one 泌阳县 enterprise sits in 濮阳县 (the coordinate check's example)


def _county_areas() -> dict[str, PreparedArea]:
    """The outline of every county (and 济源) by code, as the map and the check use them."""
    return outlines().prepared_counties()


@cache
def _homes(region: str) -> tuple[str, ...]:
    """The counties whose union is the region's map area: itself, or a functional zone's city's counties."""
    areas = _county_areas()
    if region in areas:
        return (region,)
    return tuple(sorted(code for code in areas if code[:4] == region[:4]))


@cache
def _far_from(homes: tuple[str, ...]) -> tuple[str, ...]:
    """The counties lying wholly beyond ``FAR_KM`` of the box of ``homes``."""
    areas = _county_areas()
    box = areas[homes[0]].bbox
    for code in homes[1:]:
        box = box.union(areas[code].bbox)
    near = box.grown(FAR_KM)
    return tuple(sorted(code for code, area in areas.items() if not near.intersects(area.bbox)))


class DemoPlaces:
    """Deterministic coordinates for demo enterprises (same seed and rows → same points): a point inside the
    enterprise's own county (a functional zone's: inside one of its city's counties, the zone's map area), or for
    about 1 in 100 a point in a county far away, so the map and its list of flagged enterprises look real. The
    first 泌阳县 enterprise that is not a hazardous-chemicals one (the field trip's site is one) lies in 濮阳县."""

    def __init__(self, seed: int):
        self.rng = random.Random(f"demo-places:{seed}")
        self.astray_done = False

    def place(self, region: str, industry: str) -> Point | None:
        """None for a region without an outline (the row keeps its coordinates)."""
        homes = _homes(region)
        if not homes:
            return None
        if not self.astray_done and region == WALKTHROUGH_ASTRAY[0] and industry != "hazardous_chemicals":
            self.astray_done = True
            return self._inside(WALKTHROUGH_ASTRAY[1])
        if region != WALKTHROUGH_ASTRAY[0] and self.rng.random() < MISPLACED_SHARE:
            return self._inside(self.rng.choice(_far_from(homes)))
        return self._inside(self.rng.choice(homes))

    def _inside(self, code: str) -> Point:
        """A point inside the county: drawn in its box until one falls inside."""
        area = _county_areas()[code]
        box = area.bbox
        for _ in range(1000):
            point = (round(self.rng.uniform(box.west, box.east), 6), round(self.rng.uniform(box.south, box.north), 6))
            if area.contains(point):
                return point
        return label_point(max(area.area, key=lambda polygon: abs(ring_area(polygon[0]))))  # never in practice
