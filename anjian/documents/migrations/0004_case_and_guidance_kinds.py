"""Catalog rows added for penalty cases (法审, 涉移) and enforcement guidance (指导)."""

from django.db import migrations


def load(apps, schema_editor):
    from anjian.documents.catalog import document_kinds_load

    document_kinds_load(apps.get_model("documents", "DocumentKind"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_frozen_guard")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
