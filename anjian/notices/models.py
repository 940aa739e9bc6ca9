from django.db import models


class Notice(models.Model):
    """A due or overdue item shown on the home page of the agency's users. Written by idempotent sweeps."""

    class Level(models.TextChoices):
        DUE = "due", "即将到期"
        OVERDUE = "overdue", "已逾期"
        INFO = "info", "提示"

    key = models.CharField("标识", max_length=128, unique=True)  # e.g. hazard:42:overdue
    agency = models.ForeignKey("regions.Agency", verbose_name="机构", on_delete=models.CASCADE,
                               related_name="notices")
    region = models.ForeignKey("regions.Region", verbose_name="辖区", on_delete=models.PROTECT, related_name="+")
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
        indexes = [models.Index(fields=["region", "resolved_at"], name="notice_region_open_idx")]

    def __str__(self) -> str:
        return self.title
