"""Checks on an XLSX file before any of its rows is read (see docs/adr/0021-bounded-table-reading.md).

1. The zip container, from its central directory only (nothing is unpacked): entry count, total declared
   unpacked size, each entry's compression ratio, encryption and compression method.
2. The parts: package relationships → workbook → its first sheet (and the shared strings and styles).
3. The first sheet's XML, unpacked as a stream in 1 MiB blocks and scanned as bytes (no parser, no DOM):
   no DTD or entity declarations, the `<dimension>` it declares, any cell reference or row number beyond
   the limits, and the number of rows. Block boundaries carry at most one block of text over.

Everything refused raises TabularError with a Chinese message naming the problem and the limit.
"""

import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from xml.parsers import expat

from anjian.common.tabular_errors import TabularError
from anjian.common.xlsx_cells import MAX_DEPTH
from anjian.domain.sheet_bounds import (
    BULK_UNITS,
    EMPTY_ROW_UNITS,
    IDLE_UNITS,
    ITEM_UNITS,
    MAX_PART_ELEMENTS,
    TableLimits,
    extent_problem,
    idle_problem,
    number_above,
    over_limit_column_pattern,
    part_elements_problem,
    row_cells_problem,
    row_count_problem,
    split_reference,
    zip_problem,
)

BLOCK = 1 << 20
SMALL_PART_MAX = 32 << 20  # workbook, relationships: far smaller in any real file
CORRUPT = "无法读取 Excel 文件：文件已损坏、已加密或不是 xlsx 格式"
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\sref\s*=\s*[\"']([^\"']{1,64})[\"']")
_ROOT = re.compile(rb"<([\w.-]+:)?worksheet[\s>]")
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*?(?:encoding\s*=\s*[\"']([\w.-]+)[\"'])?[^>]*\?>")
_DOCUMENT_TYPES = ("/officeDocument",)


@dataclass(frozen=True)
class WorkbookParts:
    sheet: str  # zip entry of the first worksheet
    shared_strings: str | None
    styles: str | None
    date1904: bool
    plain: bool = False  # the sheet's XML is as Excel writes it: the fast reader may take it (xlsx_plain)


def open_zip(path: Path, limits: TableLimits) -> zipfile.ZipFile:
    """The container, checked from its directory; the caller closes it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise TabularError(CORRUPT) from exc
    try:
        infos = archive.infolist()
        problem = zip_problem(((i.filename, i.compress_size, i.file_size) for i in infos), limits)
        if problem:
            raise TabularError(problem)
        for info in infos:
            if info.flag_bits & 0x1:
                raise TabularError("Excel 文件已加密：请取消密码保护后另存为 xlsx 再上传")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise TabularError("Excel 文件使用了不支持的压缩方式，请在 Excel 或 WPS 中另存为 xlsx 后上传")
    except BaseException:
        archive.close()
        raise
    return archive


# ---------------------------------------------------------------- small XML parts

def _refuse_dtd(*_args) -> None:
    raise TabularError("Excel 文件含有 DTD 或实体声明，不是 Excel 生成的正常文件，已拒绝读取")


def new_parser(start: Callable | None = None, end: Callable | None = None,
               data: Callable | None = None, *, namespaces: bool = True,
               guard_depth: bool = False) -> expat.XMLParserType:
    """An expat parser that refuses DTDs and entities; names are "uri}local" unless namespaces=False.

    guard_depth: refuse XML nested deeper than MAX_DEPTH (expat keeps ~125 bytes per open element); the
    readers of the sheet and shared strings count depth in their own handlers."""
    if guard_depth:
        start, end = _depth_guarded(start, end)
    parser = expat.ParserCreate(namespace_separator="}") if namespaces else expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    if start:
        parser.StartElementHandler = start
    if end:
        parser.EndElementHandler = end
    if data:
        parser.buffer_text = True
        parser.buffer_size = 1 << 16
        parser.CharacterDataHandler = data
    return parser


def _depth_guarded(start: Callable | None, end: Callable | None) -> tuple[Callable, Callable]:
    depth = [0]

    def guarded_start(tag, attrs):
        depth[0] += 1
        if depth[0] > MAX_DEPTH:
            raise TabularError("Excel 文件结构异常：XML 嵌套层数过多，不是正常的表格文件")
        if start is not None:
            start(tag, attrs)

    def guarded_end(tag):
        depth[0] -= 1
        if end is not None:
            end(tag)

    return guarded_start, guarded_end


def feed(archive: zipfile.ZipFile, name: str, parser: expat.XMLParserType, *, max_bytes: int | None = None,
         stop: Callable[[], bool] | None = None) -> None:
    """Stream one part through a parser (stops early when stop() says so)."""
    info = archive.getinfo(name)
    if max_bytes is not None and info.file_size > max_bytes:
        raise TabularError(f"Excel 文件结构异常：部件“{name[:60]}”过大")
    try:
        with archive.open(info) as fh:
            while block := fh.read(BLOCK):
                parser.Parse(block, False)
                if stop is not None and stop():
                    return
            parser.Parse(b"", True)
    except TabularError:
        raise
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise TabularError(CORRUPT) from exc


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _counted(name: str, start: Callable) -> Callable:
    """start, refusing the part after MAX_PART_ELEMENTS elements (each costs a call into Python)."""
    seen = [0]

    def counted_start(tag, attrs):
        seen[0] += 1
        if seen[0] > MAX_PART_ELEMENTS:
            raise TabularError(part_elements_problem(name, MAX_PART_ELEMENTS))
        start(tag, attrs)

    return counted_start


def _relationships(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []

    def start(tag, attrs):
        if _local(tag) == "Relationship":
            found.append({_local(k): v for k, v in attrs.items()})

    feed(archive, name, new_parser(_counted(name, start), guard_depth=True), max_bytes=SMALL_PART_MAX)
    return found


def _entry(archive: zipfile.ZipFile, base: str, target: str) -> str | None:
    """A relationship target as a zip entry name (relative to base's folder), matched case-insensitively."""
    name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join(posixpath.dirname(base), target))
    if name in archive.NameToInfo:
        return name
    lowered = name.lower()
    return next((n for n in archive.NameToInfo if n.lower() == lowered), None)


def _rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def find_parts(archive: zipfile.ZipFile) -> WorkbookParts:
    """The first worksheet and its companions, through the package's relationships."""
    workbook = None
    if "_rels/.rels" in archive.NameToInfo:
        for rel in _relationships(archive, "_rels/.rels"):
            if rel.get("Type", "").endswith(_DOCUMENT_TYPES) and rel.get("Target"):
                workbook = _entry(archive, "", rel["Target"])
                break
    workbook = workbook or _entry(archive, "", "xl/workbook.xml")
    if workbook is None:
        raise TabularError("不是有效的 xlsx 文件：找不到工作簿（workbook.xml），请在 Excel 或 WPS 中另存为 xlsx 后上传")
    first_sheet: list[str] = []
    date1904: list[bool] = []

    def start(tag, attrs):
        local = _local(tag)
        if local == "workbookPr":
            date1904.append(attrs.get("date1904", "").lower() in ("1", "true"))
        elif local == "sheet" and not first_sheet:
            rid = next((v for k, v in attrs.items() if k.endswith("}id")), "")
            first_sheet.append(rid)
            parser.StartElementHandler = parser.EndElementHandler = None  # the rest of the block in C

    parser = new_parser(_counted(workbook, start), guard_depth=True)
    feed(archive, workbook, parser, max_bytes=SMALL_PART_MAX, stop=lambda: bool(first_sheet))
    if not first_sheet:
        raise TabularError("Excel 文件中没有工作表")
    rels = _relationships(archive, _rels_name(workbook)) if _rels_name(workbook) in archive.NameToInfo else []
    by_id = {r.get("Id"): r for r in rels}
    sheet_rel = by_id.get(first_sheet[0])
    if sheet_rel is None or not sheet_rel.get("Type", "").endswith("/worksheet"):
        raise TabularError("Excel 文件的第一个工作表不是数据表（可能是图表或宏表），请把数据放在第一个工作表")
    sheet = _entry(archive, workbook, sheet_rel.get("Target", ""))
    if sheet is None:
        raise TabularError("Excel 文件已损坏：找不到第一个工作表的内容")

    def companion(kind: str) -> str | None:
        rel = next((r for r in rels if r.get("Type", "").endswith(kind)), None)
        return _entry(archive, workbook, rel.get("Target", "")) if rel else None

    return WorkbookParts(sheet, companion("/sharedStrings"), companion("/styles"), bool(date1904 and date1904[0]))


# ---------------------------------------------------------------- the sheet, scanned as bytes

class SheetScanner:
    """Feeds on the sheet XML block by block and raises at the first thing beyond the limits.

    Each check is one C-level search or count over the block (literal prefixes keep the regular expressions
    fast): the scan costs about a tenth of reading the rows. It also estimates the work that would yield no
    value (tags beyond two per row and six per cell with content, rows without a cell with content) against
    the same allowance as the readers' WorkBudget, so that a sheet of empty cells, empty rows or other
    elements is refused before it is scanned to its end (the readers count exactly).
    """

    def __init__(self, limits: TableLimits):
        self.limits = limits
        reference = over_limit_column_pattern(limits)
        either_case = f"{reference}|{reference.lower()}".encode()
        self._cell_over = (re.compile(rb'r="(' + either_case + rb')"'), re.compile(rb"r='(" + either_case + rb")'"))
        self._row_number_over = number_above(limits.max_rows).encode()
        self._row_over: re.Pattern | None = None
        self._row_tag = b"<row"
        self.rows = self.cells = 0
        self.idle = 0
        self.allowed = IDLE_UNITS
        self.per_row = limits.max_columns * ITEM_UNITS
        self.plain = True  # UTF-8, no prefixes, comments, CDATA, processing instructions or '-quoted attributes
        self._carry = b""
        self._dimension_seen = False

    def feed(self, block: bytes) -> None:
        data = self._carry + block
        cut = data.rfind(b"<")
        if cut <= 0:
            cut = len(data)
        self._carry, data = data[cut:], data[:cut]
        self._check(data)

    def close(self) -> None:
        data, self._carry = self._carry, b""
        self._check(data)

    def _start(self, data: bytes) -> None:
        """On the first block: the root's namespace prefix (rows are <row> or <x:row>) and the <dimension>."""
        root = _ROOT.search(data)
        prefix = (root[1] if root else None) or b""
        declaration = _DECLARATION.match(data)
        if prefix or (declaration and declaration[1] and declaration[1].lower() not in (b"utf-8", b"utf8")):
            self.plain = False
        if declaration:
            data = data[declaration.end():]
        if b"<?" in data:
            self.plain = False
        self._row_tag = b"<" + prefix + b"row"
        self._row_over = re.compile(re.escape(self._row_tag) + rb"\s[^>]*?\br\s*=\s*[\"']\s*0*("
                                    + self._row_number_over + rb")(?![0-9])")
        self._row_numbered = self._row_tag + b' r="'  # as every writer puts it: the number first
        self._row_over_fast = re.compile(re.escape(self._row_numbered) + rb"\s*0*(" + self._row_number_over
                                         + rb")(?![0-9])")
        self._cell_end = b"</" + prefix + b"c>"

    def _check(self, data: bytes) -> None:
        if not data:
            return
        first = self._row_over is None
        if first:
            self._start(data)
        if b"<!" in data:  # a DTD is refused; a comment or CDATA section makes the sheet not plain
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                _refuse_dtd()
            self.plain = False
        if self.plain and (b"='" in data or (not first and b"<?" in data)):
            self.plain = False
        if not self._dimension_seen:
            m = _DIMENSION.search(data)
            self._dimension_seen = b"sheetData" in data  # the dimension comes before the data, or not at all
            if m:
                self._dimension_seen = True
                last = m[1].decode("ascii", "replace").split(":")[-1]
                cell = split_reference(last)
                problem = cell and extent_problem(*cell, self.limits)
                if problem:
                    raise TabularError(problem.replace("用到了", "声明的范围到"))
        for pattern in self._cell_over:
            m = pattern.search(data)
            if m:
                cell = split_reference(m[1].decode("ascii"))
                raise TabularError((cell and extent_problem(*cell, self.limits)) or "表格范围过大")
            if b"r='" not in data:
                break
        rows = data.count(self._row_tag)
        fast = rows > 4096 and rows == data.count(self._row_numbered)  # a block of (empty) rows: 4× faster
        m = (self._row_over_fast if fast else self._row_over).search(data)
        if m:
            raise TabularError(extent_problem(int(m[1]), None, self.limits) or "表格范围过大")
        self.rows += rows
        problem = row_count_problem(self.rows, self.limits)
        if problem:
            raise TabularError(problem)
        cells = data.count(self._cell_end)  # cells with content
        self.cells += cells
        if self.cells > (self.rows + 1024) * self.limits.max_columns:  # the reader names a row that has
            raise TabularError(row_cells_problem(None, self.limits.max_columns + 1, self.limits) or "表格列数过多")
        filled = min(rows, cells)  # at most this many rows have data
        spare = data.count(b"<") - rows - filled - 6 * cells  # a cell with content: c, v / f / is, t
        if spare > 0:
            self.idle += spare * BULK_UNITS
        self.idle += (rows - filled) * EMPTY_ROW_UNITS
        self.allowed += filled * self.per_row
        if self.idle > self.allowed:
            raise TabularError(idle_problem())


def scan_sheet(archive: zipfile.ZipFile, name: str, limits: TableLimits) -> SheetScanner:
    """Scan the sheet's XML as bytes; the scanner tells its number of <row> elements and whether it is plain."""
    scanner = SheetScanner(limits)
    try:
        with archive.open(name) as fh:
            while block := fh.read(BLOCK):
                scanner.feed(block)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise TabularError(CORRUPT) from exc
    scanner.close()
    return scanner


def inspect_xlsx(path: Path, limits: TableLimits) -> WorkbookParts:
    """All checks before reading; returns where the first sheet and its companions are."""
    with open_zip(path, limits) as archive:
        parts = find_parts(archive)
        scanner = scan_sheet(archive, parts.sheet, limits)
    return replace(parts, plain=scanner.plain)
