"""Importing enterprises from CSV/XLSX: a preview, then an all-or-nothing commit.

One streaming pass over the file, in chunks of CHUNK rows:
parse (anjian.common.tabular) → validate_enterprise (pure) → duplicate-in-file check → the chunk's
existing USCCs (one query) → scope check → write (commit only, and only while no error has been seen).
Any error rolls the transaction back, so a file with one bad row writes nothing. Existing USCCs are
updated (only the columns present in the file; created_at kept), never duplicated.

PostgreSQL: the table is locked against other writers (SHARE ROW EXCLUSIVE; readers go on) for the
import, so the existence check stays true until commit and a plain COPY is as safe as an upsert. New rows
are COPYed straight into the table, rows for existing USCCs into a temporary staging table applied by one
UPDATE … FROM at the end. The database work runs in a helper thread on the transaction's connection, so
the server's inserts overlap with parsing and validation here (the thread waits on the socket without the
GIL). Other databases: bulk_create in the calling thread.
"""

import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import psycopg
from django.db import DatabaseError, connection, models
from django.utils import timezone

from anjian.accounts.access import acting_grant
from anjian.accounts.selectors import region_levels_writable
from anjian.audit.services import audit_record
from anjian.common.tabular import (
    ImportReport,
    RowError,
    TabularError,
    file_sha256,
    import_all_or_nothing,
    import_byte_limit,
    read_table,
)
from anjian.domain.permissions import Capability
from anjian.domain.rows import ENTERPRISE_COLUMNS, validate_enterprise
from anjian.enterprises.models import Enterprise
from anjian.regions.models import Agency, Region

CHUNK = 5000
LABELS = {c.field: c.label for c in ENTERPRISE_COLUMNS}
KEY_LABEL = LABELS["uscc"]
# Validator field → table column, in the order rows are written (then created_at, updated_at).
FIELDS = tuple(c.field for c in ENTERPRISE_COLUMNS)
COLUMNS = tuple("region_id" if f == "region" else f for f in FIELDS)
TABLE = Enterprise._meta.db_table
STAGING = "enterprise_import_staging"
SWITCH_INTERVAL = 0.0002  # seconds, while a PostgreSQL import runs (see _PgWriter)
_BOOLEANS = frozenset(f for f in FIELDS if isinstance(Enterprise._meta.get_field(f), models.BooleanField))

Chunk = list[tuple[int, str, dict]]  # (row number, uscc, clean values)




def _writable_regions(actor) -> dict[str, str]:
    """code → level of regions the actor may import into; a system import (actor None) may use all."""
    if actor is None:
        return dict(Region.objects.values_list("code", "level"))
    return region_levels_writable(actor, Capability.ENTERPRISE_IMPORT)


# One text wherever the USCC is held: the holding region is not ours to tell (docs/adr/0018).
HELD_ELSEWHERE = "统一社会信用代码 {uscc} 已由您管辖范围以外的机关登记，不能通过导入修改；如单位属地有变，请联系上级机关"


class _Classifier:
    """Splits a validated chunk into new and existing rows; an existing USCC outside scope is a row error."""

    def __init__(self, known: dict[str, str]):
        self.known = known
        self.created: list[str] = []
        self.updated: list[str] = []
        self.errors: list[RowError] = []

    def split(self, chunk: Chunk, existing: dict[str, str]) -> tuple[list[dict], list[dict]]:
        new, old = [], []
        for number, uscc, clean in chunk:
            region = existing.get(uscc)
            if region is None:
                self.created.append(uscc)
                new.append(clean)
            elif region in self.known:
                self.updated.append(uscc)
                old.append(clean)
            else:
                self.errors.append(RowError(number, KEY_LABEL, HELD_ELSEWHERE.format(uscc=uscc)))
        return new, old

    def merge_into(self, report: ImportReport) -> None:
        report.created_keys.extend(self.created)
        report.updated_keys.extend(self.updated)
        for error in self.errors:
            report.add_error(error.row, error.column, error.reason)
        report.error_rows += len(self.errors)
        report.errors.sort(key=lambda e: e.row)


# ---------------------------------------------------------------- PostgreSQL

def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _field_text(field: str, value) -> str:
    if field in _BOOLEANS:
        return "t" if value else "f"
    if value is None:
        return r"\N"
    return _escape(str(value))


def copy_lines(rows: list[dict], stamp: str) -> bytes:
    """Rows as COPY text (tab-separated, \\N for NULL, backslash escapes), created_at/updated_at = stamp."""
    lines = []
    tabs = len(FIELDS) + 1
    for c in rows:
        lon, lat = c["longitude"], c["latitude"]
        line = "\t".join((
            c["uscc"], c["name"], c["region"], c["industry"], c["supervision_class"], c["risk_level"],
            c["address"], c["scale"], c["legal_representative"], c["contact_person"], c["contact_phone"],
            "t" if c["liability_insured"] else "f", c["status"], "t" if c["is_central_branch"] else "f",
            "t" if c["is_provincially_managed"] else "f", r"\N" if lon is None else str(lon),
            r"\N" if lat is None else str(lat), stamp, stamp))
        if "\\" in line or "\n" in line or "\r" in line or line.count("\t") != tabs:
            line = "\t".join([*(_field_text(f, c[f]) for f in FIELDS), stamp, stamp])
        lines.append(line)
    lines.append("")
    return "\n".join(lines).encode("utf-8")


class _PgWriter:
    """Looks up, classifies and COPYs chunks in a helper thread on the transaction's own connection.

    The calling thread must not use the database between start() and close().
    """

    def __init__(self, classifier: _Classifier, update_fields: tuple[str, ...]):
        self.classifier = classifier
        self.update_columns = tuple(COLUMNS[FIELDS.index(f)] for f in update_fields)
        self.columns = ", ".join((*COLUMNS, "created_at", "updated_at"))
        self.stamp = timezone.now().isoformat()
        self.staging = False
        self.failed = False  # a row error was seen: stop writing, keep classifying
        self.exception: BaseException | None = None
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE")
        self.pg = connection.connection  # psycopg connection, inside the caller's atomic block
        self.queue: queue.Queue[Chunk | None] = queue.Queue(maxsize=2)
        # The helper thread wakes up thousands of times (each COPY buffer, each lookup); with the default
        # 5 ms switch interval it would wait that long for the GIL every time the validating thread is busy.
        self.switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.thread = threading.Thread(target=self._run, name="enterprise-import-writer", daemon=True)
        self.thread.start()

    def write(self, chunk: Chunk, stop_writing: bool) -> None:
        if self.exception is not None:
            self.close()
        self.failed = self.failed or stop_writing
        self.queue.put(list(chunk))

    def _run(self) -> None:
        try:
            with self.pg.cursor() as cursor:
                # The table grows inside this transaction while its statistics still say "small", so the
                # planner would answer each lookup with a sequential scan of everything copied so far.
                cursor.execute("SELECT current_setting('enable_seqscan')")
                seqscan = cursor.fetchone()[0]
                cursor.execute("SET LOCAL enable_seqscan = off")
                while (chunk := self.queue.get()) is not None:
                    cursor.execute(f"SELECT uscc, region_id FROM {TABLE} WHERE uscc = ANY(%s)",  # noqa: S608
                                   [[uscc for _, uscc, _ in chunk]])
                    new, old = self.classifier.split(chunk, dict(cursor.fetchall()))
                    if self.failed or self.classifier.errors:
                        continue
                    if new:
                        self._copy(cursor, TABLE, new)
                    if old:
                        if not self.staging:
                            cursor.execute(f"CREATE TEMP TABLE {STAGING} ON COMMIT DROP AS "  # noqa: S608
                                           f"SELECT {self.columns} FROM {TABLE} WITH NO DATA")
                            self.staging = True
                        self._copy(cursor, STAGING, old)
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [seqscan])
        except BaseException as exc:  # handed to the calling thread
            self.exception = exc
            while self.queue.get() is not None:  # drain so the producer never blocks
                pass

    def _copy(self, cursor, table: str, rows: list[dict]) -> None:
        with cursor.copy(f"COPY {table} ({self.columns}) FROM STDIN") as copy:
            copy.write(copy_lines(rows, self.stamp))

    def close(self) -> None:
        """Wait for the thread (always called, also on errors); re-raise what it raised."""
        if self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        sys.setswitchinterval(self.switch_interval)
        if self.exception is not None:
            exc, self.exception = self.exception, None
            if isinstance(exc, psycopg.Error):
                raise DatabaseError(str(exc)) from exc
            raise exc

    def finish(self) -> None:
        if self.staging:
            sets = ", ".join(f"{c} = s.{c}" for c in (*self.update_columns, "updated_at"))
            with connection.cursor() as cursor:
                cursor.execute(f"UPDATE {TABLE} AS e SET {sets} FROM {STAGING} AS s "  # noqa: S608
                               "WHERE e.uscc = s.uscc")
                cursor.execute(f"DROP TABLE {STAGING}")


# ---------------------------------------------------------------- other databases (and previews)

def _existing(usccs: list[str]) -> dict[str, str]:
    """uscc → region code of those already registered."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT uscc, region_id FROM {TABLE} WHERE uscc = ANY(%s)", [usccs])  # noqa: S608
            return dict(cursor.fetchall())
    found: dict[str, str] = {}
    for i in range(0, len(usccs), 500):
        found.update(Enterprise.objects.filter(uscc__in=usccs[i:i + 500]).values_list("uscc", "region_id"))
    return found


class _SyncWriter:
    """Classifies in the calling thread; writes with bulk_create when `commit` (else only counts)."""

    def __init__(self, classifier: _Classifier, update_fields: tuple[str, ...], commit: bool):
        self.classifier = classifier
        self.commit = commit
        self.update_fields = [*update_fields, "updated_at"]

    @staticmethod
    def _objects(rows: list[dict]) -> list[Enterprise]:
        objects = []
        for clean in rows:
            values = dict(clean)
            values["region_id"] = values.pop("region")
            objects.append(Enterprise(**values))
        return objects

    def write(self, chunk: Chunk, stop_writing: bool) -> None:
        new, old = self.classifier.split(chunk, _existing([uscc for _, uscc, _ in chunk]))
        if not self.commit or stop_writing or self.classifier.errors:
            return
        if new:
            Enterprise.objects.bulk_create(self._objects(new), batch_size=500)
        if old:
            Enterprise.objects.bulk_create(self._objects(old), batch_size=500, update_conflicts=True,
                                           unique_fields=["uscc"], update_fields=self.update_fields)

    def close(self) -> None:
        pass

    def finish(self) -> None:
        pass


# ---------------------------------------------------------------- the pass over the file

def _scan(report: ImportReport, *, actor, path: Path, max_bytes: int | None, commit: bool,
          on_rows: Callable[[int], None] | None = None):
    """Validate the whole file into `report`; when committing, write while no error is seen.

    Returns the writer when the file could be read (its finish() applies pending updates), else None.
    """
    known = _writable_regions(actor)
    if not known:
        report.file_error = "您没有可导入生产经营单位的辖区"
        return None
    classifier = _Classifier(known)
    writer = None
    seen: dict[str, int] = {}
    rows = error_rows = 0
    chunk: Chunk = []
    try:
        with read_table(path, ENTERPRISE_COLUMNS, max_bytes=max_bytes) as table:
            report.format, report.encoding = table.format, table.encoding
            update_fields = tuple(f for f in table.fields if f != "uscc")
            if commit and connection.vendor == "postgresql":
                writer = _PgWriter(classifier, update_fields)
            else:
                writer = _SyncWriter(classifier, update_fields, commit)
            try:
                for number, values in table:
                    rows += 1
                    clean, errors = validate_enterprise(values, known)
                    uscc = clean.get("uscc")
                    if uscc is not None:
                        first = seen.setdefault(uscc, number)
                        if first != number:
                            errors.append(("uscc", f"与第{first}行重复：统一社会信用代码 {uscc} 在文件中出现多次"))
                    if errors:
                        error_rows += 1
                        for field, reason in errors:
                            report.add_error(number, LABELS.get(field, field), reason)
                        continue
                    chunk.append((number, uscc, clean))
                    if len(chunk) >= CHUNK:
                        writer.write(chunk, stop_writing=error_rows > 0)
                        chunk.clear()
                        if on_rows is not None:
                            on_rows(rows)
                if chunk:
                    writer.write(chunk, stop_writing=error_rows > 0)
                if on_rows is not None:
                    on_rows(rows)
            finally:
                writer.close()
    except TabularError as exc:
        report.file_error = str(exc)
    report.rows, report.error_rows = rows, error_rows
    classifier.merge_into(report)
    if not rows and not report.file_error:
        report.file_error = "文件中没有数据行（只有表头）"
    return None if report.file_error else writer


def _new_report(path: Path, file_name: str, sha256: str) -> ImportReport:
    return ImportReport(kind="enterprises", key="uscc", file_name=file_name or Path(path).name,
                        sha256=sha256 or file_sha256(Path(path)))


def enterprise_import_preview(*, actor, path: Path, file_name: str = "", sha256: str = "",
                              max_bytes: int | None = None) -> ImportReport:
    """Validate a file and count new / updated / bad rows; writes nothing."""
    try:
        report = _new_report(path, file_name, sha256)
    except OSError:
        return ImportReport(kind="enterprises", file_name=file_name, file_error="无法读取上传的文件")
    _scan(report, actor=actor, path=Path(path), max_bytes=import_byte_limit(max_bytes), commit=False)
    return report


def _audit_agency(actor) -> Agency | None:
    grant = acting_grant(actor) if actor is not None else None
    return Agency.objects.filter(pk=grant.agency_id).first() if grant else None


def enterprise_import_commit(*, actor, path: Path, file_name: str = "", sha256: str = "",
                             max_bytes: int | None = None,
                             on_rows: Callable[[int], None] | None = None) -> ImportReport:
    """Validate again and write every row, or nothing when any row (or the file) fails.

    actor None is a system import (command line) that may write in every region.
    max_bytes: None → settings.ANJIAN_IMPORT_MAX_BYTES, 0 → no limit.
    on_rows(n): called as rows are read (a background job's progress).
    """
    try:
        report = _new_report(path, file_name, sha256)
    except OSError:
        return ImportReport(kind="enterprises", file_name=file_name, file_error="无法读取上传的文件")
    agency = _audit_agency(actor)
    def write() -> bool:
        writer = _scan(report, actor=actor, path=Path(path), max_bytes=import_byte_limit(max_bytes), commit=True,
                       on_rows=on_rows)
        if writer is None or not report.ok:
            return False
        writer.finish()
        return True

    return import_all_or_nothing(
        report, write,
        lambda: audit_record(actor=actor, agency=agency, verb="enterprise_import",
                             target_type=Enterprise._meta.label_lower, target_repr=f"导入 {report.file_name}"[:255],
                             extra=report.audit_extra()))
