"""Rectification follow-up (整改复查): extension requests, re-inspections and escalations of hazards."""

from django.conf import settings
from django.db import models

from anjian.domain.rectification import ESCALATION_ROUTES, EXTENSION_STATUSES
from anjian.domain.registry import choices


class ExtensionRequest(models.Model):
    """An enterprise's request (延期申请) to move a hazard's rectification deadline, and its decision."""

    hazard = models.ForeignKey("inspections.Hazard", verbose_name="事故隐患", on_delete=models.PROTECT,
                               related_name="extension_requests")
    requested_at = models.DateField("申请日期")
    original_deadline = models.DateField("原整改期限")
    requested_deadline = models.DateField("申请延长至")
    reason = models.TextField("延期理由")
    evidence = models.ForeignKey("inspections.Evidence", verbose_name="申请材料", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=10, choices=choices(EXTENSION_STATUSES), default="pending")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_opinion = models.TextField("审批意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = verbose_name_plural = "延期申请"
        indexes = [models.Index(fields=["status", "requested_at"], name="extension_status_date_idx")]

    def __str__(self) -> str:
        return f"延期申请：{self.hazard_id} 至 {self.requested_deadline}"


class Reinspection(models.Model):
    """A re-inspection (复查) of some hazards of one inspection → 整改复查意见书."""

    inspection = models.ForeignKey("inspections.Inspection", verbose_name="执法检查", on_delete=models.PROTECT,
                                   related_name="reinspections")
    date = models.DateField("复查日期")
    completion_reported = models.BooleanField("单位已报告整改完成", default=False)
    opinion = models.TextField("复查意见")
    officers = models.ManyToManyField("officers.Officer", through="ReinspectionOfficer", related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = verbose_name_plural = "整改复查"

    def __str__(self) -> str:
        return f"复查 {self.inspection_id} {self.date}"


class ReinspectionOfficer(models.Model):
    reinspection = models.ForeignKey(Reinspection, on_delete=models.CASCADE, related_name="team")
    officer = models.ForeignKey("officers.Officer", verbose_name="执法人员", on_delete=models.PROTECT,
                                related_name="+")
    certificate_number = models.CharField("执法证号（复查时）", max_length=32)

    class Meta:
        ordering = ["reinspection_id", "id"]
        verbose_name = verbose_name_plural = "复查人员"
        constraints = [models.UniqueConstraint(fields=["reinspection", "officer"],
                                               name="reinspection_officer_unique")]

    def __str__(self) -> str:
        return str(self.officer)


class ReinspectionResult(models.Model):
    reinspection = models.ForeignKey(Reinspection, on_delete=models.CASCADE, related_name="results")
    hazard = models.ForeignKey("inspections.Hazard", verbose_name="事故隐患", on_delete=models.PROTECT,
                               related_name="reinspection_results")
    rectified = models.BooleanField("已整改")
    note = models.TextField("复查情况", blank=True)

    class Meta:
        ordering = ["reinspection_id", "id"]
        verbose_name = verbose_name_plural = "复查结果"
        constraints = [models.UniqueConstraint(fields=["reinspection", "hazard"], name="reinspection_hazard_unique")]
        indexes = [models.Index(fields=["hazard", "reinspection"], name="reinspection_result_hazard_idx")]

    def __str__(self) -> str:
        return f"{self.hazard_id}：{'已整改' if self.rectified else '未整改'}"


class HazardEscalation(models.Model):
    """A hazard not rectified, handed on to compulsory measures or a penalty case (the case comes later)."""

    hazard = models.OneToOneField("inspections.Hazard", verbose_name="事故隐患", on_delete=models.PROTECT,
                                  related_name="escalation")
    route = models.CharField("处理方式", max_length=14, choices=choices(ESCALATION_ROUTES))
    note = models.TextField("说明", blank=True)
    escalated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    escalated_at = models.DateTimeField("移交时间", auto_now_add=True)

    class Meta:
        ordering = ["-escalated_at", "-id"]
        verbose_name = verbose_name_plural = "隐患移交"
        indexes = [models.Index(fields=["route", "escalated_at"], name="escalation_route_idx")]

    def __str__(self) -> str:
        return f"{self.hazard_id} → {self.get_route_display()}"
