"""Triggers on the source tables that mark the roll-up keys a change touches, and the indexes the roll-up
refresh and the bare aggregation use (PostgreSQL and SQLite). The roll-up itself is built on first use."""

from django.db import migrations


def install(apps, schema_editor):
    from anjian.reports.rollup import triggers_install

    triggers_install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from anjian.reports.rollup import triggers_uninstall

    triggers_uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("inspections", "0003_rectification"),
        ("documents", "0001_initial"),
        ("cases", "0001_initial"),
        ("enterprises", "0001_initial"),
        ("audit", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
