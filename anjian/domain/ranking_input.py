"""A per-unit table as typed by people (the header row, then one row per unit) → what `rank_units` takes. Pure.

Layout: the first column names the unit (县区, 单位 …); every other column with a header is a metric.
A column headed "<metric>（上年同期）" holds the same metric for the same period a year before: it is
not ranked, it feeds the year-on-year change. Which metrics are ranked, and which of them are
lower-is-better, are options. Every problem is reported with its row and column, in Chinese, and
nothing is ranked while any remains: a missing or non-numeric cell, a duplicate or blank unit name,
a 合计 row, a duplicate or missing header, no metric, no unit, an option naming no column.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from anjian.domain.ranking import Metric, RankedTable, rank_units

MAX_ERRORS = 200
# Bounds of a figure: 12 integer digits (千亿) and 1e-6 keep every sum of 5,000 figures, its rounding to
# 2 places and a year-on-year percentage within Decimal's 28 digits (5e15 / 1e-6 × 100 = 5e23).
MAX_INTEGER_DIGITS = 12
MAX_DECIMALS = 20
FIGURE_CEILING = Decimal(10) ** MAX_INTEGER_DIGITS  # exclusive
MIN_FIGURE = Decimal("0.000001")
SHOWN_CHARS = 40  # of a cell's text quoted in a message
PREVIOUS_MARK = "上年同期"
_PREVIOUS_RE = re.compile(r"[（(【\[]?\s*上年同期\s*[）)】\]]?")
_TOTAL_ROWS = {"合计", "总计", "小计", "全市", "全省", "全县", "总数", "汇总"}
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NAME_SPLIT = re.compile(r"[,，、;；]")


@dataclass(frozen=True)
class CellError:
    row: int  # spreadsheet row number; 0 when the problem is with the options, not the file
    column: str  # "立案数（C列）", or "" for the table as a whole
    reason: str

    def text(self) -> str:
        where = (f"第{self.row}行" if self.row else "") + (f" {self.column}" if self.column else "")
        return f"{where}：{self.reason}" if where else self.reason


@dataclass(frozen=True)
class RankInput:
    """A validated table: units in file order, every metric column's values, and the ranked metrics."""

    unit_label: str
    columns: tuple[str, ...]  # metric columns in file order (上年同期 columns excluded)
    units: tuple[str, ...]
    values: dict[str, dict[str, Decimal]]  # unit → column → value
    previous: dict[str, dict[str, Decimal]]  # unit → column → same period last year (columns that have one)
    metrics: tuple[Metric, ...]  # the ranked columns, with their direction

    def rank(self) -> RankedTable:
        return rank_units(self.units, self.metrics, self.values)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def split_names(text: str | Sequence[str] | None) -> list[str]:
    """"a,b，c、d" → ["a", "b", "c", "d"] (ASCII or Chinese commas and 顿号); a list passes through."""
    if text is None:
        return []
    parts = _NAME_SPLIT.split(text) if isinstance(text, str) else list(text)
    return [p.strip() for p in parts if p and p.strip()]


def parse_number(text: str) -> Decimal | None:
    """A cell's number: full-width digits, thousands separators and a trailing % are accepted."""
    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid decimals
        return None


def shown(text: str) -> str:
    """A cell's text as quoted in a message: long texts cut."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def number_problem(value: Decimal) -> str | None:
    """Why a figure is outside what a statistics table holds (and what exact sums, ranks and year-on-year
    percentages can be computed from without overflowing Decimal's 28 digits), or None."""
    if value.is_zero():
        return None
    size = abs(value)
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or size >= FIGURE_CEILING or size < MIN_FIGURE or -exponent > MAX_DECIMALS:
        return (f"超出可处理的范围：数值的整数部分最多 {MAX_INTEGER_DIGITS} 位、小数最多 {MAX_DECIMALS} 位，"
                f"非零数的绝对值不小于 {MIN_FIGURE}")
    return None


def _clean_header(text: str) -> str:
    return str(text).replace("\ufeff", "").strip()


def name_key(text: str) -> str:
    """How names are compared: full-width and half-width forms alike, spaces ignored."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


class _Errors(list):
    def add(self, row: int, column: str, reason: str) -> None:
        if len(self) < MAX_ERRORS:
            self.append(CellError(row, column, reason))


def parse_table(header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]], *, header_row: int = 1,
                metrics: str | Sequence[str] | None = None,
                lower_better: str | Sequence[str] | None = None) -> tuple[RankInput | None, list[CellError]]:
    """Validate a table. Returns (input, []) or (None, errors); errors stop at MAX_ERRORS."""
    errors = _Errors()
    data = [(number, [str(c) if c is not None else "" for c in cells]) for number, cells in rows]
    width = max([len(header), *(len(cells) for _, cells in data)]) if data or header else 0
    labels = [_clean_header(header[i]) if i < len(header) else "" for i in range(width)]
    if width == 0:
        return None, [CellError(0, "", "表格是空的：第一行为表头（单位、各项指标），其下每行一个单位")]

    def named(i: int) -> str:
        return f"{labels[i]}（{column_letter(i)}列）" if labels[i] else f"{column_letter(i)}列"

    unit_label = labels[0] or "单位"
    metric_cols: list[int] = []
    previous_cols: dict[int, str] = {}  # column → the metric column label it is the previous period of
    first_seen: dict[str, int] = {}
    for i in range(1, width):
        label = labels[i]
        if not label:
            if any(i < len(cells) and cells[i].strip() for _, cells in data):
                errors.add(header_row, f"{column_letter(i)}列", "该列有数据但没有表头（指标名称）")
            continue
        if name_key(label) in first_seen:
            errors.add(header_row, named(i),
                       f"表头与{column_letter(first_seen[name_key(label)])}列重复，每项指标只能有一列")
            continue
        first_seen[name_key(label)] = i
        if PREVIOUS_MARK in label:
            previous_cols[i] = _PREVIOUS_RE.sub("", label).strip(" _-—")
        else:
            metric_cols.append(i)
    columns = [labels[i] for i in metric_cols]
    by_key = {name_key(c): c for c in columns}
    for i, base in previous_cols.items():
        if name_key(base) not in by_key:
            errors.add(header_row, named(i), f"没有与之对应的指标列“{base}”（上年同期列应写作“指标名称（上年同期）”）")
        else:
            previous_cols[i] = by_key[name_key(base)]
    if not metric_cols:
        errors.add(header_row, "", "表中没有指标列：第一列为单位名称，其后每列一项指标")
    if not data:
        errors.add(0, "", "表中没有数据行：表头之下每行填写一个单位的各项指标")

    listed = "、".join(columns) or "无"
    chosen: list[str] = []
    for name in split_names(metrics) or list(columns):
        column = by_key.get(name_key(name))
        if column is None:
            errors.add(0, "", f"参与排名的指标“{name}”不在表头中；表中的指标：{listed}")
        elif column in chosen:
            errors.add(0, "", f"参与排名的指标“{name}”重复")
        else:
            chosen.append(column)
    lower: set[str] = set()
    for name in split_names(lower_better):
        column = by_key.get(name_key(name))
        if column is None:
            errors.add(0, "", f"越低越好的指标“{name}”不在表头中；表中的指标：{listed}")
        elif column not in chosen:
            errors.add(0, "", f"越低越好的指标“{name}”未参与排名")
        else:
            lower.add(column)

    units: list[str] = []
    unit_rows: dict[str, int] = {}  # name key → row number
    values: dict[str, dict[str, Decimal]] = {}
    previous: dict[str, dict[str, Decimal]] = {}
    for number, cells in data:
        unit = cells[0].strip() if cells else ""
        key = name_key(unit)
        if not unit:
            errors.add(number, f"{unit_label}（A列）", "单位名称为空")
        elif key in _TOTAL_ROWS:
            errors.add(number, f"{unit_label}（A列）", f"“{unit}”是合计行，不是单位：请删除合计行后再排名")
        elif key in unit_rows:
            errors.add(number, f"{unit_label}（A列）", f"单位“{unit}”与第{unit_rows[key]}行重复，每个单位只能有一行")
        row_values: dict[str, Decimal] = {}
        row_previous: dict[str, Decimal] = {}
        for i in [*metric_cols, *previous_cols]:
            text = cells[i].strip() if i < len(cells) else ""
            if not text:
                if i in previous_cols:
                    continue  # a previous-period figure may be unknown
                errors.add(number, named(i), "未填写数值（没有发生的请填 0）")
                continue
            value = parse_number(text)
            if value is None:
                errors.add(number, named(i), f"“{shown(text)}”不是数字（没有发生的请填 0）")
                continue
            problem = number_problem(value)
            if problem:
                errors.add(number, named(i), f"“{shown(text)}”{problem}")
                continue
            if i in previous_cols:
                row_previous[previous_cols[i]] = value
            else:
                row_values[labels[i]] = value
        if unit and key not in unit_rows:
            unit_rows[key] = number
            units.append(unit)
            values[unit] = row_values
            if row_previous:
                previous[unit] = row_previous
    if errors:
        return None, list(errors)
    ranked = tuple(Metric(key=name, label=name, higher_is_better=name not in lower) for name in chosen)
    return RankInput(unit_label, tuple(columns), tuple(units), values, previous, ranked), []
