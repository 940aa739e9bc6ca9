"""`anjian remind [--today YYYY-MM-DD]`: due/overdue rectification and pending-extension notices (cron, idempotent)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from anjian.calendars.selectors import work_calendar
from anjian.inspections.services_rectification import rectification_remind


class Command(BaseCommand):
    help = "生成隐患整改即将到期（3个工作日内）/已逾期提醒和延期申请待审批提醒；可重复运行（cron）"

    def add_arguments(self, parser):
        parser.add_argument("--today", help="按该日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['today']}") from exc
        else:
            today = timezone.localdate()
        result = rectification_remind(today=today, calendar=work_calendar())
        if not result["workdays"]:
            self.stdout.write(f"注意：{today.year}年节假日数据未录入，即将到期按3个自然日计算")
        h, e = result["hazard"], result["extension"]
        self.stdout.write(
            f"{today.isoformat()}：即将到期 {result['due']} 项，已逾期 {result['overdue']} 项，"
            f"延期申请待审批 {result['pending']} 项；"
            f"提醒新增 {h['created'] + e['created']}，更新 {h['updated'] + e['updated']}，"
            f"消除 {h['resolved'] + e['resolved']}")
