"""The rows of an uploaded CSV file, within the bounds of ADR 21.

Lines are read with `readline(limit)` (a line over MAX_LINE_CHARS and a NUL are refused), cells are bounded
at MAX_CELL_CHARS, filled cells past the column limit and rows past the row limit are refused with their line
number, and blank rows (no cell with a character) are work that yields no value, counted against a
WorkBudget (one blank row allowed for each row with data, beyond the fixed allowance).

Before any row is read, a file with more line ends than the row limit is counted in C (line ends, then, if
there are too many, records through the csv module without a Python call per row), so that twenty million
blank lines are refused in a fraction of a second instead of being read up to the limit.
"""

import codecs
import collections
import csv
import functools
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from anjian.common.tabular_errors import TabularError
from anjian.common.work_budget import WorkBudget
from anjian.domain.sheet_bounds import (
    ITEM_UNITS,
    MAX_CELL_CHARS,
    MAX_LINE_CHARS,
    TableLimits,
    cell_length_problem,
    extent_problem,
    row_count_problem,
)

ENCODING_LABELS = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "gb18030": "GBK/GB18030"}
_BLOCK = 1 << 20


class _BoundedLines:
    """Physical lines of at most MAX_LINE_CHARS; NUL (never in a CSV, not storable in PostgreSQL) refused.
    `chars` counts the characters handed out since the caller last reset it (a record may span lines)."""

    def __init__(self, fh: IO[str]):
        self._readline = fh.readline
        self.number = self.chars = 0

    def __iter__(self) -> Iterator[str]:
        readline, limit = self._readline, MAX_LINE_CHARS + 1
        while line := readline(limit):
            self.number += 1
            size = len(line)
            if size > MAX_LINE_CHARS:
                raise TabularError(f"第{self.number}行过长：超过 {MAX_LINE_CHARS} 个字符，文件可能已损坏或不是 CSV 文本")
            if "\x00" in line:
                raise TabularError(f"第{self.number}行含有空字符（\\0），文件可能已损坏或不是 CSV 文本")
            self.chars += size
            yield line


def delimiter_of(head: bytes) -> str:
    first_line = head.split(b"\n", 1)[0]
    return "\t" if b"\t" in first_line and b"," not in first_line else ","


def _line_ends_above(path: Path, limit: int) -> bool:
    """Whether the file has more than `limit` line ends (\\n, \\r or \\r\\n), counted in C; stops early."""
    ends = 0
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            ends += block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")
            if ends > limit:
                return True
    return False


def _records_above(path: Path, encoding: str, delimiter: str, limit: int) -> bool:
    """Whether the file holds more than `limit` CSV records: the csv module reads them, its rows counted and
    dropped in C (lines cut at MAX_LINE_CHARS: a longer line is refused by the reading itself)."""
    try:
        with path.open(encoding=encoding, newline="") as fh:
            lines = iter(functools.partial(fh.readline, MAX_LINE_CHARS + 1), "")
            last = collections.deque(zip(itertools.count(1), itertools.islice(
                csv.reader(lines, delimiter=delimiter), limit + 1), strict=False), maxlen=1)
    except (UnicodeDecodeError, csv.Error):
        return False  # the reading names the line
    return bool(last) and last[0][0] > limit


def check_row_count(path: Path, size: int, encoding: str, delimiter: str, limits: TableLimits) -> None:
    """Refuses a file with more records than the row limit before any row is read."""
    limit = limits.max_rows
    if size > limit and _line_ends_above(path, limit) and _records_above(path, encoding, delimiter, limit):
        raise TabularError(row_count_problem(limit + 1, limits) or "表格行数过多")


def csv_rows(path: Path, fh: IO[str], encoding: str, delimiter: str,
             limits: TableLimits) -> Iterator[tuple[int, list[str]]]:
    """(record number, cells) for each record of an opened text file; raises TabularError."""
    lines = _BoundedLines(fh)
    reader = csv.reader(lines, delimiter=delimiter)
    max_rows, max_columns = limits.max_rows, limits.max_columns
    budget = WorkBudget(ITEM_UNITS, csv=True)
    number = 0
    try:
        for number, row in enumerate(reader, 1):
            if number > max_rows:
                raise TabularError(row_count_problem(number, limits) or "表格行数过多")
            if not any(row):
                lines.chars = 0
                budget.spend(ITEM_UNITS)
                continue
            budget.allowed += ITEM_UNITS
            if len(row) > max_columns and any(row[max_columns:]):
                last = max(i for i, cell in enumerate(row) if cell) + 1
                raise TabularError(extent_problem(number, last, limits) or "表格列数过多")
            if lines.chars > MAX_CELL_CHARS and max(map(len, row), default=0) > MAX_CELL_CHARS:
                raise TabularError(f"第{number}行：{cell_length_problem(max(map(len, row)))}")
            lines.chars = 0
            yield number, row
    except UnicodeDecodeError as exc:
        line = _undecodable_line(path, encoding) or number + 1
        raise TabularError(f"第{line}行有无法按 {ENCODING_LABELS[encoding]} 解码的字符："
                           "请确认整个文件使用同一种编码（UTF-8 或 GBK）") from exc
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TabularError(f"第{number + 1}行：{cell_length_problem(MAX_CELL_CHARS + 1)}") from exc
        raise TabularError(f"第{number + 1}行不是有效的 CSV（{exc}），请检查引号和分隔符") from exc


def _undecodable_line(path: Path, encoding: str) -> int | None:
    """The line of the first byte that does not decode (the text layer reads ahead in blocks)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                return lines + block.count(b"\n", 0, max(exc.start, 0)) + 1
            lines += block.count(b"\n")
    return None
