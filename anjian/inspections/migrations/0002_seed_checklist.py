"""The key check items of 豫应急办〔2023〕41号 and a few industry items, from data/checklist.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "checklist.csv"


def load(apps, schema_editor):
    ChecklistItem = apps.get_model("inspections", "ChecklistItem")
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ChecklistItem.objects.update_or_create(code=row["code"], defaults={
                "industry": row["industry"], "category": row["category"], "content": row["content"],
                "law_name": row["law_name"], "article": row["article"], "is_key": row["is_key"] == "1"})


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
