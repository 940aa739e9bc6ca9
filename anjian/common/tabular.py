"""Reading and writing tables (CSV, XLSX) for imports and exports.

Reading: size limit first, then the format is sniffed from the bytes (XLSX by signature, otherwise CSV
text in UTF-8, UTF-8 with BOM or GB18030/GBK), the header row is mapped to field names through the
columns' Chinese labels (or the field names), and rows are streamed as (row number, {field: text}).
Every table is read in bounded memory within `TableLimits` (rows, columns, unpacked size; ADR 21): an
XLSX is checked as a zip and its first sheet scanned as bytes before a row is read, then streamed by
anjian.common.xlsx_stream; a CSV is read line by line with bounded lines, cells, rows and columns. The old
binary .xls format is refused (no reader of it keeps memory bounded). Every problem with the file as a
whole is a `TabularError` with a message in Chinese.

Writing: XLSX through openpyxl's write-only mode; every cell is written as text and a text that starts
with = + - @ (or a tab / carriage return) gets a leading single quote so no spreadsheet runs it.
"""

import codecs
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from anjian.common.csv_rows import check_row_count, csv_rows, delimiter_of
from anjian.common.import_report import (  # re-exported: importers find the report here
    MAX_ERRORS_KEPT,
    MAX_REASON_CHARS,
    ImportReport,
    ImportRollback,
    RowError,
    import_all_or_nothing,
    import_byte_limit,
)
from anjian.common.storage import IMPORTS, keep_file, local_copy, stored_exists, stored_name
from anjian.common.tabular_errors import TabularError
from anjian.common.xlsx_stream import FORMULA_TRIGGERS, cell_text
from anjian.domain.rows import Column
from anjian.domain.sheet_bounds import TABLE_IDLE_ROWS, TableLimits, idle_problem

__all__ = ["MAX_ERRORS_KEPT", "MAX_REASON_CHARS", "ImportReport", "ImportRollback", "RowError", "Table",
           "TabularError", "import_all_or_nothing", "import_byte_limit", "read_table", "table_limits"]

CSV_EXTENSIONS = {"csv", "txt"}
EXCEL_EXTENSIONS = {"xlsx", "xlsm"}
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SNIFF_BYTES = 1 << 16
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XLSX cell text
XLS_REFUSED = ("不支持旧版 Excel 97-2003（.xls）格式或已加密的 Excel 文件：请在 Excel 或 WPS 中"
               "“另存为” Excel 工作簿（.xlsx）并取消密码后重新上传")
_cell_text = cell_text  # the name earlier code and tests use


def table_limits() -> TableLimits:
    """The configured limits (settings ANJIAN_IMPORT_MAX_ROWS, _MAX_COLUMNS, _MAX_UNPACKED_BYTES)."""
    from django.conf import settings

    defaults = TableLimits()
    return TableLimits(
        max_rows=getattr(settings, "ANJIAN_IMPORT_MAX_ROWS", defaults.max_rows),
        max_columns=getattr(settings, "ANJIAN_IMPORT_MAX_COLUMNS", defaults.max_columns),
        max_unpacked_bytes=getattr(settings, "ANJIAN_IMPORT_MAX_UNPACKED_BYTES", defaults.max_unpacked_bytes),
    )


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} 字节"


def check_size(size: int, max_bytes: int | None) -> None:
    if size == 0:
        raise TabularError("文件是空的，请选择包含表头和数据的文件")
    if max_bytes is not None and size > max_bytes:
        raise TabularError(f"文件大小 {human_size(size)}，超过导入上限 {human_size(max_bytes)}，请拆分后分批导入")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- header mapping

def _header_key(text: str) -> str:
    text = text.replace("\ufeff", "").strip()
    text = re.sub(r"^[*＊]|[*＊]$|[（(]必填[）)]$", "", text).strip()
    return text


def map_header(cells: Sequence[str], columns: Sequence[Column], row_number: int = 1) -> list[str | None]:
    """The field of each column position (None for a blank header cell); raises on a bad header."""
    by_name: dict[str, str] = {}
    for col in columns:
        by_name[col.label] = col.field
        by_name[col.field] = col.field
        by_name[col.field.lower()] = col.field
    fields: list[str | None] = []
    unknown: list[str] = []
    seen: set[str] = set()
    duplicated: list[str] = []
    for cell in cells:
        key = _header_key(cell)
        if not key:
            fields.append(None)
            continue
        field = by_name.get(key) or by_name.get(key.lower())
        if field is None:
            unknown.append(key)
            fields.append(None)
        elif field in seen:
            duplicated.append(key)
            fields.append(None)
        else:
            seen.add(field)
            fields.append(field)
    problems = []
    if unknown:
        problems.append(f"无法识别的列：{'、'.join(unknown)}")
    if duplicated:
        problems.append(f"重复的列：{'、'.join(duplicated)}")
    missing = [col.label for col in columns if col.required and col.field not in seen]
    if missing:
        problems.append(f"缺少必填列：{'、'.join(missing)}")
    if problems:
        allowed = "、".join(col.label for col in columns)
        raise TabularError(f"表头不正确（第{row_number}行）：{'；'.join(problems)}。可用的列：{allowed}")
    return fields


# ---------------------------------------------------------------- reading

def _sniff_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TabularError("文件编码为 UTF-16，不受支持：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 xlsx 格式")
    if b"\x00" in head:
        raise TabularError("文件不是 CSV 文本，也不是 Excel 文件（含二进制内容或为 UTF-16/UTF-32 编码），"
                           "请上传 xlsx 或 UTF-8/GBK 编码的 CSV")
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise TabularError("无法识别文件编码：CSV 文件应为 UTF-8（可带 BOM）或 GBK 编码")


class Table:
    """An opened table: `fields` (present fields), iterate for (row number, {field: text}). Close it.

    `limits` default to the configured ones (table_limits()); `max_rows` / `max_columns` /
    `max_unpacked_bytes` narrow them for one kind of table (a ranking table is far smaller than a registry
    import). Rows the source gives that hold nothing in the header's columns (before the header: nothing but
    spaces) are work that yields no row: at most TABLE_IDLE_ROWS of them beyond the rows kept.
    """

    def __init__(self, path: Path, columns: Sequence[Column], *, max_bytes: int | None,
                 limits: TableLimits | None = None, max_rows: int | None = None, max_columns: int | None = None,
                 max_unpacked_bytes: int | None = None):
        self.path = Path(path)
        self.limits = (limits or table_limits()).narrowed(max_rows=max_rows, max_columns=max_columns,
                                                           max_unpacked_bytes=max_unpacked_bytes)
        try:
            size = self.path.stat().st_size
        except OSError as exc:
            raise TabularError("无法读取上传的文件") from exc
        check_size(size, max_bytes)
        with self.path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
        self._fh: IO[str] | None = None
        self._rows: Iterator[tuple[int, list]]
        if head.startswith(_OLE_MAGIC):
            raise TabularError(XLS_REFUSED)
        if head.startswith(_XLSX_MAGIC):
            self.format, self.encoding = "xlsx", ""
            self._rows = self._excel_rows()
        else:
            self.format, self.encoding = "csv", _sniff_encoding(head)
            self._rows = self._csv_rows(head, size)
        self._source = self._rows
        try:
            self.fields = self._read_header(columns)
        except BaseException:
            self.close()
            raise

    # -- sources yield (row number, raw cells)
    def _excel_rows(self) -> Iterator[tuple[int, list]]:
        from anjian.common.xlsx_guard import inspect_xlsx
        from anjian.common.xlsx_stream import sheet_rows

        parts = inspect_xlsx(self.path, self.limits)
        yield from sheet_rows(self.path, parts, self.limits)

    def _csv_rows(self, head: bytes, size: int) -> Iterator[tuple[int, list]]:
        delimiter = delimiter_of(head)
        check_row_count(self.path, size, self.encoding, delimiter, self.limits)
        self._fh = self.path.open(encoding=self.encoding, newline="")
        yield from csv_rows(self.path, self._fh, self.encoding, delimiter, self.limits)

    def _read_header(self, columns: Sequence[Column]) -> tuple[str, ...]:
        cells = self._header_cells()
        self._positions = map_header([str(c) for c in cells], columns, self.header_row)
        return tuple(f for f in self._positions if f)

    def _header_cells(self) -> list:
        """The first non-blank row. In a spreadsheet the table starts at its first filled cell (as Excel users
        expect, and as the earlier reader did): columns left of it are dropped from every row."""
        skipped = 0
        for number, cells in self._rows:
            if not any(str(c).strip() for c in cells):
                skipped += 1
                if skipped > TABLE_IDLE_ROWS:
                    raise TabularError(idle_problem(self.format == "csv"))
            else:
                self.header_row = number
                if self.format == "xlsx" and not str(cells[0]).strip():
                    lead = next(i for i, c in enumerate(cells) if str(c).strip())
                    rows = self._rows
                    self._rows = ((n, row[lead:]) for n, row in rows)
                    return cells[lead:]
                return cells
        raise TabularError("文件中没有内容（没有表头行）")

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        positions = self._positions
        pairs = [(i, f) for i, f in enumerate(positions) if f]
        width = len(positions)
        room = TABLE_IDLE_ROWS  # rows with nothing in the header's columns: this many, plus one per row kept
        if all(f for f in positions):
            fields = tuple(positions)
            for number, cells in self._rows:
                if len(cells) == width:
                    values = dict(zip(fields, cells, strict=True))
                else:
                    values = {f: (cells[i] if i < len(cells) else "") for i, f in pairs}
                if any(values.values()):
                    room += 1
                    yield number, values
                else:
                    room -= 1
                    if room < 0:
                        raise TabularError(idle_problem(self.format == "csv"))
        else:
            for number, cells in self._rows:
                values = {f: (cells[i] if i < len(cells) else "") for i, f in pairs}
                if any(values.values()):
                    room += 1
                    yield number, values
                else:
                    room -= 1
                    if room < 0:
                        raise TabularError(idle_problem(self.format == "csv"))

    def close(self) -> None:
        for rows in (getattr(self, "_rows", None), getattr(self, "_source", None)):
            if rows is not None and hasattr(rows, "close"):
                rows.close()  # stops the XLSX reader: closes the zip and the shared-string files
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> "Table":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def read_table(path: Path, columns: Sequence[Column], *, max_bytes: int | None,
               limits: TableLimits | None = None) -> Table:
    """Open a CSV/XLSX file for reading (raises TabularError for a file-level problem)."""
    return Table(path, columns, max_bytes=max_bytes, limits=limits)


# ---------------------------------------------------------------- uploads

@dataclass(frozen=True)
class StoredUpload:
    """An uploaded table kept in the file storage as imports/<sha256>.<ext> (ADR 0034)."""

    stored_name: str  # the name in default_storage
    sha256: str
    name: str  # the file name the user uploaded
    ext: str

    @contextmanager
    def local(self) -> Iterator[Path]:
        """The stored file as a local path for the readers (a temporary copy, removed afterwards)."""
        with local_copy(self.stored_name, suffix=f".{self.ext}") as path:
            yield path


def upload_extension(name: str) -> str:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "xls":
        raise TabularError(XLS_REFUSED)
    if ext not in CSV_EXTENSIONS | EXCEL_EXTENSIONS:
        raise TabularError(f"不支持的文件类型“{ext or '无扩展名'}”：请上传 .xlsx 或 .csv 文件")
    return ext


def stored_upload_name(sha256: str, ext: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256) or ext not in CSV_EXTENSIONS | EXCEL_EXTENSIONS:
        raise TabularError("导入文件标识无效，请重新上传")
    return stored_name(IMPORTS, sha256, ext)


def store_upload(uploaded, *, max_bytes: int | None) -> StoredUpload:
    """Keep an uploaded file (Django UploadedFile) in the file storage as imports/<sha256>.<ext>: the size is
    checked first, the bytes are hashed through a local temporary file, then stored once."""
    name = os.path.basename(getattr(uploaded, "name", "") or "")
    ext = upload_extension(name)
    check_size(uploaded.size or 0, max_bytes)
    digest = hashlib.sha256()
    with tempfile.TemporaryFile(prefix="anjian-upload-") as out:
        for chunk in uploaded.chunks():
            digest.update(chunk)
            out.write(chunk)
        out.seek(0)
        target = stored_upload_name(digest.hexdigest(), ext)
        keep_file(target, out)
    return StoredUpload(target, digest.hexdigest(), name, ext)


def _session_key(kind: str) -> str:
    return f"anjian.import.{kind}"


def upload_remember(session, kind: str, stored: StoredUpload) -> None:
    """The preview → confirm flow: the session names the one file its user may commit."""
    session[_session_key(kind)] = {"sha256": stored.sha256, "name": stored.name, "ext": stored.ext}


def upload_recall(session, kind: str, sha256: str) -> StoredUpload | None:
    data = session.get(_session_key(kind))
    if not data or data.get("sha256") != sha256:
        return None
    try:
        target = stored_upload_name(data["sha256"], data["ext"])
    except TabularError:
        return None
    return StoredUpload(target, data["sha256"], data["name"], data["ext"]) if stored_exists(target) else None


def upload_forget(session, kind: str) -> None:
    session.pop(_session_key(kind), None)


# ---------------------------------------------------------------- writing

def neutralise(value: Any) -> str:
    """A cell's text, with a leading quote when a spreadsheet would take it for a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = _ILLEGAL_XML.sub("", str(value))
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def write_xlsx(target: Path | IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]], *,
               title: str = "数据", widths: Sequence[int] | None = None,
               notes: Sequence[Sequence[str]] | None = None) -> None:
    """Write one sheet (header + rows, all cells as text) and an optional notes sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    for i, width in enumerate(widths or [max(10, len(h) * 2 + 2) for h in header], 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=neutralise(text))
        cell.font = bold
        cell.number_format = "@"
        cells.append(cell)
    sheet.append(cells)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    if notes:
        help_sheet = workbook.create_sheet("填写说明")
        help_sheet.column_dimensions["A"].width = 20
        help_sheet.column_dimensions["B"].width = 10
        help_sheet.column_dimensions["C"].width = 80
        for row in notes:
            help_sheet.append([neutralise(v) for v in row])
    workbook.save(target)
