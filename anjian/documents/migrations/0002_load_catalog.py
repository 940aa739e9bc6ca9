"""Load the document catalog (data/catalog.csv) so that every database has the kinds, whatever bootstraps it.

Later changes to the CSV are applied by `manage.py load_document_kinds` (idempotent) or a new data migration.
"""

from django.db import migrations


def load(apps, schema_editor):
    from anjian.documents.catalog import document_kinds_load

    document_kinds_load(apps.get_model("documents", "DocumentKind"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
