"""Geometry for the map and the coordinate check (ADR 0041). Pure: no Django, no I/O.

Coordinates are (longitude, latitude) in degrees (WGS 84; CGCS2000 agrees with it to centimetres). An *area* is a
multipolygon: a sequence of polygons, each a sequence of rings — the outer ring first, then its holes. Rings may be
open or closed (first point repeated); orientation does not matter. Distances are great-circle kilometres.

A point exactly on an edge may count as inside or outside; the coordinate check never decides on that alone
(it allows a tolerance in kilometres, `check_place`).
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180

Point = tuple[float, float]
Ring = Sequence[Point]
Polygon = Sequence[Ring]
Area = Sequence[Polygon]


def valid_point(lon: float, lat: float) -> bool:
    return math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90


# --- bounding boxes

@dataclass(frozen=True)
class BBox:
    west: float
    south: float
    east: float
    north: float

    def contains(self, p: Point) -> bool:
        return self.west <= p[0] <= self.east and self.south <= p[1] <= self.north

    def intersects(self, other: "BBox") -> bool:
        return not (other.west > self.east or other.east < self.west
                    or other.south > self.north or other.north < self.south)

    def union(self, other: "BBox") -> "BBox":
        return BBox(min(self.west, other.west), min(self.south, other.south),
                    max(self.east, other.east), max(self.north, other.north))

    def grown(self, km: float) -> "BBox":
        """This box widened by at least ``km`` on every side (the widest latitude of the box decides)."""
        dlat = km / KM_PER_DEGREE
        coslat = max(math.cos(math.radians(min(89.0, max(abs(self.south), abs(self.north)) + dlat))), 1e-6)
        dlon = dlat / coslat
        return BBox(self.west - dlon, max(-90.0, self.south - dlat), self.east + dlon, min(90.0, self.north + dlat))

    @property
    def center(self) -> Point:
        return ((self.west + self.east) / 2, (self.south + self.north) / 2)


def bbox_of(points: Iterable[Point]) -> BBox:
    xs, ys = [], []
    for x, y in points:
        xs.append(x)
        ys.append(y)
    if not xs:
        raise ValueError("no points")
    return BBox(min(xs), min(ys), max(xs), max(ys))


def bbox_of_area(area: Area) -> BBox:
    """The box of the outer rings (holes lie inside them)."""
    return bbox_of(p for polygon in area for p in polygon[0])


# --- distances

def haversine_km(a: Point, b: Point) -> float:
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def nearest_on_segment(p: Point, a: Point, b: Point) -> Point:
    """The point of segment ab nearest to p, found in a plane tangent at p (exact enough for the few hundred
    kilometres of one province)."""
    k = math.cos(math.radians(p[1]))
    ax, ay = (a[0] - p[0]) * k, a[1] - p[1]
    bx, by = (b[0] - p[0]) * k, b[1] - p[1]
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else min(1.0, max(0.0, -(ax * dx + ay * dy) / length2))
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def distance_to_segment_km(p: Point, a: Point, b: Point) -> float:
    """Great-circle distance to the nearest point of ab; never more than to either end (over hundreds of
    kilometres the tangent plane's choice can be a little off)."""
    q = nearest_on_segment(p, a, b)
    return min(haversine_km(p, q), haversine_km(p, a), haversine_km(p, b))


def _edges(ring: Ring) -> Iterable[tuple[Point, Point]]:
    n = len(ring)
    for i in range(n):
        a, b = ring[i], ring[(i + 1) % n]
        if a != b:
            yield a, b


def distance_to_edge_km(p: Point, area: Area) -> float:
    """How far p is from the nearest edge of any ring of the area (outer or hole)."""
    best = math.inf
    for polygon in area:
        for ring in polygon:
            for a, b in _edges(ring):
                best = min(best, distance_to_segment_km(p, a, b))
    return best


# --- datums

_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323


def _gcj_offset(lon: float, lat: float) -> Point:
    """The GCJ-02 offset (degrees) at a WGS 84 point: the published polynomial of the 2002 national standard."""
    x, y = lon - 105.0, lat - 35.0
    d_lat = (-100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
             + (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0)
    d_lon = (300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
             + (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
             + (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
             + (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0)
    rad = math.radians(lat)
    magic = 1 - _KRASOVSKY_EE * math.sin(rad) ** 2
    d_lat = (d_lat * 180.0) / ((_KRASOVSKY_A * (1 - _KRASOVSKY_EE)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = (d_lon * 180.0) / (_KRASOVSKY_A / math.sqrt(magic) * math.cos(rad) * math.pi)
    return (d_lon, d_lat)


def wgs84_to_gcj02(p: Point) -> Point:
    d_lon, d_lat = _gcj_offset(*p)
    return (p[0] + d_lon, p[1] + d_lat)


def gcj02_to_wgs84(p: Point) -> Point:
    """The WGS 84 point whose GCJ-02 image is p (web maps of 高德/腾讯 and DataV's outlines use GCJ-02; in Henan
    the two differ by 300-700 m), found by fixed-point iteration to well under a metre."""
    w = p
    for _ in range(8):
        g = wgs84_to_gcj02(w)
        w = (w[0] - (g[0] - p[0]), w[1] - (g[1] - p[1]))
    return w


# --- points in areas

def point_in_ring(p: Point, ring: Ring) -> bool:
    """Even-odd rule (a ray towards +longitude)."""
    x, y = p
    inside = False
    for (x1, y1), (x2, y2) in _edges(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def point_in_polygon(p: Point, polygon: Polygon) -> bool:
    return point_in_ring(p, polygon[0]) and not any(point_in_ring(p, hole) for hole in polygon[1:])


def point_in_area(p: Point, area: Area) -> bool:
    return any(point_in_polygon(p, polygon) for polygon in area)


class PreparedArea:
    """An area ready for many containment tests: its box, and its edges sorted into latitude bands so that a
    test crosses only the edges of the point's band (a county of 300 edges: ~10 instead of 300)."""

    def __init__(self, area: Area, bands: int = 64):
        self.area = area
        self.bbox = bbox_of_area(area)
        self._south = self.bbox.south
        height = self.bbox.north - self.bbox.south
        self._bands = bands if height > 0 else 1
        self._band_height = height / self._bands if height > 0 else 1.0
        self._edges: list[list[tuple[float, float, float, float]]] = [[] for _ in range(self._bands)]
        # Every ring of every polygon is one more boundary: the even-odd rule over all of them gives the same
        # answer as "in an outer ring and in none of its holes", provided the polygons do not overlap.
        for polygon in area:
            for ring in polygon:
                for (x1, y1), (x2, y2) in _edges(ring):
                    if y1 == y2:
                        continue
                    for band in range(self._band(min(y1, y2)), self._band(max(y1, y2)) + 1):
                        self._edges[band].append((x1, y1, x2, y2))

    def _band(self, y: float) -> int:
        return min(self._bands - 1, max(0, int((y - self._south) / self._band_height)))

    def contains(self, p: Point) -> bool:
        if not self.bbox.contains(p):
            return False
        x, y = p
        inside = False
        for x1, y1, x2, y2 in self._edges[self._band(y)]:
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside

    def distance_to_edge_km(self, p: Point) -> float:
        return distance_to_edge_km(p, self.area)


def locate(p: Point, areas: Mapping[str, PreparedArea]) -> str | None:
    """The key of the first area holding p, or None."""
    return next((key for key, area in areas.items() if area.contains(p)), None)


# --- the coordinate check

INSIDE, NEAR_EDGE, OUTSIDE = "inside", "near_edge", "outside"


@dataclass(frozen=True)
class PlaceCheck:
    """Where a registered point lies against the area it should lie in.

    ``status``: INSIDE; NEAR_EDGE (outside, but within the tolerance: simplified outlines and coordinates read off
    another map's datum are that far off); OUTSIDE (flagged). ``distance_km``: how far outside the area's edge
    (0 when inside). ``found``: the key of the area holding the point when it is not inside (None: none of them).
    """

    status: str
    distance_km: float = 0.0
    found: str | None = None

    @property
    def flagged(self) -> bool:
        return self.status == OUTSIDE


def check_place(p: Point, home: PreparedArea, areas: Mapping[str, PreparedArea], tolerance_km: float) -> PlaceCheck:
    """Whether p lies in ``home``; if not, how far outside and in which of ``areas`` it lies. A flag, never a
    refusal: the caller shows it."""
    if home.contains(p):
        return PlaceCheck(INSIDE)
    distance = home.distance_to_edge_km(p)
    return PlaceCheck(NEAR_EDGE if distance <= tolerance_km else OUTSIDE, distance, locate(p, areas))


# --- merging

def polygons_from_rings(rings: Iterable[Ring]) -> list[list[list[Point]]]:
    """Rings sorted into polygons: a ring lying inside another is a hole of the smallest one holding it (and a
    ring inside a hole is an island: a polygon of its own)."""
    ordered = sorted((list(r) for r in rings), key=lambda r: -abs(ring_area(r)))
    polygons: list[list[list[Point]]] = []
    for ring in ordered:
        holder = next((p for p in reversed(polygons) if point_in_ring(ring[0], p[0])
                       and not any(point_in_ring(ring[0], hole) for hole in p[1:])), None)
        if holder is None:
            polygons.append([ring])
        else:
            holder.append(ring)
    return polygons


def dissolve(area: Area) -> list[list[list[Point]]]:
    """The union of polygons that meet along shared edges (neighbouring counties → their city): every edge used
    by two of them, once each way, lies inside the union and is dropped; the others are chained into rings.
    Exact for outlines cut from one topology (the same points along a border); polygons that overlap are not
    merged, only kept."""
    edges: dict[tuple[Point, Point], int] = {}
    for polygon in area:
        for k, ring in enumerate(polygon):
            points = [(float(x), float(y)) for x, y in ring]
            if (ring_area(points) > 0) != (k == 0):  # outer rings counter-clockwise, holes clockwise
                points.reverse()
            for a, b in _edges(points):
                if (b, a) in edges:
                    edges[(b, a)] -= 1
                    if not edges[(b, a)]:
                        del edges[(b, a)]
                else:
                    edges[(a, b)] = edges.get((a, b), 0) + 1
    following: dict[Point, list[Point]] = {}
    for (a, b), n in edges.items():
        following.setdefault(a, []).extend([b] * n)
    rings = []
    for start in list(following):
        while following.get(start):
            ring, p = [start], start
            while following.get(p):
                p = following[p].pop()
                ring.append(p)
                if p == start:
                    break
            if len(ring) >= 4 and ring[0] == ring[-1] and ring_area(ring) != 0:
                rings.append(ring)
    return polygons_from_rings(rings)


# --- simplification and labels

def _planar(points: Sequence[Point]) -> list[Point]:
    """Longitude shrunk by the cosine of the mean latitude: a degree of each then measures about the same."""
    k = math.cos(math.radians(sum(p[1] for p in points) / len(points)))
    return [(x * k, y) for x, y in points]


def _offset(p: Point, a: Point, b: Point) -> float:
    """Planar distance from p to segment ab."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else min(1.0, max(0.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify_line(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker: a subsequence of the points, the first and last kept, every dropped point within
    ``tolerance`` (degrees of latitude) of the kept line."""
    n = len(points)
    if n <= 2:
        return list(points)
    flat = _planar(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_at = -1.0, -1
        for i in range(first + 1, last):
            d = _offset(flat[i], flat[first], flat[last])
            if d > worst:
                worst, worst_at = d, i
        if worst_at >= 0 and worst > tolerance:
            keep[worst_at] = True
            stack += [(first, worst_at), (worst_at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: Ring, tolerance: float) -> list[Point]:
    """A closed ring simplified: split at its start and the point farthest from it, both halves simplified, and
    at least a triangle kept. Returns the ring closed (first point repeated)."""
    points = list(ring[:-1]) if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    if len(points) < 4:
        return points + points[:1]
    far = max(range(len(points)), key=lambda i: (points[i][0] - points[0][0]) ** 2 + (points[i][1] - points[0][1]) ** 2)
    first = simplify_line(points[:far + 1], tolerance)
    second = simplify_line(points[far:] + points[:1], tolerance)
    out = first + second[1:]
    if len(out) < 4:  # a ring smaller than the tolerance: keep it a triangle
        flat = _planar(points)
        third = max((i for i in range(len(points)) if i not in (0, far)),
                    key=lambda i: _offset(flat[i], flat[0], flat[far]))
        out = [points[i] for i in sorted({0, far, third})] + points[:1]
    return out


def ring_area(ring: Ring) -> float:
    """Signed planar area in square degrees (shoelace); counter-clockwise is positive."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in _edges(ring)) / 2


def label_point(polygon: Polygon) -> Point:
    """A point inside the polygon for a label or a symbol: its centroid when that lies inside, otherwise the
    middle of the widest inside stretch of the horizontal line through it."""
    outer = polygon[0]
    area = ring_area(outer)
    if area == 0:
        return bbox_of(outer).center
    cx = sum((a[0] + b[0]) * (a[0] * b[1] - b[0] * a[1]) for a, b in _edges(outer)) / (6 * area)
    cy = sum((a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1]) for a, b in _edges(outer)) / (6 * area)
    if point_in_polygon((cx, cy), polygon):
        return (cx, cy)
    box = bbox_of(outer)
    for y in (cy, box.center[1], box.south + (box.north - box.south) / 3, box.south + 2 * (box.north - box.south) / 3):
        crossings = sorted(x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                           for ring in polygon for (x1, y1), (x2, y2) in _edges(ring) if (y1 > y) != (y2 > y))
        stretches = [(crossings[i + 1] - crossings[i], (crossings[i] + crossings[i + 1]) / 2)
                     for i in range(0, len(crossings) - 1, 2)]
        if stretches:
            return (max(stretches)[1], y)
    return box.center
