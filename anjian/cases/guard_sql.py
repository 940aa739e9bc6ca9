# ruff: noqa: S608  -- DDL built from constant table and column names, no input
"""The archived-case guard (ADR 0015, 0019), on PostgreSQL and SQLite alike: an archived case and every row of
its file — officers, investigations, extensions, payments, transfers, file checks, the hazards it names —
can be neither changed nor deleted, and no row can be added to it or moved into or out of it. Services refuse
first with a clear message; this catches writes that bypass them."""

from anjian.audit.guard import Guard, register

CASE = "cases_penaltycase"
# Every table with a foreign key to the case it belongs to, and that column.
CHILDREN = (
    ("cases_caseofficer", "case_id"),
    ("cases_caseinvestigation", "case_id"),
    ("cases_caseextension", "case_id"),
    ("cases_casepayment", "case_id"),
    ("cases_casetransfer", "case_id"),
    ("cases_casefilecheck", "case_id"),
    ("cases_penaltycase_hazards", "penaltycase_id"),
)
FROZEN = "案件已归档，案卷不得增加、抽取或修改"

PG_UP = (f"""
CREATE OR REPLACE FUNCTION case_archived_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'archived' THEN
        RAISE EXCEPTION '{FROZEN}（案件 %）', OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_archived_guard BEFORE UPDATE OR DELETE ON {CASE}
    FOR EACH ROW EXECUTE FUNCTION case_archived_guard();
CREATE OR REPLACE FUNCTION case_child_archived_guard() RETURNS trigger AS $$
DECLARE
    col text := TG_ARGV[0];
BEGIN
    IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM {CASE}
            WHERE id = (to_jsonb(OLD) ->> col)::bigint AND status = 'archived') THEN
        RAISE EXCEPTION '{FROZEN}';
    END IF;
    IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM {CASE}
            WHERE id = (to_jsonb(NEW) ->> col)::bigint AND status = 'archived') THEN
        RAISE EXCEPTION '{FROZEN}';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
""" + "".join(f"CREATE TRIGGER case_child_archived_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
              f"FOR EACH ROW EXECUTE FUNCTION case_child_archived_guard('{column}');\n"
              for table, column in CHILDREN),)
PG_DOWN = ("".join(f"DROP TRIGGER IF EXISTS case_child_archived_guard ON {table};\n" for table, _ in CHILDREN) + f"""
DROP TRIGGER IF EXISTS case_archived_guard ON {CASE};
DROP FUNCTION IF EXISTS case_archived_guard();
DROP FUNCTION IF EXISTS case_child_archived_guard();
""",)


def _archived(row: str, column: str) -> str:
    return f"(SELECT status FROM {CASE} WHERE id = {row}.{column}) = 'archived'"


def _sqlite_trigger(name: str, when: str, table: str, condition: str) -> str:
    return f"CREATE TRIGGER {name} BEFORE {when} ON {table} WHEN {condition} BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END"


_SQLITE = [
    ("case_archived_guard", "UPDATE", CASE, "OLD.status = 'archived'"),
    ("case_archived_delete_guard", "DELETE", CASE, "OLD.status = 'archived'"),
]
for _table, _column in CHILDREN:
    _SQLITE += [
        (f"{_table}_archived_guard", "INSERT", _table, _archived("NEW", _column)),
        (f"{_table}_archived_update_guard", "UPDATE", _table,
         f"{_archived('OLD', _column)} OR {_archived('NEW', _column)}"),
        (f"{_table}_archived_delete_guard", "DELETE", _table, _archived("OLD", _column)),
    ]
SQLITE_UP = tuple(_sqlite_trigger(*spec) for spec in _SQLITE)
SQLITE_DOWN = tuple(f"DROP TRIGGER IF EXISTS {name}" for name, *_ in _SQLITE)

GUARD = register(Guard(
    name="cases",
    pg_up=PG_UP, pg_down=PG_DOWN, sqlite_up=SQLITE_UP, sqlite_down=SQLITE_DOWN,
    pg_triggers=((CASE, "case_archived_guard"),) + tuple((t, "case_child_archived_guard") for t, _ in CHILDREN),
    sqlite_triggers=tuple((table, name) for name, _, table, _ in _SQLITE),
))
