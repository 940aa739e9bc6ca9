"""异地检查、属地办案 and 挂牌督办: cross-region assignments, handover forms (问题移交表), listed supervision."""

from django.conf import settings
from django.db import models

from anjian.domain.registry import choices
from anjian.domain.supervision_rules import (
    ASSIGNMENT_MODES,
    HANDOVER_ACTIONS,
    HANDOVER_STATUSES,
    LISTING_DISPLAY,
    LISTING_STATUSES,
    listing_display_status,
)


class CrossRegionAssignment(models.Model):
    """A superior agency sends a visiting agency to inspect listed enterprises of a home agency in a period."""

    issuer = models.ForeignKey("regions.Agency", verbose_name="下达机关", on_delete=models.PROTECT, related_name="+")
    visiting_agency = models.ForeignKey("regions.Agency", verbose_name="检查机关（异地）", on_delete=models.PROTECT,
                                        related_name="cross_region_visits")
    home_agency = models.ForeignKey("regions.Agency", verbose_name="属地机关", on_delete=models.PROTECT,
                                    related_name="cross_region_hosted")
    enterprises = models.ManyToManyField("enterprises.Enterprise", verbose_name="检查单位",
                                         related_name="cross_region_assignments")
    round_label = models.CharField("轮次", max_length=64)
    mode = models.CharField("执法模式", max_length=16, choices=choices(ASSIGNMENT_MODES))
    period_from = models.DateField("检查期间自")
    period_to = models.DateField("检查期间至")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("下达时间", auto_now_add=True)

    class Meta:
        ordering = ["-period_from", "-id"]
        verbose_name = verbose_name_plural = "异地执法任务"
        indexes = [models.Index(fields=["visiting_agency", "period_from", "period_to"], name="xr_visiting_period_idx")]

    def __str__(self) -> str:
        return f"{self.round_label} {self.visiting_agency}→{self.home_agency}"


class AssignmentInspection(models.Model):
    """An inspection carried out under an assignment (the inspection itself lives in anjian.inspections)."""

    assignment = models.ForeignKey(CrossRegionAssignment, on_delete=models.PROTECT, related_name="links")
    inspection = models.OneToOneField("inspections.Inspection", on_delete=models.PROTECT,
                                      related_name="cross_region_link")

    class Meta:
        ordering = ["assignment_id", "id"]
        verbose_name = verbose_name_plural = "异地执法检查"

    def __str__(self) -> str:
        return f"{self.assignment_id}:{self.inspection_id}"


class HandoverForm(models.Model):
    """问题移交表 (seed 000 attachment 2): the visiting team's problems handed to the home agency."""

    assignment = models.ForeignKey(CrossRegionAssignment, on_delete=models.PROTECT, related_name="handovers")
    inspection = models.OneToOneField("inspections.Inspection", verbose_name="执法检查", on_delete=models.PROTECT,
                                      related_name="handover")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="被检查单位", on_delete=models.PROTECT,
                                   related_name="+")
    visiting_agency = models.ForeignKey("regions.Agency", verbose_name="检查机关", on_delete=models.PROTECT,
                                        related_name="+")
    home_agency = models.ForeignKey("regions.Agency", verbose_name="属地机关", on_delete=models.PROTECT,
                                    related_name="+")
    inspection_time = models.CharField("检查时间", max_length=64)
    visiting_officers = models.JSONField("异地执法人员", default=list)  # [{"name", "certificate_number"}]
    status = models.CharField("状态", max_length=12, choices=choices(HANDOVER_STATUSES), default="draft")
    sent_at = models.DateTimeField("移交时间", null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "问题移交表"
        indexes = [models.Index(fields=["home_agency", "status"], name="handover_home_status_idx")]

    def __str__(self) -> str:
        return f"问题移交表：{self.enterprise}"


class HandoverItem(models.Model):
    """One problem of the form and the home agency's action on it."""

    form = models.ForeignKey(HandoverForm, on_delete=models.CASCADE, related_name="items")
    hazard = models.ForeignKey("inspections.Hazard", on_delete=models.PROTECT, related_name="handover_items")
    description = models.TextField("存在问题")
    legal_basis = models.CharField("法律依据", max_length=500, blank=True)
    suggested_handling = models.CharField("处理建议", max_length=255, blank=True)
    action = models.CharField("属地处理", max_length=16, choices=choices(HANDOVER_ACTIONS), blank=True)
    action_deadline = models.DateField("整改期限", null=True, blank=True)
    action_note = models.TextField("处理说明", blank=True)
    acted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    acted_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        ordering = ["form_id", "id"]
        verbose_name = verbose_name_plural = "移交问题"

    def __str__(self) -> str:
        return self.description[:60]


class HandoverAcknowledgement(models.Model):
    """A home-agency officer who signed for the form (captured at the time)."""

    form = models.ForeignKey(HandoverForm, on_delete=models.CASCADE, related_name="acknowledgements")
    officer = models.ForeignKey("officers.Officer", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("姓名", max_length=64)
    certificate_number = models.CharField("执法证号", max_length=32)
    acknowledged_at = models.DateTimeField("签名时间")

    class Meta:
        ordering = ["form_id", "id"]
        verbose_name = verbose_name_plural = "属地签收人员"
        constraints = [models.UniqueConstraint(fields=["form", "officer"], name="handover_ack_unique")]

    def __str__(self) -> str:
        return f"{self.name}（{self.certificate_number}）"


class ListedSupervision(models.Model):
    """挂牌督办 of one major hazard by a superior agency."""

    hazard = models.ForeignKey("inspections.Hazard", verbose_name="重大事故隐患", on_delete=models.PROTECT,
                               related_name="listings")
    listing_agency = models.ForeignKey("regions.Agency", verbose_name="挂牌机关", on_delete=models.PROTECT,
                                       related_name="+")
    responsible_agency = models.ForeignKey("regions.Agency", verbose_name="责任单位", on_delete=models.PROTECT,
                                           related_name="+")
    listed_at = models.DateTimeField("挂牌时间")
    deadline = models.DateField("督办期限")
    requirements = models.TextField("督办要求")
    status = models.CharField("状态", max_length=10, choices=choices(LISTING_STATUSES), default="listed")
    delisted_at = models.DateTimeField("摘牌时间", null=True, blank=True)
    delisted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    delisting_opinion = models.TextField("摘牌意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-listed_at", "-id"]
        verbose_name = verbose_name_plural = "挂牌督办"
        constraints = [models.UniqueConstraint(fields=["hazard"], condition=models.Q(status="listed"),
                                               name="listing_one_open_per_hazard")]

    def __str__(self) -> str:
        return f"挂牌督办：{self.hazard}"

    def display_status(self, today) -> str:
        return listing_display_status(self.status, self.deadline, today)

    def display_label(self, today) -> str:
        return LISTING_DISPLAY[self.display_status(today)]


class SupervisionProgress(models.Model):
    """A progress report of the responsible agency, with evidence files (stored as inspections.Evidence)."""

    listing = models.ForeignKey(ListedSupervision, on_delete=models.CASCADE, related_name="progress")
    report_date = models.DateField("日期")
    text = models.TextField("整改进展")
    evidence = models.ManyToManyField("inspections.Evidence", blank=True, related_name="supervision_progress")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        ordering = ["listing_id", "report_date", "id"]
        verbose_name = verbose_name_plural = "督办进展"

    def __str__(self) -> str:
        return f"{self.report_date} {self.text[:40]}"
