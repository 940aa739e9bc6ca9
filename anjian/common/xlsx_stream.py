"""The first worksheet of an XLSX, row by row, in bounded memory (after the checks of anjian.common.xlsx_guard).

A sheet the scan found plain goes to the fast reader of anjian.common.xlsx_plain; anything else (and whatever
that reader leaves alone) to the expat reader here. One pass over the sheet XML, unpacked block by block:
memory holds one row (at most max_columns cells of at most 32,767 characters), the parser's buffers and the
styles' number-format kinds. Shared strings are written once to two temporary files (UTF-8 text and 32-bit offsets) and read back through
read-only memory maps, so a million distinct strings cost no process memory beyond the kernel's page cache.
Every bound (row numbers in order and within the limit, columns, cell length, nesting depth, token length)
is checked again here as the rows are read: the byte scan before is an early answer, not the only guard.

Cell values come out as the text a person typed, as python-calamine gave them before: 79.0 → "79",
dates by their number format → ISO dates, booleans → 是/否.
"""

import mmap
import struct
import tempfile
import zipfile
from array import array
from collections.abc import Iterator

from anjian.common.tabular_errors import TabularError
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
from anjian.common.xlsx_plain import NotPlain, plain_rows, plain_shared_strings
from anjian.domain.input_bounds import digits
from anjian.domain.sheet_bounds import (
    MAX_CELL_CHARS,
    TableLimits,
    cell_length_problem,
    column_letters,
    column_number,
    extent_problem,
)
from anjian.domain.sheet_values import format_kind

__all__ = ["FORMULA_TRIGGERS", "SharedStrings", "cell_text", "sheet_rows", "style_kinds"]
_OFFSET = struct.Struct("=II")


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


# ---------------------------------------------------------------- shared strings

class SharedStrings:
    """The workbook's shared strings in temporary files, mapped read-only; index like a list."""

    def __init__(self, archive: zipfile.ZipFile, name: str | None):
        self.count = 0
        self._text = tempfile.TemporaryFile(prefix="anjian-sst-")  # noqa: SIM115 - closed by close()
        self._offsets = tempfile.TemporaryFile(prefix="anjian-sst-")  # noqa: SIM115 - closed by close()
        self._text_map: mmap.mmap | None = None
        self._offset_map: mmap.mmap | None = None
        try:
            if name is not None:
                self._load(archive, name)
        except BaseException:
            self.close()
            raise

    def _load(self, archive: zipfile.ZipFile, name: str) -> None:
        offsets = array("I", [0])
        write = self._text.write
        position = 0

        def add(text: str) -> None:
            nonlocal position
            data = text.encode("utf-8")
            write(data)
            position += len(data)
            offsets.append(position)
            if len(offsets) >= 1 << 16:
                offsets[:-1].tofile(self._offsets)
                del offsets[:-1]

        try:
            plain_shared_strings(archive, name, add)
        except NotPlain:
            for part in (self._text, self._offsets):
                part.seek(0)
                part.truncate()
            del offsets[1:]
            offsets[0] = position = 0
            self._load_expat(archive, name, add)
        self._finish(offsets, position)

    def _load_expat(self, archive: zipfile.ZipFile, name: str, add) -> None:
        SI, T, RPH = 1, 2, 3
        tags: dict[str, int] = {}
        parts: list[str] = []
        depth = rph = size = 0
        in_si = collect = False

        def start(tag, attrs):
            nonlocal depth, rph, size, in_si, collect
            depth += 1
            code = tags.get(tag)
            if code == T:
                collect = in_si and not rph
            elif code == SI:
                in_si, size = True, 0
                parts.clear()
            elif code == RPH:
                rph += 1
            elif depth == 1:
                prefix = tag[:-3] if tag.endswith("sst") else None
                declared = attrs.get("xmlns:" + prefix[:-1]) if prefix else attrs.get("xmlns")
                if prefix is None or declared not in NAMESPACES:
                    raise TabularError(CORRUPT)
                tags.update({prefix + "si": SI, prefix + "t": T, prefix + "rPh": RPH})
            elif depth > MAX_DEPTH:
                raise TabularError("Excel 文件结构异常：XML 嵌套层数过多，不是正常的表格文件")

        def end(tag):
            nonlocal depth, rph, in_si, collect
            depth -= 1
            code = tags.get(tag)
            if code == T:
                collect = False
            elif code == SI:
                in_si = False
                add((parts[0] if len(parts) == 1 else "".join(parts)) if parts else "")
            elif code == RPH:
                rph -= 1

        def data(text):
            nonlocal size
            if collect:
                size += len(text)
                if size > MAX_CELL_CHARS:
                    raise TabularError(cell_length_problem(size) or CORRUPT)
                parts.append(text)

        for _ in _parse(archive, name, new_parser(start, end, data, namespaces=False)):
            pass

    def _finish(self, offsets: array, position: int) -> None:
        offsets.tofile(self._offsets)
        self._text.flush()
        self._offsets.flush()
        self.count = self._offsets.tell() // 4 - 1
        if position:
            self._text_map = mmap.mmap(self._text.fileno(), 0, access=mmap.ACCESS_READ)
        if self.count:
            self._offset_map = mmap.mmap(self._offsets.fileno(), 0, access=mmap.ACCESS_READ)

    def __getitem__(self, index: int) -> str:
        if not 0 <= index < self.count:
            raise TabularError("Excel 文件已损坏：单元格引用了不存在的共享字符串")
        start, end = _OFFSET.unpack_from(self._offset_map, 4 * index)
        return self._text_map[start:end].decode("utf-8") if end > start else ""

    def cache(self) -> "_StringCache":
        """A dict of index → cell text (our export's formula quote undone), filled as strings are read, up to
        CACHE_ENTRIES entries and CACHE_CHARS characters: repeated strings (a county, an industry) cost one
        dict lookup, and a million distinct ones never fill memory."""
        return _StringCache(self)

    def close(self) -> None:
        for resource in (self._text_map, self._offset_map, self._text, self._offsets):
            if resource is not None:
                resource.close()
        self._text_map = self._offset_map = None


CACHE_ENTRIES = 100_000
CACHE_CHARS = 4 << 20


class _StringCache(dict):
    def __init__(self, strings: SharedStrings):
        super().__init__()
        self._strings = strings
        self._room = CACHE_CHARS

    def __missing__(self, index: int) -> str:
        text = unquoted(self._strings[index])
        if len(self) < CACHE_ENTRIES and len(text) <= self._room:
            self._room -= len(text)
            self[index] = text
        return text


# ---------------------------------------------------------------- styles → number-format kinds

def style_kinds(archive: zipfile.ZipFile, name: str | None) -> list[str]:
    """For each cell format (the s attribute of a cell), "number", "date" or "duration"."""
    if name is None:
        return []
    codes: dict[int, str] = {}
    format_ids: list[int] = []
    cell_xfs, num_fmt, xf = set(_names("cellXfs")), set(_names("numFmt")), set(_names("xf"))
    depth = _Depth()
    inside = [False]

    def number(text: str | None) -> int:
        return int(text) if text and digits(text) and len(text) < 10 else 0

    def start(tag, attrs):
        depth.down()
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

    for _ in _parse(archive, name, new_parser(start, end), max_bytes=SMALL_PART_MAX):
        pass
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
    alone, this expat reader goes on after the last row handed out."""
    with open_zip(path, limits) as archive:
        kinds = style_kinds(archive, parts.styles)
        strings = SharedStrings(archive, parts.shared_strings)
        try:
            handed_out = [0]
            if parts.plain:
                try:
                    yield from plain_rows(archive, parts, limits, kinds, strings, handed_out)
                    return
                except NotPlain:
                    pass
            for number, values in _rows(archive, parts, limits, kinds, strings):
                if number > handed_out[0]:
                    yield number, values
        finally:
            strings.close()


def _rows(archive, parts: WorkbookParts, limits: TableLimits, kinds: list[str],
          strings: SharedStrings) -> Iterator[tuple[int, list[str]]]:
    """The sheet's rows; shared strings are kept as indexes until a row is handed out, so a block of XML
    full of references to one long string never holds more than one row of text at a time.

    The parser runs without namespace processing (a fifth faster): the root element's prefix, which must be
    bound to the spreadsheet namespace, names the elements read."""
    max_rows, max_columns = limits.max_rows, limits.max_columns
    date1904 = parts.date1904
    columns = {column_letters(i): i for i in range(1, max_columns + 1)}
    kind_of = dict(enumerate(kinds))
    C, V, ROW, IS, T, RPH = 1, 2, 3, 4, 5, 6
    tags: dict[str, int] = {}
    done: list[tuple[int, list, bool]] = []  # (row number, cells, has shared-string indexes)
    cells: list = []
    row = column = depth = rph = 0
    ref = cell_type = style = text = None
    collect = in_is = fix = False

    def root(tag: str, attrs: dict) -> None:
        prefix = tag[:-len("worksheet")] if tag.endswith("worksheet") else None
        declared = attrs.get("xmlns:" + prefix[:-1]) if prefix else attrs.get("xmlns")
        if prefix is None or declared not in NAMESPACES:
            raise TabularError("Excel 文件已损坏：第一个工作表不是有效的工作表")
        for code, local in ((C, "c"), (V, "v"), (ROW, "row"), (IS, "is"), (T, "t"), (RPH, "rPh")):
            tags[prefix + local] = code

    def start(tag, attrs):
        nonlocal row, column, depth, rph, ref, cell_type, style, text, collect, in_is, fix
        depth += 1
        code = tags.get(tag)
        if code == C:
            ref, cell_type, style, text = attrs.get("r"), attrs.get("t"), attrs.get("s"), None
        elif code == V:
            collect = True
        elif code is None:
            if depth > MAX_DEPTH:
                raise TabularError("Excel 文件结构异常：XML 嵌套层数过多，不是正常的表格文件")
            if depth == 1:
                root(tag, attrs)
        elif code == ROW:
            r = attrs.get("r")
            number = int(r) if r and digits(r) and len(r) < 12 else row + 1
            if number <= row:
                raise TabularError(f"Excel 文件结构异常：第 {number} 行出现在第 {row} 行之后（行的顺序错乱）")
            if number > max_rows:
                raise TabularError(extent_problem(number, None, limits) or "表格范围过大")
            row, column, fix = number, 0, False
            cells.clear()
        elif code == T:
            collect = in_is and not rph
        elif code == IS:
            in_is = True
        elif code == RPH:
            rph += 1

    def end(tag):
        nonlocal depth, column, collect, in_is, rph, fix
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
            if not text:
                return
            if cell_type == "s":
                if not digits(text) or len(text) > 11:
                    raise TabularError("Excel 文件已损坏：单元格引用了不存在的共享字符串")
                value = int(text)
                fix = True
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
        elif code == IS:
            in_is = False
        elif code == RPH:
            rph -= 1

    def data(chunk):
        nonlocal text
        if collect:
            text = chunk if text is None else text + chunk
            if len(text) > MAX_CELL_CHARS:
                raise TabularError(f"第 {row} 行：{cell_length_problem(len(text))}")

    parser = new_parser(start, end, data, namespaces=False)
    cache = strings.cache()
    for _ in _parse(archive, parts.sheet, parser):
        for number, values, shared in done:
            if shared:
                values = [cache[v] if v.__class__ is int else v for v in values]
                if not any(values):
                    continue
            yield number, values
        done.clear()


