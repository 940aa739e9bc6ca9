# ruff: noqa: S608  -- DDL built from constant table names, no input
"""The signature guard (ADR 0019), on PostgreSQL and SQLite alike: a recorded signature or refusal is never
changed or deleted. A wrong one stays, and a new one is taken; the document issued with it is corrected by a new
document. Services never update a signature, so nothing legitimate is refused."""

from anjian.audit.guard import Guard, register

TABLE = "signatures_signature"
FROZEN = "现场签名登记后不能修改或删除"

PG_UP = (f"""
CREATE OR REPLACE FUNCTION signature_frozen_guard() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{FROZEN}（签名 %）', OLD.id;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER signature_frozen_guard BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION signature_frozen_guard();
""",)
PG_DOWN = (f"""
DROP TRIGGER IF EXISTS signature_frozen_guard ON {TABLE};
DROP FUNCTION IF EXISTS signature_frozen_guard();
""",)
SQLITE_UP = (
    f"CREATE TRIGGER signature_frozen_guard BEFORE UPDATE ON {TABLE} BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END",
    f"CREATE TRIGGER signature_frozen_delete_guard BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END",
)
SQLITE_DOWN = ("DROP TRIGGER IF EXISTS signature_frozen_guard", "DROP TRIGGER IF EXISTS signature_frozen_delete_guard")

GUARD = register(Guard(
    name="signatures",
    pg_up=PG_UP, pg_down=PG_DOWN, sqlite_up=SQLITE_UP, sqlite_down=SQLITE_DOWN,
    pg_triggers=((TABLE, "signature_frozen_guard"),),
    sqlite_triggers=((TABLE, "signature_frozen_guard"), (TABLE, "signature_frozen_delete_guard")),
))
