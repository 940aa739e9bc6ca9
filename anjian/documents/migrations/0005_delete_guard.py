"""The issued-document guard from `anjian.documents.guard_sql` (ADR 0019): SQLite now refuses DELETE of
issued and voided documents too, as PostgreSQL already did."""

from importlib import import_module

from django.db import migrations

from anjian.audit.guard import guard_migration
from anjian.documents.guard_sql import GUARD

_previous = import_module("anjian.documents.migrations.0003_frozen_guard")


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_case_and_guidance_kinds")]

    operations = [guard_migration(
        GUARD,
        previous_up={"postgresql": _previous.PG_UP, "sqlite": _previous.SQLITE_UP},
        previous_down={"postgresql": _previous.PG_DOWN, "sqlite": _previous.SQLITE_DOWN},
    )]
