"""Writes on one account's credentials: passwords, administrator lock and reset, two-factor sign-in, API tokens.

Locking, deactivating, resetting or changing a password ends the account's sessions (a new security stamp
makes every stored session hash stale, on every app server) and revokes its API tokens, in the same
transaction as the change and its audit event.
"""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import can
from anjian.accounts.crypto import open_totp_secret, recovery_digests, seal_totp_secret
from anjian.accounts.models import (
    ApiToken,
    LoginThrottle,
    RecoveryCode,
    RoleAssignment,
    TotpDevice,
    User,
    new_security_stamp,
)
from anjian.accounts.password_validators import password_policy_errors
from anjian.accounts.selectors import second_factor_required
from anjian.accounts.services_login import login_throttle_fail, login_throttle_state
from anjian.accounts.tokens import new_token, token_digest
from anjian.audit.services import audit_record
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain.identifiers import region_prefix
from anjian.domain.login_throttle import normalise_username
from anjian.domain.permissions import Capability
from anjian.domain.totp import SECRET_BYTES, b32_secret, matching_step, otpauth_uri, recovery_code

TOKEN_MAX_DAYS = 365
LOCK_MAX_DAYS = 365
RECOVERY_CODES = 10
ISSUER = "安监"
TEMP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"


def sessions_and_tokens_end(*, user_id: int, now: datetime) -> int:
    """New security stamp (every session of the account stops at its next request) and every live token
    revoked. Runs inside the caller's transaction; returns the number of tokens revoked."""
    User.objects.filter(pk=user_id).update(security_stamp=new_security_stamp())
    return ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(revoked_at=now)


def governing_agency(actor, user: User, refusal: str):
    """The highest agency of the account, when the actor governs every agency it holds a role in."""
    if actor is not None and actor.pk == user.pk:
        raise ServiceDenied("不能对本人的账号办理此操作，请由其他安全管理员办理")
    agencies = list({a.agency_id: a.agency for a in
                     RoleAssignment.objects.filter(user=user).select_related("agency")}.values())
    if not agencies or not all(can(actor, Capability.USER_MANAGE, a.region_id) for a in agencies):
        raise ServiceDenied(refusal)
    return min(agencies, key=lambda a: (len(region_prefix(a.region_id)), a.region_id))


# --- passwords ----------------------------------------------------------------------------------------

def password_change(*, actor: User, current_password: str, new_password: str, address: str) -> User:
    """The signed-in user changes their own password. Other sessions and all tokens end; the caller keeps
    the current session with update_session_auth_hash(request, returned user)."""
    now = timezone.now()
    if login_throttle_state(username=actor.username, address=address, now=now) is not None:
        raise ServiceInvalid("当前密码错误次数过多，请稍后再试")
    if not actor.check_password(current_password):
        with transaction.atomic():
            login_throttle_fail(username=actor.username, address=address, now=now)
            audit_record(actor=actor, agency=None, verb="password_change_failed", target=actor,
                         extra={"address": address})
        raise ServiceInvalid("当前密码不正确")
    if new_password == current_password:
        raise ServiceInvalid("新密码不能与当前密码相同")
    errors = password_policy_errors(new_password, actor)
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=actor.pk)
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = now
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        revoked = sessions_and_tokens_end(user_id=user.pk, now=now)
        audit_record(actor=actor, agency=None, verb="password_change", target=user, extra={"tokens_revoked": revoked})
    user.refresh_from_db()
    return user


def temporary_password(user: User) -> str:
    """A random password in four groups of four (~94 bits) that passes the policy."""
    while True:
        candidate = "-".join("".join(secrets.choice(TEMP_ALPHABET) for _ in range(4)) for _ in range(4))
        if not password_policy_errors(candidate, user):
            return candidate


def user_password_reset(*, actor, user: User, reset_second_factor: bool = False) -> str:
    """A security admin gives the account a temporary password that must be changed at the next sign-in;
    its sessions and tokens end, its (name, address) locks are lifted. Returns the password, shown once."""
    agency = governing_agency(actor, user, "该账号在您管辖范围以外的机构也有角色，无权重置密码")
    now = timezone.now()
    password = temporary_password(user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(password)
        locked.must_change_password = True
        locked.password_changed_at = now
        locked.save(update_fields=["password", "must_change_password", "password_changed_at"])
        revoked = sessions_and_tokens_end(user_id=user.pk, now=now)
        LoginThrottle.objects.filter(scope=LoginThrottle.PAIR, username=normalise_username(user.username)).delete()
        cleared = False
        if reset_second_factor:
            cleared = TotpDevice.objects.filter(user=user).delete()[0] > 0
            RecoveryCode.objects.filter(user=user).delete()
        audit_record(actor=actor, agency=agency, verb="user_password_reset", target=locked,
                     extra={"tokens_revoked": revoked, "second_factor_reset": cleared})
    return password


# --- administrator lock ---------------------------------------------------------------------------------

def user_lock(*, actor, user: User, until: datetime, reason: str = "") -> None:
    """Lock the account for everyone until `until` (at most a year ahead); its sessions and tokens end."""
    agency = governing_agency(actor, user, "该账号在您管辖范围以外的机构也有角色，无权锁定")
    now = timezone.now()
    if until <= now:
        raise ServiceInvalid("锁定截止时间须晚于当前时间")
    if until > now + timedelta(days=LOCK_MAX_DAYS):
        raise ServiceInvalid(f"锁定时间最长 {LOCK_MAX_DAYS} 天；如需长期停止使用，请停用账号")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        old = locked.locked_until
        User.objects.filter(pk=user.pk).update(locked_until=until)
        revoked = sessions_and_tokens_end(user_id=user.pk, now=now)
        audit_record(actor=actor, agency=agency, verb="user_lock", target=locked,
                     old={"locked_until": old.isoformat() if old else None}, new={"locked_until": until.isoformat()},
                     extra={"reason": reason[:200], "tokens_revoked": revoked})


def user_unlock(*, actor, user: User) -> None:
    """Lift the administrator lock and every (name, address) lock of the account."""
    agency = governing_agency(actor, user, "该账号在您管辖范围以外的机构也有角色，无权解锁")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(locked_until=None)
        pairs = LoginThrottle.objects.filter(scope=LoginThrottle.PAIR,
                                             username=normalise_username(user.username)).delete()[0]
        audit_record(actor=actor, agency=agency, verb="user_unlock", target=user, extra={"address_locks": pairs})


# --- API tokens -------------------------------------------------------------------------------------------

def api_token_create(*, actor: User, name: str, days: int) -> tuple[ApiToken, str]:
    """A named token valid for `days` (1–365). The token itself is returned once; only its digest is kept."""
    name = name.strip()
    errors = []
    if not name or len(name) > 64:
        errors.append("令牌名称须为 1–64 个字符")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        errors.append(f"有效期须为 1–{TOKEN_MAX_DAYS} 天")
    if errors:
        raise ServiceInvalid(errors)
    token = new_token()
    now = timezone.now()
    with transaction.atomic():
        if ApiToken.objects.filter(user=actor, revoked_at__isnull=True, expires_at__gt=now).count() >= 20:
            raise ServiceInvalid("有效令牌最多 20 个，请先撤销不用的令牌")
        row = ApiToken.objects.create(user=actor, name=name, digest=token_digest(token),
                                      expires_at=now + timedelta(days=days))
        audit_record(actor=actor, agency=None, verb="api_token_create", target=actor,
                     new={"token": row.pk, "name": name, "expires_at": row.expires_at.isoformat()})
    return row, token


def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens (another user's token reads as missing)."""
    now = timezone.now()
    with transaction.atomic():
        row = ApiToken.objects.filter(pk=token_id, user=actor).first()
        if row is None:
            raise ServiceInvalid("令牌不存在")
        if not ApiToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(revoked_at=now):
            raise ServiceConflict("该令牌已撤销")
        audit_record(actor=actor, agency=None, verb="api_token_revoke", target=actor,
                     old={"token": row.pk, "name": row.name})
    return row


# --- two-factor sign-in (TOTP) ------------------------------------------------------------------------------

def totp_enrolment_start(*, actor: User) -> str:
    """A new secret, sealed for the session until a first code confirms it (nothing stored yet)."""
    return seal_totp_secret(secrets.token_bytes(SECRET_BYTES), user_id=actor.pk)


def totp_enrolment_view(*, actor: User, sealed: str) -> tuple[str, str] | None:
    """(base32 secret, otpauth URI) for the enrolment page; None when the sealed secret does not open."""
    raw = open_totp_secret(sealed, user_id=actor.pk)
    if raw is None:
        return None
    secret = b32_secret(raw)
    return secret, otpauth_uri(secret, account=actor.username, issuer=ISSUER)


def _new_recovery_codes(user: User) -> list[str]:
    codes = [recovery_code(secrets.token_bytes(10)) for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, digest=recovery_digests(c.replace("-", ""))[0]) for c in codes])
    return codes


def totp_enrol(*, actor: User, sealed: str, code: str) -> list[str]:
    """Confirm the authenticator with one valid code; returns the 10 recovery codes (shown once)."""
    raw = open_totp_secret(sealed, user_id=actor.pk)
    if raw is None:
        raise ServiceInvalid("验证器密钥已失效，请重新开始绑定")
    step = matching_step(raw, code, timezone.now().timestamp())
    if step is None:
        raise ServiceInvalid("验证码不正确，请核对手机时间后重试")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=actor.pk)
        if TotpDevice.objects.filter(user=actor, confirmed_at__isnull=False).exists():
            raise ServiceConflict("已启用两步验证")
        TotpDevice.objects.filter(user=actor).delete()
        TotpDevice.objects.create(user=actor, secret_encrypted=sealed, confirmed_at=timezone.now(), last_step=step)
        codes = _new_recovery_codes(actor)
        audit_record(actor=actor, agency=None, verb="totp_enrol", target=actor)
    return codes


def _check_current_code(actor: User, code: str) -> None:
    device = TotpDevice.objects.filter(user=actor, confirmed_at__isnull=False).first()
    if device is None:
        raise ServiceConflict("尚未启用两步验证")
    raw = open_totp_secret(device.secret_encrypted, user_id=actor.pk)
    step = matching_step(raw, code, timezone.now().timestamp(), after_step=device.last_step) if raw else None
    if step is None or not TotpDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step):
        raise ServiceInvalid("验证码不正确或已使用")


def totp_disable(*, actor: User, code: str) -> None:
    """Turn two-factor sign-in off with a current code; refused for the administrator roles."""
    if second_factor_required(actor):
        raise ServiceDenied("系统管理员、安全管理员、安全审计员必须使用两步验证，不能关闭")
    with transaction.atomic():
        _check_current_code(actor, code)
        TotpDevice.objects.filter(user=actor).delete()
        RecoveryCode.objects.filter(user=actor).delete()
        audit_record(actor=actor, agency=None, verb="totp_disable", target=actor)


def recovery_codes_renew(*, actor: User, code: str) -> list[str]:
    """Ten new recovery codes (the old ones stop working), with a current code."""
    with transaction.atomic():
        _check_current_code(actor, code)
        codes = _new_recovery_codes(actor)
        audit_record(actor=actor, agency=None, verb="recovery_codes_renew", target=actor)
    return codes
