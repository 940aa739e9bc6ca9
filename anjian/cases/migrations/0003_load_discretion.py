"""Bundled discretion benchmark entries (data/discretion_aqf2021.csv): 《安全生产法》(2021) violations with their
levels in the 应急〔2024〕90号 shape. Idempotent: rows already present with the same values are left alone and
an entry's 启用 flag is kept. `python manage.py discretion_load` loads the same file (or another) later.
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

from anjian.domain.discretion_rules import check_benchmark_rows

DATA = Path(__file__).resolve().parent.parent / "data" / "discretion_aqf2021.csv"
VALUE_FIELDS = ("violation", "legal_provision", "penalty_basis", "party_kind", "statutory_min", "statutory_max",
                "level_order", "conditions", "fine_min", "fine_max", "standard")


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return Decimal(a) == Decimal(b)
    return a == b


def load(apps, schema_editor) -> int:
    Entry = apps.get_model("cases", "DiscretionEntry")
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(enumerate(csv.DictReader(fh), 2))
    existing = list(Entry.objects.filter(is_active=True).values(
        "source", "code", "level", "level_order", "fine_min", "fine_max", "violation", "party_kind"))
    good, errors = check_benchmark_rows(rows, existing)
    if errors:
        raise ValueError("裁量基准数据有误：" + "；".join(f"第{n}行 {f}：{r}" for n, f, r in errors[:10]))
    written = 0
    for _, clean in good:
        values = {f: clean[f] for f in VALUE_FIELDS}
        current = Entry.objects.filter(source=clean["source"], code=clean["code"], level=clean["level"]).first()
        if current is None:
            Entry.objects.create(source=clean["source"], code=clean["code"], level=clean["level"], **values)
            written += 1
        else:
            changes = {f: v for f, v in values.items() if not _same(getattr(current, f), v)}
            if changes:
                Entry.objects.filter(pk=current.pk).update(**changes)
                written += 1
    return written


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_archived_guard")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
