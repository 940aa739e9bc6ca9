"""The audit guard from `anjian.audit.guard_sql` (ADR 0019): SQLite now refuses DELETE of events too, and on
both databases the head only moves forward, to an existing event."""

from importlib import import_module

from django.db import migrations

from anjian.audit.guard import guard_migration
from anjian.audit.guard_sql import GUARD

_previous = import_module("anjian.audit.migrations.0002_append_only_guard")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_guard")]

    operations = [guard_migration(
        GUARD,
        previous_up={"postgresql": _previous.PG_UP, "sqlite": _previous.SQLITE_UP},
        previous_down={"postgresql": _previous.PG_DOWN, "sqlite": _previous.SQLITE_DOWN},
    )]
