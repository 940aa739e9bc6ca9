from django.core.management.base import BaseCommand

from anjian.regions.services import regions_load


class Command(BaseCommand):
    help = "载入河南省行政区划、应急管理部门及处室（可重复执行）"

    def handle(self, *args, **options):
        counts = regions_load()
        self.stdout.write(f"新增区划 {counts['regions']} 个，机构 {counts['agencies']} 个，处室 {counts['departments']} 个")
