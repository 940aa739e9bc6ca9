"""Ranking tables in and out: read a per-unit XLSX/CSV, write the ranked table as CSV or XLSX.

Reading reuses anjian.common.tabular (size limit, XLSX by signature, CSV in UTF-8/BOM/GBK); the header
is free-form here (unit, then one column per metric), so the table is read as raw rows and validated by
the pure anjian.domain.ranking_input. The ranked table's columns: unit, then per metric value, rank and
score, then total and total rank — rows in total-rank order.
"""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from anjian.common.tabular import Table, TabularError, neutralise
from anjian.domain.figures import format_value
from anjian.domain.ranking import Metric, RankedTable
from anjian.domain.ranking_input import CellError, RankInput, parse_table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
MAX_UNITS = 5000  # a ranking is read by people: thousands of units is a wrong file, not a ranking
MAX_ROWS = 10_000  # the last row a ranking table may use (units, a title, blank rows)
MAX_TEXT = 4 << 20  # characters kept from one table: a few thousand short names and figures
MAX_UNPACKED = 32 << 20  # bytes an XLSX ranking table may unpack to (scanned at ≈100 MB/s before reading)


class _RawTable(Table):
    """A table whose header is data: the first non-blank row is kept as text, every later row as cells."""

    def _read_header(self, columns):
        self.header = [str(c) for c in self._header_cells()]
        return ()

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        kept = 0
        for number, cells in self._rows:
            if any(str(c).strip() for c in cells):
                kept += sum(map(len, cells))
                if kept > MAX_TEXT:
                    raise TabularError(f"表格内容过多（超过 {MAX_TEXT // (1 << 20)} M 个字符），不像是各单位的统计表，请检查文件")
                yield number, [str(c) for c in cells]


@dataclass
class TableRead:
    """What reading a table found: the validated input, or the file's problem, or the cells' problems."""

    file_name: str = ""
    format: str = ""
    encoding: str = ""
    parsed: RankInput | None = None
    file_error: str = ""
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.parsed is not None

    def error_lines(self) -> list[str]:
        return [self.file_error] if self.file_error else [e.text() for e in self.errors]


def read_ranking_table(path: Path, *, file_name: str = "", metrics: str | Sequence[str] | None = None,
                       lower_better: str | Sequence[str] | None = None,
                       max_bytes: int | None = None) -> TableRead:
    """Read and validate a per-unit table (CSV/XLSX); never raises for a bad file."""
    result = TableRead(file_name=file_name or Path(path).name)
    try:
        with _RawTable(Path(path), (), max_bytes=max_bytes, max_rows=MAX_ROWS,
                       max_unpacked_bytes=MAX_UNPACKED) as table:
            result.format, result.encoding = table.format, table.encoding
            rows = []
            for number, cells in table:
                rows.append((number, cells))
                if len(rows) > MAX_UNITS:
                    result.file_error = f"表中超过 {MAX_UNITS} 行，不像是各单位的统计表，请检查文件"
                    return result
            header, header_row = table.header, table.header_row
    except TabularError as exc:
        result.file_error = str(exc)
        return result
    return _validated(result, header, rows, header_row, metrics, lower_better)


def read_ranking_rows(header: Sequence[str], rows: Sequence[Sequence[str]], *,
                      metrics: str | Sequence[str] | None = None,
                      lower_better: str | Sequence[str] | None = None) -> TableRead:
    """The same validation for a table given as lists (the API); row 1 is the header."""
    result = TableRead()
    if len(rows) > MAX_UNITS:
        result.file_error = f"表中超过 {MAX_UNITS} 行，不像是各单位的统计表"
        return result
    numbered = [(i + 2, list(r)) for i, r in enumerate(rows) if any(str(c).strip() for c in r)]
    return _validated(result, header, numbered, 1, metrics, lower_better)


def _validated(result: TableRead, header, rows, header_row, metrics, lower_better) -> TableRead:
    parsed, errors = parse_table(header, rows, header_row=header_row, metrics=metrics, lower_better=lower_better)
    result.parsed, result.errors = parsed, errors
    return result


# ---------------------------------------------------------------- the ranked table out

def value_text(value: Decimal, metric: Metric) -> str:
    return format_value(value, metric.places)


def ranked_header(table: RankedTable, unit_label: str = "单位") -> list[str]:
    header = [unit_label or "单位"]
    for m in table.metrics:
        header += [m.label, f"{m.label}排名", f"{m.label}得分"]
    return [*header, "总得分", "总排名"]


def ranked_rows(table: RankedTable) -> list[list]:
    """Rows of the ranked table as values (Decimal for figures, int for ranks and scores)."""
    out = []
    for row in table.rows:
        cells: list = [row.unit]
        for result in row.results:
            cells += [result.value, result.rank, result.score]
        out.append([*cells, row.total, row.total_rank])
    return out


def ranked_csv(table: RankedTable, unit_label: str = "单位", *, bom: bool = False) -> str:
    """The ranked table as CSV text (a BOM when it is a file meant for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ranked_header(table, unit_label))
    for cells in ranked_rows(table):
        writer.writerow([format_value(c) if isinstance(c, Decimal) else
                         (neutralise(c) if isinstance(c, str) else c) for c in cells])
    return ("\ufeff" if bom else "") + out.getvalue()


def ranked_xlsx(table: RankedTable, unit_label: str = "单位", *, title: str = "排名结果") -> bytes:
    """The ranked table as one XLSX sheet: figures and ranks as numbers, names as (neutralised) text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    header = ranked_header(table, unit_label)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cells in ranked_rows(table):
        sheet.append([neutralise(c) if isinstance(c, str) else c for c in cells])
    for i, text in enumerate(header, 1):
        sheet.column_dimensions[get_column_letter(i)].width = max(8, min(30, len(text) * 2 + 2))
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- a validated input kept between requests

def input_to_json(parsed: RankInput) -> dict:
    return {
        "unit_label": parsed.unit_label, "columns": list(parsed.columns), "units": list(parsed.units),
        "values": {u: {k: str(v) for k, v in vs.items()} for u, vs in parsed.values.items()},
        "previous": {u: {k: str(v) for k, v in vs.items()} for u, vs in parsed.previous.items()},
        "metrics": [m.key for m in parsed.metrics],
        "lower_better": [m.key for m in parsed.metrics if not m.higher_is_better],
    }


def input_from_json(data: dict) -> RankInput:
    lower = set(data["lower_better"])
    return RankInput(
        unit_label=data["unit_label"], columns=tuple(data["columns"]), units=tuple(data["units"]),
        values={u: {k: Decimal(v) for k, v in vs.items()} for u, vs in data["values"].items()},
        previous={u: {k: Decimal(v) for k, v in vs.items()} for u, vs in data["previous"].items()},
        metrics=tuple(Metric(key=k, label=k, higher_is_better=k not in lower) for k in data["metrics"]),
    )
