from django.db import models

from anjian.domain.registry import (
    ENTERPRISE_STATUSES,
    HAZARD_INSTALLATION_GRADES,
    INDUSTRIES,
    RISK_LEVELS,
    SCALES,
    SUPERVISION_CLASSES,
    choices,
)


class Enterprise(models.Model):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("单位名称", max_length=200)
    address = models.CharField("地址", max_length=255, blank=True)
    # No single-column index: enterprise_region_name_idx (region, name) serves every region filter.
    region = models.ForeignKey("regions.Region", verbose_name="属地", on_delete=models.PROTECT,
                               related_name="enterprises", db_index=False)
    industry = models.CharField("行业领域", max_length=32, choices=choices(INDUSTRIES))
    supervision_class = models.CharField("检查类别", max_length=10, choices=choices(SUPERVISION_CLASSES),
                                         default="general")
    risk_level = models.CharField("安全风险等级", max_length=10, choices=choices(RISK_LEVELS), default="blue")
    scale = models.CharField("规模", max_length=10, choices=choices(SCALES), blank=True)
    legal_representative = models.CharField("法定代表人", max_length=64, blank=True)
    contact_person = models.CharField("安全负责人", max_length=64, blank=True)
    contact_phone = models.CharField("联系电话", max_length=32, blank=True)
    liability_insured = models.BooleanField("已投保安全生产责任保险", default=False)
    insurance_expires = models.DateField("保险到期日", null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=choices(ENTERPRISE_STATUSES), default="operating")
    is_central_branch = models.BooleanField("央企分支机构", default=False)
    is_provincially_managed = models.BooleanField("省属（省管）企业", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = verbose_name_plural = "生产经营单位"
        indexes = [
            models.Index(fields=["region", "name"], name="enterprise_region_name_idx"),
            models.Index(fields=["region", "industry"], name="enterprise_region_ind_idx"),
            models.Index(fields=["name"], name="enterprise_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class MajorHazardInstallation(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="hazard_installations")
    name = models.CharField("名称", max_length=200)
    grade = models.CharField("等级", max_length=1, choices=choices(HAZARD_INSTALLATION_GRADES))
    record_number = models.CharField("备案编号", max_length=64, blank=True)
    substances = models.CharField("危险物质", max_length=255, blank=True)

    class Meta:
        ordering = ["enterprise_id", "grade", "name"]
        verbose_name = verbose_name_plural = "重大危险源"

    def __str__(self) -> str:
        return self.name
