"""Database guards: triggers that refuse writes which bypass the services (ADR 0019).

Each app keeps its guard SQL in one module (`<app>/guard_sql.py`) that builds a `Guard` and registers it
here. Its migrations install the guard from that module; `guard_lifted` takes it off and puts it back (tests,
maintenance under DBA-level access); `guards_missing` — run by `anjian audit verify` — names every trigger
that is gone or disabled, e.g. dropped by someone, or lost when a migration rebuilt a table on SQLite.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection as default_connection


@dataclass(frozen=True)
class Guard:
    name: str
    pg_up: tuple[str, ...]
    pg_down: tuple[str, ...]
    sqlite_up: tuple[str, ...]  # SQLite runs one statement per call
    sqlite_down: tuple[str, ...]
    pg_triggers: tuple[tuple[str, str], ...]  # (table, trigger)
    sqlite_triggers: tuple[tuple[str, str], ...]

    def statements(self, vendor: str, up: bool) -> tuple[str, ...]:
        if vendor == "postgresql":
            return self.pg_up if up else self.pg_down
        if vendor == "sqlite":
            return self.sqlite_up if up else self.sqlite_down
        return ()

    def triggers(self, vendor: str) -> tuple[tuple[str, str], ...]:
        return {"postgresql": self.pg_triggers, "sqlite": self.sqlite_triggers}.get(vendor, ())


_REGISTRY: dict[str, Guard] = {}


def register(guard: Guard) -> Guard:
    _REGISTRY[guard.name] = guard
    return guard


def registered() -> list[Guard]:
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def _execute(conn, statements) -> None:
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, None)  # no placeholders: the SQL may contain %


def guard_install(guard: Guard, conn=None) -> None:
    conn = conn or default_connection
    _execute(conn, guard.statements(conn.vendor, up=False) + guard.statements(conn.vendor, up=True))


def guard_uninstall(guard: Guard, conn=None) -> None:
    conn = conn or default_connection
    _execute(conn, guard.statements(conn.vendor, up=False))


def guard_migration(guard: Guard, previous_up=None, previous_down=None):
    """A RunPython operation that replaces an older guard (its DOWN and UP SQL by vendor) with `guard`."""
    from django.db import migrations

    def forward(apps, schema_editor):
        conn = schema_editor.connection
        _execute(conn, _as_list((previous_down or {}).get(conn.vendor)))
        guard_install(guard, conn)

    def backward(apps, schema_editor):
        conn = schema_editor.connection
        guard_uninstall(guard, conn)
        _execute(conn, _as_list((previous_up or {}).get(conn.vendor)))

    return migrations.RunPython(forward, backward)


def _as_list(sql) -> list[str]:
    return [sql] if isinstance(sql, str) else list(sql or [])


@contextmanager
def guard_lifted(*names: str, conn=None) -> Iterator[None]:
    """Drop the named guards (default: the audit guard) for the block and restore them after (DBA-level
    access: tests that play the attacker, and the keyed-chain migration)."""
    conn = conn or default_connection
    guards = [_REGISTRY[name] for name in (names or ("audit",))]
    for guard in guards:
        guard_uninstall(guard, conn)
    try:
        yield
    finally:
        for guard in guards:
            guard_install(guard, conn)


def guards_missing(conn=None) -> list[str]:
    """'table.trigger' of every registered guard trigger that is absent or disabled."""
    conn = conn or default_connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D'")
        elif conn.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            return []
        present = {(table, name) for table, name in cursor.fetchall()}
    return [f"{table}.{name}" for guard in registered() for table, name in guard.triggers(conn.vendor)
            if (table, name) not in present]


def append_only(name: str, table: str, message: str) -> Guard:
    """A guard that refuses every UPDATE and DELETE of ``table``'s rows with ``message`` (a record that is written
    once: a field record, a signature). ``name`` prefixes the trigger and function names."""
    pg_up = (f"""
CREATE OR REPLACE FUNCTION {name}_frozen_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{message}（%）', OLD.id;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {name}_frozen_guard BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}_frozen_guard();
""",)
    pg_down = (f"DROP TRIGGER IF EXISTS {name}_frozen_guard ON {table}; DROP FUNCTION IF EXISTS {name}_frozen_guard();",)
    sqlite_up = (
        f"CREATE TRIGGER {name}_frozen_guard BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END",
        f"CREATE TRIGGER {name}_frozen_delete_guard BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END",
    )
    sqlite_down = (f"DROP TRIGGER IF EXISTS {name}_frozen_guard", f"DROP TRIGGER IF EXISTS {name}_frozen_delete_guard")
    return register(Guard(
        name=name, pg_up=pg_up, pg_down=pg_down, sqlite_up=sqlite_up, sqlite_down=sqlite_down,
        pg_triggers=((table, f"{name}_frozen_guard"),),
        sqlite_triggers=((table, f"{name}_frozen_guard"), (table, f"{name}_frozen_delete_guard")),
    ))
