"""The inspecting agency on each hazard (copied from its inspection), and an index of the open hazards by
(agency, deadline): the to-do's 逾期未整改 reads a scope's overdue hazards without reading every overdue hazard's
inspection first (ADR 0038)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_agency(apps, schema_editor):
    Hazard = apps.get_model("inspections", "Hazard")
    Inspection = apps.get_model("inspections", "Inspection")
    Hazard.objects.update(agency_id=Subquery(Inspection.objects.filter(pk=OuterRef("inspection_id"))
                                             .values("agency_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0008_inspection_planned_idx"),
        ("regions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="hazard",
            name="agency",
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="regions.agency", verbose_name="检查机构"),
        ),
        migrations.RunPython(copy_agency, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="hazard",
            name="agency",
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="regions.agency", verbose_name="检查机构"),
        ),
        migrations.AddIndex(
            model_name="hazard",
            index=models.Index(condition=models.Q(status__in=("rectifying", "measures")), fields=["agency", "deadline"],
                               name="hazard_agency_open_idx"),
        ),
    ]
