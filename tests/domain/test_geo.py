"""Geometry for the map and the coordinate check (anjian.domain.geo)."""

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from anjian.domain import geo

LON = st.floats(110.0, 117.0, allow_nan=False)
LAT = st.floats(31.0, 37.0, allow_nan=False)
POINT = st.tuples(LON, LAT)
ANYWHERE = st.tuples(st.floats(-180, 180), st.floats(-89.9, 89.9))


def square(x0, y0, size):
    return [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size), (x0, y0)]


@st.composite
def star_polygons(draw):
    """A star-shaped ring around a centre (never self-intersecting): radii at increasing angles."""
    cx, cy = draw(st.floats(112, 115)), draw(st.floats(32, 35))
    n = draw(st.integers(3, 24))
    radii = draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n))
    ring = [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n))
            for i, r in enumerate(radii)]
    return ring + ring[:1], (cx, cy)


# --- distances

@given(POINT, POINT)
def test_haversine_is_symmetric_non_negative_and_zero_only_at_the_same_point(a, b):
    assert geo.haversine_km(a, b) == pytest.approx(geo.haversine_km(b, a))
    assert geo.haversine_km(a, b) >= 0
    assert geo.haversine_km(a, a) == 0


@given(ANYWHERE, ANYWHERE, ANYWHERE)
def test_haversine_keeps_the_triangle_inequality_and_half_the_circumference(a, b, c):
    assert geo.haversine_km(a, c) <= geo.haversine_km(a, b) + geo.haversine_km(b, c) + 1e-6
    assert geo.haversine_km(a, b) <= math.pi * geo.EARTH_RADIUS_KM + 1e-6


def test_haversine_known_distance_zhengzhou_to_zhumadian():
    # 郑州 (113.625, 34.747) to 驻马店 (114.022, 33.011): about 196 km
    assert geo.haversine_km((113.625, 34.747), (114.022, 33.011)) == pytest.approx(196, abs=3)


@given(POINT, POINT, POINT)
def test_distance_to_a_segment_is_at_most_the_distance_to_its_ends(p, a, b):
    d = geo.distance_to_segment_km(p, a, b)
    assert 0 <= d <= min(geo.haversine_km(p, a), geo.haversine_km(p, b)) + 1e-6


@given(POINT, POINT, st.floats(0, 1))
def test_a_point_on_a_segment_is_at_distance_zero(a, b, t):
    p = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    assert geo.distance_to_segment_km(p, a, b) < 0.5  # the tangent plane's error over at most ~700 km


def test_distance_to_the_edge_of_a_square_from_outside_and_inside():
    area = [[square(114.0, 33.0, 1.0)]]
    # 0.5° of latitude south of the south edge: 55.6 km
    assert geo.distance_to_edge_km((114.5, 32.5), area) == pytest.approx(0.5 * geo.KM_PER_DEGREE, rel=1e-3)
    # from the centre the nearest edge is east or west (shorter than north/south: longitude degrees are shorter)
    east = geo.haversine_km((114.5, 33.5), (115.0, 33.5))
    assert geo.distance_to_edge_km((114.5, 33.5), area) == pytest.approx(east, rel=1e-3)


# --- points in areas

@given(st.floats(112, 115), st.floats(32, 35), st.floats(0.01, 2), POINT)
def test_point_in_a_square_is_the_coordinate_test(x0, y0, size, p):
    assume(all(abs(p[0] - e) > 1e-9 for e in (x0, x0 + size)) and all(abs(p[1] - e) > 1e-9 for e in (y0, y0 + size)))
    expected = x0 < p[0] < x0 + size and y0 < p[1] < y0 + size
    assert geo.point_in_ring(p, square(x0, y0, size)) == expected
    assert geo.point_in_ring(p, square(x0, y0, size)[:-1]) == expected  # open rings too


@given(POINT)
def test_a_hole_is_outside_and_the_rest_of_the_polygon_inside(p):
    polygon = [square(113.0, 32.0, 2.0), square(113.5, 32.5, 1.0)]
    in_outer = 113 < p[0] < 115 and 32 < p[1] < 34
    in_hole = 113.5 < p[0] < 114.5 and 32.5 < p[1] < 33.5
    assume(not any(abs(p[0] - e) < 1e-9 for e in (113, 113.5, 114.5, 115)))
    assume(not any(abs(p[1] - e) < 1e-9 for e in (32, 32.5, 33.5, 34)))
    assert geo.point_in_polygon(p, polygon) == (in_outer and not in_hole)


@given(POINT)
def test_a_multipolygon_holds_the_points_of_each_part(p):
    area = [[square(112.0, 32.0, 0.5)], [square(114.0, 34.0, 0.5)]]
    assume(not any(abs(p[0] - e) < 1e-9 for e in (112, 112.5, 114, 114.5)))
    assume(not any(abs(p[1] - e) < 1e-9 for e in (32, 32.5, 34, 34.5)))
    expected = (112 < p[0] < 112.5 and 32 < p[1] < 32.5) or (114 < p[0] < 114.5 and 34 < p[1] < 34.5)
    assert geo.point_in_area(p, area) == expected


@given(star_polygons(), st.lists(POINT, max_size=30), st.integers(1, 80))
def test_a_prepared_area_answers_as_the_plain_test(star, points, bands):
    ring, centre = star
    area = [[ring, [(centre[0] + dx * 0.02, centre[1] + dy * 0.02) for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))]]]
    prepared = geo.PreparedArea(area, bands=bands)
    for p in points + ring[:5]:
        assert prepared.contains(p) == geo.point_in_area(p, area)


@given(star_polygons())
def test_the_label_point_of_a_polygon_lies_inside_it(star):
    ring, _ = star
    assume(abs(geo.ring_area(ring)) > 1e-6)
    assert geo.point_in_polygon(geo.label_point([ring]), [ring])


def test_the_label_point_of_a_u_shape_is_not_its_empty_middle():
    u = [(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3), (0, 0)]
    assert not geo.point_in_polygon((1.5, 1.8), [u])  # the centroid lies in the notch
    assert geo.point_in_polygon(geo.label_point([u]), [u])


# --- bounding boxes

@given(st.lists(POINT, min_size=1, max_size=20), st.lists(POINT, min_size=1, max_size=20))
def test_a_box_holds_its_points_and_a_union_holds_both(a, b):
    box_a, box_b = geo.bbox_of(a), geo.bbox_of(b)
    assert all(box_a.contains(p) for p in a)
    assert all(box_a.union(box_b).contains(p) for p in a + b)
    assert box_a.intersects(box_a.union(box_b))


@given(st.lists(POINT, min_size=1, max_size=10), st.floats(0.1, 200), POINT)
def test_a_grown_box_holds_every_point_that_close_to_the_box(points, km, p):
    box = geo.bbox_of(points)
    nearest = (min(max(p[0], box.west), box.east), min(max(p[1], box.south), box.north))
    if geo.haversine_km(p, nearest) <= km:
        assert box.grown(km).contains(p)


def test_an_empty_set_of_points_has_no_box():
    with pytest.raises(ValueError):
        geo.bbox_of([])


# --- simplification

@given(st.lists(POINT, min_size=2, max_size=60), st.floats(0, 0.5))
def test_simplification_keeps_the_ends_and_a_subsequence_within_the_tolerance(points, tolerance):
    out = geo.simplify_line(points, tolerance)
    assert out[0] == points[0] and out[-1] == points[-1]
    kept, j = [], 0  # where each kept point sits in the input: a subsequence, in order
    for i, p in enumerate(points):
        if j < len(out) and p == out[j]:
            kept.append(i)
            j += 1
    assert len(kept) == len(out)
    flat = geo._planar(points)
    for a, b in zip(kept, kept[1:], strict=False):  # every dropped point lies near the segment that spans it
        for i in range(a + 1, b):
            assert geo._offset(flat[i], flat[a], flat[b]) <= tolerance + 1e-9


def test_simplification_drops_collinear_points_and_keeps_corners():
    line = [(0.0, 0.0), (0.5, 0.0), (1.0, 0.0), (1.0, 0.5), (1.0, 1.0)]
    assert geo.simplify_line(line, 0.01) == [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]


@given(star_polygons(), st.floats(0, 0.3))
def test_a_simplified_ring_stays_a_closed_ring(star, tolerance):
    ring, _ = star
    out = geo.simplify_ring(ring, tolerance)
    assert out[0] == out[-1] and len(out) >= 4


# --- the check

def test_check_place_inside_near_the_edge_and_outside():
    home = geo.PreparedArea([[square(113.0, 32.0, 1.0)]])
    other = geo.PreparedArea([[square(114.0, 35.0, 1.0)]])
    areas = {"411726": home, "410928": other}
    assert geo.check_place((113.5, 32.5), home, areas, 1.0) == geo.PlaceCheck(geo.INSIDE)
    near = geo.check_place((113.5, 31.995), home, areas, 1.0)  # 0.005° (~0.56 km) south of the edge
    assert near.status == geo.NEAR_EDGE and not near.flagged and near.found is None
    far = geo.check_place((114.5, 35.5), home, areas, 1.0)
    assert far.flagged and far.found == "410928"
    assert far.distance_km == pytest.approx(geo.distance_to_edge_km((114.5, 35.5), home.area))
    assert geo.check_place((120.0, 40.0), home, areas, 1.0).found is None


@given(POINT, st.floats(0, 50))
def test_check_place_flags_exactly_the_points_outside_by_more_than_the_tolerance(p, tolerance):
    home = geo.PreparedArea([[square(113.0, 32.0, 1.5)]])
    result = geo.check_place(p, home, {"home": home}, tolerance)
    if geo.point_in_area(p, home.area):
        assert result.status == geo.INSIDE and result.distance_km == 0 and not result.flagged
    else:
        assert result.flagged == (geo.distance_to_edge_km(p, home.area) > tolerance)
        assert result.found is None


def test_valid_points():
    assert geo.valid_point(113.6, 34.7)
    assert not geo.valid_point(float("nan"), 34.7) and not geo.valid_point(181, 0) and not geo.valid_point(0, -91)


# --- merging

def _area_of(area) -> float:
    return sum(abs(geo.ring_area(p[0])) - sum(abs(geo.ring_area(h)) for h in p[1:]) for p in area)


@given(st.integers(1, 5), st.integers(1, 5), st.sets(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1),
       st.booleans(), POINT)
def test_dissolving_grid_cells_keeps_their_area_and_their_points(w, h, cells, flip, p):
    cells = {(i, j) for i, j in cells if i < w and j < h}
    assume(cells)
    size = 0.25
    area = []
    for i, j in sorted(cells):
        ring = square(113 + i * size, 33 + j * size, size)
        area.append([ring[::-1] if flip and (i + j) % 2 else ring])  # mixed orientations
    merged = geo.dissolve(area)
    assert _area_of(merged) == pytest.approx(len(cells) * size * size)
    off_grid = [abs((v - o) / size - round((v - o) / size)) > 1e-6 for v, o in zip(p, (113, 33), strict=True)]
    assume(all(off_grid))  # not on a cell edge
    assert geo.point_in_area(p, merged) == geo.point_in_area(p, area)


def test_dissolving_a_ring_of_cells_leaves_a_hole_and_removes_shared_edges():
    cells = [(i, j) for i in range(3) for j in range(3) if (i, j) != (1, 1)]
    merged = geo.dissolve([[square(i, j, 1.0)] for i, j in cells])
    assert len(merged) == 1 and len(merged[0]) == 2  # one polygon with one hole
    assert not geo.point_in_area((1.5, 1.5), merged) and geo.point_in_area((0.5, 0.5), merged)
    assert geo.distance_to_edge_km((1.5, 0.5), merged) > 50  # no edge left between cells (0,1) and (1,0)


def test_polygons_from_rings_nests_holes_and_islands():
    polygons = geo.polygons_from_rings([square(2, 2, 1), square(0, 0, 5), square(1, 1, 3)])
    assert [len(p) for p in polygons] == [2, 1]  # the big square with its hole, and the island in the hole


# --- datums

@given(POINT)
def test_gcj02_to_wgs84_undoes_the_offset_to_well_under_a_metre(p):
    g = geo.wgs84_to_gcj02(p)
    assert 0.1 < geo.haversine_km(p, g) < 1.0  # the offset in Henan is hundreds of metres
    assert geo.haversine_km(geo.gcj02_to_wgs84(g), p) < 0.001


def test_a_segment_seen_end_on_is_never_farther_than_its_nearer_end():
    # found by Hypothesis in CI: the tangent plane picked end a, the great circle makes end b nearer
    p, a, b = (116.0, 36.0), (110.0, 36.25), (110.0, 36.0)
    assert geo.distance_to_segment_km(p, a, b) <= min(geo.haversine_km(p, a), geo.haversine_km(p, b)) + 1e-9
    assert geo.distance_to_segment_km(p, b, a) <= min(geo.haversine_km(p, a), geo.haversine_km(p, b)) + 1e-9
