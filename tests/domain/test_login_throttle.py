"""Login throttling decisions and the client address behind trusted proxies."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.login_throttle import (
    Counter,
    ThrottleRule,
    address_key,
    after_failure,
    client_address,
    expires_at,
    is_locked,
    normalise_username,
)

RULE = ThrottleRule(max_failures=5, window=timedelta(minutes=15), lock=timedelta(minutes=15))
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def fail(counter, times, at=T0, every=timedelta(seconds=10)):
    for i in range(times):
        counter = after_failure(counter, at + i * every, RULE)
    return counter


def test_the_fifth_failure_in_the_window_locks_for_the_lock_time():
    four = fail(Counter(), 4)
    assert not is_locked(four, T0 + timedelta(minutes=1)) and four.failures == 4
    five = after_failure(four, T0 + timedelta(minutes=1), RULE)
    assert five.locked_until == T0 + timedelta(minutes=16)
    assert is_locked(five, T0 + timedelta(minutes=16) - timedelta(seconds=1))
    assert not is_locked(five, T0 + timedelta(minutes=16))


def test_failures_older_than_the_window_are_forgotten():
    four = fail(Counter(), 4)
    later = after_failure(four, T0 + RULE.window, RULE)
    assert later.failures == 1 and later.locked_until is None


def test_a_failure_while_locked_does_not_extend_the_lock():
    locked = fail(Counter(), 5)
    assert after_failure(locked, T0 + timedelta(minutes=5), RULE) == locked


@given(st.lists(st.integers(min_value=0, max_value=3600), max_size=40))
def test_never_more_than_max_failures_before_a_lock(gaps):
    counter, at = Counter(), T0
    for gap in gaps:
        at += timedelta(seconds=gap)
        counter = after_failure(counter, at, RULE)
        assert counter.failures < RULE.max_failures
        assert (counter.locked_until is None) or counter.locked_until > at - RULE.lock
        end = expires_at(counter, RULE)
        assert end is None or end >= at


def test_usernames_are_folded_for_the_key():
    assert normalise_username("  Biyang-Officer ") == normalise_username("biyang-officer")
    assert normalise_username("ＡＢＣ") == "abc"
    assert len(normalise_username("x" * 500)) == 150


@pytest.mark.parametrize(("remote", "xff", "trusted", "expected"), [
    ("203.0.113.7", "", (), "203.0.113.7"),
    ("203.0.113.7", "1.2.3.4", (), "203.0.113.7"),  # nobody trusted: the header is ignored
    ("10.0.0.2", "198.51.100.9", ("10.0.0.2",), "198.51.100.9"),
    ("10.0.0.2", "6.6.6.6, 198.51.100.9", ("10.0.0.0/8",), "198.51.100.9"),  # client-written entries ignored
    ("10.0.0.2", "198.51.100.9, 10.0.0.3", ("10.0.0.0/8",), "198.51.100.9"),  # two proxies
    ("10.0.0.2", "garbage", ("10.0.0.2",), "10.0.0.2"),
    ("10.0.0.2", "", ("10.0.0.2",), "10.0.0.2"),
    ("203.0.113.7", "198.51.100.9", ("10.0.0.0/8",), "203.0.113.7"),  # not from a trusted proxy
    ("", "", (), "unknown"),
])
def test_client_address(remote, xff, trusted, expected):
    assert client_address(remote, xff, trusted) == expected


def test_ipv6_addresses_share_a_key_per_64():
    assert address_key("2001:db8:1:2::5") == address_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert address_key("::ffff:198.51.100.9") == "198.51.100.9"
    assert address_key("198.51.100.9") == "198.51.100.9"
