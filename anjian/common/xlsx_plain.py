"""The fast reader for sheets laid out as Excel writes them (after anjian.common.xlsx_guard found them plain:
UTF-8, no namespace prefixes, comments, CDATA, processing instructions or '-quoted attributes).

The sheet XML is unpacked block by block; expat, without handlers (in C), checks every byte is well-formed
XML before any row from it is handed out, and regular expressions take complete rows out of the decoded
blocks. In well-formed XML without comments, CDATA or processing instructions every "<" starts a tag, so the
expressions cannot be fooled by text. Cells of any other shape (pretty-printed, rich inline text, unknown
elements) raise NotPlain, and the caller goes on with the expat reader of anjian.common.xlsx_stream, which
skips the rows already handed out: both readers give the same rows and enforce the same bounds, this one
about 1.4 times as fast.
"""

import html
import re
import zipfile
from collections.abc import Iterator

from anjian.common.tabular_errors import TabularError
from anjian.common.work_budget import WorkBudget
from anjian.common.xlsx_cells import NAMESPACES, TokenGuard, number_text, typed_text, unquoted
from anjian.common.xlsx_guard import BLOCK, CORRUPT, WorkbookParts, new_parser
from anjian.domain.input_bounds import digits
from anjian.domain.sheet_bounds import (
    BULK_UNITS,
    EMPTY_ROW_UNITS,
    ITEM_UNITS,
    MAX_CELL_CHARS,
    TableLimits,
    cell_length_problem,
    column_letters,
    column_number,
    extent_problem,
    letters_above,
    row_cells_problem,
)

MAX_PENDING = BLOCK  # bytes of one row kept while waiting for its end (expat validates them meanwhile)
_ATTRS = r'((?:\s+[^\s=/>]+\s*=\s*"[^"]*")*)'
# One pass over a run of complete rows: a row's start tag (its attributes, "/" when empty), a row's end, a cell
# (canonical r/s/t attributes as Excel orders them, any others, then <v>text</v> or other content), or junk.
_TOKEN = re.compile(
    r"<(row)" + _ATTRS + r"\s*(/?)>|(</row>)"
    r'|<c(?: r="([A-Z]{1,3})[0-9]{1,7}")?(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?' + _ATTRS
    + r"\s*(?:/>|><v>([^<&\r]{1,32767})</v></c>|>(.*?)</c>)|(\S)", re.S)
_ROW_R = re.compile(r'\sr\s*=\s*"([^"]*)"')
_ATTR = re.compile(r'([^\s=/>]+)\s*=\s*"([^"]*)"')
_F = r'<f(?:\s+[^\s=/>]+="[^"]*")*\s*(?:/>|>[^<]*</f>)'
_INNER = re.compile(rf'(?:{_F})?(?:<v>([^<]*)</v>|<v/>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>|<is><t/></is>)?')


class NotPlain(Exception):
    """The sheet has a shape the fast reader leaves to the expat reader."""


def _xml_text(text: str) -> str:
    """Character data as an XML parser gives it: line ends normalised, references resolved (expat has checked them)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return html.unescape(text) if "&" in text else text


def plain_rows(archive: zipfile.ZipFile, parts: WorkbookParts, limits: TableLimits, kinds: list[str],
               strings, handed_out: list[int], budget: WorkBudget) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) as xlsx_stream gives them; `handed_out[0]` tracks the last row yielded."""
    validator = new_parser(namespaces=False)
    guard = TokenGuard()
    reader = _Rows(limits, kinds, strings, parts.date1904, budget)
    buffer = b""
    root: re.Match | None = None  # the root element <worksheet xmlns="…spreadsheetml…">, in the first block
    rooted = False
    inside: bool | None = None  # before <sheetData>, inside it, after it
    try:
        with archive.open(parts.sheet) as fh:
            while True:
                block = fh.read(BLOCK)
                if block:
                    guard.check(block)
                    validator.Parse(block, False)
                else:
                    validator.Parse(b"", True)
                buffer += block
                if inside is None:
                    if root is None:
                        root = _ROOT.search(buffer)
                        if root is None and (not block or len(buffer) > BLOCK):
                            raise NotPlain  # the expat reader names the problem
                        rooted = root is not None and any(f'xmlns="{ns}"'.encode() in root[0] for ns in NAMESPACES)
                        if root is not None and not rooted:
                            raise NotPlain
                        if not rooted:
                            continue
                    start = buffer.find(b"<sheetData")
                    close = buffer.find(b">", start) if start >= 0 else -1
                    if close < 0:
                        if not block:
                            return
                        raise NotPlain  # far into the sheet: unusual, and the expat reader bounds its nesting
                    head = buffer[root.start():start]
                    depth = (head.count(b"<") - head.count(b"<?") - 2 * head.count(b"</") - head.count(b"/>"))
                    if depth != 1:
                        raise NotPlain  # <sheetData> not directly in <worksheet>: the expat reader decides
                    inside, buffer = buffer[close - 1:close] != b"/", buffer[close + 1:]
                    if not inside:
                        return  # <sheetData/>: no rows
                end = buffer.find(b"</sheetData>")
                if end >= 0:
                    chunk, buffer, inside = buffer[:end], b"", False
                else:
                    if not block:
                        raise TabularError(CORRUPT)
                    cut = buffer.rfind(b"<row")
                    if cut <= 0:
                        if len(buffer) > MAX_PENDING:
                            raise NotPlain  # a row of more than a block: the expat reader bounds its nesting
                        continue
                    chunk, buffer = buffer[:cut], buffer[cut:]
                for row in reader.rows(chunk.decode("utf-8")):
                    handed_out[0] = row[0]
                    yield row
                if inside is False:
                    return  # nothing after </sheetData> is read
    except (TabularError, NotPlain):
        raise
    except Exception as exc:  # expat, zlib, zipfile and UTF-8 decoding raise several types for a broken part
        raise TabularError(CORRUPT) from exc


class _Rows:
    """Rows out of decoded sheetData text; the same checks and values as xlsx_stream's expat handlers.

    Empty cells as Excel writes them (formatted blanks: `<c r="B7" s="3"/>`, columns within the limit) are
    dropped in bulk by one substitution and counted against the budget at BULK_UNITS; any other empty cell
    and a cell whose value is empty at ITEM_UNITS, an empty row at EMPTY_ROW_UNITS (rows are not dropped in
    bulk: their numbers are checked here, as by the expat reader)."""

    def __init__(self, limits: TableLimits, kinds: list[str], strings, date1904: bool, budget: WorkBudget):
        self.limits = limits
        self.columns = {column_letters(i): i for i in range(1, limits.max_columns + 1)}
        self.kind_of = dict(enumerate(kinds))
        self.strings = strings
        self.cache = strings.cache()
        self.date1904 = date1904
        self.budget = budget
        self.row = 0
        self.shared_cells = 0
        within = f"(?!(?:{letters_above(limits.max_columns)})[0-9])[A-Z]{{1,3}}[0-9]{{1,7}}"
        self.empty_cell = re.compile(f'<c r="{within}"(?: s="[0-9]{{1,9}}")?/>')

    def rows(self, text: str) -> Iterator[tuple[int, list[str]]]:
        limits, max_rows, max_columns = self.limits, self.limits.max_rows, self.limits.max_columns
        columns, kind_of, date1904, cache = self.columns, self.kind_of, self.date1904, self.cache
        budget, strings, spend, per_row = self.budget, self.strings, self.budget.spend, self.budget.per_row
        if text.count('"/>') > 256:  # a few are cheaper one by one
            text, dropped = self.empty_cell.subn("", text)
            spend(dropped * BULK_UNITS)
        shared_cells = self.shared_cells
        cells: list = []
        row = column = count = 0
        open_row = False
        for (is_row, row_attrs, empty, row_end, letters, style, cell_type, extra, simple, inner,
             junk) in _TOKEN.findall(text):
            if row_end:
                if not open_row:
                    raise NotPlain
                open_row = False
                if cells:
                    budget.allowed += per_row
                    strings.cells = shared_cells
                    yield row, cells
                else:
                    spend(EMPTY_ROW_UNITS)
                continue
            if junk:
                raise NotPlain
            if is_row:
                if open_row:
                    raise NotPlain  # a row inside a row
                m = _ROW_R.search(row_attrs) if row_attrs else None
                r = m[1] if m else None
                number = int(r) if r and digits(r) and len(r) < 12 else self.row + 1
                if number <= self.row:
                    raise TabularError(f"Excel 文件结构异常：第 {number} 行出现在第 {self.row} 行之后（行的顺序错乱）")
                if number > max_rows:
                    raise TabularError(extent_problem(number, None, limits) or "表格范围过大")
                self.row = row = number
                open_row, cells, column, count = not empty, [], 0, 0
                if empty:
                    spend(EMPTY_ROW_UNITS)
                continue
            if not open_row:
                raise NotPlain  # a cell outside a row
            if extra:
                if extra.count("=") > 8:
                    raise NotPlain  # many attributes: expat reads them in C
                for key, value in _ATTR.findall(extra):
                    if key == "r":  # as the expat reader: no reference → the next column; digits only → invalid
                        letters = (value.rstrip("0123456789") or "?") if value else ""
                    elif key == "s":
                        style = value
                    elif key == "t":
                        cell_type = value
            if letters:
                at = columns.get(letters)
                if at is None:
                    try:
                        at = column_number(letters)
                    except ValueError:
                        raise TabularError(f"Excel 文件已损坏：无效的单元格引用“{letters[:20]}”") from None
            else:
                at = column + 1
            if at > max_columns:
                raise TabularError(extent_problem(row, at, limits) or "表格范围过大")
            column = at
            count += 1
            if count > max_columns:
                raise TabularError(row_cells_problem(row, count, limits) or "表格列数过多")
            if simple:  # <v>text</v> without references or carriage returns, at most 32,767 characters
                text = simple
            elif inner:
                if "<c" in inner or "<row" in inner:
                    raise NotPlain
                m = _INNER.fullmatch(inner)
                if m is None:
                    raise NotPlain
                text = m[1] if m[1] is not None else (m[2] or "")
                if not text:
                    spend(ITEM_UNITS)
                    continue
                if "&" in text or "\r" in text:
                    text = _xml_text(text)
                if len(text) > MAX_CELL_CHARS:
                    raise TabularError(f"第 {row} 行：{cell_length_problem(len(text))}")
            else:
                spend(ITEM_UNITS)
                continue
            if cell_type == "s":
                if not digits(text) or len(text) > 11:
                    raise TabularError("Excel 文件已损坏：单元格引用了不存在的共享字符串")
                shared_cells += 1
                value = cache[int(text)]  # rows are handed out one at a time: no block of them holds texts
            elif not cell_type or cell_type == "n":
                if not style or style == "0":
                    if digits(text) and len(text) < 16 and (text[0] != "0" or len(text) == 1):
                        value = text  # as number_text would give it, without the call
                    else:
                        value = number_text(text, "number", date1904)
                else:
                    kind = kind_of.get(int(style), "number") if digits(style) and len(style) < 10 else "number"
                    value = number_text(text, kind, date1904)
            elif cell_type == "inlineStr":
                value = unquoted(text) if text[0] == "'" else text
            else:
                value = typed_text(text, cell_type)
                if value[:1] == "'":
                    value = unquoted(value)
            if not value:
                spend(ITEM_UNITS)
                continue
            width = len(cells)
            if at == width + 1:
                cells.append(value)
            elif at > width:
                cells.extend([""] * (at - width - 1))
                cells.append(value)
            else:
                cells[at - 1] = value
        self.shared_cells = shared_cells
        if open_row:
            raise NotPlain  # the caller cuts text between rows: an open row here is not plain


# ---------------------------------------------------------------- shared strings

_SST_START = re.compile(rb"<sst\b[^>]*>")
_ROOT = re.compile(rb"<worksheet\b[^>]*>")
_DECLARATION = re.compile(rb"\s*(?:\xef\xbb\xbf)?(?:<\?xml[^>]*?(?:encoding\s*=\s*\"([\w.-]+)\")?[^>]*\?>)?\s*")
_SI = re.compile(r'<si><t(?: xml:space="preserve")?>([^<&\r]{0,32767})</t>(?:<phoneticPr(?: [a-zA-Z]+="[^"]*")*/>)?</si>'
                 r"|<si>(.*?)</si>|(<si/>)|(\S)", re.S)
_PREFIXED = re.compile(rb"</?[\w.-]+:")


def plain_shared_strings(archive: zipfile.ZipFile, name: str, add, budget: WorkBudget) -> Iterator[None]:
    """Calls add(text) for each shared string in order, one block of the part per step; raises NotPlain for a
    part the expat reader must take (the caller then starts again with it). Rich text (runs, phonetic guides)
    goes through expat one item at a time, its markup counted against the budget."""
    validator = new_parser(namespaces=False)
    guard = TokenGuard()
    buffer = b""
    state = "head"
    try:
        with archive.open(name) as fh:
            while True:
                block = fh.read(BLOCK)
                if block:
                    guard.check(block)
                    validator.Parse(block, False)
                    if b"<!" in block or b"='" in block or _PREFIXED.search(block):
                        raise NotPlain
                else:
                    validator.Parse(b"", True)
                if state == "done":
                    if not block:
                        return
                    yield
                    continue
                buffer += block
                if state == "head":
                    m = _SST_START.search(buffer)
                    if m is None:
                        if not block or len(buffer) > BLOCK:
                            raise NotPlain
                        yield
                        continue
                    head = _DECLARATION.fullmatch(buffer[:m.start()])
                    if head is None or (head[1] and head[1].lower() not in (b"utf-8", b"utf8")):
                        raise NotPlain
                    if not any(f'xmlns="{ns}"'.encode() in m[0] for ns in NAMESPACES):
                        raise NotPlain
                    state, buffer = ("done" if m[0].endswith(b"/>") else "items"), buffer[m.end():]
                    if state == "done":
                        yield
                        continue
                end = buffer.find(b"</sst>")
                if end >= 0:
                    chunk, buffer, state = buffer[:end], b"", "done"
                elif not block:
                    raise NotPlain
                else:
                    cut = buffer.rfind(b"<si")
                    if cut <= 0:
                        if len(buffer) > MAX_PENDING:
                            raise NotPlain
                        yield
                        continue
                    chunk, buffer = buffer[:cut], buffer[cut:]
                for simple, rich, _empty, junk in _SI.findall(chunk.decode("utf-8")):
                    if junk:
                        raise NotPlain
                    add(simple if not rich else _rich_text(rich, budget))
                yield
    except (TabularError, NotPlain):
        raise
    except Exception as exc:
        raise TabularError(CORRUPT) from exc


def _rich_text(inner: str, budget: WorkBudget) -> str:
    """One <si>'s text: its <t> elements outside phonetic guides (<rPh>), as the expat reader reads it; the
    markup around them (runs, their properties) is counted against the budget, as by the expat reader."""
    if "<si" in inner:
        raise NotPlain
    parts: list[str] = []
    state = {"collect": False, "rph": 0}

    def start(tag, _attrs):
        if tag == "t":
            state["collect"] = not state["rph"]
        elif tag == "rPh":
            state["rph"] += 1
            budget.spend(ITEM_UNITS)
        elif tag not in ("si", "phoneticPr"):
            budget.spend(ITEM_UNITS)

    def end(tag):
        if tag == "t":
            state["collect"] = False
        elif tag == "rPh":
            state["rph"] -= 1

    def data(text):
        if state["collect"]:
            parts.append(text)

    new_parser(start, end, data, namespaces=False).Parse(f"<si>{inner}</si>".encode(), True)
    text = "".join(parts)
    if len(text) > MAX_CELL_CHARS:
        raise TabularError(cell_length_problem(len(text)) or CORRUPT)
    return text
