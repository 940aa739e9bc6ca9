"""An XLSX workbook's shared strings, read from their part only as far as the sheet's cells need them.

Excel numbers the shared strings in the order cells first use them, so the part is read block by block as
cell references reach further into it, never past SHARED_STRINGS_AHEAD strings beyond the number of cells
that referred to a shared string so far (anjian.domain.sheet_bounds.shared_string_problem): ten million
strings no cell uses are never read, and a cell referring to string 9,999,999 in a small sheet is refused
before they are. Strings read are written once to two temporary files (UTF-8 text and 32-bit offsets) and
read through read-only memory maps, so a million distinct strings cost no process memory beyond the
kernel's page cache. Markup beyond a string's text (rich-text runs and their properties) is work that
yields no value and is counted against the reading's WorkBudget.
"""

import mmap
import struct
import tempfile
import zipfile
from array import array
from collections.abc import Callable, Iterator

from anjian.common.tabular_errors import TabularError
from anjian.common.work_budget import WorkBudget
from anjian.common.xlsx_cells import MAX_DEPTH, NAMESPACES, TokenGuard, unquoted
from anjian.common.xlsx_guard import BLOCK, CORRUPT, new_parser
from anjian.common.xlsx_plain import NotPlain, plain_shared_strings
from anjian.domain.sheet_bounds import ITEM_UNITS, MAX_CELL_CHARS, cell_length_problem, shared_string_problem

_OFFSET = struct.Struct("=II")
MISSING = "Excel 文件已损坏：单元格引用了不存在的共享字符串"
CACHE_ENTRIES = 100_000
CACHE_CHARS = 4 << 20


class SharedStrings:
    """The workbook's shared strings; index like a list. `cells` is set by the sheet readers: how many cells
    referred to a shared string so far (it bounds how far ahead the part is read)."""

    def __init__(self, archive: zipfile.ZipFile, name: str | None, budget: WorkBudget):
        self.count = 0  # strings read from the part
        self.cells = 0
        self._ready = 0  # strings visible through the maps
        self._position = 0
        self._pending = array("I")  # end offsets not yet written to their file
        self._budget = budget
        self._text = tempfile.TemporaryFile(prefix="anjian-sst-")  # noqa: SIM115 - closed by close()
        self._offsets = tempfile.TemporaryFile(prefix="anjian-sst-")  # noqa: SIM115 - closed by close()
        self._offsets.write(bytes(4))  # the first string starts at 0
        self._text_map: mmap.mmap | None = None
        self._offset_map: mmap.mmap | None = None
        self._source: Iterator[None] | None = self._read(archive, name) if name is not None else None

    def _add(self, text: str) -> None:
        data = text.encode("utf-8")
        self._text.write(data)
        self._position += len(data)
        self._pending.append(self._position)
        self.count += 1

    def _read(self, archive: zipfile.ZipFile, name: str) -> Iterator[None]:
        """Reads the part one block further at each step (the fast reader, else expat from the start)."""
        try:
            yield from plain_shared_strings(archive, name, self._add, self._budget)
        except NotPlain:
            skip = self.count

            def add_after(text: str) -> None:
                nonlocal skip
                if skip:
                    skip -= 1
                else:
                    self._add(text)

            yield from _expat_strings(archive, name, add_after, self._budget)

    def _extend(self, index: int) -> None:
        problem = shared_string_problem(index, self.cells)
        if problem:
            raise TabularError(problem)
        while self.count <= index and self._source is not None:
            if next(self._source, False) is False:
                self._source = None
        self._publish()

    def _publish(self) -> None:
        self._pending.tofile(self._offsets)
        del self._pending[:]
        self._text.flush()
        self._offsets.flush()
        for old in (self._text_map, self._offset_map):
            if old is not None:
                old.close()
        self._text_map = mmap.mmap(self._text.fileno(), 0, access=mmap.ACCESS_READ) if self._position else None
        self._offset_map = mmap.mmap(self._offsets.fileno(), 0, access=mmap.ACCESS_READ) if self.count else None
        self._ready = self.count

    def __getitem__(self, index: int) -> str:
        if index >= self._ready:
            if index < 0:
                raise TabularError(MISSING)
            self._extend(index)
            if index >= self._ready:
                raise TabularError(MISSING)
        start, end = _OFFSET.unpack_from(self._offset_map, 4 * index)
        return self._text_map[start:end].decode("utf-8") if end > start else ""

    def cache(self) -> "_StringCache":
        """A dict of index → cell text (our export's formula quote undone), filled as strings are read, up to
        CACHE_ENTRIES entries and CACHE_CHARS characters: repeated strings (a county, an industry) cost one
        dict lookup, and a million distinct ones never fill memory."""
        return _StringCache(self)

    def close(self) -> None:
        if self._source is not None:
            self._source.close()  # closes the part
            self._source = None
        for resource in (self._text_map, self._offset_map, self._text, self._offsets):
            if resource is not None:
                resource.close()
        self._text_map = self._offset_map = None


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


def _expat_strings(archive: zipfile.ZipFile, name: str, add: Callable[[str], None],
                   budget: WorkBudget) -> Iterator[None]:
    """Any well-formed shared-strings part (prefixes, comments, CDATA…), one block per step."""
    SI, T, RPH, FREE = 1, 2, 3, 4
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
        elif code == FREE:
            pass
        elif code == RPH:
            rph += 1
            budget.spend(ITEM_UNITS)
        elif depth == 1:
            prefix = tag[:-3] if tag.endswith("sst") else None
            declared = attrs.get("xmlns:" + prefix[:-1]) if prefix else attrs.get("xmlns")
            if prefix is None or declared not in NAMESPACES:
                raise TabularError(CORRUPT)
            tags.update({prefix + "si": SI, prefix + "t": T, prefix + "rPh": RPH, prefix + "phoneticPr": FREE})
        elif depth > MAX_DEPTH:
            raise TabularError("Excel 文件结构异常：XML 嵌套层数过多，不是正常的表格文件")
        else:
            budget.spend(ITEM_UNITS)  # rich-text runs and their properties, or anything else

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

    parser = new_parser(start, end, data, namespaces=False)
    guard = TokenGuard()
    try:
        with archive.open(name) as fh:
            while block := fh.read(BLOCK):
                guard.check(block)
                parser.Parse(block, False)
                yield
            parser.Parse(b"", True)
    except TabularError:
        raise
    except Exception as exc:  # expat, zlib and zipfile raise several types for a broken part
        raise TabularError(CORRUPT) from exc
