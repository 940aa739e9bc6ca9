"""`manage.py reports_rollup [--rebuild] [--check]`: keep the statistics roll-up current (cron, idempotent).

Without options it recomputes the (agency, day) keys marked by the triggers since the last refresh (readers
do the same before every read; running it from cron keeps their refresh empty). --rebuild recomputes every
row from the records (after a bulk load with triggers off). --check compares the roll-up with the bare
aggregation of the records for every agency over the last two years and exits 1 on any difference.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from anjian.domain.metrics import Period
from anjian.regions.models import Region
from anjian.reports.metrics import metrics_for
from anjian.reports.rollup import rollup_rebuild, rollup_refresh


class Command(BaseCommand):
    help = "执法统计汇总表：重算有变动的日期（默认）、全部重建（--rebuild）或与原始记录核对（--check）"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="由原始记录重建全部汇总")
        parser.add_argument("--check", action="store_true", help="与原始记录逐项核对近两年的汇总")

    def handle(self, *args, **options):
        if options["rebuild"]:
            rollup_rebuild()
            self.stdout.write("汇总表已由原始记录重建")
        else:
            self.stdout.write(f"已重算 {rollup_refresh()} 个变动标记")
        if options["check"]:
            today = timezone.localdate()
            period = Period(today - timedelta(days=730), today)
            units = list(Region.objects.filter(agency__isnull=False).values_list("code", flat=True))
            rolled = metrics_for(units, period, metrics=["inspections"])
            bare = metrics_for(units, period, metrics=["inspections"], source="records")
            wrong = [a.unit for a, b in zip(rolled.units, bare.units, strict=True) if a.counters != b.counters]
            if wrong:
                self.stderr.write(f"汇总与原始记录不一致：{'、'.join(wrong[:20])}")
                raise SystemExit(1)
            self.stdout.write(f"核对一致：{len(units)} 个单位，{period.label}")
