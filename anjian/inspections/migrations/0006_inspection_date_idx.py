"""The inspection lists' order (-planned_date, -id): with 10 M inspections a city's first page walks this index
instead of sorting every row of its scope (bench/bench_load.py, ADR 0036)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0005_send_back"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="inspection",
            index=models.Index(fields=["planned_date", "id"], name="inspection_date_idx"),
        ),
    ]
