"""The county outlines shipped with the app (data/henan_outlines.geojson; source and method in data/README.md,
ADR 0041), read once per process. No network: the file is all there is.

Counties (and 济源, a city without counties) come from the file; a city's outline is its counties dissolved
(their shared borders are identical in the file). Functional zones (开发区, 示范区: codes ending 7x) have no
outline of their own: they lie inside ordinary counties, so they are checked against their city.
"""

import csv
import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from anjian.domain.geo import Area, BBox, Point, PreparedArea, dissolve, label_point, ring_area

DATA = Path(__file__).resolve().parent / "data" / "henan_outlines.geojson"
REGIONS = Path(__file__).resolve().parent.parent / "regions" / "data" / "henan_regions.csv"  # names, parents
PROVINCE = "410000"


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    level: str  # "county" or "city"
    parent: str
    area: Area

    @cached_property
    def prepared(self) -> PreparedArea:
        return PreparedArea(self.area)

    @property
    def bbox(self) -> BBox:
        return self.prepared.bbox

    @cached_property
    def label(self) -> Point:
        """Where its name or symbol goes: inside its largest part."""
        return label_point(max(self.area, key=lambda p: abs(ring_area(p[0]))))


class Outlines:
    def __init__(self, features: list[dict], names: dict[str, str]):
        self.names = names  # every region's name (zones and cities included), by code
        self.counties: dict[str, Outline] = {}
        for f in features:
            p = f["properties"]
            area = [[[(float(x), float(y)) for x, y in ring] for ring in polygon]
                    for polygon in f["geometry"]["coordinates"]]
            self.counties[p["code"]] = Outline(p["code"], p["name"], p["level"], p["parent"], area)
        self.cities: dict[str, Outline] = {}
        by_city: dict[str, list[Outline]] = {}
        for county in self.counties.values():
            if county.level == "city":  # 济源: a city of its own, no counties
                self.cities[county.code] = county
            else:
                by_city.setdefault(county.parent, []).append(county)
        self._children = {code: sorted(cs, key=lambda c: c.code) for code, cs in by_city.items()}
        for code, counties in self._children.items():
            self.cities[code] = Outline(code, names.get(code, code), "city", PROVINCE,
                                        dissolve([polygon for c in counties for polygon in c.area]))
        self.bbox = _union(c.bbox for c in self.counties.values())
        self._prepared = {code: c.prepared for code, c in self.counties.items()}

    def get(self, code: str) -> Outline | None:
        return self.counties.get(code) or self.cities.get(code)

    def counties_of(self, code: str) -> list[Outline]:
        """The counties an area is drawn with: a city's, every one for the province, the county itself."""
        if code == PROVINCE:
            return sorted(self.counties.values(), key=lambda c: c.code)
        if code in self._children:
            return self._children[code]
        county = self.counties.get(code)
        return [county] if county else []

    def cities_of_province(self) -> list[Outline]:
        return sorted(self.cities.values(), key=lambda c: c.code)

    def prepared_counties(self) -> dict[str, PreparedArea]:
        return self._prepared

    def locate(self, point: Point) -> Outline | None:
        """The county (or 济源) holding the point, None outside Henan."""
        return next((self.counties[code] for code, area in self._prepared.items() if area.contains(point)), None)


def _union(boxes) -> BBox:
    boxes = list(boxes)
    out = boxes[0]
    for box in boxes[1:]:
        out = out.union(box)
    return out


@cache
def outlines() -> Outlines:
    with REGIONS.open(encoding="utf-8") as fh:
        names = {row["code"]: row["name"] for row in csv.DictReader(fh)}
    return Outlines(json.loads(DATA.read_text(encoding="utf-8"))["features"], names)
