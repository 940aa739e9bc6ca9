"""What an import found (preview) or did (commit), and the one all-or-nothing commit every import uses.

Re-exported by anjian.common.tabular, where importers have always found them.
"""

from dataclasses import dataclass
from typing import Any

MAX_ERRORS_KEPT = 10000
MAX_REASON_CHARS = 300


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    column: str  # column label as shown to the user
    reason: str


@dataclass
class ImportReport:
    """What an import found (preview) or did (commit). Errors beyond MAX_ERRORS_KEPT are only counted."""

    kind: str
    key: str = ""  # the field that identifies a row's record (uscc, certificate_number)
    file_name: str = ""
    sha256: str = ""
    format: str = ""
    encoding: str = ""
    rows: int = 0
    error_rows: int = 0
    error_count: int = 0
    file_error: str = ""
    committed: bool = False
    errors: list[RowError] | None = None
    created_keys: list[str] | None = None
    updated_keys: list[str] | None = None

    def __post_init__(self) -> None:
        self.errors = [] if self.errors is None else self.errors
        self.created_keys = [] if self.created_keys is None else self.created_keys
        self.updated_keys = [] if self.updated_keys is None else self.updated_keys

    @property
    def created(self) -> int:
        return len(self.created_keys)

    @property
    def updated(self) -> int:
        return len(self.updated_keys)

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.error_count and self.rows > 0

    def add_error(self, row: int, column: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:  # a reason quoting a 32,767-character cell is cut: memory stays bounded
            shown = reason if len(reason) <= MAX_REASON_CHARS else reason[:MAX_REASON_CHARS] + "…"
            self.errors.append(RowError(row, column, shown))

    def summary(self) -> str:
        if self.file_error:
            return self.file_error
        if self.error_count:
            return f"共 {self.rows} 行，有错误的行 {self.error_rows}（错误 {self.error_count} 处），未写入任何数据"
        return f"共 {self.rows} 行：新增 {self.created}，更新 {self.updated}"

    def error_lines(self, limit: int | None = None) -> list[str]:
        shown = self.errors if limit is None else self.errors[:limit]
        lines = [f"第{e.row}行 {e.column}：{e.reason}" for e in shown]
        hidden = self.error_count - len(shown)
        if hidden > 0:
            lines.append(f"……另有 {hidden} 处错误未列出")
        return lines

    def audit_extra(self) -> dict[str, Any]:
        return {"import": {"kind": self.kind, "key": self.key, "file_name": self.file_name, "sha256": self.sha256,
                           "rows": self.rows, "created": self.created, "updated": self.updated,
                           "created_keys": self.created_keys, "updated_keys": self.updated_keys}}


class ImportRollback(Exception):
    """Raised inside an import's transaction to undo everything once any row has failed."""


def import_all_or_nothing(report: "ImportReport", write, record) -> "ImportReport":
    """Commit an import in one transaction: ``write()`` writes the rows (returns False when it could not),
    ``record()`` writes the audit event; any row error, a failed write or a database error leaves nothing written."""
    from django.db import DatabaseError, transaction

    try:
        with transaction.atomic():
            if write() is False or not report.ok:
                raise ImportRollback
            record()
    except ImportRollback:
        return report
    except DatabaseError as exc:
        report.file_error = f"写入数据库时出错，未写入任何数据（{type(exc).__name__}），请稍后重试"
        return report
    report.committed = True
    return report


def import_byte_limit(max_bytes: int | None) -> int | None:
    """None → the configured upload limit; 0 → no limit (trusted callers: CLI, benchmarks)."""
    from django.conf import settings

    if max_bytes is None:
        return settings.ANJIAN_IMPORT_MAX_BYTES
    return max_bytes or None
