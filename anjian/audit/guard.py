"""Test and maintenance helper: lift the append-only guard, as a database owner could."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def guard_lifted():
    """Drop the trigger for the duration of the block and restore it after (DBA-level access)."""
    from importlib import import_module

    guard = import_module("anjian.audit.migrations.0002_append_only_guard")
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute({"postgresql": guard.PG_DOWN, "sqlite": guard.SQLITE_DOWN}[vendor])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute(guard.PG_UP)
            else:
                cursor.execute(guard.SQLITE_UP)
