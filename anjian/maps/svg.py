"""Maps drawn on the server as SVG (ADR 0041): no script, no tile server needed, any width down to 360 px.

The projection is Web Mercator, so that a tile layer a deployment configures (``ANJIAN_MAP_TILE_URL``, off by
default) lines up with the outlines. Drawing units: the view is ``WIDTH`` units wide; outlines are simplified to
about a unit for the view and written as relative path commands (the province's 157 counties and 18 city borders:
≈ 86 KB, drawn once per process).
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from anjian.domain.geo import Area, BBox, Point, simplify_ring
from anjian.maps.outlines import Outline, outlines

WIDTH = 1000
MAX_TILES = 48


def mercator(p: Point) -> Point:
    """Web Mercator in world units: x, y ∈ [0, 1], y downwards (the tile scheme's)."""
    lat = max(-85.0, min(85.0, p[1]))
    return (p[0] / 360 + 0.5, 0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi))


@dataclass(frozen=True)
class View:
    x0: float  # world units of the view's top-left corner
    y0: float
    scale: float  # drawing units per world unit
    width: float
    height: float

    @classmethod
    def fit(cls, box: BBox, width: float = WIDTH, margin: float = 0.03) -> "View":
        (x0, y1), (x1, y0) = mercator((box.west, box.south)), mercator((box.east, box.north))
        pad = max(x1 - x0, y1 - y0) * margin
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        scale = width / (x1 - x0)
        return cls(x0, y0, scale, width, round((y1 - y0) * scale, 1))

    def xy(self, p: Point) -> Point:
        x, y = mercator(p)
        return ((x - self.x0) * self.scale, (y - self.y0) * self.scale)

    def shows(self, p: Point) -> bool:
        x, y = self.xy(p)
        return 0 <= x <= self.width and 0 <= y <= self.height

    def degrees_per_unit(self, lat: float) -> float:
        """How many degrees of latitude one drawing unit spans near ``lat``."""
        return 360 * math.cos(math.radians(lat)) / self.scale


def _num(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def path_d(area: Area, view: View, tolerance_units: float = 0.6) -> str:
    """SVG path data of an area: each ring simplified to ``tolerance_units`` and written as M x,y l dx,dy … z,
    the steps taken between rounded points so that the rounding never drifts."""
    parts = []
    for polygon in area:
        for ring in polygon:
            lat = ring[0][1]
            points = simplify_ring(ring, tolerance_units * view.degrees_per_unit(lat))
            xy = [view.xy(p) for p in points[:-1]]
            rounded = [(round(x, 1), round(y, 1)) for x, y in xy]
            steps, last = [], rounded[0]
            for p in rounded[1:]:
                if p != last:
                    steps.append(f"{_num(p[0] - last[0])} {_num(p[1] - last[1])}")
                    last = p
            if len(steps) >= 2:
                parts.append(f"M{_num(rounded[0][0])} {_num(rounded[0][1])}l{' '.join(steps)}z")
    return "".join(parts)


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    d: str
    label: Point  # drawing units


@dataclass(frozen=True)
class Drawing:
    """The outlines of one view: the areas to colour (counties), the thicker borders over them (cities at the
    province view), and the view itself."""

    view: View
    areas: tuple[Shape, ...]
    borders: tuple[Shape, ...]


def _shape(outline: Outline, view: View, tolerance: float) -> Shape:
    return Shape(outline.code, outline.name, path_d(outline.area, view, tolerance), view.xy(outline.label))


@lru_cache(maxsize=64)
def drawing(code: str) -> Drawing | None:
    """The outlines for a view of a region: the province (counties, city borders over them), a city (its
    counties), a county (itself). None for a code without an outline (a functional zone: the caller draws its
    city)."""
    o = outlines()
    if code == "410000":
        view = View.fit(o.bbox)
        return Drawing(view, tuple(_shape(c, view, 1.2) for c in o.counties_of(code)),
                       tuple(_shape(c, view, 1.2) for c in o.cities_of_province()))
    outline = o.get(code)
    if outline is None:
        return None
    view = View.fit(outline.bbox)
    return Drawing(view, tuple(_shape(c, view, 0.6) for c in o.counties_of(code)), ())


@dataclass(frozen=True)
class Tile:
    href: str
    x: float
    y: float
    size: float


def tiles(view: View, template: str) -> list[Tile]:
    """The XYZ tiles behind a view (``template`` with {z}, {x}, {y}), at the zoom whose tiles are about the
    drawing's own scale; none when more than MAX_TILES would be needed."""
    if not template:
        return []
    z = max(0, min(18, round(math.log2(view.scale / 256))))
    n = 2 ** z
    first_x, last_x = math.floor(view.x0 * n), math.floor((view.x0 + view.width / view.scale) * n)
    first_y, last_y = math.floor(view.y0 * n), math.floor((view.y0 + view.height / view.scale) * n)
    if (last_x - first_x + 1) * (last_y - first_y + 1) > MAX_TILES:
        return []
    size = view.scale / n
    return [Tile(template.format(z=z, x=tx, y=ty), (tx / n - view.x0) * view.scale, (ty / n - view.y0) * view.scale,
                 size)
            for tx in range(first_x, last_x + 1) for ty in range(first_y, last_y + 1) if 0 <= ty < n]


def classes(values: list[int], n: int = 5) -> list[int]:
    """Upper bounds of ``n`` colour classes for a choropleth: 0 alone, then quantiles of the positive values
    (fewer classes when there are few distinct values)."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return [0]
    bounds = [0]
    for k in range(1, n):
        bound = positive[min(len(positive) - 1, math.ceil(k * len(positive) / (n - 1)) - 1)]
        if bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def class_of(value: int, bounds: list[int]) -> int:
    return next((i for i, bound in enumerate(bounds) if value <= bound), len(bounds) - 1)
