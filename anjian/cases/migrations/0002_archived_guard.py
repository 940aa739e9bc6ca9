"""Database-level guard: an archived case never changes (PostgreSQL and SQLite); on PostgreSQL it cannot be
deleted either. Services refuse first with a clear message; this catches writes that bypass them."""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION case_archived_guard() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'archived' THEN
        RAISE EXCEPTION '案件已归档，案卷不得增加、抽取或修改（案件 %）', OLD.id;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER case_archived_guard BEFORE UPDATE OR DELETE ON cases_penaltycase
    FOR EACH ROW EXECUTE FUNCTION case_archived_guard();
CREATE OR REPLACE FUNCTION case_child_archived_guard() RETURNS trigger AS $$
DECLARE s text;
BEGIN
    SELECT status INTO s FROM cases_penaltycase
        WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END);
    IF s = 'archived' THEN
        RAISE EXCEPTION '案件已归档，案卷不得增加、抽取或修改';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
CHILDREN = ("cases_caseofficer", "cases_caseinvestigation", "cases_caseextension", "cases_casepayment",
            "cases_casetransfer")
PG_UP += "".join(f"CREATE TRIGGER case_child_archived_guard BEFORE INSERT OR UPDATE OR DELETE ON {t} "
                 f"FOR EACH ROW EXECUTE FUNCTION case_child_archived_guard();\n" for t in CHILDREN)
PG_DOWN = "".join(f"DROP TRIGGER IF EXISTS case_child_archived_guard ON {t};\n" for t in CHILDREN) + """
DROP TRIGGER IF EXISTS case_archived_guard ON cases_penaltycase;
DROP FUNCTION IF EXISTS case_archived_guard();
DROP FUNCTION IF EXISTS case_child_archived_guard();
"""
# SQLite executes one statement per call: lists of statements.
SQLITE_UP = ["""
CREATE TRIGGER case_archived_guard BEFORE UPDATE ON cases_penaltycase
WHEN OLD.status = 'archived'
BEGIN
    SELECT RAISE(ABORT, '案件已归档，案卷不得增加、抽取或修改');
END
"""] + [f"""
CREATE TRIGGER {t}_archived_guard BEFORE INSERT ON {t}
WHEN (SELECT status FROM cases_penaltycase WHERE id = NEW.case_id) = 'archived'
BEGIN
    SELECT RAISE(ABORT, '案件已归档，案卷不得增加、抽取或修改');
END
""" for t in CHILDREN]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS case_archived_guard"] + [
    f"DROP TRIGGER IF EXISTS {t}_archived_guard" for t in CHILDREN]


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        for statement in [sql] if isinstance(sql, str) else sql or []:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(_run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
                             _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN})),
    ]
