from django.core.management.base import BaseCommand

from anjian.calendars.services import calendar_seed_official


class Command(BaseCommand):
    help = "将 chinese-calendar 包内的国务院节假日安排写入本系统日历表（可重复执行）"

    def handle(self, *args, **options):
        counts = calendar_seed_official()
        self.stdout.write(f"新增年份 {counts['years']} 个，日期 {counts['days']} 条")
