from django.db import models

from anjian.domain.identifiers import region_prefix


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "县（区）"

    code = models.CharField("区划代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=64)
    short_name = models.CharField("简称", max_length=32)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    is_functional_zone = models.BooleanField("功能区", default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return region_prefix(self.code)


class Agency(models.Model):
    """One emergency-management agency per region."""

    region = models.OneToOneField(Region, verbose_name="辖区", on_delete=models.PROTECT, related_name="agency")
    name = models.CharField("名称", max_length=64, unique=True)
    short_name = models.CharField("文书简称", max_length=16)

    class Meta:
        ordering = ["region_id"]
        verbose_name = verbose_name_plural = "应急管理部门"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    agency = models.ForeignKey(Agency, verbose_name="所属机构", on_delete=models.PROTECT, related_name="departments")
    name = models.CharField("名称", max_length=64)
    code = models.CharField("代码", max_length=32)

    class Meta:
        ordering = ["agency_id", "id"]
        verbose_name = verbose_name_plural = "处室"
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="department_code_unique"),
            models.UniqueConstraint(fields=["agency", "name"], name="department_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name
