"""Roll-up of the enforcement metrics: one row of additive counters per (agency, day, industry).

The rows are never typed: `anjian.reports.rollup` computes them from the records (inspections, their teams
and hazards, documents, penalty cases, transfers). Database triggers on those tables (migration 0002,
PostgreSQL and SQLite) write the (agency, day) keys a change touches into `RollupDirty`; every read of the
metrics first recomputes the dirty keys from the records, so a figure is always exact. See ADR 0016.
"""

from django.db import models

from anjian.domain.metrics import DAILY_COUNTERS, QUALITY_COUNTERS


class DailyFigure(models.Model):
    agency = models.ForeignKey("regions.Agency", on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    industry = models.CharField(max_length=32, blank=True)  # the enterprise's industry; "" for none
    inspections = models.IntegerField(default=0)
    planned_inspections = models.IntegerField(default=0)
    turnouts = models.IntegerField(default=0)
    hazards = models.IntegerField(default=0)
    major_hazards = models.IntegerField(default=0)
    measure_hazards = models.IntegerField(default=0)
    hazards_due = models.IntegerField(default=0)
    hazards_rectified = models.IntegerField(default=0)
    documents = models.IntegerField(default=0)
    measure_decisions = models.IntegerField(default=0)
    cases_filed = models.IntegerField(default=0)
    cases_decided = models.IntegerField(default=0)
    fines_fen = models.BigIntegerField(default=0)  # yuan × 100, exact on both databases
    transfers = models.IntegerField(default=0)
    criminal_transfers = models.IntegerField(default=0)
    # data-quality counters (数据质量)
    q_no_rectification = models.IntegerField(default=0)  # inspections with a hazard and no rectification record
    q_missing_record = models.IntegerField(default=0)  # inspections without an issued 现场检查记录
    q_late_entry = models.IntegerField(default=0)  # inspections recorded more than N days after they ended
    q_no_penalty_document = models.IntegerField(default=0)  # penalty decisions without an issued 处罚决定书

    class Meta:
        verbose_name = verbose_name_plural = "执法统计日汇总"
        constraints = [models.UniqueConstraint(fields=["agency", "day", "industry"], name="dailyfigure_key")]
        indexes = [models.Index(fields=["day", "agency"], name="dailyfigure_day_agency_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.industry}"


ROLLUP_COLUMNS = (*DAILY_COUNTERS, *QUALITY_COUNTERS)


class RollupDirty(models.Model):
    """An (agency, day) whose roll-up rows must be recomputed; written by the triggers, deleted on refresh."""

    agency_id = models.BigIntegerField()
    day = models.DateField(null=True)

    class Meta:
        verbose_name = verbose_name_plural = "待重算的汇总键"

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}"


class RollupState(models.Model):
    """One row: locked by a refresh (refreshes run one at a time) and records the settings the roll-up was
    built with; a different late-entry limit or time zone makes the next refresh rebuild everything."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    late_days = models.PositiveIntegerField(null=True)
    time_zone = models.CharField(max_length=64, blank=True)
    built_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = verbose_name_plural = "执法统计汇总状态"

    def __str__(self) -> str:
        return f"roll-up built {self.built_at}"
