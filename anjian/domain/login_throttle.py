"""Login throttling decisions: failure counters per (name, address) and per address, and the client address.

Pure: `now`, the stored counter and the trusted proxies are passed in. A counter counts failures within a
window that starts at its first failure; reaching the limit locks the key for `lock` and starts afresh.
"""

import ipaddress
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

USERNAME_MAX = 150


@dataclass(frozen=True)
class ThrottleRule:
    max_failures: int
    window: timedelta
    lock: timedelta


@dataclass(frozen=True)
class Counter:
    failures: int = 0
    window_started: datetime | None = None
    locked_until: datetime | None = None


def is_locked(counter: Counter, now: datetime) -> bool:
    return counter.locked_until is not None and counter.locked_until > now


def after_failure(counter: Counter, now: datetime, rule: ThrottleRule) -> Counter:
    """The counter after one more failure at `now` (a locked counter stays as it is)."""
    if is_locked(counter, now):
        return counter
    fresh = counter.window_started is None or now - counter.window_started >= rule.window
    failures = 1 if fresh else counter.failures + 1
    started = now if fresh else counter.window_started
    if failures >= rule.max_failures:
        return Counter(failures=0, window_started=None, locked_until=now + rule.lock)
    return Counter(failures=failures, window_started=started, locked_until=None)


def expires_at(counter: Counter, rule: ThrottleRule) -> datetime | None:
    """When the counter no longer matters (it may then be deleted); None for an empty counter."""
    ends = [t for t in (counter.locked_until,
                        counter.window_started + rule.window if counter.window_started else None) if t]
    return max(ends) if ends else None


def normalise_username(username: str) -> str:
    """The throttle key of a typed name: NFKC, case-folded, trimmed, bounded (so 'Officer ' = 'officer')."""
    return unicodedata.normalize("NFKC", username).strip().casefold()[:USERNAME_MAX]


def _parse(address: str):
    try:
        return ipaddress.ip_address(address.strip().split("%")[0])
    except ValueError:
        return None


def _trusted(ip, proxies: tuple[str, ...]) -> bool:
    for proxy in proxies:
        try:
            if ip in ipaddress.ip_network(proxy.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def client_address(remote_addr: str, forwarded_for: str, trusted_proxies: tuple[str, ...]) -> str:
    """The address the request came from.

    REMOTE_ADDR, unless it is a trusted proxy: then X-Forwarded-For is read from the right, skipping
    trusted proxies, and the first other valid address is the client. Entries left of it were written by
    the client itself and are ignored. An unparsable REMOTE_ADDR gives "unknown".
    """
    remote = _parse(remote_addr or "")
    if remote is None:
        return "unknown"
    if not trusted_proxies or not _trusted(remote, trusted_proxies):
        return str(remote)
    for entry in reversed([e for e in (forwarded_for or "").split(",") if e.strip()][:32]):
        ip = _parse(entry)
        if ip is None:
            break  # a malformed hop: stop at the last address a trusted proxy vouched for
        remote = ip
        if not _trusted(ip, trusted_proxies):
            break
    return str(remote)


def address_key(address: str) -> str:
    """The per-address throttle key: an IPv4 address, or the /64 network of an IPv6 one (one host's share)."""
    ip = _parse(address)
    if ip is None:
        return address[:45]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
