"""Bounds on uploaded tables: cell references, the patterns a byte scanner uses, the zip container, dates."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anjian.domain.sheet_bounds import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    MAX_PART_ELEMENTS,
    MAX_STYLE_ELEMENTS,
    SHARED_STRINGS_AHEAD,
    TableLimits,
    column_letters,
    column_number,
    extent_problem,
    idle_problem,
    letters_above,
    number_above,
    over_limit_column_pattern,
    over_limit_reference_pattern,
    part_elements_problem,
    row_cells_problem,
    shared_string_problem,
    split_reference,
    zip_problem,
)
from anjian.domain.sheet_values import format_kind, serial_datetime, serial_value

columns = st.integers(1, EXCEL_MAX_COLUMNS)
rows = st.integers(1, EXCEL_MAX_ROWS)


@given(columns)
def test_column_letters_and_numbers_are_inverse(n):
    assert column_number(column_letters(n)) == n
    assert column_number(column_letters(n).lower()) == n


def test_known_columns():
    assert [column_letters(n) for n in (1, 26, 27, 64, 16384)] == ["A", "Z", "AA", "BL", "XFD"]
    assert split_reference("XFD1048576") == (1048576, 16384)
    assert split_reference("a01") == (1, 1)
    assert split_reference("A0") is None and split_reference("1A") is None and split_reference("") is None


@given(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=4), columns)
def test_letters_above_matches_exactly_the_columns_past_the_limit(letters, limit):
    matched = re.fullmatch(f"(?:{letters_above(limit)})", letters) is not None
    assert matched == (column_number(letters) > limit)


@given(st.integers(0, 10**9), st.integers(0, 10**8))
def test_number_above_matches_exactly_the_numbers_past_the_limit(value, limit):
    matched = re.fullmatch(f"(?:{number_above(limit)})", str(value)) is not None
    assert matched == (value > limit)


@given(rows, columns, st.integers(1, 2_000_000), st.integers(1, 300))
def test_the_reference_pattern_finds_a_cell_iff_it_is_out_of_bounds(row, column, max_rows, max_columns):
    limits = TableLimits(max_rows=max_rows, max_columns=max_columns)
    pattern = re.compile(over_limit_reference_pattern(limits))
    ref = f"{column_letters(column)}{row}"
    assert (pattern.fullmatch(ref) is not None) == (row > max_rows or column > max_columns)
    assert (extent_problem(row, column, limits) is not None) == (row > max_rows or column > max_columns)


@given(rows, columns, st.integers(1, 300))
def test_the_column_pattern_finds_a_cell_iff_its_column_is_out_of_bounds(row, column, max_columns):
    pattern = re.compile(over_limit_column_pattern(TableLimits(max_columns=max_columns)))
    match = pattern.fullmatch(f"{column_letters(column)}{row}")
    assert (match is not None) == (column > max_columns)


def test_the_attack_cell_is_named_with_its_row_column_and_the_limits():
    message = extent_problem(1048576, 16384, TableLimits())
    assert "第 1048576 行、第 16384 列（单元格 XFD1048576）" in message
    assert "最多 64 列（BL 列）" in message and "1100000" not in message  # the row is within 1,100,000
    assert "最多 10000 行" in extent_problem(1048576, 1, TableLimits(max_rows=10_000))
    assert extent_problem(10_000, 64, TableLimits(max_rows=10_000)) is None


def test_limits_only_narrow():
    limits = TableLimits(max_rows=1000, max_columns=20)
    assert limits.narrowed(max_rows=10_000) == limits
    assert limits.narrowed(max_rows=10, max_columns=5) == TableLimits(10, 5, limits.max_unpacked_bytes)
    with pytest.raises(ValueError):
        TableLimits(max_columns=0)


@given(st.integers(1 << 16, (1 << 32) - 1), st.integers(1 << 16, (1 << 32) - 1))
def test_the_unpacked_size_only_narrows(configured, asked):
    limits = TableLimits(max_unpacked_bytes=configured).narrowed(max_unpacked_bytes=asked)
    assert limits.max_unpacked_bytes == min(configured, asked)


@given(st.integers(0, 10**7), st.integers(0, 10**7))
def test_a_shared_string_is_refused_iff_it_is_far_ahead_of_the_cells_read(index, cells):
    assert (shared_string_problem(index, cells) is None) == (index < cells + SHARED_STRINGS_AHEAD)


def test_messages_for_work_that_yields_no_value():
    limits = TableLimits()
    assert row_cells_problem(7, 64, limits) is None
    assert "第 7 行的单元格超过 64 个" in row_cells_problem(7, 65, limits)
    assert "有的行的单元格超过 64 个" in row_cells_problem(None, 65, limits)
    assert "空行过多" in idle_problem(csv=True) and "没有数据的行、单元格或标记过多" in idle_problem()
    assert "单元格格式过多" in part_elements_problem("xl/styles.xml", MAX_STYLE_ELEMENTS)
    assert "“xl/workbook.xml”含有超过 20,000 个元素" in part_elements_problem("xl/workbook.xml", MAX_PART_ELEMENTS)


@given(st.lists(st.tuples(st.integers(1, 1 << 22), st.integers(1, 100)), min_size=1, max_size=20))
def test_ordinary_containers_pass(sizes):
    """Entries unpacking to at most 100 × their packed size, within the total, are accepted."""
    entries = [(f"xl/part{i}.xml", packed, packed * ratio) for i, (packed, ratio) in enumerate(sizes)]
    limits = TableLimits(max_unpacked_bytes=(1 << 32) - 1)
    assert zip_problem(entries, limits) is None


def test_containers_refused():
    limits = TableLimits(max_unpacked_bytes=1 << 30)
    bomb = zip_problem([("xl/worksheets/sheet1.xml", 6_000_000, 4 << 30)], limits)
    assert "解压后超过 1.0 GB" in bomb
    ratio = zip_problem([("xl/worksheets/sheet1.xml", 60_000, 600 << 20)], limits)
    assert "压缩比超过 100 倍" in ratio and "疑似压缩炸弹" in ratio
    assert "超过 1000 个部件" in zip_problem([(f"p{i}", 1, 1) for i in range(1001)], limits)
    assert zip_problem([], limits) is not None
    assert zip_problem([("tiny.xml", 10, 200_000)], limits) is None  # small parts may compress well


@pytest.mark.parametrize(("format_id", "code", "kind"), [
    (0, None, "number"), (14, None, "date"), (22, None, "date"), (31, None, "date"), (46, None, "duration"),
    (2, None, "number"), (164, 'yyyy"年"m"月"d"日"', "date"), (165, "[$-804]yyyy/m/d h:mm", "date"),
    (166, "0.00%", "number"), (167, '#,##0.00 "元"', "number"), (168, "0.00E+00", "number"),
    (169, "[h]:mm:ss", "duration"), (170, "General", "number"), (171, '"d"0', "number"), (172, "[Red]0.0", "number"),
])
def test_format_kinds(format_id, code, kind):
    assert format_kind(format_id, code) == kind


@given(st.text(st.characters(blacklist_characters='"', blacklist_categories=("Cs",)), max_size=10))
def test_quoted_text_never_makes_a_format_a_date(text):
    assert format_kind(170, f'0.00"{text}"') == "number"
    assert format_kind(170, f'yyyy-mm-dd"{text}"') == "date"


def test_serial_dates_match_excel():
    assert serial_datetime(1) == datetime(1900, 1, 1)
    assert serial_datetime(59) == datetime(1900, 2, 28)
    assert serial_datetime(61) == datetime(1900, 3, 1)
    assert serial_datetime(45292) == datetime(2024, 1, 1)
    assert serial_datetime(45292.5) == datetime(2024, 1, 1, 12)
    assert serial_datetime(0, date1904=True) == datetime(1904, 1, 1)
    assert serial_datetime(-1) is None and serial_datetime(float("nan")) is None and serial_datetime(3e6) is None
    assert serial_value(0.5, "date") == time(12)
    assert serial_value(1.25, "duration") == timedelta(days=1, hours=6)
    assert serial_value(45292.0, "number") == 45292.0
    assert serial_value(45292.0, "date").date() == date(2024, 1, 1)


@given(st.floats(0, 2_958_465, allow_nan=False))
def test_every_serial_in_range_is_a_moment(serial):
    moment = serial_datetime(serial)
    assert moment is not None and datetime(1899, 12, 30) <= moment <= datetime(9999, 12, 31, 23, 59, 59, 999999)
