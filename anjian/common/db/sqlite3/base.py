"""SQLite backend for Anjian: Django's, with a flush that does not fire triggers (ADR 0019).

The database guards refuse DELETE of issued documents, archived cases and audit events. PostgreSQL flushes
with TRUNCATE, which row triggers do not see; Django's SQLite flush empties each table with DELETE, which they
do. Flush is a wipe of the whole database (tests, `manage.py flush`), so here it drops every trigger first and
re-creates each one afterwards from the exact SQL SQLite stored for it — like TRUNCATE, no trigger fires, and
the schema is the same afterwards. The statements run in the flush's single transaction.
"""

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL "
                           "ORDER BY name")
            triggers = cursor.fetchall()
        drop = [f"DROP TRIGGER {self.quote_name(name)};" for name, _ in triggers]
        return drop + statements + [sql for _, sql in triggers]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
