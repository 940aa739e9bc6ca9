"""XLSX files made by hand with zipfile, as Excel lays them out (shared strings) or as an attacker might.

`workbook(sheet_xml)` wraps any worksheet XML in the smallest package Excel and python-calamine accept;
`table_xlsx(rows)` writes rows the way Excel does (text as shared strings, numbers as numbers).
"""

import io
import os
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
ROOT_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
                 f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                 f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
                 '</Relationships>')
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}"><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


def workbook(sheet_xml: bytes | str, *, shared_strings: Sequence[str] = (), level: int = 6,
             extra: Iterable[tuple[str, bytes]] = ()) -> bytes:
    """A complete .xlsx around one worksheet's XML."""
    if isinstance(sheet_xml, str):
        sheet_xml = sheet_xml.encode("utf-8")
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(shared_strings)}" '
           f'uniqueCount="{len(shared_strings)}">'
           + "".join(f"<si><t>{escape(s)}</t></si>" for s in shared_strings) + "</sst>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/sharedStrings.xml", sst)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, data in extra:
            archive.writestr(name, data)
    return out.getvalue()


def _letters(n: int) -> str:
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def table_xlsx(rows: Iterable[Sequence], *, level: int = 6) -> bytes:
    """Rows as Excel saves them: text through shared strings, int/float as numbers; row 1 first."""
    strings: dict[str, int] = {}
    parts = [SHEET_HEAD]
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row, 1):
            ref = f"{_letters(c)}{r}"
            if value is None or value == "":
                continue
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
            else:
                index = strings.setdefault(str(value), len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
    parts.append(SHEET_TAIL)
    return workbook("".join(parts), shared_strings=list(strings), level=level)


# ---------------------------------------------------------------- attack files

def corner_cells() -> bytes:
    """1.6 KB: cells at A1 and XFD1048576. A dense reader allocates 17 billion cells (549,755,813,888 bytes)."""
    sheet = (SHEET_HEAD.replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
             + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
             + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + SHEET_TAIL)
    return workbook(sheet, shared_strings=["单位"])


def compressed_rows(rows: int, *, level: int = 9) -> bytes:
    """A sheet of `rows` identical rows (no r attributes), deflated as it is built: ~1,000 : 1."""
    unit = b"<row><c><v>1</v></c><c><v>2</v></c></row>" * 4096
    sheet = io.BytesIO()
    head = SHEET_HEAD.encode()
    with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"/>')):
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(head)
            left = rows
            while left > 0:
                n = min(left, 4096)
                out.write(unit if n == 4096 else unit[: n * (len(unit) // 4096)])
                left -= n
            out.write(SHEET_TAIL.encode())
    return sheet.getvalue()


def numbered_rows(rows: int, *, columns: int = 1) -> bytes:
    """`rows` numbered rows with distinct values (compresses like real data, under the ratio limit)."""
    cells = "".join(f'<c r="{_letters(c)}{{r}}"><v>{{r}}{c}</v></c>' for c in range(1, columns + 1))
    template = f'<row r="{{r}}">{cells}</row>'
    body = "".join(template.format(r=r) for r in range(1, rows + 1))
    return workbook(SHEET_HEAD + body + SHEET_TAIL, level=1)


# ---------------------------------------------------------------- cheap denial of service (ADR 21, work budget)
# Files that used to hold a worker for seconds while yielding no row. Random text keeps them under the
# 100 : 1 compression ratio, as an attacker's would be.

def _random_words(count: int, size: int = 8) -> list[bytes]:
    text = os.urandom(count * size // 2 + 1).hex().encode()
    return [text[i:i + size] for i in range(0, count * size, size)]


def _header_cells(header: Sequence[str], row: int = 1) -> str:
    return "".join(f'<c r="{_letters(c)}{row}" t="s"><v>{c - 1}</v></c>' for c in range(1, len(header) + 1))


def _package(sheet: bytes, sst: bytes, *, styles: bytes | None = None, book: str = WORKBOOK,
             level: int = 1) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", book)
        rels = WORKBOOK_RELS
        if styles is not None:
            rels = rels.replace("</Relationships>", f'<Relationship Id="rId3" Type="{REL}/styles" '
                                'Target="styles.xml"/></Relationships>')
            archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/sharedStrings.xml", sst)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def _sst(header: Sequence[str], extra: Iterable[bytes] = ()) -> bytes:
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'.encode()
    items = [f"<si><t>{escape(h)}</t></si>".encode() for h in header]
    return head + b"".join(items) + b"".join(b"<si><t>" + w + b"</t></si>" for w in extra) + b"</sst>"


def many_shared_strings(header: Sequence[str], strings: int, *, refer_last: bool = False) -> bytes:
    """A header row and `strings` random shared strings no cell uses (the tester's sst_many.xlsx had ten
    million); refer_last: a second row refers to the last of them."""
    rows = f'<row r="1">{_header_cells(header)}</row>'
    if refer_last:
        rows += f'<row r="2"><c r="A2" t="s"><v>{len(header) + strings - 1}</v></c></row>'
    return _package((SHEET_HEAD + rows + SHEET_TAIL).encode(), _sst(header, _random_words(strings)))


def junk_elements(header: Sequence[str], elements: int) -> bytes:
    """A header row, then `elements` elements that are not cells inside sheetData (junk_elems.xlsx: 3 M)."""
    junk = b"".join(b'<x a="' + w + b'"/>' for w in _random_words(elements, 4))
    sheet = (SHEET_HEAD + f'<row r="1">{_header_cells(header)}</row>').encode() + junk + SHEET_TAIL.encode()
    return _package(sheet, _sst(header))


def empty_cells(header: Sequence[str], rows: int, *, plain: bool = True) -> bytes:
    """A header row, then `rows` rows of 64 formatted blank cells, as Excel writes a formatted empty range
    (plain=False: with a comment, so the expat reader takes the sheet)."""
    letters = [_letters(c) for c in range(1, 65)]
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{x}{r}" s="1"/>' for x in letters) + "</row>"
                   for r in range(2, rows + 2))
    sheet = SHEET_HEAD + ("" if plain else "<!-- -->") + f'<row r="1">{_header_cells(header)}</row>' + body
    return _package((sheet + SHEET_TAIL).encode(), _sst(header), level=6)


def empty_rows(header: Sequence[str], rows: int) -> bytes:
    """A header row, then `rows` empty rows (emptyrows_1m.xlsx: up to the row limit)."""
    words = _random_words(rows, 6)
    body = b"".join(b'<row r="%d" spans="' % r + w + b'"/>' for r, w in enumerate(words, 2))
    sheet = (SHEET_HEAD + f'<row r="1">{_header_cells(header)}</row>').encode() + body + SHEET_TAIL.encode()
    return _package(sheet, _sst(header))


def repeated_cells(header: Sequence[str], cells: int) -> bytes:
    """A header row, then one row holding `cells` cells all at A2."""
    body = b'<row r="2">' + b"".join(b'<c r="A2"><v>' + w + b"</v></c>" for w in _random_words(cells, 4)) + b"</row>"
    sheet = (SHEET_HEAD + f'<row r="1">{_header_cells(header)}</row>').encode() + body + SHEET_TAIL.encode()
    return _package(sheet, _sst(header))


def values_past_the_header(header: Sequence[str], rows: int) -> bytes:
    """A header row, then `rows` rows with one value each, in column BL, past every header column."""
    body = "".join(f'<row r="{r}"><c r="BL{r}"><v>{r}</v></c></row>' for r in range(2, rows + 2))
    sheet = SHEET_HEAD + f'<row r="1">{_header_cells(header)}</row>' + body + SHEET_TAIL
    return _package(sheet.encode(), _sst(header), level=6)


def styles_junk(header: Sequence[str], elements: int) -> bytes:
    """A header row and a styles part with `elements` elements before its cell formats."""
    junk = b"".join(b'<x a="' + w + b'"/>' for w in _random_words(elements, 4))
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'.encode() + junk
              + b'<cellXfs count="1"><xf numFmtId="0"/></cellXfs></styleSheet>')
    sheet = SHEET_HEAD + f'<row r="1">{_header_cells(header)}</row>' + SHEET_TAIL
    return _package(sheet.encode(), _sst(header), styles=styles)


def workbook_junk(header: Sequence[str], elements: int) -> bytes:
    """A header row and a workbook part with `elements` elements before its sheets."""
    junk = "".join(f'<x a="{w.decode()}"/>' for w in _random_words(elements, 4))
    book = WORKBOOK.replace("<sheets>", junk + "<sheets>")
    sheet = SHEET_HEAD + f'<row r="1">{_header_cells(header)}</row>' + SHEET_TAIL
    return _package(sheet.encode(), _sst(header), book=book)


def blank_csv_rows(header: Sequence[str], rows: int) -> bytes:
    """A CSV header, then `rows` rows of empty cells (ent_blank20m.csv: 20 M)."""
    return (",".join(header) + "\n").encode() + ("," * (len(header) - 1) + "\n").encode() * rows
