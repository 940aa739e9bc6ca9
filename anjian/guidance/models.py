"""执法指导 (a superior agency's yearly review of a subordinate, seed 001) and 典型案例 (typical cases reported upward)."""

from django.conf import settings
from django.db import models

from anjian.domain.guidance import ASSESSMENTS, REVIEW_STATUSES
from anjian.domain.registry import choices

USER = settings.AUTH_USER_MODEL


class GuidanceReview(models.Model):
    superior = models.ForeignKey("regions.Agency", verbose_name="指导机关", on_delete=models.PROTECT,
                                 related_name="guidance_given")
    subordinate = models.ForeignKey("regions.Agency", verbose_name="被指导机关", on_delete=models.PROTECT,
                                    related_name="guidance_received")
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("计划月份")
    status = models.CharField("状态", max_length=14, choices=choices(REVIEW_STATUSES), default="scheduled")
    review_date = models.DateField("指导日期", null=True, blank=True)
    reviewers = models.CharField("指导人员", max_length=255, blank=True)
    sampled = models.ManyToManyField("enterprises.Enterprise", verbose_name="抽查企业", blank=True,
                                     related_name="+")
    rectify_by = models.DateField("整改报告期限", null=True, blank=True)
    letter = models.ForeignKey("documents.Document", verbose_name="执法指导意见书", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    response_text = models.TextField("整改报告", blank=True)
    responded_on = models.DateField("报告日期", null=True, blank=True)
    responded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField("办结日期", null=True, blank=True)
    closing_note = models.TextField("办结意见", blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "month", "subordinate_id"]
        verbose_name = verbose_name_plural = "执法指导"
        constraints = [models.UniqueConstraint(fields=["superior", "subordinate", "year"],
                                               name="guidance_once_a_year")]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月 {self.subordinate}"


class GuidanceFinding(models.Model):
    """One checklist item of a review: what the records show, the reviewer's verdict and opinion."""

    review = models.ForeignKey(GuidanceReview, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField("检查项", max_length=32)
    proposed = models.CharField("系统评定", max_length=8, choices=choices(ASSESSMENTS), blank=True)
    evidence = models.TextField("数据情况", blank=True)
    assessment = models.CharField("评定", max_length=8, choices=choices(ASSESSMENTS), blank=True)
    opinion = models.TextField("问题及意见", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "执法指导检查项"
        constraints = [models.UniqueConstraint(fields=["review", "code"], name="guidance_finding_unique")]

    def __str__(self) -> str:
        return f"{self.review_id}/{self.code}"


class TypicalCase(models.Model):
    """典型执法案例: a penalty case selected by its agency and reported upward."""

    STATUSES = (("selected", "已选报"), ("reported", "已报送"))

    case = models.OneToOneField("cases.PenaltyCase", verbose_name="案件", on_delete=models.PROTECT,
                                related_name="typical")
    title = models.CharField("案例名称", max_length=255)
    highlights = models.TextField("典型意义")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default="selected")
    selected_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    selected_at = models.DateTimeField(auto_now_add=True)
    reported_on = models.DateField("报送日期", null=True, blank=True)

    class Meta:
        ordering = ["-selected_at", "-id"]
        verbose_name = verbose_name_plural = "典型案例"

    def __str__(self) -> str:
        return self.title
