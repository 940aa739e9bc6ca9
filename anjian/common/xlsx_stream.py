"""The first worksheet of an XLSX, row by row, in bounded memory (after the checks of anjian.common.xlsx_guard).

A sheet the scan found plain goes to the fast reader of anjian.common.xlsx_plain; anything else (and whatever
that reader leaves alone) to the expat reader here. One pass over the sheet XML, unpacked block by block:
memory holds one row (at most max_columns cells of at most 32,767 characters), the parser's buffers and the
styles' number-format kinds. Shared strings are read as cells need them (anjian.common.xlsx_strings).
Every bound (row numbers in order and within the limit, columns, cells in a row, cell length, nesting depth,
token length) is checked again here as the rows are read: the byte scan before is an early answer, not the
only guard. Work that yields no value (empty rows and cells, elements that are not cells, rich-text markup)
is counted against one WorkBudget per read (ADR 21); after </sheetData> the parser runs without handlers.

Cell values come out as the text a person typed, as python-calamine gave them before: 79.0 → "79",
dates by their number format → ISO dates, booleans → 是/否.
"""

import zipfile
from collections.abc import Iterator

from anjian.common.tabular_errors import TabularError
from anjian.common.work_budget import WorkBudget
from anjian.common.xlsx_cells import (
    _DIGITS,
    FORMULA_TRIGGERS,
    MAX_DEPTH,
    MAX_STYLES,
    NAMESPACES,
    TokenGuard,
    cell_text,
    number_text,
    typed_text,
    unquoted,
)
from anjian.common.xlsx_guard import BLOCK, CORRUPT, SMALL_PART_MAX, WorkbookParts, new_parser, open_zip
from anjian.common.xlsx_plain import NotPlain, plain_rows
from anjian.common.xlsx_strings import SharedStrings
from anjian.domain.input_bounds import digits
from anjian.domain.sheet_bounds import (
    EMPTY_ROW_UNITS,
    ITEM_UNITS,
    MAX_CELL_CHARS,
    MAX_STYLE_ELEMENTS,
    TableLimits,
    cell_length_problem,
    column_letters,
    column_number,
    extent_problem,
    part_elements_problem,
    row_cells_problem,
)
from anjian.domain.sheet_values import format_kind

__all__ = ["FORMULA_TRIGGERS", "SharedStrings", "cell_text", "sheet_rows", "style_kinds"]


def _names(local: str) -> tuple[str, ...]:
    return tuple(f"{ns}}}{local}" for ns in NAMESPACES)


def _parse(archive: zipfile.ZipFile, name: str, parser, *, max_bytes: int | None = None) -> Iterator[None]:
    """Feed a part to a parser block by block, yielding after each block (so callers can hand out rows)."""
    info = archive.getinfo(name)
    if max_bytes is not None and info.file_size > max_bytes:
        raise TabularError(f"Excel 文件结构异常：部件“{name[:60]}”过大")
    guard = TokenGuard()
    try:
        with archive.open(info) as fh:
            while block := fh.read(BLOCK):
                guard.check(block)
                parser.Parse(block, False)
                yield
            parser.Parse(b"", True)
            yield
    except TabularError:
        raise
    except Exception as exc:  # expat, zlib and zipfile raise several types for a broken part
        raise TabularError(CORRUPT) from exc


class _Depth:
    def __init__(self) -> None:
        self.level = 0

    def down(self) -> None:
        self.level += 1
        if self.level > MAX_DEPTH:
            raise TabularError("Excel 文件结构异常：XML 嵌套层数过多，不是正常的表格文件")


# ---------------------------------------------------------------- styles → number-format kinds

def style_kinds(archive: zipfile.ZipFile, name: str | None) -> list[str]:
    """For each cell format (the s attribute of a cell), "number", "date" or "duration".

    Only the number formats and the cell formats are needed: the parser drops its handlers after
    </cellXfs> (named styles, differential formats… are parsed in C), and at most MAX_STYLE_ELEMENTS
    elements before it are handled."""
    if name is None:
        return []
    codes: dict[int, str] = {}
    format_ids: list[int] = []
    cell_xfs, num_fmt, xf = set(_names("cellXfs")), set(_names("numFmt")), set(_names("xf"))
    depth = _Depth()
    inside = [False]
    elements = [0]

    def number(text: str | None) -> int:
        return int(text) if text and digits(text) and len(text) < 10 else 0

    def start(tag, attrs):
        depth.down()
        elements[0] += 1
        if elements[0] > MAX_STYLE_ELEMENTS:
            raise TabularError(part_elements_problem(name, MAX_STYLE_ELEMENTS))
        if tag in num_fmt and len(codes) < MAX_STYLES:
            codes[number(attrs.get("numFmtId"))] = attrs.get("formatCode", "")[:1000]
        elif tag in cell_xfs:
            inside[0] = True
        elif tag in xf and inside[0]:
            if len(format_ids) >= MAX_STYLES:
                raise TabularError("Excel 文件结构异常：单元格格式过多")
            format_ids.append(number(attrs.get("numFmtId")))

    def end(tag):
        depth.level -= 1
        if tag in cell_xfs:
            inside[0] = False
            parser.StartElementHandler = parser.EndElementHandler = None  # the rest is not needed

    parser = new_parser(start, end)
    for _ in _parse(archive, name, parser, max_bytes=SMALL_PART_MAX):
        if parser.StartElementHandler is None:
            break
    cache: dict[int, str] = {}
    kinds = []
    for format_id in format_ids:
        if format_id not in cache:
            cache[format_id] = format_kind(format_id, codes.get(format_id))
        kinds.append(cache[format_id])
    return kinds


# ---------------------------------------------------------------- the sheet

def sheet_rows(path, parts: WorkbookParts, limits: TableLimits) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts from column A) for each row with a value; raises TabularError.

    A plain sheet (see xlsx_guard) is read by the fast reader of xlsx_plain; if it meets a shape it leaves
    alone, this expat reader goes on after the last row handed out. One WorkBudget counts, for the sheet and
    its shared strings, the work that yields no value; each row with data adds room for max_columns items."""
    budget = WorkBudget(limits.max_columns * ITEM_UNITS)
    with open_zip(path, limits) as archive:
        kinds = style_kinds(archive, parts.styles)
        strings = SharedStrings(archive, parts.shared_strings, budget)
        try:
            handed_out = [0]
            if parts.plain:
                try:
                    yield from plain_rows(archive, parts, limits, kinds, strings, handed_out, budget)
                    return
                except NotPlain:
                    pass
            for number, values in _rows(archive, parts, limits, kinds, strings, budget):
                if number > handed_out[0]:
                    yield number, values
        finally:
            strings.close()


def _rows(archive, parts: WorkbookParts, limits: TableLimits, kinds: list[str],
          strings: SharedStrings, budget: WorkBudget) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows; shared strings are kept as indexes until a row is handed out, so a block of XML
    full of references to one long string never holds more than one row of text at a time.

    The parser runs without namespace processing (a fifth faster): the root element's prefix, which must be
    bound to the spreadsheet namespace, names the elements read."""
    max_rows, max_columns = limits.max_rows, limits.max_columns
    date1904 = parts.date1904
    columns = {column_letters(i): i for i in range(1, max_columns + 1)}
    kind_of = dict(enumerate(kinds))
    C, V, ROW, IS, T, RPH, F, SHEET_DATA = 1, 2, 3, 4, 5, 6, 7, 8
    tags: dict[str, int] = {}
    done: list[tuple[int, list, bool]] = []  # (row number, cells, has shared-string indexes)
    cells: list = []
    row = column = depth = rph = count = shared_cells = 0
    ref = cell_type = style = text = None
    collect = in_is = fix = False
    spend = budget.spend

    def root(tag: str, attrs: dict) -> None:
        prefix = tag[:-len("worksheet")] if tag.endswith("worksheet") else None
        declared = attrs.get("xmlns:" + prefix[:-1]) if prefix else attrs.get("xmlns")
        if prefix is None or declared not in NAMESPACES:
            raise TabularError("Excel 文件已损坏：第一个工作表不是有效的工作表")
        for code, local in ((C, "c"), (V, "v"), (ROW, "row"), (IS, "is"), (T, "t"), (RPH, "rPh"), (F, "f"),
                            (SHEET_DATA, "sheetData")):
            tags[prefix + local] = code

    def start(tag, attrs):
        nonlocal row, column, depth, rph, ref, cell_type, style, text, collect, in_is, fix, count
        depth += 1
        code = tags.get(tag)
        if code == C:
            ref, cell_type, style, text = attrs.get("r"), attrs.get("t"), attrs.get("s"), None
            count += 1
        elif code == V:
            collect = True
        elif code is None:
            if depth > MAX_DEPTH:
                raise TabularError("Excel 文件结构异常：XML 嵌套层数过多，不是正常的表格文件")
            if depth == 1:
                root(tag, attrs)
            else:
                spend(ITEM_UNITS)  # an element that is not a cell (before the data, rich-text markup…)
        elif code == ROW:
            r = attrs.get("r")
            number = int(r) if r and digits(r) and len(r) < 12 else row + 1
            if number <= row:
                raise TabularError(f"Excel 文件结构异常：第 {number} 行出现在第 {row} 行之后（行的顺序错乱）")
            if number > max_rows:
                raise TabularError(extent_problem(number, None, limits) or "表格范围过大")
            row, column, fix, count = number, 0, False, 0
            cells.clear()
        elif code == T:
            collect = in_is and not rph
        elif code == IS:
            in_is = True
        elif code == RPH:
            rph += 1
            spend(ITEM_UNITS)

    def end(tag):
        nonlocal depth, column, collect, in_is, rph, fix, shared_cells
        depth -= 1
        code = tags.get(tag)
        if code in (V, T):
            collect = False
        elif code == C:
            if ref:
                at = columns.get(ref.rstrip(_DIGITS))
                if at is None:
                    try:
                        at = column_number(ref.rstrip(_DIGITS))
                    except ValueError:
                        raise TabularError(f"Excel 文件已损坏：无效的单元格引用“{ref[:20]}”") from None
            else:
                at = column + 1
            if at > max_columns:
                raise TabularError(extent_problem(row, at, limits) or "表格范围过大")
            column = at
            if count > max_columns:
                raise TabularError(row_cells_problem(row, count, limits) or "表格列数过多")
            if not text:
                spend(ITEM_UNITS)
                return
            if cell_type == "s":
                if not digits(text) or len(text) > 11:
                    raise TabularError("Excel 文件已损坏：单元格引用了不存在的共享字符串")
                value = int(text)
                fix = True
                shared_cells += 1
            elif cell_type is None or cell_type == "n":
                if style is None or style == "0":
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
            if value == "":
                spend(ITEM_UNITS)
                return
            width = len(cells)
            if at > width:
                if at > width + 1:
                    cells.extend([""] * (at - width - 1))
                cells.append(value)
            else:
                cells[at - 1] = value
        elif code == ROW:
            if cells:
                done.append((row, cells.copy(), fix))
            else:
                spend(EMPTY_ROW_UNITS)
        elif code == IS:
            in_is = False
        elif code == RPH:
            rph -= 1
        elif code == SHEET_DATA:  # nothing after it is read (the rest of this block is parsed in C)
            parser.StartElementHandler = parser.EndElementHandler = parser.CharacterDataHandler = None

    def data(chunk):
        nonlocal text
        if collect:
            text = chunk if text is None else text + chunk
            if len(text) > MAX_CELL_CHARS:
                raise TabularError(f"第 {row} 行：{cell_length_problem(len(text))}")

    parser = new_parser(start, end, data, namespaces=False)
    cache = strings.cache()
    for _ in _parse(archive, parts.sheet, parser):
        strings.cells = shared_cells
        for number, values, shared in done:
            if shared:
                values = [cache[v] if v.__class__ is int else v for v in values]
                while values and not values[-1]:  # as the fast reader: empty texts are not kept
                    values.pop()
                    spend(ITEM_UNITS)
                if not values:
                    continue
            budget.row()
            yield number, values
        done.clear()
        if parser.StartElementHandler is None:
            return
