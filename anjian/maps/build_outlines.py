"""Build anjian/maps/data/henan_outlines.geojson from DataV.GeoAtlas' county outlines (a developer's tool, never run
by the app; source, licence and method in anjian/maps/data/README.md, ADR 0041).

    git clone https://github.com/anzhou99/GeoJsons /tmp/datav   # commit ae33047 (2021-08-16)
    .venv/bin/python -m anjian.maps.build_outlines /tmp/datav

Reads the 17 city files 4101xx_full.json … 4117xx_full.json (each city's counties) and 410000_full.json (济源,
which has no counties). Within one file neighbouring counties share the very same points along their border, so:

1. each ring is cut at the points where its neighbour changes, and every piece is simplified once
   (Douglas–Peucker, ``TOLERANCE`` degrees, in one canonical direction): two counties keep exactly the same
   simplified border — no gaps, no overlaps within a city, and a city's outline is its counties dissolved;
2. counties are renamed to today's codes (henan_regions.csv): 孟津县 and 吉利区 became 孟津区 in 2021, 偃师市
   偃师区; the shapes of one code are dissolved into one;
3. points are moved from GCJ-02 (the datum of DataV's and 高德's maps) to WGS 84 (GPS, CGCS2000 within
   centimetres), rounded to ``DIGITS`` decimals (≈ 11 m) and written as compact GeoJSON: one feature per county
   (and 济源) with ``code``, ``name``, ``level``, ``parent``. Cities are not stored: the app dissolves their
   counties when it loads the file (``anjian.maps.outlines``).
"""

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

from anjian.domain.geo import Point, dissolve, gcj02_to_wgs84, ring_area, simplify_line, simplify_ring

TOLERANCE = 0.0015  # degrees of latitude (≈ 170 m): at most a pixel at a county's scale; the file stays < 500 KB
DIGITS = 4
HERE = Path(__file__).resolve().parent
REGIONS = HERE.parent / "regions" / "data" / "henan_regions.csv"
OUT = HERE / "data" / "henan_outlines.geojson"
RENAMED = {"410322": "410308", "410306": "410308", "410381": "410307"}
JIYUAN = "419001"


def _polygons(geometry: dict) -> list[list[list[Point]]]:
    coordinates = geometry["coordinates"]
    polygons = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
    return [[[(float(x), float(y)) for x, y in ring] for ring in polygon] for polygon in polygons]


def _open(ring: list[Point]) -> list[Point]:
    return ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring


def _canonical(points: list[Point]) -> tuple[list[Point], bool]:
    """The piece in one direction whichever ring it is read from (so both neighbours simplify it alike)."""
    flipped = points[::-1]
    return (flipped, True) if flipped < points else (points, False)


def _simplified_file(features: list[dict]) -> list[list[list[list[Point]]]]:
    """Every feature's polygons, simplified piece by piece between the points where the neighbour changes."""
    shapes = [_polygons(f["geometry"]) for f in features]
    owners: dict[Point, set[int]] = defaultdict(set)
    for k, polygons in enumerate(shapes):
        for polygon in polygons:
            for ring in polygon:
                for p in ring:
                    owners[p].add(k)
    done: dict[tuple[Point, ...], list[Point]] = {}

    def piece(points: list[Point]) -> list[Point]:
        canonical, flipped = _canonical(points)
        key = tuple(canonical)
        if key not in done:
            done[key] = simplify_line(canonical, TOLERANCE)
        return done[key][::-1] if flipped else done[key]

    def ring_simplified(ring: list[Point]) -> list[Point]:
        points = _open(ring)
        n = len(points)
        cuts = [i for i in range(n) if owners[points[i]] != owners[points[i - 1]]
                or owners[points[i]] != owners[points[(i + 1) % n]]]
        if len(cuts) < 2:  # one neighbour all round (an enclave) or none: the whole ring, from a canonical start
            start = min(range(n), key=lambda i: points[i])
            rotated = points[start:] + points[:start]
            if ring_area(rotated + rotated[:1]) < 0:
                rotated = rotated[:1] + rotated[1:][::-1]
            key = ("ring", *rotated)
            if key not in done:
                done[key] = simplify_ring(rotated, TOLERANCE)
            return done[key]
        out: list[Point] = []
        for a, b in zip(cuts, cuts[1:] + [cuts[0] + n], strict=True):
            segment = [points[i % n] for i in range(a, b + 1)]
            out += piece(segment)[:-1]
        return out + out[:1]

    return [[[ring_simplified(ring) for ring in polygon] for polygon in polygons] for polygons in shapes]


def _wgs84_rounded(polygons) -> list:
    out = []
    for polygon in polygons:
        rings = []
        for ring in polygon:
            points: list[list[float]] = []
            for p in ring:
                x, y = gcj02_to_wgs84(p)
                q = [round(x, DIGITS), round(y, DIGITS)]
                if not points or q != points[-1]:
                    points.append(q)
            if len(points) >= 4 and points[0] == points[-1]:
                rings.append(points)
        if rings:
            out.append(rings)
    return out


def build(source: Path) -> dict:
    regions = {r["code"]: r for r in csv.DictReader(REGIONS.open(encoding="utf-8"))}
    shapes: dict[str, list] = defaultdict(list)
    cities = [c for c, r in regions.items() if r["level"] == "city" and c != JIYUAN]
    for name in [f"{c}_full.json" for c in sorted(cities)] + ["410000_full.json"]:
        features = json.loads((source / name).read_text(encoding="utf-8"))["features"]
        for feature, polygons in zip(features, _simplified_file(features), strict=True):
            code = str(feature["properties"]["adcode"])
            code = RENAMED.get(code, code)
            wanted = code == JIYUAN if name.startswith("410000") else code in regions
            if wanted:
                shapes[code] += polygons
    features = []
    for code in sorted(shapes):
        region = regions[code]
        features.append({"type": "Feature", "properties": {
            "code": code, "name": region["name"], "level": region["level"], "parent": region["parent_code"]},
            "geometry": {"type": "MultiPolygon", "coordinates": _wgs84_rounded(dissolve(shapes[code]))}})
    missing = sorted(c for c, r in regions.items() if r["level"] == "county" and r["is_functional_zone"] == "0"
                     and c not in shapes)
    if missing:
        raise SystemExit(f"no outline for {missing}")
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    data = build(Path(argv[0]))
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    vertices = sum(len(r) for f in data["features"] for p in f["geometry"]["coordinates"] for r in p)
    print(f"{OUT}: {len(data['features'])} features, {vertices} vertices, {OUT.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
