"""Signing in: the password step, the second-factor step, and the throttle counters both feed.

Counters live in the database (LoginThrottle), so every app server sees the same state. A refusal never
says whether the name exists, is locked or is deactivated: those paths give one answer and each computes
one password hash. A throttled attempt computes none — the throttle keys do not depend on the account.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from anjian.accounts.crypto import open_totp_secret, recovery_digests
from anjian.accounts.models import LoginThrottle, RecoveryCode, TotpDevice, User
from anjian.audit.services import audit_record
from anjian.domain.login_throttle import (
    Counter,
    ThrottleRule,
    address_key,
    after_failure,
    expires_at,
    is_locked,
    normalise_username,
)
from anjian.domain.totp import matching_step, normalise_recovery_code


@dataclass(frozen=True)
class Throttle:
    scope: str  # LoginThrottle.PAIR or .ADDRESS
    until: datetime


@dataclass(frozen=True)
class PasswordOutcome:
    user: User | None = None  # the account, when the password is right and it may sign in
    throttle: Throttle | None = None  # a lock that refused the attempt unheard, or that this failure started


# Wrong second-factor codes of one account from all addresses together. Only someone who knows the
# password gets this far, so this account-wide lock cannot be used to lock out an owner by name alone;
# it stops a password holder with many addresses from guessing 6-digit codes.
SECOND_FACTOR_MAX_FAILURES = 10


def _rules() -> dict[str, ThrottleRule]:
    window = timedelta(minutes=settings.ANJIAN_LOGIN_WINDOW_MINUTES)
    lock = timedelta(minutes=settings.ANJIAN_LOGIN_LOCK_MINUTES)
    return {LoginThrottle.PAIR: ThrottleRule(settings.ANJIAN_LOGIN_MAX_FAILURES, window, lock),
            LoginThrottle.ADDRESS: ThrottleRule(settings.ANJIAN_LOGIN_ADDRESS_MAX_FAILURES, window, lock),
            LoginThrottle.SECOND_FACTOR: ThrottleRule(SECOND_FACTOR_MAX_FAILURES, window, lock)}


def _keys(username: str, address: str, second_factor: bool = False) -> dict[str, tuple[str, str]]:
    addr, name = address_key(address), normalise_username(username)
    keys = {LoginThrottle.PAIR: (name, addr), LoginThrottle.ADDRESS: ("", addr)}
    if second_factor:
        keys[LoginThrottle.SECOND_FACTOR] = (name, "")
    return keys


def login_throttle_state(*, username: str, address: str, now: datetime, second_factor: bool = False
                         ) -> Throttle | None:
    """The lock that refuses this (name, address) now, if any (the address lock first)."""
    keys = _keys(username, address, second_factor)
    q = Q()
    for scope, (name, addr) in keys.items():
        q |= Q(scope=scope, username=name, address=addr)
    locks = {row.scope: row.locked_until for row in LoginThrottle.objects.filter(q, locked_until__gt=now)}
    for scope in (LoginThrottle.ADDRESS, LoginThrottle.SECOND_FACTOR, LoginThrottle.PAIR):
        if scope in locks:
            return Throttle(scope, locks[scope])
    return None


def _counter_for_update(scope: str, username: str, address: str, now: datetime) -> LoginThrottle:
    row = LoginThrottle.objects.select_for_update().filter(scope=scope, username=username, address=address).first()
    if row is None:
        try:
            with transaction.atomic():
                row = LoginThrottle.objects.create(scope=scope, username=username, address=address, expires_at=now)
        except IntegrityError:  # another server created it first
            row = LoginThrottle.objects.select_for_update().get(scope=scope, username=username, address=address)
    return row


def login_throttle_fail(*, username: str, address: str, now: datetime, second_factor: bool = False
                        ) -> list[Throttle]:
    """Count one failure against the pair and the address (and, for a wrong code, the account's code
    counter); the locks this failure started. In a transaction."""
    started = []
    rules = _rules()
    for scope, (name, addr) in _keys(username, address, second_factor).items():
        row = _counter_for_update(scope, name, addr, now)
        rule = rules[scope]
        before = Counter(row.failures, row.window_started, row.locked_until)
        after = after_failure(before, now, rule)
        row.failures, row.window_started, row.locked_until = after.failures, after.window_started, after.locked_until
        row.expires_at = expires_at(after, rule) or now
        row.save(update_fields=["failures", "window_started", "locked_until", "expires_at"])
        if is_locked(after, now) and not is_locked(before, now):
            started.append(Throttle(scope, after.locked_until))
    LoginThrottle.objects.filter(expires_at__lt=now - timedelta(minutes=1)).delete()  # sweep: indexed, small
    return started


def _fail(*, user: User | None, username: str, address: str, reason: str, now: datetime,
          verb: str = "login_failed") -> Throttle | None:
    """Count and audit a refusal; the lock it started, if any (the address lock first)."""
    with transaction.atomic():
        started = login_throttle_fail(username=username, address=address, now=now,
                                      second_factor=reason == "second_factor")
        who = {"target": user} if user is not None else {"target_type": "accounts.user", "target_repr": username[:150]}
        audit_record(actor=None, agency=None, verb=verb, **who, extra={"reason": reason, "address": address})
        for lock in started:
            audit_record(actor=None, agency=None, verb="login_throttle_lock", **who,
                         extra={"scope": lock.scope, "until": lock.until.isoformat(), "address": address})
    return min(started, key=lambda lock: lock.scope != LoginThrottle.ADDRESS, default=None)


def login_password(*, username: str, password: str, address: str) -> PasswordOutcome:
    """Check a name and password. Unknown, wrong, locked and deactivated give the same empty outcome."""
    now = timezone.now()
    throttle = login_throttle_state(username=username, address=address, now=now)
    if throttle is not None:
        with transaction.atomic():
            audit_record(actor=None, agency=None, verb="login_refused_throttled", target_type="accounts.user",
                         target_repr=username[:150], extra={"scope": throttle.scope, "address": address})
        return PasswordOutcome(throttle=throttle)
    user = User.objects.filter(username=username).first()
    if user is None:
        User().set_password(password)  # one hash, as for a real account: no timing oracle
        started = _fail(user=None, username=username, address=address, reason="unknown_user", now=now)
        return PasswordOutcome(throttle=started)
    right = user.check_password(password)  # exactly one hash on every other path
    if not right:
        reason = "wrong_password"
    elif not user.is_active:
        reason = "inactive"
    elif user.locked_until is not None and user.locked_until > now:
        reason = "locked"
    else:
        return PasswordOutcome(user=user)
    started = _fail(user=user, username=username, address=address, reason=reason, now=now)
    return PasswordOutcome(throttle=started)


def login_record_success(*, user: User, address: str, factors: str) -> None:
    """After every factor: the pair's failures are forgotten (the address's are not: one good account
    must not reset a password-spraying address)."""
    name, addr = _keys(user.username, address)[LoginThrottle.PAIR]
    with transaction.atomic():
        LoginThrottle.objects.filter(scope=LoginThrottle.PAIR, username=name, address=addr).delete()
        audit_record(actor=user, agency=None, verb="login", target=user, extra={"address": address, "factors": factors})


def login_second_factor(*, user: User, code: str, address: str) -> str | Throttle | None:
    """Check a TOTP code or a recovery code after the password: "totp", "recovery", the lock that refuses
    it unheard, or None (a wrong code, counted against the throttle). A TOTP code is accepted once; a
    recovery code is spent."""
    now = timezone.now()
    throttle = login_throttle_state(username=user.username, address=address, now=now, second_factor=True)
    if throttle is not None:
        with transaction.atomic():
            audit_record(actor=None, agency=None, verb="login_refused_throttled", target=user,
                         extra={"scope": throttle.scope, "address": address})
        return throttle
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()
    if device is not None and len(code) <= 32:
        key = open_totp_secret(device.secret_encrypted, user_id=user.pk)
        step = matching_step(key, code, now.timestamp(), after_step=device.last_step) if key else None
        if step is not None and TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step):
            return "totp"
        if recovery_code_spend(user=user, code=code, now=now):
            return "recovery"
    _fail(user=user, username=user.username, address=address, reason="second_factor", now=now,
          verb="login_second_factor_failed")
    return None


def recovery_code_spend(*, user: User, code: str, now: datetime) -> bool:
    normalised = normalise_recovery_code(code)
    if normalised is None:
        return False
    with transaction.atomic():
        row = RecoveryCode.objects.filter(user=user, digest__in=recovery_digests(normalised),
                                          used_at__isnull=True).first()
        if row is None or not RecoveryCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now):
            return False
        left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
        audit_record(actor=user, agency=None, verb="recovery_code_use", target=user, extra={"left": left})
    return True
