"""The archived-case guard from `anjian.cases.guard_sql` (ADR 0019): file checks and the hazards a case names
are guarded too; on SQLite an archived case and its rows can no longer be updated or deleted either."""

from importlib import import_module

from django.db import migrations

from anjian.audit.guard import guard_migration
from anjian.cases.guard_sql import GUARD

_previous = import_module("anjian.cases.migrations.0002_archived_guard")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_load_discretion")]

    operations = [guard_migration(
        GUARD,
        previous_up={"postgresql": _previous.PG_UP, "sqlite": _previous.SQLITE_UP},
        previous_down={"postgresql": _previous.PG_DOWN, "sqlite": _previous.SQLITE_DOWN},
    )]
