"""`anjian remind [--today YYYY-MM-DD]`: reminders for every deadline kind (cron, idempotent): rectification due or
overdue, extension requests pending, inspection plans not approved, cases past their time limit, penalty decisions
and random-inspection results to publish, campaign plans and summaries, guidance reports."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from anjian.calendars.selectors import work_calendar
from anjian.home.services_remind import LABELS, remind_all


class Command(BaseCommand):
    help = "生成各类期限的即将到期/已逾期提醒（隐患整改、延期申请、检查审批、案件期限、处罚决定公开、抽查结果公示、异地执法上报、执法指导报告）；可重复运行（cron）"

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
        result = remind_all(today=today, calendar=work_calendar())
        if not result["workdays"]:
            self.stdout.write(f"注意：{today.year}年节假日数据未录入，即将到期按3个自然日计算")
        counts = result["counts"]
        total = {k: sum(c[k] for c in counts.values()) for k in ("created", "updated", "resolved")}
        parts = "，".join(f"{LABELS[p]} {n} 项" for p, n in result["open"].items())  # 即将到期 …，已逾期 … first
        self.stdout.write(f"{today.isoformat()}：{parts}；提醒新增 {total['created']}，更新 {total['updated']}，"
                          f"消除 {total['resolved']}")
