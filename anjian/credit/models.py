"""黑名单 / 失信联合惩戒: an enterprise put on a credit-sanction list by an agency, with reason and period."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from anjian.domain.credit_rules import (
    LIST_KINDS,
    SANCTION_STATES,
    SANCTION_STATUSES,
    in_force,
    sanction_state,
)
from anjian.domain.registry import choices


class CreditSanction(models.Model):
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="生产经营单位", on_delete=models.PROTECT,
                                   related_name="credit_sanctions")
    agency = models.ForeignKey("regions.Agency", verbose_name="决定机关", on_delete=models.PROTECT, related_name="+")
    list_kind = models.CharField("名单类别", max_length=24, choices=choices(LIST_KINDS))
    reason = models.TextField("列入事由")
    legal_basis = models.CharField("依据", max_length=500, blank=True)
    source_reference = models.CharField("决定文书或案件编号", max_length=128, blank=True)
    start_date = models.DateField("惩戒期间自")
    end_date = models.DateField("惩戒期间至")
    status = models.CharField("状态", max_length=10, choices=choices(SANCTION_STATUSES), default="active")
    lifted_at = models.DateTimeField("移出时间", null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    lift_reason = models.TextField("移出理由", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = verbose_name_plural = "失信惩戒记录"
        constraints = [models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")),
                                              name="credit_sanction_period_order")]
        indexes = [
            models.Index(fields=["enterprise", "status"], name="credit_enterprise_status_idx"),
            models.Index(fields=["status", "end_date"], name="credit_status_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_list_kind_display()}：{self.enterprise}"

    def state(self, today) -> str:
        return sanction_state(status=self.status, start=self.start_date, end=self.end_date, today=today)

    def state_label(self, today) -> str:
        return SANCTION_STATES[self.state(today)]

    def in_force_on(self, day) -> bool:
        lifted_on = timezone.localdate(self.lifted_at) if self.lifted_at else None
        return in_force(start=self.start_date, end=self.end_date, on=day, lifted_on=lifted_on)
