"""What an officer's phone uploads (issue 14, ADR 0040): each record once, by its client-made id, with where and
when it was made; the checklist results of an inspection; and the conflicts waiting for the officer."""

from django.conf import settings
from django.db import models

from anjian.domain.field_sync import CHECK_RESULTS, KINDS, OUTCOMES
from anjian.domain.registry import choices


class FieldRecord(models.Model):
    """One record a phone made offline and uploaded: a retried upload finds it by ``client_id`` and is answered with
    the same outcome, never applied twice. Rejected records are not kept (the phone keeps them for correction)."""

    client_id = models.UUIDField("设备记录编号", unique=True)
    kind = models.CharField("类型", max_length=16, choices=choices(KINDS))
    outcome = models.CharField("结果", max_length=12, choices=choices(OUTCOMES))
    inspection = models.ForeignKey("inspections.Inspection", verbose_name="执法检查", on_delete=models.PROTECT,
                                   related_name="+")
    hazard = models.ForeignKey("inspections.Hazard", verbose_name="隐患", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField("记录号", null=True, blank=True)  # the checklist result or signature made
    device_time = models.DateTimeField("设备时间")
    corrected_time = models.DateTimeField("校正后时间")
    clock_flag = models.CharField("时间提示", max_length=100, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField("定位精度（米）", null=True, blank=True)
    distance_m = models.PositiveIntegerField("距登记位置（米）", null=True, blank=True)
    device = models.CharField("设备", max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField("服务器接收时间", auto_now_add=True)

    class Meta:
        ordering = ["inspection_id", "corrected_time", "id"]
        verbose_name = verbose_name_plural = "现场记录"
        indexes = [models.Index(fields=["inspection", "corrected_time"], name="field_record_inspection_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.client_id}"


class ChecklistResult(models.Model):
    """The result of one checklist item in one inspection (符合 / 不符合 / 不适用), as last recorded."""

    inspection = models.ForeignKey("inspections.Inspection", verbose_name="执法检查", on_delete=models.PROTECT,
                                   related_name="checklist_results")
    item = models.ForeignKey("inspections.ChecklistItem", verbose_name="检查事项", on_delete=models.PROTECT,
                             related_name="+")
    result = models.CharField("结果", max_length=8, choices=choices(CHECK_RESULTS))
    note = models.CharField("说明", max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["inspection_id", "item_id"]
        verbose_name = verbose_name_plural = "检查项目结果"
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="checklist_result_once")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.get_result_display()}"


class FieldConflict(models.Model):
    """A phone's change to a record that changed on the server meanwhile: kept for the officer to settle (keep the
    server's version, or apply the phone's), never applied silently."""

    record = models.OneToOneField(FieldRecord, on_delete=models.PROTECT, related_name="conflict")
    target = models.CharField("对象", max_length=100)
    mine = models.JSONField("手机上的内容")
    server = models.JSONField("服务器上的内容")
    base_version = models.CharField("手机取得时的版本", max_length=40)
    server_version = models.CharField("服务器版本", max_length=40)
    settled_at = models.DateTimeField("处理时间", null=True, blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    resolution = models.CharField("处理方式", max_length=8, blank=True,
                                  choices=[("server", "保留服务器版本"), ("mine", "采用手机内容")])

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "同步冲突"

    def __str__(self) -> str:
        return f"{self.target} ({self.record.client_id})"
