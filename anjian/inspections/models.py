"""执法检查: the checklist library, inspections and their teams, findings (事故隐患) and evidence files.

Later work builds on these: handover forms (移交表) and listed supervision (挂牌督办) refer to
`Inspection` / `Hazard` by foreign key; rectification follow-up (复查, 延期, 逾期) works on
`Hazard.deadline`, `Hazard.status`, `Hazard.rectified_at` and `Hazard.rectification_note`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from anjian.domain.inspection_rules import (
    EVIDENCE_KINDS,
    HAZARD_HANDLINGS,
    HAZARD_STATUSES,
    INSPECTION_SOURCES,
    INSPECTION_STATUSES,
    TEAM_ROLES,
)
from anjian.domain.rectification import OPEN_STATUSES as OPEN_HAZARD_STATUSES
from anjian.domain.registry import choices
from anjian.inspections.models_checklist import ChecklistItem

__all__ = ["ChecklistItem", "Inspection", "InspectionOfficer", "Hazard", "Evidence"]


class Inspection(models.Model):
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="被检查单位", on_delete=models.PROTECT,
                                   related_name="inspections")
    agency = models.ForeignKey("regions.Agency", verbose_name="检查机关", on_delete=models.PROTECT,
                               related_name="inspections")
    department = models.ForeignKey("regions.Department", verbose_name="承办处室", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="inspections")
    source = models.CharField("检查来源", max_length=20, choices=choices(INSPECTION_SOURCES))
    status = models.CharField("状态", max_length=12, choices=choices(INSPECTION_STATUSES), default="planned")
    planned_date = models.DateField("计划检查日期")
    officers = models.ManyToManyField("officers.Officer", through="InspectionOfficer", related_name="inspections")
    experts = models.ManyToManyField("officers.Expert", verbose_name="专家", blank=True, related_name="inspections")
    # 审批
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    approval_opinion = models.TextField("审批意见", blank=True)
    # 通知 / 实施 / 记录 / 反馈
    notice_date = models.DateField("通知日期", null=True, blank=True)
    started_at = models.DateTimeField("检查开始时间", null=True, blank=True)
    ended_at = models.DateTimeField("检查结束时间", null=True, blank=True)
    place = models.CharField("检查场所", max_length=255, blank=True)
    kickoff_notes = models.TextField("见面会记录", blank=True)
    summary = models.TextField("检查情况", blank=True)
    feedback_notes = models.TextField("反馈会记录", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=255, blank=True)
    merged_into = models.ForeignKey("self", verbose_name="已合并至", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="merged_from")
    # Planned from a random draw whose results are not yet disclosed: seen only by its team and the draw's
    # owners until then (不发通知、不打招呼; anjian.inspections.sealing, ADR 0023).
    sealed = models.BooleanField("抽查结果公示前保密", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-planned_date", "-id"]
        verbose_name = verbose_name_plural = "执法检查"
        indexes = [
            models.Index(fields=["enterprise", "planned_date"], name="inspection_ent_date_idx"),
            models.Index(fields=["agency", "status"], name="inspection_agency_status_idx"),
            # the lists' order (-planned_date, -id): a large scope's first page walks it (bench_load, ADR 0036)
            models.Index(fields=["planned_date", "id"], name="inspection_date_idx"),
            # the few sealed ones, which document and to-do reads leave out (10 M rows: 0.4 s scan → 0.3 ms)
            models.Index(fields=["id"], condition=models.Q(sealed=True), name="inspection_sealed_idx"),
            # plans waiting for approval in date order (the to-do's 待审批; city leader at 10 M: 30 s → 60 ms)
            models.Index(fields=["planned_date", "id"], condition=models.Q(status="planned"),
                         name="inspection_planned_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.planned_date}"

    @property
    def inspection_date(self):
        """The day the inspection took place (or is planned to)."""
        return timezone.localdate(self.started_at) if self.started_at else self.planned_date


class InspectionOfficer(models.Model):
    """One officer of an inspection team, with the credential shown on site (captured at the time)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    officer = models.ForeignKey("officers.Officer", verbose_name="执法人员", on_delete=models.PROTECT,
                                related_name="+")
    role = models.CharField("分工", max_length=8, choices=choices(TEAM_ROLES), default="member")
    certificate_number = models.CharField("执法证号（检查时）", max_length=32)
    credential_shown_at = models.DateTimeField("出示证件时间", null=True, blank=True)

    class Meta:
        ordering = ["inspection_id", "-role", "id"]
        verbose_name = verbose_name_plural = "检查组成员"
        constraints = [models.UniqueConstraint(fields=["inspection", "officer"], name="inspection_officer_unique")]

    def __str__(self) -> str:
        return f"{self.officer}（{self.get_role_display()}）"


class Hazard(models.Model):
    """A finding (事故隐患或问题) of an inspection and how it is handled."""

    inspection = models.ForeignKey(Inspection, verbose_name="执法检查", on_delete=models.PROTECT,
                                   related_name="hazards")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="单位", on_delete=models.PROTECT,
                                   related_name="hazards")
    # the inspecting agency, copied from the inspection (which never changes agency): the to-do finds a scope's
    # overdue hazards along (agency, deadline) without reading their inspections (ADR 0038)
    agency = models.ForeignKey("regions.Agency", verbose_name="检查机构", on_delete=models.PROTECT, related_name="+",
                               db_index=False)
    checklist_item = models.ForeignKey(ChecklistItem, verbose_name="检查事项", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="hazards")
    description = models.TextField("隐患（问题）描述")
    legal_basis = models.CharField("依据", max_length=500, blank=True)
    is_major = models.BooleanField("重大事故隐患", default=False)
    location = models.CharField("部位", max_length=255, blank=True)
    handling = models.CharField("处理方式", max_length=10, choices=choices(HAZARD_HANDLINGS))
    measures = models.JSONField("现场处理措施", default=list, blank=True)  # codes of ALL_MEASURES
    deadline = models.DateField("整改期限", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=choices(HAZARD_STATUSES), default="open")
    rectified_at = models.DateField("整改完成日期", null=True, blank=True)
    rectification_note = models.TextField("整改情况", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["inspection_id", "id"]
        verbose_name = verbose_name_plural = "事故隐患"
        indexes = [models.Index(fields=["status", "deadline"], name="hazard_status_deadline_idx"),
                   models.Index(fields=["agency", "deadline"], condition=models.Q(status__in=OPEN_HAZARD_STATUSES),
                                name="hazard_agency_open_idx")]

    def __str__(self) -> str:
        return self.description[:60]

    def save(self, *args, **kwargs):
        if self.agency_id is None and self.inspection_id is not None:
            self.agency_id = self.inspection.agency_id  # the instance the caller passed, read only if not
        super().save(*args, **kwargs)

    def measure_labels(self) -> list[str]:
        from anjian.domain.inspection_rules import ALL_MEASURES

        return [ALL_MEASURES.get(m, m) for m in self.measures]


class Evidence(models.Model):
    """A photo, recording, video or document; the bytes are stored as evidence/<sha256> (ADR 0034)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="evidence")
    hazard = models.ForeignKey(Hazard, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField("类型", max_length=10, choices=choices(EVIDENCE_KINDS))
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("大小（字节）")
    mime_type = models.CharField("MIME 类型", max_length=100)
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    caption = models.CharField("说明", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间（服务器接收）", auto_now_add=True)
    # Place and time on site (issue 14, ADR 0040): from the phone that took it, beside the server's receipt time.
    client_id = models.UUIDField("设备记录编号", null=True, blank=True, unique=True)
    device_time = models.DateTimeField("拍摄时间（设备）", null=True, blank=True)
    taken_at = models.DateTimeField("拍摄时间（按服务器校正）", null=True, blank=True)
    exif_time = models.CharField("照片自带拍摄时间（EXIF）", max_length=32, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)
    distance_m = models.PositiveIntegerField("距登记位置（米）", null=True, blank=True)
    clock_flag = models.CharField("时间提示", max_length=100, blank=True)

    class Meta:
        ordering = ["inspection_id", "id"]
        verbose_name = verbose_name_plural = "证据材料"
        indexes = [models.Index(fields=["sha256"], name="evidence_sha256_idx")]

    def __str__(self) -> str:
        return self.original_name or self.sha256[:12]


from anjian.inspections.models_rectification import (  # noqa: E402
    ExtensionRequest,
    HazardEscalation,
    Reinspection,
    ReinspectionOfficer,
    ReinspectionResult,
)

__all__ += ["ExtensionRequest", "Reinspection", "ReinspectionOfficer", "ReinspectionResult", "HazardEscalation"]
