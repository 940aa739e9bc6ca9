"""Offline records' clock and place (ADR 0040): a phone's clock offset cancels out, large offsets are flagged,
impossible times refused, client ids parsed strictly."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain import field_sync as fs

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
skews = st.integers(min_value=-3 * 24 * 3600, max_value=3 * 24 * 3600).map(lambda s: timedelta(seconds=s))
ages = st.integers(min_value=0, max_value=30 * 24 * 3600).map(lambda s: timedelta(seconds=s))


@given(skew=skews, age=ages)
def test_the_phone_clock_offset_cancels_out(skew, age):
    """Whatever the phone's clock says, a record made `age` before sending is placed `age` before the receipt."""
    clock = fs.clock_of(NOW + skew, NOW)
    assert fs.corrected(NOW - age + skew, clock) == NOW - age
    assert bool(clock.flag) == (abs(skew) > fs.CLOCK_FLAG)


def test_without_a_clock_reading_the_device_time_is_kept_and_said_so():
    clock = fs.clock_of(None, NOW)
    assert fs.corrected(NOW - timedelta(hours=2), clock) == NOW - timedelta(hours=2)
    assert "未带设备时钟" in clock.flag
    assert "耗时过长" in fs.clock_of(NOW, NOW, transit=timedelta(minutes=6)).flag


@given(delta=st.integers(min_value=-400 * 24 * 3600, max_value=24 * 3600).map(lambda s: timedelta(seconds=s)))
def test_a_time_after_the_receipt_or_a_year_back_is_refused(delta):
    problem = fs.time_problem(NOW + delta, NOW)
    assert (problem is None) == (-fs.PAST_MAX <= delta <= fs.FUTURE_SLACK)


@given(st.uuids())
def test_client_ids_are_uuids_only(value):
    assert fs.parse_client_id(str(value)) == value
    assert fs.parse_client_id(str(value)[:-1] + "g") is None
    assert fs.parse_client_id("") is None and fs.parse_client_id(None) is None


def test_distance_from_the_registered_point():
    assert fs.distance_from_site_m((113.3, 32.7), (113.3, 32.7)) == 0
    assert 5500 < fs.distance_from_site_m((113.3, 32.75), (113.3, 32.7)) < 5600
    assert fs.distance_from_site_m((113.3, 32.7), None) is None
    assert fs.distance_from_site_m((500.0, 32.7), (113.3, 32.7)) is None
    assert fs.far_from_site(1001) and not fs.far_from_site(1000) and not fs.far_from_site(None)
