"""The two XLSX readers (the fast one for plain sheets, the expat one for everything) give the same rows."""

import io
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from anjian.common.xlsx_guard import inspect_xlsx
from anjian.common.xlsx_stream import sheet_rows
from anjian.domain.sheet_bounds import TableLimits
from tests.xlsx_files import SHEET_HEAD, SHEET_TAIL, table_xlsx, workbook

LIMITS = TableLimits()
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("&<>\"'=\n 　"), max_size=12)
values = st.one_of(texts, st.integers(-10**15, 10**15), st.floats(allow_nan=False, allow_infinity=False),
                   st.sampled_from(["'=1+1", "'-2", "0012", ""]))
tables = st.lists(st.lists(values, min_size=1, max_size=8), min_size=1, max_size=12)


def read(path, *, plain: bool | None = None) -> list:
    parts = inspect_xlsx(path, LIMITS)
    if plain is not None:
        parts = replace(parts, plain=plain)
    return list(sheet_rows(path, parts, LIMITS))


def write(tmp_path, content: bytes, name="t.xlsx"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables)
def test_shared_string_tables_read_the_same_both_ways(tmp_path, rows):
    path = write(tmp_path, table_xlsx(rows))
    assert inspect_xlsx(path, LIMITS).plain
    fast = read(path)
    assert fast == read(path, plain=False)
    for number, cells in fast:
        for value, cell in zip(rows[number - 1], cells, strict=False):
            if isinstance(value, str) and "\r" not in value:
                expected = value[1:] if value[:2] in ("'=", "'-") else value
                assert cell == expected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tables)
def test_inline_string_tables_from_openpyxl_read_the_same_both_ways(tmp_path, rows):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("数据")
    for row in rows:
        sheet.append([v if v != "" else None for v in row])
    out = io.BytesIO()
    book.save(out)
    path = write(tmp_path, out.getvalue())
    assert read(path) == read(path, plain=False)


def test_shapes_the_fast_reader_leaves_alone_are_read_by_the_other_from_where_it_stopped(tmp_path):
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 3001))
    pretty = '<row r="3001">\n  <c r="A3001">\n    <v>3001</v>\n  </c>\n</row>'
    rich = ('<row r="3002"><c r="A3002" t="inlineStr"><is><r><rPr><b/></rPr><t>粗</t></r><r><t>体</t></r>'
            '</is></c></row>')
    path = write(tmp_path, workbook(SHEET_HEAD + rows + pretty + rich + SHEET_TAIL))
    assert inspect_xlsx(path, LIMITS).plain
    got = read(path)
    assert got == read(path, plain=False)
    assert [n for n, _ in got] == list(range(1, 3003)) and got[-2:] == [(3001, ["3001"]), (3002, ["粗体"])]


def test_comments_and_cdata_are_never_taken_for_cells(tmp_path):
    hidden = '<!-- <row r="2"><c r="A2"><v>999</v></c></row> -->'
    cdata = '<row r="3"><c r="A3" t="inlineStr"><is><t><![CDATA[<b>&x]]></t></is></c></row>'
    path = write(tmp_path, workbook(SHEET_HEAD + '<row r="1"><c r="A1"><v>1</v></c></row>' + hidden + cdata
                                    + SHEET_TAIL))
    assert not inspect_xlsx(path, LIMITS).plain
    assert read(path) == [(1, ["1"]), (3, ["<b>&x"])]


def test_entities_and_line_ends_read_as_an_xml_parser_gives_them(tmp_path):
    sheet = (SHEET_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>a&amp;b&lt;c&#x4e2d;&#13;d\r\ne</t></is></c>'
             '<c r="B1" t="str"><v>&quot;q&apos;</v></c></row>' + SHEET_TAIL)
    path = write(tmp_path, workbook(sheet))
    assert read(path) == read(path, plain=False) == [(1, ["a&b<c中\rd\ne", "\"q'"])]
