# ruff: noqa: S608  -- DDL built from constant table and column names, no input
"""The audit guard (ADR 0019), on PostgreSQL and SQLite alike: audit events cannot be changed or deleted, and
the head only moves forward, to an event that exists with that hash. The keyed chain and the checkpoints
detect what someone who drops this guard changes."""

from anjian.audit.guard import Guard, register

EVENTS, HEAD = "audit_auditevent", "audit_audithead"
APPEND_ONLY = "audit events are append-only"
FORWARD_ONLY = "the audit head moves forward only, to an existing event"

PG_UP = (f"""
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{APPEND_ONLY}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON {EVENTS}
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.seq <= OLD.seq
       OR NOT EXISTS (SELECT 1 FROM {EVENTS} WHERE seq = NEW.seq AND hash = NEW.hash) THEN
        RAISE EXCEPTION '{FORWARD_ONLY}';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_head_forward_only BEFORE UPDATE OR DELETE ON {HEAD}
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only();
""",)
PG_DOWN = (f"""
DROP TRIGGER IF EXISTS audit_event_append_only ON {EVENTS};
DROP FUNCTION IF EXISTS audit_event_append_only();
DROP TRIGGER IF EXISTS audit_head_forward_only ON {HEAD};
DROP FUNCTION IF EXISTS audit_head_forward_only();
""",)
SQLITE_UP = (
    f"CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON {EVENTS} "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
    f"CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON {EVENTS} "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END",
    f"CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON {HEAD} "
    f"WHEN NEW.seq <= OLD.seq OR NOT EXISTS (SELECT 1 FROM {EVENTS} WHERE seq = NEW.seq AND hash = NEW.hash) "
    f"BEGIN SELECT RAISE(ABORT, '{FORWARD_ONLY}'); END",
    f"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON {HEAD} "
    f"BEGIN SELECT RAISE(ABORT, '{FORWARD_ONLY}'); END",
)
SQLITE_DOWN = tuple(f"DROP TRIGGER IF EXISTS {name}" for name in (
    "audit_event_append_only", "audit_event_no_delete", "audit_head_forward_only", "audit_head_no_delete"))

GUARD = register(Guard(
    name="audit",
    pg_up=PG_UP, pg_down=PG_DOWN, sqlite_up=SQLITE_UP, sqlite_down=SQLITE_DOWN,
    pg_triggers=((EVENTS, "audit_event_append_only"), (HEAD, "audit_head_forward_only")),
    sqlite_triggers=((EVENTS, "audit_event_append_only"), (EVENTS, "audit_event_no_delete"),
                     (HEAD, "audit_head_forward_only"), (HEAD, "audit_head_no_delete")),
))
