"""Keeping the roll-up (reports.DailyFigure) exact.

Triggers (installed by migration 0002 from `rollup_sql`) write every (agency, day) key that an insert,
update or delete of an inspection, team member, hazard, document, case, transfer or enterprise touches into
reports.RollupDirty, in the writer's own transaction. `rollup_refresh()` — called before every read of the
metrics, and by `manage.py reports_rollup` from cron — recomputes the rows of the dirty keys from the records
with the same SQL as a full rebuild and deletes exactly the markers it has read. Refreshes run one at a
time (the RollupState row is locked). A marker written while a refresh runs is not among those it read and
stays for the next one, so a figure read after a change has committed always includes the change.

If the late-entry limit or the time zone differ from those the roll-up was built with, or (SQLite) a
trigger is missing — SQLite drops a table's triggers when a migration rebuilds the table — the triggers
are reinstalled and everything is rebuilt.
"""

import logging
from collections import defaultdict
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from anjian.domain.metrics import DEFAULT_LATE_DAYS
from anjian.reports.models import ROLLUP_COLUMNS, DailyFigure, RollupDirty, RollupState
from anjian.reports.rollup_sql import (
    Dialect,
    Filter,
    aggregate_sql,
    index_statements,
    install_statements,
    trigger_names,
    uninstall_statements,
)

log = logging.getLogger(__name__)
BATCH = 20_000  # markers per refresh round
DAYS_PER_QUERY = 400
_checked: dict[str, bool] = {}  # database alias → triggers verified in this process


@contextmanager
def short_queries():
    """A transaction for the small, index-driven statistics queries. On PostgreSQL JIT compilation is off in
    it: the planner's estimates over the big source tables switch JIT on, and compiling costs more (≈250 ms)
    than these queries take."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET LOCAL jit = off")
        yield


def late_days() -> int:
    return int(getattr(settings, "ANJIAN_LATE_ENTRY_DAYS", DEFAULT_LATE_DAYS))


def dialect(conn=None) -> Dialect:
    conn = conn or connection
    return Dialect(conn.vendor, settings.TIME_ZONE)


def _execute_all(statements, conn=None) -> None:
    with (conn or connection).cursor() as cur:
        for statement in statements:
            cur.execute(statement)


def triggers_install(conn=None, *, indexes: bool = True) -> None:
    """(Re)create the indexes and the marking triggers on the source tables."""
    d = dialect(conn)
    _execute_all((index_statements(d) if indexes else []) + install_statements(d), conn)


def triggers_uninstall(conn=None) -> None:
    _execute_all(uninstall_statements(dialect(conn)), conn)


def triggers_missing(conn=None) -> list[str]:
    conn = conn or connection
    d = dialect(conn)
    with conn.cursor() as cur:
        if d.pg:
            cur.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'reports_mark_%' AND NOT tgisinternal")
        else:
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'reports_mark_%'")
        present = {name for (name,) in cur.fetchall()}
    return [name for _, name in trigger_names(d) if name not in present]


def _insert_rows(flt: Filter | None) -> None:
    sql, params = aggregate_sql(dialect(), late_days(), flt)
    columns = ", ".join(ROLLUP_COLUMNS)
    with connection.cursor() as cur:
        cur.execute(f"INSERT INTO reports_dailyfigure (agency_id, day, industry, {columns}) {sql}", params)


def rollup_rebuild() -> None:
    """Recompute every roll-up row from the records (after a bulk load, or when the settings changed)."""
    with transaction.atomic():
        state = _lock_state()
        marks = list(RollupDirty.objects.values_list("id", flat=True))
        DailyFigure.objects.all().delete()
        _insert_rows(None)
        _delete_marks(marks)
        state.late_days, state.time_zone, state.built_at = late_days(), settings.TIME_ZONE, timezone.now()
        state.save()


def _lock_state() -> RollupState:
    RollupState.objects.get_or_create(pk=1)
    return RollupState.objects.select_for_update().get(pk=1)


def _delete_marks(ids: list[int]) -> None:
    for i in range(0, len(ids), 1000):
        RollupDirty.objects.filter(id__in=ids[i:i + 1000]).delete()


def _stale(state: RollupState) -> bool:
    return state.built_at is None or state.late_days != late_days() or state.time_zone != settings.TIME_ZONE


def rollup_ensure() -> None:
    """Triggers present (checked once per process and database) and the roll-up built with the current
    settings (checked on every call: one primary-key read)."""
    alias = connection.alias
    missing = [] if _checked.get(alias) else triggers_missing()
    state = RollupState.objects.filter(pk=1).first()
    if missing or state is None or _stale(state):
        if missing:
            log.warning("reports roll-up: triggers missing (%s); reinstalling and rebuilding", ", ".join(missing))
            with transaction.atomic():  # SQLite loses the indexes with the triggers; PostgreSQL never does
                triggers_install(indexes=connection.vendor == "sqlite")
        rollup_rebuild()
    _checked[alias] = True


def rollup_refresh() -> int:
    """Recompute the dirty keys; → how many markers were processed. Cheap when nothing is dirty."""
    rollup_ensure()
    done = 0
    while RollupDirty.objects.exists():
        with short_queries():
            _lock_state()
            marks = list(RollupDirty.objects.order_by("id").values_list("id", "agency_id", "day")[:BATCH])
            if not marks:
                break
            keys: dict[int, set[date]] = defaultdict(set)
            for _, agency, day in marks:
                if day is not None:
                    keys[agency].add(day)
            for agency, days in keys.items():
                ordered = sorted(days)
                for i in range(0, len(ordered), DAYS_PER_QUERY):
                    chunk = tuple(ordered[i:i + DAYS_PER_QUERY])
                    DailyFigure.objects.filter(agency_id=agency, day__in=chunk).delete()
                    _insert_rows(Filter(agency=agency, days=chunk))
            _delete_marks([m[0] for m in marks])
            done += len(marks)
    return done


def rollup_reset_checks() -> None:
    """Forget which databases were verified (tests that drop triggers call it)."""
    _checked.clear()
