from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from anjian.accounts.models import User
from anjian.cases.demo import demo_case_archive, demo_cases_create
from anjian.credit.demo import credit_demo
from anjian.guidance.demo import guidance_demo
from anjian.home.demo import demo_enterprises_create, demo_officers_create, demo_users_create
from anjian.home.demo_field import demo_field_trip_create
from anjian.home.demo_history import demo_history_create
from anjian.home.demo_inspections import demo_inspections_create
from anjian.home.demo_todo import demo_todo_create
from anjian.regions.models import Region


class Command(BaseCommand):
    help = "生成确定性的演示数据：生产经营单位、执法人员、专家及各角色演示账号"

    def add_arguments(self, parser):
        parser.add_argument("--enterprises", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--no-officers", action="store_true")

    def handle(self, *args, **options):
        if not Region.objects.exists():
            raise CommandError("请先载入行政区划：anjian load-regions")
        if options["enterprises"] < 0:
            raise CommandError("--enterprises 不能为负数")
        made = demo_enterprises_create(options["enterprises"], options["seed"])
        self.stdout.write(f"新增生产经营单位 {made} 家")
        if not options["no_officers"]:
            officers = demo_officers_create(options["seed"], timezone.localdate())
            users = demo_users_create()
            self.stdout.write(f"新增执法人员 {officers} 名，演示账号 {users} 个")
            inspections = demo_inspections_create(options["seed"], timezone.localdate())
            self.stdout.write(f"新增演示执法检查 {inspections} 次（含隐患、文书）")
            today = timezone.localdate()
            cases = demo_cases_create(options["seed"], today)
            demo_case_archive(today)
            self.stdout.write(f"新增演示行政处罚案件 {cases} 起（含各环节文书）")
            credit_demo(actors=list(User.objects.filter(username__in=["county-department-head",
                                                                       "city-agency-leader"])), today=today)
            reviews = guidance_demo(today)
            self.stdout.write(f"新增失信惩戒演示记录；执法指导排期 {reviews} 个单位")
            history = demo_history_create(options["seed"], today)
            self.stdout.write(f"新增历史演示执法检查 {history} 次（驻马店各县区及各省辖市，上年至上月）")
            self.stdout.write(f"新增待办演示记录 {demo_todo_create(today)} 项")
            self.stdout.write(f"新增手机现场执法演示检查 {demo_field_trip_create(today)} 次（county-officer，明日）")
