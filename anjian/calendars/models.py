from django.db import models


class CalendarYear(models.Model):
    """A year whose holidays and adjusted working days are known; other years are refused."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField("数据来源", max_length=128)
    loaded_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        ordering = ["year"]
        verbose_name = verbose_name_plural = "日历年份"

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """A day that departs from the weekday rule: a holiday, or an adjusted working weekend (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日（休息）"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", primary_key=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=64, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = verbose_name_plural = "节假日与调休"

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
