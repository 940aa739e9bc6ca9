"""Plans waiting for approval (status 'planned', a few in 10 M) in date order: the to-do's 待审批 walked the
(planned_date, id) index over every inspection and filtered them out (city leader at 10 M: 30 s → 60 ms; ADR 0036)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0007_inspection_sealed_idx"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="inspection",
            index=models.Index(condition=models.Q(status="planned"), fields=["planned_date", "id"],
                               name="inspection_planned_idx"),
        ),
    ]
