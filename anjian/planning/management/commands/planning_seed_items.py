from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "载入省厅 2024 年度随机抽查事项清单（幂等；需先载入行政区划与机构）"

    def handle(self, *args, **options):
        import_module("anjian.planning.migrations.0002_seed_item_list").load(apps, None)
        self.stdout.write("已载入随机抽查事项清单")
