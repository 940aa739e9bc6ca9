from django.core.management import call_command
from django.core.management.base import BaseCommand

from anjian.enterprises.models import Enterprise
from anjian.home.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "首次运行准备：载入行政区划与机构、节假日数据；数据库为空时生成演示数据；生成待办提醒；打印演示账号"

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        call_command("load_regions", stdout=self.stdout)
        call_command("seed_calendar", stdout=self.stdout)
        call_command("planning_seed_items", stdout=self.stdout)
        if not Enterprise.objects.exists():
            call_command("demo_data", enterprises=options["enterprises"], seed=options["seed"], stdout=self.stdout)
            call_command("load_campaign_2023", stdout=self.stdout)  # seed 000's arrangement, as an example
        call_command("remind", stdout=self.stdout)  # afterwards the worker submits it daily (ANJIAN_REMIND_AT)
        self.stdout.write(f"\n演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, agency, role in demo_logins():
            self.stdout.write(f"  {username:<28} {agency}　{role}")
