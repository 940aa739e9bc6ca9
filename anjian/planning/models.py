"""Annual plans (年度监督检查计划) with their entries and adjustments, and inspection item lists (抽查事项清单)."""

from django.conf import settings
from django.db import models

from anjian.domain.annual_plan import ADJUSTMENT_KINDS, ENTRY_REASONS, PLAN_STATUSES
from anjian.domain.registry import choices

MONTHS = [(m, f"{m}月") for m in range(1, 13)]


class AnnualPlan(models.Model):
    agency = models.ForeignKey("regions.Agency", verbose_name="编制机关", on_delete=models.PROTECT,
                               related_name="annual_plans")
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField("状态", max_length=10, choices=choices(PLAN_STATUSES), default="draft")
    capacity_per_month = models.PositiveSmallIntegerField("每月检查能力（家）", null=True, blank=True)
    drafted_at = models.DateTimeField("从名录生成时间", null=True, blank=True)
    # 本级政府批复
    approval_reference = models.CharField("批复文号", max_length=64, blank=True)
    approval_date = models.DateField("批复日期", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("登记时间", null=True, blank=True)
    # 向上级备案
    filed_with = models.ForeignKey("regions.Agency", verbose_name="备案机关", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="filed_plans")
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="备案人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    # 公示
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="公示人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编制人", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-year", "agency_id"]
        verbose_name = verbose_name_plural = "年度监督检查计划"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="annual_plan_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年度安全生产监督检查计划"


class PlanEntry(models.Model):
    """One enterprise in a plan. A removed entry stays (removed_at set) so its history and inspection remain."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="entries")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="检查对象", on_delete=models.PROTECT,
                                   related_name="plan_entries")
    month = models.PositiveSmallIntegerField("计划月份", choices=MONTHS)
    planned_date = models.DateField("计划日期", null=True, blank=True)
    department = models.ForeignKey("regions.Department", verbose_name="承办处室", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("列入理由", max_length=12, choices=choices(ENTRY_REASONS))
    note = models.CharField("内部备注", max_length=255, blank=True)
    inspection = models.OneToOneField("inspections.Inspection", verbose_name="执法检查", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="plan_entry")
    removed_at = models.DateTimeField("移出时间", null=True, blank=True)

    class Meta:
        ordering = ["plan_id", "month", "id"]
        verbose_name = verbose_name_plural = "计划检查对象"
        constraints = [models.UniqueConstraint(fields=["plan", "enterprise"], name="plan_entry_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.month}月"


class PlanAdjustment(models.Model):
    """A change to an approved plan: never a silent edit."""

    plan = models.ForeignKey(AnnualPlan, on_delete=models.CASCADE, related_name="adjustments")
    entry = models.ForeignKey(PlanEntry, on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField("调整类型", max_length=8, choices=choices(ADJUSTMENT_KINDS))
    reason = models.CharField("调整理由", max_length=500)
    old = models.JSONField("调整前", default=dict)
    new = models.JSONField("调整后", default=dict)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="调整人", null=True,
                                on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField("调整时间", auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "-made_at", "-id"]
        verbose_name = verbose_name_plural = "计划调整记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.reason}"


class InspectionItemList(models.Model):
    agency = models.ForeignKey("regions.Agency", verbose_name="制定机关", on_delete=models.PROTECT,
                               related_name="item_lists")
    name = models.CharField("清单名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    published = models.BooleanField("已公布", default=False)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-year", "agency_id", "id"]
        verbose_name = verbose_name_plural = "随机抽查事项清单"

    def __str__(self) -> str:
        return self.name


class InspectionListItem(models.Model):
    item_list = models.ForeignKey(InspectionItemList, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveIntegerField("序号")
    item = models.CharField("抽查事项", max_length=200)
    content = models.TextField("抽查内容")
    legal_basis = models.TextField("抽查依据")
    target = models.CharField("抽查对象", max_length=500, default="all")  # industry codes joined by "," or "all"
    body = models.CharField("抽查主体", max_length=100)
    method = models.CharField("抽查方式", max_length=100)
    frequency = models.CharField("抽查频次", max_length=100)

    class Meta:
        ordering = ["item_list_id", "number", "id"]
        verbose_name = verbose_name_plural = "抽查事项"

    def __str__(self) -> str:
        return self.item

    def target_labels(self) -> str:
        from anjian.domain.registry import INDUSTRIES

        if self.target == "all":
            return "全部行业"
        return "、".join(INDUSTRIES.get(c, c) for c in self.target.split(","))
