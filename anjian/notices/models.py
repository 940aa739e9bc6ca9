from django.db import models


class Notice(models.Model):
    """A due or overdue item shown on the home page of the agency's users (written by idempotent sweeps), or a
    hand-off addressed to one user (``user``: a step sent back to its sender with the reason), open until the
    record moves on."""

    class Level(models.TextChoices):
        DUE = "due", "即将到期"
        OVERDUE = "overdue", "已逾期"
        INFO = "info", "提示"
        RETURNED = "returned", "已退回"

    key = models.CharField("标识", max_length=128, unique=True)  # e.g. hazard:42:overdue
    agency = models.ForeignKey("regions.Agency", verbose_name="机构", on_delete=models.CASCADE,
                               related_name="notices")
    region = models.ForeignKey("regions.Region", verbose_name="辖区", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey("accounts.User", verbose_name="接收人", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="notices")
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    title = models.CharField("标题", max_length=200)
    text = models.CharField("内容", max_length=500, blank=True)
    link = models.CharField("链接", max_length=255, blank=True)
    due_date = models.DateField("期限", null=True, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    resolved_at = models.DateTimeField("消除时间", null=True, blank=True)

    class Meta:
        ordering = ["resolved_at", "due_date", "id"]
        verbose_name = verbose_name_plural = "待办提醒"
        indexes = [models.Index(fields=["region", "resolved_at"], name="notice_region_open_idx"),
                   models.Index(fields=["user", "resolved_at"], name="notice_user_open_idx")]

    def __str__(self) -> str:
        return self.title
