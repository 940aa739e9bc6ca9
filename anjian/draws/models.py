"""双随机抽查: random-inspection tasks, their verifiable draws (anjian-draw/1) and declared conflicts.

Nothing here is deleted: a redraw is a new ``Draw`` naming the one it replaces.
"""

import json

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property

from anjian.domain.draw_task import TASK_STATUSES


class RandomInspectionTask(models.Model):
    agency = models.ForeignKey("regions.Agency", verbose_name="组织机关", on_delete=models.PROTECT,
                               related_name="random_tasks")
    department = models.ForeignKey("regions.Department", verbose_name="承办处室", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="random_tasks")
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("任务名称", max_length=200)
    period_from = models.DateField("抽查开始日期")
    period_to = models.DateField("抽查结束日期")
    # [{"label", "industries": [...], "supervision_classes": [...], "region_prefix": "41", "quota": n}]
    strata = models.JSONField("抽取类别及数量", default=list)
    # [{"item", "content", "basis"}]
    items = models.JSONField("抽查事项清单", default=list, blank=True)
    cross_region = models.BooleanField("异地抽取执法人员（回避本辖区）", default=False)
    recent_window_days = models.PositiveSmallIntegerField("近期检查回避天数", default=365)
    officers_per_target = models.PositiveSmallIntegerField("每组执法人员数", default=2)
    is_public = models.BooleanField("向社会公示", default=True)
    status = models.CharField("状态", max_length=10, choices=list(TASK_STATUSES.items()), default="draft")
    commitment = models.CharField("承诺值 SHA-256(密钥)", max_length=64, blank=True)
    committed_pool_digest = models.CharField("公布的对象库摘要", max_length=64, blank=True)
    committed_pool_size = models.PositiveIntegerField("公布的对象库数量", default=0)
    committed_counts = models.JSONField("公布的各类别对象数", default=dict, blank=True)
    # The pool and exclusions published with the current commitment (stored once, shared with the draw).
    pool_snapshot = models.ForeignKey("PoolSnapshot", verbose_name="公布的对象库", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    committed_at = models.DateTimeField("承诺公布时间", null=True, blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    disclosure_deadline = models.DateField("结果公示期限", null=True, blank=True)
    disclosed_on = models.DateField("结果公示日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = verbose_name_plural = "双随机抽查任务"
        indexes = [models.Index(fields=["agency", "year"], name="draw_task_agency_year_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def total_quota(self) -> int:
        return sum(int(s.get("quota", 0)) for s in self.strata)

    @property
    def committed_pool(self) -> list[list[str]]:
        return self.pool_snapshot.pool() if self.pool_snapshot_id else []

    @property
    def committed_excluded(self) -> list[dict]:
        return PoolSnapshot.excluded_of(self.pool_snapshot_id) if self.pool_snapshot_id else []

    def current_draw(self):
        return self.draws.filter(superseded=False).order_by("-id").first()


class PoolSnapshot(models.Model):
    """A pool (对象库) as published with a commitment; never changed, shared by the draws made from it.

    ``runs`` + ``ids`` are the canonical pool text without its repetitions (``anjian.domain.draw_pool``): the
    strata ``[[label, count], ...]`` in text order and their ids, one per line. ``excluded_json`` is the record's
    ``excluded`` array, as published.
    """

    task = models.ForeignKey(RandomInspectionTask, on_delete=models.PROTECT, related_name="pool_snapshots")
    digest = models.CharField("对象库摘要", max_length=64)
    size = models.PositiveIntegerField("对象数", default=0)
    runs = models.JSONField("各类别对象数（按规范顺序）", default=list)
    ids = models.TextField("对象编号", blank=True)
    excluded_json = models.TextField("排除对象及原因（JSON）", default="[]")
    created_at = models.DateTimeField("公布时间", auto_now_add=True)

    class Meta:
        ordering = ["task_id", "id"]
        verbose_name = verbose_name_plural = "公布的对象库"

    def __str__(self) -> str:
        return f"{self.task_id}:{self.digest[:12]}"

    def pool_runs(self) -> list[tuple[str, list[str]]]:
        from anjian.domain.draw_pool import runs_unpack

        return runs_unpack(self.runs, self.ids)

    def pool(self) -> list[list[str]]:
        return [[label, i] for label, ids in self.pool_runs() for i in ids]

    def pool_json(self) -> str:
        from anjian.domain.draw_pool import pool_json

        return pool_json(dict(self.pool_runs()))

    def excluded(self) -> list[dict]:
        return json.loads(self.excluded_json)

    @staticmethod
    def excluded_of(pk: int) -> list[dict]:
        """The exclusions of a snapshot without reading its ids."""
        return json.loads(PoolSnapshot.objects.values_list("excluded_json", flat=True).get(pk=pk))


# Where the pool and the exclusions stand in a stored record; the published text has them spliced in.
RECORD_SLOTS = '"pool": null, "excluded": null'


class Draw(models.Model):
    task = models.ForeignKey(RandomInspectionTask, verbose_name="抽查任务", on_delete=models.PROTECT,
                             related_name="draws")
    commitment = models.CharField("承诺值", max_length=64)
    committed_at = models.DateTimeField("承诺公布时间")
    secret = models.CharField("密钥（抽取后揭示）", max_length=200)
    witness_entropy = models.CharField("见证随机数", max_length=200, blank=True)
    pool_digest = models.CharField("对象库摘要", max_length=64)
    seed = models.CharField("随机种子", max_length=64)
    targets = models.JSONField("抽中对象")
    assignments = models.JSONField("执法人员分配")
    officer_exclusions = models.JSONField("回避的执法人员及原因", default=list)
    # The published document (JSON text). With a pool snapshot, its pool and exclusions are stored there once
    # and ``RECORD_SLOTS`` here marks their place: ``record_text()`` is the document byte for byte.
    record_json = models.TextField("公示记录")
    pool_snapshot = models.ForeignKey(PoolSnapshot, verbose_name="对象库", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="draws")
    replaces = models.OneToOneField("self", verbose_name="替代的抽取", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="replaced_by")
    replace_reason = models.CharField("重新抽取原因", max_length=255, blank=True)
    superseded = models.BooleanField("已被替代", default=False)
    inspections_created = models.BooleanField("已生成检查计划", default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("抽取时间", auto_now_add=True)

    class Meta:
        ordering = ["task_id", "id"]
        verbose_name = verbose_name_plural = "抽取记录"

    def __str__(self) -> str:
        return f"{self.task} 抽取#{self.pk}"

    def record_text(self) -> str:
        """The published record, byte for byte (what is downloaded and verified)."""
        if self.pool_snapshot_id is None:
            return self.record_json
        snap = self.pool_snapshot
        return self.record_json.replace(
            RECORD_SLOTS, f'"pool": {snap.pool_json()}, "excluded": {snap.excluded_json}', 1)

    @cached_property
    def record(self) -> dict:
        return json.loads(self.record_text())

    @property
    def pool(self) -> list:
        return self.pool_snapshot.pool() if self.pool_snapshot_id else self.record["pool"]

    @cached_property
    def excluded(self) -> list:
        return PoolSnapshot.excluded_of(self.pool_snapshot_id) if self.pool_snapshot_id else self.record["excluded"]


class DrawTarget(models.Model):
    """One drawn enterprise (a row per target, so once-a-year exclusion is a query)."""

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="target_rows")
    # task, agency and year copy the draw's task for the once-a-year index (agency, year, active): written only with
    # the draw, so neither a separate constraint nor index (a draw writes 10,000 rows; each check costs).
    task = models.ForeignKey(RandomInspectionTask, on_delete=models.PROTECT, related_name="+", db_constraint=False,
                             db_index=False)
    agency = models.ForeignKey("regions.Agency", on_delete=models.PROTECT, related_name="+", db_constraint=False,
                               db_index=False)
    year = models.PositiveSmallIntegerField()
    stratum = models.CharField("类别", max_length=64)
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="+")
    officer_ids = models.JSONField(default=list)
    inspection = models.ForeignKey("inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    active = models.BooleanField(default=True)  # false once its draw is replaced

    class Meta:
        ordering = ["draw_id", "id"]
        verbose_name = verbose_name_plural = "抽中对象"
        indexes = [models.Index(fields=["agency", "year", "active"], name="draw_target_agency_year_idx")]

    def __str__(self) -> str:
        return f"{self.stratum} {self.enterprise_id}"


class OfficerConflict(models.Model):
    """A declared conflict of interest (利害关系): the officer is never drawn for that enterprise."""

    officer = models.ForeignKey("officers.Officer", verbose_name="执法人员", on_delete=models.PROTECT,
                                related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="单位", on_delete=models.PROTECT,
                                   related_name="+")
    reason = models.CharField("回避原因", max_length=255)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = verbose_name_plural = "利害关系回避"
        constraints = [models.UniqueConstraint(fields=["officer", "enterprise"], name="officer_conflict_unique")]

    def __str__(self) -> str:
        return f"{self.officer} / {self.enterprise}"
