"""The few sealed inspections (a draw's, before disclosure), which the document list and other reads leave out:
without this partial index each such read scans every inspection (bench/bench_load.py, ADR 0036)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0006_inspection_date_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="inspection",
            index=models.Index(condition=models.Q(sealed=True), fields=["id"], name="inspection_sealed_idx"),
        ),
    ]
