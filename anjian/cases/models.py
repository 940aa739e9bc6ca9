"""行政处罚案件: the case, its officers, investigation records, extensions, payments, transfers and file checks.

A case lives in its home agency (the agency whose region covers the enterprise). Status moves along the table
in `anjian.domain.case_process.CASE`; the dates on the case are the facts its time limits are counted from
(`anjian.domain.case_deadlines`). An archived case never changes: services refuse, and a database trigger
(migration 0002) refuses any UPDATE of an archived case row on PostgreSQL and SQLite alike.
"""

from django.conf import settings
from django.db import models

from anjian.domain.case_process import (
    CASE_RESULTS,
    CASE_SOURCES,
    CASE_STATUSES,
    INVESTIGATION_KINDS,
    LEGAL_REVIEW_RESULTS,
    PARTY_KINDS,
    RETENTION_PERIODS,
    TRANSFER_KINDS,
)
from anjian.domain.registry import choices

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2}


class DiscretionEntry(models.Model):
    """One line of a discretion benchmark (裁量权基准, the 应急〔2024〕90号 shape): a violation at one level."""

    code = models.CharField("编号", max_length=32)
    violation = models.CharField("违法行为", max_length=500)
    legal_provision = models.TextField("法律规定（违反条款）")
    penalty_basis = models.TextField("处罚依据")
    party_kind = models.CharField("当事人类型", max_length=10, choices=choices(PARTY_KINDS), default="unit")
    statutory_min = models.DecimalField("法定罚款下限（元）", null=True, blank=True, **MONEY)
    statutory_max = models.DecimalField("法定罚款上限（元）", null=True, blank=True, **MONEY)
    level = models.CharField("裁量阶次", max_length=32)  # 较轻 / 一般 / 较重 / 严重 …
    level_order = models.PositiveSmallIntegerField("阶次顺序", default=1)
    conditions = models.TextField("适用条件")
    fine_min = models.DecimalField("罚款下限（元）", null=True, blank=True, **MONEY)
    fine_max = models.DecimalField("罚款上限（元）", null=True, blank=True, **MONEY)
    standard = models.TextField("具体标准", blank=True)
    source = models.CharField("出处", max_length=100, default="应急〔2024〕90号")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["code", "level_order"]
        verbose_name = verbose_name_plural = "裁量基准"
        constraints = [models.UniqueConstraint(fields=["source", "code", "level"], name="discretion_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.violation}（{self.level}）"


class PenaltyCase(models.Model):
    agency = models.ForeignKey("regions.Agency", verbose_name="办案机关", on_delete=models.PROTECT,
                               related_name="penalty_cases")
    department = models.ForeignKey("regions.Department", verbose_name="承办处室", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="当事单位", on_delete=models.PROTECT,
                                   related_name="penalty_cases")
    name = models.CharField("案件名称", max_length=255)
    cause = models.CharField("案由", max_length=255)
    source = models.CharField("案件来源", max_length=20, choices=choices(CASE_SOURCES))
    source_note = models.CharField("来源说明", max_length=255, blank=True)
    inspection = models.ForeignKey("inspections.Inspection", verbose_name="来源检查", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="penalty_cases")
    hazards = models.ManyToManyField("inspections.Hazard", verbose_name="涉及隐患", blank=True,
                                     related_name="penalty_cases")
    handover = models.ForeignKey("supervision.HandoverForm", verbose_name="来源移交表", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="penalty_cases")
    status = models.CharField("状态", max_length=14, choices=choices(CASE_STATUSES), default="filing")
    is_major = models.BooleanField("重大案件（集体讨论）", default=False)
    # 当事人
    party_kind = models.CharField("当事人类型", max_length=10, choices=choices(PARTY_KINDS), default="unit")
    party_name = models.CharField("当事人", max_length=255)
    party_id_number = models.CharField("身份证件号码／统一社会信用代码", max_length=32, blank=True)
    party_representative = models.CharField("法定代表人（负责人）", max_length=64, blank=True)
    party_address = models.CharField("地址", max_length=255, blank=True)
    party_phone = models.CharField("联系电话", max_length=32, blank=True)
    facts = models.TextField("案件基本情况／违法事实", blank=True)
    # 立案
    filed_on = models.DateField("立案日期", null=True, blank=True)
    filing_approved_by = models.ForeignKey(USER, verbose_name="立案审批人", null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")
    filing_opinion = models.TextField("立案审批意见", blank=True)
    extension_days = models.PositiveIntegerField("经批准延长（日）", default=0)
    # 调查终结与审理
    investigated_on = models.DateField("调查终结日期", null=True, blank=True)
    investigation_report = models.TextField("调查终结报告", blank=True)
    violated_provision = models.TextField("违反的法律规定", blank=True)
    penalty_provision = models.TextField("处罚依据", blank=True)
    discretion_entry = models.ForeignKey(DiscretionEntry, verbose_name="适用裁量基准", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="cases")
    discretion_reasoning = models.TextField("裁量理由", blank=True)
    penalties = models.JSONField("拟处罚种类", default=list, blank=True)  # codes of PENALTY_KINDS
    proposed_fine = models.DecimalField("拟罚款金额（元）", null=True, blank=True, **MONEY)
    legal_reviewer = models.ForeignKey(USER, verbose_name="法制审核人", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    legal_reviewed_at = models.DateTimeField("法制审核时间", null=True, blank=True)
    legal_result = models.CharField("法制审核结论", max_length=8, choices=choices(LEGAL_REVIEW_RESULTS), blank=True)
    legal_opinion = models.TextField("法制审核意见", blank=True)
    discussed_on = models.DateField("集体讨论日期", null=True, blank=True)
    discussion_record = models.TextField("集体讨论记录", blank=True)
    # 告知与听证
    notice_served_on = models.DateField("处罚告知送达日期", null=True, blank=True)
    hearing_notice_served_on = models.DateField("听证告知送达日期", null=True, blank=True)
    statement_note = models.TextField("陈述申辩情况", blank=True)
    # 书面放弃陈述申辩（及听证）权利: the decision need not wait for the periods (ADR 15)
    rights_waived_on = models.DateField("书面放弃陈述申辩日期", null=True, blank=True)
    rights_waiver_ref = models.CharField("放弃声明（文号或卷内位置）", max_length=200, blank=True)
    # the scanned statement: waivers/<sha256> in the file storage (ADR 0034). NULL when there is none: a column
    # without a default is added in place on SQLite, where rebuilding this table trips the reports' triggers.
    rights_waiver_sha256 = models.CharField("放弃声明扫描件 SHA-256", max_length=64, null=True, blank=True)  # noqa: DJ001
    rights_waiver_file_name = models.CharField("放弃声明文件名", max_length=128, blank=True)
    hearing_requested_on = models.DateField("申请听证日期", null=True, blank=True)
    hearing_held_on = models.DateField("听证日期", null=True, blank=True)
    hearing_report = models.TextField("听证会报告", blank=True)
    # 决定、送达、执行
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(USER, verbose_name="决定审批人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    fine_amount = models.DecimalField("罚款金额（元）", null=True, blank=True, **MONEY)
    decision_summary = models.TextField("处罚决定内容", blank=True)
    served_on = models.DateField("决定书送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=32, blank=True)
    paid_amount = models.DecimalField("已缴罚款（元）", default=0, **MONEY)
    surcharge_paid = models.DecimalField("已缴加处罚款（元）", default=0, **MONEY)
    paid_on = models.DateField("缴清日期", null=True, blank=True)
    installment_until = models.DateField("批准延期（分期）缴纳至", null=True, blank=True)
    reminder_served_on = models.DateField("催告书送达日期", null=True, blank=True)
    enforcement_applied_on = models.DateField("申请法院强制执行日期", null=True, blank=True)
    court = models.CharField("受理法院", max_length=128, blank=True)
    # 结案、归档、公开
    result = models.CharField("处理结果", max_length=12, choices=choices(CASE_RESULTS), blank=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_note = models.TextField("执行情况／结案说明", blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    archive_number = models.CharField("归档号", max_length=64, blank=True)
    retention = models.CharField("保存期限", max_length=10, choices=choices(RETENTION_PERIODS), blank=True)
    disclosure_required = models.BooleanField("应当公开", default=True)
    disclosed_on = models.DateField("公开日期", null=True, blank=True)
    disclosure_text = models.TextField("公开内容（已脱敏）", blank=True)
    created_by = models.ForeignKey(USER, verbose_name="立案申请人", null=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "行政处罚案件"
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=list(CASE_STATUSES)), name="case_status_valid"),
            models.CheckConstraint(condition=models.Q(fine_amount__isnull=True) | models.Q(fine_amount__gte=0),
                                   name="case_fine_not_negative"),
        ]
        indexes = [
            models.Index(fields=["agency", "status"], name="case_agency_status_idx"),
            models.Index(fields=["agency", "filed_on"], name="case_agency_filed_idx"),
            models.Index(fields=["agency", "decided_on"], name="case_agency_decided_idx"),
            models.Index(fields=["enterprise"], name="case_enterprise_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class CaseOfficer(models.Model):
    """承办人: at least two officers with valid certificates; their login accounts may not review the case."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.CASCADE, related_name="team")
    officer = models.ForeignKey("officers.Officer", verbose_name="执法人员", on_delete=models.PROTECT,
                                related_name="case_assignments")
    is_lead = models.BooleanField("主办", default=False)
    certificate_number = models.CharField("执法证号（承办时）", max_length=32)

    class Meta:
        ordering = ["-is_lead", "id"]
        verbose_name = verbose_name_plural = "案件承办人"
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="case_officer_unique")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.officer_id}"


class CaseInvestigation(models.Model):
    """An evidence step (询问、勘验、抽样、先行登记保存、鉴定): what was done, when, and the document it produced."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="investigations")
    kind = models.CharField("类型", max_length=14, choices=choices(INVESTIGATION_KINDS))
    occurred_on = models.DateField("日期")
    summary = models.TextField("内容摘要")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    preservation_decided_on = models.DateField("先行登记保存处理决定日期", null=True, blank=True)
    preservation_decision = models.TextField("处理决定", blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        verbose_name = verbose_name_plural = "调查取证记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class CaseExtension(models.Model):
    """案件延期: days added to the decision limit, with the approving leader."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="extensions")
    days = models.PositiveIntegerField("延长天数")
    reason = models.TextField("延期理由")
    approved_by = models.ForeignKey(USER, verbose_name="批准人", on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("批准日期")
    new_due = models.DateField("延长后期限")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")

    class Meta:
        ordering = ["approved_on", "id"]
        verbose_name = verbose_name_plural = "案件延期"

    def __str__(self) -> str:
        return f"延长{self.days}日至{self.new_due}"


class CasePayment(models.Model):
    KINDS = (("fine", "罚款"), ("surcharge", "加处罚款"))

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField("类型", max_length=10, choices=KINDS, default="fine")
    amount = models.DecimalField("金额（元）", **MONEY)
    paid_on = models.DateField("缴款日期")
    receipt_number = models.CharField("缴款凭证号", max_length=64, blank=True)
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = verbose_name_plural = "罚款缴纳"
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="case_payment_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}元 {self.paid_on}"


class CaseTransfer(models.Model):
    """移送: to another agency, or for a suspected crime to public security / the procuratorate."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField("移送类型", max_length=16, choices=choices(TRANSFER_KINDS))
    receiver_name = models.CharField("受移送机关", max_length=255)
    receiver_agency = models.ForeignKey("regions.Agency", verbose_name="受移送机关（本系统）", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="cases_received")
    reason = models.TextField("移送理由")
    legal_basis = models.TextField("移送依据", blank=True)
    materials = models.JSONField("移送材料", default=list, blank=True)  # [{"name", "pages"}]
    sent_on = models.DateField("移送日期")
    sent_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    acknowledged_on = models.DateField("签收日期", null=True, blank=True)
    acknowledged_by_name = models.CharField("签收人", max_length=64, blank=True)
    acknowledgement_note = models.TextField("回执情况", blank=True)
    received_case = models.ForeignKey(PenaltyCase, verbose_name="受移送机关立案", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="transferred_from")

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = verbose_name_plural = "案件移送"

    def __str__(self) -> str:
        return f"移送{self.receiver_name} {self.sent_on}"


class CaseFileCheck(models.Model):
    """案卷评查: one run of the file check; archiving needs the latest to have passed."""

    case = models.ForeignKey(PenaltyCase, on_delete=models.PROTECT, related_name="file_checks")
    checked_at = models.DateTimeField("评查时间", auto_now_add=True)
    checked_by = models.ForeignKey(USER, verbose_name="评查人", null=True, on_delete=models.PROTECT, related_name="+")
    passed = models.BooleanField("通过")
    findings = models.JSONField("问题", default=list)  # [str]
    contents = models.JSONField("卷内目录", default=list)  # [{"seq", "title", "number", "date", "pages"}]

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = verbose_name_plural = "案卷评查"

    def __str__(self) -> str:
        return f"评查 {self.checked_at:%Y-%m-%d} {'通过' if self.passed else '未通过'}"
