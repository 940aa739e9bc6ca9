"""Inspections already planned from a draw whose task has not disclosed its results become sealed (ADR 0023).

Lives in draws (above inspections): only draws knows which inspections came from an undisclosed task.
"""

from django.db import migrations


def seal(apps, schema_editor):
    Inspection = apps.get_model("inspections", "Inspection")
    DrawTarget = apps.get_model("draws", "DrawTarget")
    undisclosed = DrawTarget.objects.filter(draw__task__disclosed_on__isnull=True, inspection__isnull=False)
    Inspection.objects.filter(pk__in=undisclosed.values("inspection_id")).update(sealed=True)


class Migration(migrations.Migration):

    dependencies = [
        ("draws", "0003_draw_target_copies"),
        ("inspections", "0004_sealed"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
