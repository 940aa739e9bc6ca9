from django.contrib.auth.models import AbstractUser
from django.db import models

from anjian.domain.permissions import ROLE_LABELS, Role


class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=64, blank=True)
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)
    api_token_hash = models.CharField("API 令牌摘要", max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username


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
