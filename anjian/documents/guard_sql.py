"""The issued-document guard (ADR 0008, 0019), on PostgreSQL and SQLite alike.

A draft changes freely and may be deleted. An issued document may only become voided, with a reason; its
number, content, kind, agency and the files' hashes never change (the files themselves are in the storage, named
by those hashes, and checked against them when read — ADR 0034). Voided and discarded documents never change.
Issued and voided documents cannot be deleted.
"""

from anjian.audit.guard import Guard, register

TABLE = "documents_document"
FROZEN = (
    "agency_id", "kind_id", "enterprise_id", "subject_type_id", "subject_id", "year", "seq", "number",
    "content", "content_sha256", "docx_sha256", "pdf_sha256", "issued_at", "issued_by_id",
    "replaces_id", "correction_reason", "created_by_id", "created_at",
)
VOID = ("void_reason", "voided_at", "voided_by_id")
NO_DELETE = "已签发的文书不能删除"


def _row(prefix, columns):
    return "ROW(" + ", ".join(f"{prefix}.{c}" for c in columns) + ")"


PG_UP = (f"""
CREATE OR REPLACE FUNCTION document_frozen_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.status IN ('issued', 'voided') THEN
            RAISE EXCEPTION '{NO_DELETE}（文书 %）', OLD.number;
        END IF;
        RETURN OLD;
    END IF;
    IF OLD.status = 'draft' THEN
        RETURN NEW;
    END IF;
    IF OLD.status <> 'issued' THEN
        RAISE EXCEPTION '已作废或已废弃的文书不能修改（文书 %）', OLD.id;
    END IF;
    IF {_row("NEW", FROZEN)} IS DISTINCT FROM {_row("OLD", FROZEN)} THEN
        RAISE EXCEPTION '文书已签发，内容、编号和文件不能修改（%）', OLD.number;
    END IF;
    IF NEW.status = 'issued' AND {_row("NEW", VOID)} IS DISTINCT FROM {_row("OLD", VOID)} THEN
        RAISE EXCEPTION '已签发的文书只能作废（%）', OLD.number;
    END IF;
    IF NEW.status NOT IN ('issued', 'voided') THEN
        RAISE EXCEPTION '已签发的文书只能作废（%）', OLD.number;
    END IF;
    IF NEW.status = 'voided' AND coalesce(btrim(NEW.void_reason), '') = '' THEN
        RAISE EXCEPTION '作废文书须写明理由（%）', OLD.number;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER document_frozen_guard BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION document_frozen_guard();
""",)
PG_DOWN = (f"""
DROP TRIGGER IF EXISTS document_frozen_guard ON {TABLE};
DROP FUNCTION IF EXISTS document_frozen_guard();
""",)
_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FROZEN)
_void_changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in VOID)
SQLITE_UP = (f"""
CREATE TRIGGER document_frozen_guard BEFORE UPDATE ON {TABLE}
WHEN OLD.status <> 'draft' AND (
    OLD.status <> 'issued'
    OR NEW.status NOT IN ('issued', 'voided')
    OR {_changed}
    OR (NEW.status = 'issued' AND ({_void_changed}))
    OR (NEW.status = 'voided' AND trim(coalesce(NEW.void_reason, '')) = '')
)
BEGIN
    SELECT RAISE(ABORT, '文书已签发，内容、编号和文件不能修改，只能作废');
END
""", f"""
CREATE TRIGGER document_frozen_delete_guard BEFORE DELETE ON {TABLE}
WHEN OLD.status IN ('issued', 'voided')
BEGIN
    SELECT RAISE(ABORT, '{NO_DELETE}');
END
""")
SQLITE_DOWN = ("DROP TRIGGER IF EXISTS document_frozen_guard", "DROP TRIGGER IF EXISTS document_frozen_delete_guard")

GUARD = register(Guard(
    name="documents",
    pg_up=PG_UP, pg_down=PG_DOWN, sqlite_up=SQLITE_UP, sqlite_down=SQLITE_DOWN,
    pg_triggers=((TABLE, "document_frozen_guard"),),
    sqlite_triggers=((TABLE, "document_frozen_guard"), (TABLE, "document_frozen_delete_guard")),
))
