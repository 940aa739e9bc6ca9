from django.conf import settings
from django.db import models

from anjian.domain.registry import EDUCATIONS, GENDERS, OFFICER_STATUSES, choices


class Officer(models.Model):
    certificate_number = models.CharField("执法证号", max_length=32, unique=True)
    certificate_expires = models.DateField("执法证有效期至")
    name = models.CharField("姓名", max_length=64)
    agency = models.ForeignKey("regions.Agency", verbose_name="所属机构", on_delete=models.PROTECT,
                               related_name="officers")
    # Denormalised from agency.region for scoped filtering by code range (kept by the services).
    region = models.ForeignKey("regions.Region", verbose_name="辖区", on_delete=models.PROTECT,
                               related_name="officers")
    department = models.ForeignKey("regions.Department", verbose_name="处室", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="officers")
    specialties = models.JSONField("专业领域", default=list, blank=True)  # industry codes
    status = models.CharField("证件状态", max_length=10, choices=choices(OFFICER_STATUSES), default="active")
    in_post = models.BooleanField("在岗", default=True)
    gender = models.CharField("性别", max_length=6, choices=choices(GENDERS), blank=True)
    birth_year = models.PositiveSmallIntegerField("出生年份", null=True, blank=True)
    education = models.CharField("学历", max_length=16, choices=choices(EDUCATIONS), blank=True)
    major = models.CharField("所学专业", max_length=64, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="登录账号", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="officer")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["agency_id", "name"]
        verbose_name = verbose_name_plural = "执法人员"
        indexes = [models.Index(fields=["region", "name"], name="officer_region_name_idx")]

    def __str__(self) -> str:
        return self.name


class Expert(models.Model):
    name = models.CharField("姓名", max_length=64)
    region = models.ForeignKey("regions.Region", verbose_name="所属区域（专家库）", on_delete=models.PROTECT,
                               related_name="experts")
    specialties = models.JSONField("专业领域", default=list, blank=True)
    affiliation = models.CharField("工作单位", max_length=200, blank=True)
    title = models.CharField("职称", max_length=64, blank=True)
    phone = models.CharField("联系电话", max_length=32, blank=True)
    is_active = models.BooleanField("在库", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region_id", "name"]
        verbose_name = verbose_name_plural = "专家"

    def __str__(self) -> str:
        return self.name
