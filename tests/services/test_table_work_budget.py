"""Work that yields no value is bounded (ADR 21): unused shared strings are never read, empty rows and cells,
elements that are not cells, blank CSV lines and rows outside the header's columns are counted against an
allowance, and the small parts (workbook, relationships, styles) against element caps. Real files, including
a template formatted far below its data and shared strings as Chinese Excel writes them, still read."""

import zipfile
from pathlib import Path

import pytest

from anjian.common.tabular import TabularError, read_table
from anjian.common.work_budget import WorkBudget
from anjian.common.xlsx_guard import inspect_xlsx
from anjian.common.xlsx_stream import sheet_rows
from anjian.common.xlsx_strings import SharedStrings
from anjian.domain.rows import ENTERPRISE_COLUMNS
from anjian.domain.sheet_bounds import (
    IDLE_UNITS,
    ITEM_UNITS,
    SHARED_STRINGS_AHEAD,
    TableLimits,
    shared_string_problem,
)
from anjian.reports.ranking_io import read_ranking_table
from tests.xlsx_files import (
    MAIN,
    SHEET_HEAD,
    SHEET_TAIL,
    _package,
    _sst,
    blank_csv_rows,
    empty_cells,
    junk_elements,
    many_shared_strings,
    values_past_the_header,
    workbook,
)

HEADER = [c.label for c in ENTERPRISE_COLUMNS if c.required]
IDLE = "没有数据的行、单元格或标记过多"
LIMITS = TableLimits()


def write(tmp_path: Path, content: bytes, name: str = "t.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def refusal(path: Path, **kwargs) -> str:
    with pytest.raises(TabularError) as caught, read_table(path, ENTERPRISE_COLUMNS, max_bytes=None, **kwargs) as t:
        list(t)
    return str(caught.value)


def rows(path: Path, *, plain: bool | None = None) -> list:
    parts = inspect_xlsx(path, LIMITS)
    if plain is not None:
        from dataclasses import replace

        parts = replace(parts, plain=plain)
    return list(sheet_rows(path, parts, LIMITS))


def data_row(number: int) -> str:
    return (f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>91411726MA{number:08d}</t></is></c>'
            f'<c r="B{number}" t="inlineStr"><is><t>单位{number}</t></is></c><c r="C{number}"><v>411726</v></c>'
            f'<c r="D{number}" t="inlineStr"><is><t>工贸</t></is></c></row>')


def header_row() -> str:
    return '<row r="1">' + "".join(f'<c r="{x}1" t="inlineStr"><is><t>{h}</t></is></c>'
                                   for x, h in zip("ABCD", HEADER, strict=True)) + "</row>"


# ---------------------------------------------------------------- shared strings

def test_shared_strings_are_read_only_as_far_as_cells_use_them(tmp_path):
    path = write(tmp_path, many_shared_strings(HEADER, 400_000))
    with zipfile.ZipFile(path) as archive:
        strings = SharedStrings(archive, "xl/sharedStrings.xml", WorkBudget(0))
        try:
            assert [strings[i] for i in range(4)] == HEADER
            assert strings.count < 100_000  # one block of the part, not 400,004 strings
        finally:
            strings.close()
    message = refusal(write(tmp_path, many_shared_strings(HEADER, 400_000, refer_last=True), "far.xlsx"))
    assert "共享字符串表异常" in message and "第 400,004 个共享字符串" in message


def test_how_far_ahead_a_cell_may_refer():
    assert shared_string_problem(SHARED_STRINGS_AHEAD - 1, 0) is None
    assert shared_string_problem(10 + SHARED_STRINGS_AHEAD - 1, 10) is None
    assert "第 65,547 个共享字符串" in shared_string_problem(10 + SHARED_STRINGS_AHEAD, 10)


def test_shared_strings_as_chinese_excel_writes_them_read_on_the_fast_path(tmp_path):
    phonetic = '<phoneticPr fontId="1" type="noConversion"/>'
    sst = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN}" count="3" uniqueCount="3">'
           + "".join(f"<si><t>{h}</t>{phonetic}</si>" for h in HEADER)
           + '<si><r><rPr><b/><sz val="11"/></rPr><t>粗</t></r><r><t>体</t></r></si></sst>').encode()
    cells = "".join(f'<c r="{x}2" t="s"><v>{i}</v></c>' for i, x in enumerate("ABCDE"))
    sheet = SHEET_HEAD + f'<row r="2">{cells}</row>' + SHEET_TAIL
    path = write(tmp_path, _package(sheet.encode(), sst))
    assert rows(path) == rows(path, plain=False) == [(2, [*HEADER, "粗体"])]


def test_a_sheet_with_declared_counts_that_lie_reads_what_its_cells_use(tmp_path):
    sst = _sst(HEADER).replace(b"<sst ", b'<sst count="99999999" uniqueCount="99999999" ', 1)
    cells = "".join(f'<c r="{x}1" t="s"><v>{i}</v></c>' for i, x in enumerate("ABCD"))
    path = write(tmp_path, _package((SHEET_HEAD + f'<row r="1">{cells}</row>' + SHEET_TAIL).encode(), sst))
    assert rows(path) == [(1, HEADER)]


# ---------------------------------------------------------------- the sheet

@pytest.mark.parametrize("plain", [True, False])
def test_elements_that_are_not_cells_are_refused_by_both_readers(tmp_path, plain):
    """Under the scan's estimate (one unit each), over the readers' count (ITEM_UNITS each)."""
    count = IDLE_UNITS // ITEM_UNITS + 10_000
    path = write(tmp_path, junk_elements(HEADER, count))
    with pytest.raises(TabularError, match=IDLE):
        rows(path, plain=plain)
    assert IDLE in refusal(write(tmp_path, junk_elements(HEADER, IDLE_UNITS + 10_000), "scan.xlsx"))


def test_a_template_formatted_far_below_its_data_still_reads(tmp_path):
    """1,000 rows of data, then 60,000 formatted rows of 20 blank cells each (as Excel saves them)."""
    blank = "".join(f'<c r="{x}{{r}}" s="1"/>' for x in "ABCDEFGHIJKLMNOPQRST")
    body = "".join(data_row(r) for r in range(2, 1002))
    body += "".join(f'<row r="{r}" spans="1:20" s="1" customFormat="1">{blank.format(r=r)}</row>'
                    for r in range(1002, 61002))
    path = write(tmp_path, workbook(SHEET_HEAD + header_row() + body + SHEET_TAIL))
    with read_table(path, ENTERPRISE_COLUMNS, max_bytes=None) as table:
        assert sum(1 for _ in table) == 1000


def test_a_sheet_of_formatted_blanks_is_refused_before_its_end(tmp_path):
    assert IDLE in refusal(write(tmp_path, empty_cells(HEADER, 40_000)))
    assert IDLE in refusal(write(tmp_path, empty_cells(HEADER, 40_000, plain=False), "expat.xlsx"))


def test_rows_with_nothing_under_the_header_are_counted(tmp_path):
    assert IDLE in refusal(write(tmp_path, values_past_the_header(HEADER, 40_000)))
    few = values_past_the_header(HEADER, 100)  # a few stray notes beside a table are fine
    with read_table(write(tmp_path, few, "few.xlsx"), ENTERPRISE_COLUMNS, max_bytes=None) as table:
        assert list(table) == []


def test_repeated_cells_in_one_row_are_refused(tmp_path):
    cells = '<c r="A2"><v>1</v></c>' * 65
    sheet = SHEET_HEAD + header_row() + f'<row r="2">{cells}</row>' + SHEET_TAIL
    path = write(tmp_path, workbook(sheet))
    for plain in (True, False):
        with pytest.raises(TabularError, match="第 2 行的单元格超过 64 个"):
            rows(path, plain=plain)


def test_nothing_after_sheet_data_is_parsed_with_handlers(tmp_path):
    junk = "".join(f'<x a="{i}"/>' for i in range(200_000))
    sheet = SHEET_HEAD + "<!-- -->" + header_row() + data_row(2) + SHEET_TAIL.replace("</worksheet>",
                                                                                    junk + "</worksheet>")
    path = write(tmp_path, workbook(sheet))
    assert [n for n, _ in rows(path)] == [1, 2]


# ---------------------------------------------------------------- small parts

def test_a_bloated_styles_part_beyond_its_cap_is_refused_and_the_rest_is_not_parsed(tmp_path):
    from tests.xlsx_files import styles_junk

    assert "单元格格式过多" in refusal(write(tmp_path, styles_junk(HEADER, 260_000)))
    after = "".join(f'<cellStyle name="s{i}" xfId="0"/>' for i in range(300_000))  # after the cell formats
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><numFmts count="1">'
              '<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><cellXfs count="2"><xf numFmtId="0"/>'
              f'<xf numFmtId="164"/></cellXfs><cellStyles>{after}</cellStyles></styleSheet>').encode()
    sheet = SHEET_HEAD + '<row r="1"><c r="A1" s="1"><v>45292</v></c></row>' + SHEET_TAIL
    path = write(tmp_path, _package(sheet.encode(), _sst([]), styles=styles), "ok.xlsx")
    assert rows(path) == [(1, ["2024-01-01"])]


# ---------------------------------------------------------------- CSV and ranking tables

def test_blank_csv_rows_are_counted(tmp_path):
    message = refusal(write(tmp_path, blank_csv_rows(HEADER, 400_000), "blank.csv"))
    assert "空行过多" in message
    over = refusal(write(tmp_path, blank_csv_rows(HEADER, 30), "over.csv"), limits=TableLimits(max_rows=20))
    assert "超过 20 行的上限" in over
    quoted = ('"' + '","'.join(HEADER) + '"\n').encode() + b'"",,,\n' * 30  # quotes: counted by the csv module
    assert "超过 20 行的上限" in refusal(write(tmp_path, quoted, "q.csv"), limits=TableLimits(max_rows=20))
    lines = (",".join(HEADER) + '\n"a\nb",x,411726,y\n').encode()  # a quoted line end is one record
    with read_table(write(tmp_path, lines, "ok.csv"), ENTERPRISE_COLUMNS, max_bytes=None,
                    limits=TableLimits(max_rows=2)) as table:
        assert [v["uscc"] for _, v in table] == ["a\nb"]


def test_a_ranking_table_unpacks_to_at_most_32_mib(tmp_path):
    read = read_ranking_table(write(tmp_path, many_shared_strings(["单位", "指标"], 1_500_000)))
    assert "解压后超过 32.0 MB 的上限" in read.file_error
