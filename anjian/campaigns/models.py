"""Cross-region enforcement campaigns (异地执法检查): rounds, groups per mode, generated pairings, teams.

The inspections of a pairing run under the supervision app's `CrossRegionAssignment` created for it.
"""

from django.conf import settings
from django.db import models

from anjian.domain.campaign_rules import MODES
from anjian.domain.registry import choices


class Campaign(models.Model):
    organiser = models.ForeignKey("regions.Agency", verbose_name="组织机关", on_delete=models.PROTECT,
                                  related_name="campaigns")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    document_reference = models.CharField("文件文号", max_length=64, blank=True)
    # [{"name": "第一轮次检查方案上报", "date": "2023-05-05", "done": false}]
    deadlines = models.JSONField("上报期限", default=list, blank=True)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = verbose_name_plural = "异地执法检查活动"
        constraints = [models.UniqueConstraint(fields=["organiser", "year", "title"], name="campaign_unique_title")]

    def __str__(self) -> str:
        return self.title


class CampaignRound(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField("轮次序号")
    name = models.CharField("轮次", max_length=32)  # 第一轮次
    date_from = models.DateField("检查期间自")
    date_to = models.DateField("检查期间至")
    # Modes arranged without groups, with the arrangement text, e.g. {"in_city": "其他市级单位以市为单元…"}
    mode_notes = models.JSONField("模式说明", default=dict, blank=True)

    class Meta:
        ordering = ["campaign_id", "number"]
        verbose_name = verbose_name_plural = "轮次"
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="campaign_round_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """As in the arrangement table: 第一轮次 (5月1日-6月30日)."""
        f, t = self.date_from, self.date_to
        return f"{self.name} ({f.month}月{f.day}日-{t.month}月{t.day}日)"


class CampaignGroup(models.Model):
    round = models.ForeignKey(CampaignRound, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField("组号")  # 1-based within the round
    mode = models.CharField("执法模式", max_length=16, choices=choices(MODES))
    members = models.ManyToManyField("regions.Agency", through="CampaignGroupMember", related_name="+")

    class Meta:
        ordering = ["round_id", "number"]
        verbose_name = verbose_name_plural = "检查组别"
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="campaign_group_unique")]

    def __str__(self) -> str:
        return f"{self.round} 第{self.number}组"


class CampaignGroupMember(models.Model):
    group = models.ForeignKey(CampaignGroup, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey("regions.Agency", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("顺序")

    class Meta:
        ordering = ["group_id", "position"]
        constraints = [models.UniqueConstraint(fields=["group", "position"], name="campaign_member_position")]

    def __str__(self) -> str:
        return f"{self.group_id}:{self.position}"


class CampaignPairing(models.Model):
    """Generated: the inspecting agency inspects the inspected agency in a round."""

    round = models.ForeignKey(CampaignRound, on_delete=models.CASCADE, related_name="pairings")
    group = models.ForeignKey(CampaignGroup, on_delete=models.CASCADE, related_name="pairings")
    position = models.PositiveSmallIntegerField("顺序")
    inspecting_agency = models.ForeignKey("regions.Agency", verbose_name="检查单位", on_delete=models.PROTECT,
                                          related_name="+")
    inspected_agency = models.ForeignKey("regions.Agency", verbose_name="被检查单位", on_delete=models.PROTECT,
                                         related_name="+")
    enterprises_target = models.PositiveSmallIntegerField("检查企业数（目标）", default=0)
    assignment = models.OneToOneField("supervision.CrossRegionAssignment", verbose_name="异地执法任务", null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="campaign_pairing")
    officers = models.ManyToManyField("officers.Officer", verbose_name="检查组执法人员", blank=True, related_name="+")
    experts = models.ManyToManyField("officers.Expert", verbose_name="检查组专家", blank=True, related_name="+")

    class Meta:
        ordering = ["round_id", "group__number", "position"]
        verbose_name = verbose_name_plural = "检查安排"
        constraints = [models.UniqueConstraint(fields=["round", "inspecting_agency", "inspected_agency"],
                                               name="campaign_pairing_unique")]

    def __str__(self) -> str:
        return f"{self.inspecting_agency}→{self.inspected_agency}"


class DemonstrationTeam(models.Model):
    """示范式: the organiser's team of officers drawn from cities and counties, plus experts."""

    round = models.OneToOneField(CampaignRound, on_delete=models.CASCADE, related_name="demonstration_team")
    officers = models.ManyToManyField("officers.Officer", verbose_name="抽调执法骨干", related_name="+")
    experts = models.ManyToManyField("officers.Expert", verbose_name="专家", blank=True, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "示范式执法检查组"

    def __str__(self) -> str:
        return f"{self.round} 示范式检查组"
