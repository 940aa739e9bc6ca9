"""Uploaded tables are read within bounds: a file beyond them is refused with a Chinese message, quickly,
without the process growing (a 1.8 KB XLSX with cells at A1 and XFD1048576 used to abort the server)."""

import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from anjian.common.tabular import XLS_REFUSED, TabularError, cell_text, read_table
from anjian.domain.rows import ENTERPRISE_COLUMNS
from anjian.domain.sheet_bounds import TableLimits
from anjian.reports.ranking_io import read_ranking_table
from tests.xlsx_files import (
    SHEET_HEAD,
    SHEET_TAIL,
    compressed_rows,
    corner_cells,
    numbered_rows,
    table_xlsx,
    workbook,
)

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
READ_IN_CHILD = """
import json, os, sys, time
from anjian.common.tabular import TabularError, read_table
from anjian.domain.rows import ENTERPRISE_COLUMNS

def status(field):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) * 1024 for line in fh if line.startswith(field))

base, started = status("VmRSS"), time.perf_counter()
try:
    with read_table(sys.argv[1], ENTERPRISE_COLUMNS, max_bytes=None) as table:
        message = f"read {sum(1 for _ in table)} rows"
except TabularError as exc:
    message = str(exc)
print(json.dumps({"message": message, "seconds": time.perf_counter() - started,
                  "growth": status("VmHWM") - base}))
"""


def read_in_child(path: Path) -> dict:
    """Read a table in a fresh interpreter: its peak memory is the read's, and a crash fails only the test."""
    done = subprocess.run([sys.executable, "-c", READ_IN_CHILD, str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={"DJANGO_SETTINGS_MODULE": "config.settings", "ANJIAN_ENV": "development",
                                                      "PATH": "/usr/bin:/bin", "ANJIAN_VAR_DIR": str(path.parent)})
    assert done.returncode == 0, f"reader died ({done.returncode}): {done.stderr[-500:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


def write(tmp_path: Path, content: bytes, name: str = "t.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def refusal(path: Path, **kwargs) -> str:
    with pytest.raises(TabularError) as caught, read_table(path, ENTERPRISE_COLUMNS, max_bytes=None, **kwargs) as t:
        list(t)
    return str(caught.value)


def test_cells_at_a1_and_xfd1048576_are_refused_fast_and_small(tmp_path):
    path = write(tmp_path, corner_cells())
    assert path.stat().st_size < 2048
    result = read_in_child(path)
    assert "表格范围过大" in result["message"] and "第 1048576 行、第 16384 列" in result["message"]
    assert "最多 64 列" in result["message"]
    assert result["seconds"] < 2 and result["growth"] < 200 * MB


def test_a_sheet_compressed_a_thousandfold_is_refused_before_it_is_unpacked(tmp_path):
    path = write(tmp_path, compressed_rows(3_000_000))
    result = read_in_child(path)
    assert "压缩比超过 100 倍" in result["message"] and "疑似压缩炸弹" in result["message"]
    assert result["seconds"] < 2 and result["growth"] < 200 * MB


@pytest.mark.slow
def test_twenty_million_compressed_rows_are_refused_in_under_two_seconds(tmp_path):
    path = write(tmp_path, compressed_rows(20_000_000, level=6))
    result = read_in_child(path)
    assert "疑似压缩炸弹" in result["message"] or "解压后超过" in result["message"]
    assert result["seconds"] < 2 and result["growth"] < 200 * MB


def test_rows_past_the_limit_are_counted_by_the_scan_before_any_row_is_read(tmp_path):
    path = write(tmp_path, numbered_rows(2_001))
    message = refusal(path, limits=TableLimits(max_rows=2_000))
    assert "第 2001 行" in message and "最多 2000 行" in message
    assert "最多 10000 行" in read_ranking_table(write(tmp_path, numbered_rows(10_001), "r.xlsx")).file_error


def test_a_far_cell_is_found_without_a_dimension_and_whatever_the_dimension_says(tmp_path):
    far = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="BM1"><v>1</v></c></row>'
    for head in (SHEET_HEAD, SHEET_HEAD.replace("<sheetData>", '<dimension ref="A1:B2"/><sheetData>')):
        message = refusal(write(tmp_path, workbook(head + far + SHEET_TAIL, shared_strings=["单位"])))
        assert "第 1 行、第 65 列（单元格 BM1）" in message and "最多 64 列（BL 列）" in message


def test_cells_without_references_are_counted_too(tmp_path):
    wide = "<row>" + "<c><v>1</v></c>" * 65 + "</row>"
    message = refusal(write(tmp_path, workbook(SHEET_HEAD + wide + SHEET_TAIL)))
    assert "第 65 列" in message


HEADER_ROW = '<row r="1">' + "".join(f'<c r="{letter}1" t="inlineStr"><is><t>{column.label}</t></is></c>'
                                      for letter, column in zip("ABCD", ENTERPRISE_COLUMNS, strict=False)) + "</row>"


HOSTILE_SHEETS = [
    ('<!DOCTYPE x [<!ENTITY a "aaaa">]>' + SHEET_HEAD + SHEET_TAIL, "DTD"),
    (SHEET_HEAD + HEADER_ROW + '<row r="5"><c r="A5"><v>1</v></c></row><row r="3"><c r="A3"><v>1</v></c></row>'
     + SHEET_TAIL, "行的顺序错乱"),
    (SHEET_HEAD + '<row r="1">' + "<x>" * 100 + "</x>" * 100 + "</row>" + SHEET_TAIL, "嵌套层数过多"),
    (SHEET_HEAD.replace("<sheetData>", "<a>" * 140_000 + "<sheetData>") + HEADER_ROW
     + SHEET_TAIL.replace("</sheetData>", "</sheetData>" + "</a>" * 140_000), "嵌套层数过多"),  # under the 1 MiB ratio floor
    (SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "长" * 40_000 + "</t></is></c></row>" + SHEET_TAIL,
     "超过 32767 个字符"),
    (SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>7</v></c></row>' + SHEET_TAIL, "不存在的共享字符串"),
    ("<notasheet/>", "不是有效的工作表"),
]


@pytest.mark.parametrize(("sheet", "expected"), HOSTILE_SHEETS, ids=[e for _, e in HOSTILE_SHEETS])
def test_malformed_or_hostile_sheets_are_refused(tmp_path, sheet, expected):
    assert expected in refusal(write(tmp_path, workbook(sheet)))


def test_containers_that_are_not_plain_xlsx_are_refused(tmp_path):
    assert "不支持旧版 Excel 97-2003（.xls）" in refusal(write(tmp_path, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600))
    assert refusal(write(tmp_path, b"PK\x03\x04 broken")).startswith("无法读取 Excel 文件")
    many = workbook(SHEET_HEAD + SHEET_TAIL, extra=[(f"x/{i}.xml", b"<a/>") for i in range(1001)])
    assert "超过 1000 个部件" in refusal(write(tmp_path, many))
    no_sheet = write(tmp_path, workbook(SHEET_HEAD + SHEET_TAIL))
    with zipfile.ZipFile(no_sheet) as archive:
        parts = {n: archive.read(n) for n in archive.namelist() if "worksheets" not in n}
    with zipfile.ZipFile(no_sheet, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert "找不到第一个工作表" in refusal(no_sheet)
    assert XLS_REFUSED.startswith("不支持旧版")


def test_one_long_shared_string_repeated_in_every_cell_cannot_fill_memory(tmp_path):
    cells = "".join(f'<c r="{c}{{r}}" t="s"><v>1</v></c>' for c in "BCDEFGHIJ")
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c>{cells.format(r=r)}</row>' for r in range(1, 5001))
    path = write(tmp_path, workbook(SHEET_HEAD + rows + SHEET_TAIL, shared_strings=["单位", "x" * 32_000]))
    started = time.perf_counter()
    assert "表格内容过多" in read_ranking_table(path).file_error
    assert time.perf_counter() - started < 10


def test_csv_lines_cells_rows_and_columns_are_bounded(tmp_path):
    header = ",".join(c.label for c in ENTERPRISE_COLUMNS) + "\n"
    assert "过长" in refusal(write(tmp_path, (header + "x" * (1 << 21)).encode(), "a.csv"))
    assert "超过 32767 个字符" in refusal(write(tmp_path, (header + "y" * 40_000 + "\n").encode(), "b.csv"))
    assert "超过 32767 个字符" in refusal(write(tmp_path, (header + '"' + "z" * 200_000 + '"\n').encode(), "c.csv"))
    rows = header + "1\n" * 30
    assert "超过 20 行的上限" in refusal(write(tmp_path, rows.encode(), "d.csv"), limits=TableLimits(max_rows=20))
    wide = header + "1," * 70 + "1\n"
    assert "第 2 行、第 71 列" in refusal(write(tmp_path, wide.encode(), "e.csv"))
    trailing = header + "1" + "," * 70 + "\n"  # empty cells past the limit are harmless
    with read_table(write(tmp_path, trailing.encode(), "f.csv"), ENTERPRISE_COLUMNS, max_bytes=None) as table:
        assert len(list(table)) == 1


def test_the_streaming_reader_reads_what_python_calamine_read(tmp_path):
    """The reader that replaced python-calamine gives the same texts (calamine is the oracle here)."""
    from datetime import date, datetime
    from datetime import time as clock

    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = Workbook()
    sheet = book.active
    sheet.append(["单位", "金额", "日期", "比率", "布尔", "时间"])
    sheet.append(["泌阳县", 1234.5, date(2024, 3, 1), 0.125, True, clock(13, 30)])
    sheet.append(["'=cmd", 1e20, datetime(2024, 3, 1, 8), 1 / 3, False, datetime(2020, 1, 1, 0, 0, 1)])
    sheet.append(["x", 12345678901234567890, date(1900, 1, 5), -0.5])
    sheet["C2"].number_format = 'yyyy"年"m"月"d"日"'
    sheet["C3"].number_format = "[$-804]yyyy/m/d h:mm"
    sheet["D2"].number_format = "0.00%"
    sheet["F2"].number_format = "[h]:mm:ss"
    sheet["A6"] = CellRichText([TextBlock(InlineFont(b=True), "粗体"), "普通"])
    sheet["H8"] = "远处"
    path = tmp_path / "rich.xlsx"
    book.save(path)
    oracle = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    expected = {n: [cell_text(v) for v in row] for n, row in enumerate(oracle.iter_rows(), 1) if any(row)}
    from anjian.common.xlsx_guard import inspect_xlsx
    from anjian.common.xlsx_stream import sheet_rows

    limits = TableLimits()
    got = dict(sheet_rows(path, inspect_xlsx(path, limits), limits))
    assert {n: row + [""] * (len(expected[n]) - len(row)) for n, row in got.items()} == expected
    assert got[2] == ["泌阳县", "1234.5", "2024-03-01", "0.125", "是", "13:30:00"]
    assert got[3][0] == "=cmd"  # our own export's quote is undone; validators reject formulas


def test_excel_style_tables_still_import(tmp_path):
    labels = [c.label for c in ENTERPRISE_COLUMNS]
    path = write(tmp_path, table_xlsx([["", *labels], ["", "x", "y", 411726]]))  # starts in column B
    with read_table(path, ENTERPRISE_COLUMNS, max_bytes=None) as table:
        assert table.header_row == 1 and table.fields[0] == "uscc"
        assert list(table) == [(2, {"uscc": "x", "name": "y", "region": "411726", **{
            f: "" for f in table.fields[3:]}})]
