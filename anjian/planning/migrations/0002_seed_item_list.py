"""The provincial 随机抽查事项清单 named in seed 004 (河南省应急管理厅 2024), from data/item_list_2024.csv.

Agencies are loaded by `regions_load`, not by a migration: on a database without the province agency
this is a no-op and `python manage.py planning_seed_items` (idempotent) loads the list later.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "item_list_2024.csv"
NAME = "河南省应急管理厅安全生产随机抽查事项清单（2024年度）"
TARGETS = {"非煤矿山": "non_coal_mine", "危险化学品": "hazardous_chemicals", "化工": "chemical", "工贸": "industry_trade",
           "涉爆粉尘": "combustible_dust", "有限空间": "confined_space", "金属冶炼": "metal_smelting"}


def load(apps, schema_editor):
    Agency = apps.get_model("regions", "Agency")
    ItemList = apps.get_model("planning", "InspectionItemList")
    Item = apps.get_model("planning", "InspectionListItem")
    agency = Agency.objects.filter(region_id="410000").first()
    if agency is None or ItemList.objects.filter(agency=agency, name=NAME).exists():
        return
    item_list = ItemList.objects.create(agency=agency, name=NAME, year=2024, published=True)
    with DATA.open(encoding="utf-8") as fh:
        for number, row in enumerate(csv.DictReader(fh), 1):
            target = row["抽查对象"]
            code = "all" if target == "全部" else ",".join(TARGETS[t] for t in target.split("、"))
            Item.objects.create(item_list=item_list, number=number, item=row["抽查事项"], content=row["抽查内容"],
                                legal_basis=row["抽查依据"], target=code, body=row["抽查主体"],
                                method=row["抽查方式"], frequency=row["抽查频次"])


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial"), ("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
