import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac

from anjian.domain.permissions import ROLE_LABELS, Role


def new_security_stamp() -> str:
    return secrets.token_hex(16)


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=64, blank=True)
    # Administrator lock (security admin): applies from every address until this time.
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    # Changed when the account is locked or deactivated or its password changes: every session made
    # before that stops matching get_session_auth_hash() (on every app server) — ADR 0020.
    security_stamp = models.CharField("安全戳", max_length=32, default=new_security_stamp)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def _get_session_auth_hash(self, secret=None):
        key_salt = "anjian.accounts.User.get_session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}\x00{self.security_stamp}", secret=secret,
                           algorithm="sha256").hexdigest()


class RoleAssignment(models.Model):
    """A role held by a user in one agency; it applies to the agency's region and below."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    agency = models.ForeignKey("regions.Agency", verbose_name="机构", on_delete=models.PROTECT,
                               related_name="role_assignments")
    role = models.CharField("角色", max_length=32, choices=[(r.value, ROLE_LABELS[r]) for r in Role])

    class Meta:
        verbose_name = verbose_name_plural = "角色分配"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="role_assignment_unique")]

    def __str__(self) -> str:
        return f"{self.agency} {self.get_role_display()}"


class LoginThrottle(models.Model):
    """Failure counter of one (name, address) pair or one address; shared by every app server."""

    PAIR, ADDRESS, SECOND_FACTOR = "pair", "address", "totp"
    scope = models.CharField(max_length=8, choices=[(PAIR, "账号+地址"), (ADDRESS, "地址"), (SECOND_FACTOR, "账号验证码")])
    username = models.CharField(max_length=150, blank=True)  # normalised; "" for an address counter
    address = models.CharField(max_length=64, blank=True)  # IPv4, or an IPv6 /64; "" for a second-factor counter
    failures = models.PositiveIntegerField(default=0)
    window_started = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)
    expires_at = models.DateTimeField(db_index=True)  # after this the row says nothing and is swept

    class Meta:
        verbose_name = verbose_name_plural = "登录限制"
        constraints = [models.UniqueConstraint(fields=["scope", "username", "address"], name="login_throttle_key")]
        indexes = [models.Index(fields=["username", "scope"], name="login_throttle_user")]

    def __str__(self) -> str:
        return f"{self.scope} {self.username} {self.address}"


class ApiToken(models.Model):
    """A named personal API token; only the SHA-256 digest of the token is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=64)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_user")]

    def __str__(self) -> str:
        return self.name


class TotpDevice(models.Model):
    """The authenticator of one user. The secret is encrypted (AES-GCM, key derived from SECRET_KEY)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret_encrypted = models.CharField(max_length=200)
    confirmed_at = models.DateTimeField(null=True, blank=True)  # None: enrolment not finished
    last_step = models.BigIntegerField(default=-1)  # the last time step used: a code is accepted once
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "两步验证器"

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"


class RecoveryCode(models.Model):
    """A single-use recovery code, kept as a keyed digest (HMAC-SHA-256 with a key derived from SECRET_KEY)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "恢复码"
        indexes = [models.Index(fields=["user", "digest"], name="recovery_code_user")]

    def __str__(self) -> str:
        return f"recovery code {self.pk}"
