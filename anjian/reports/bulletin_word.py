"""A bulletin as a Word document in the official layout (python-docx; GB/T 9704 page and fonts).

Page A4, margins 37/35/28/26 mm; red agency name over a red rule; title 方正小标宋简体 二号; body 仿宋_GB2312
三号 with 28 pt lines and a two-character first-line indent; section headings 黑体; signature and date on
the right. The ranking table is an attachment on a landscape page, laid out like seed 002's: 名次, 单位 and
总得分 spanning two header rows, and over each metric a merged 一 / 二 / 三 heading above its value, 排名
and 得分 columns; the 得分说明 line below.
"""

from datetime import date
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from anjian.domain.bulletin import Bulletin
from anjian.domain.figures import chinese_numeral

BODY_FONT, TITLE_FONT, HEAD_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"
RED = RGBColor(0xC0, 0x00, 0x00)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def date_cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _run(paragraph, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False, color=None):
    run = paragraph.add_run(text)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def _paragraph(container, text: str = "", *, font: str = BODY_FONT, size: float = 16, indent: bool = True,
               align=None, bold: bool = False, color=None, line: float = 28):
    p = container.add_paragraph()
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(line)
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    if align is not None:
        p.alignment = align
    if text:
        _run(p, text, font=font, size=size, bold=bold, color=color)
    return p


def _red_rule(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "6"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page(section, *, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(26), Mm(24)
        section.left_margin, section.right_margin = Mm(25), Mm(25)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


def _cell(cell, text: str, *, font: str = BODY_FONT, size: float = 11, bold: bool = False) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, text, font=font, size=size, bold=bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def ranking_table(doc, bulletin: Bulletin):
    """The seed-002 table: two header rows with merged cells, then one row per unit in total-rank order."""
    metrics = bulletin.metrics
    rows = bulletin.table_rows()
    table = doc.add_table(rows=2 + len(rows), cols=3 + 3 * len(metrics))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for col, text in enumerate(["名次", "单位", bulletin.total_heading]):
        merged = table.cell(0, col).merge(table.cell(1, col))
        _cell(merged, text, font=HEAD_FONT)
    for i, metric in enumerate(metrics):
        first = 3 + 3 * i
        merged = table.cell(0, first).merge(table.cell(0, first + 2))
        _cell(merged, chinese_numeral(i + 1), font=HEAD_FONT)
        direction = "" if metric.higher_is_better else "（越低越好）"
        for offset, text in enumerate([f"{metric.label}{direction}", "排名", "得分"]):
            _cell(table.cell(1, first + offset), text, font=HEAD_FONT)
    for r, cells in enumerate(rows, 2):
        for c, text in enumerate(cells):
            _cell(table.cell(r, c), text)
    return table


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The whole bulletin as a .docx file's bytes."""
    doc = Document()
    _page(doc.sections[0])
    head = _paragraph(doc, bulletin.agency, font=TITLE_FONT, size=26, indent=False, color=RED,
                      align=WD_ALIGN_PARAGRAPH.CENTER, line=40)
    _red_rule(head)
    _paragraph(doc, indent=False)
    _paragraph(doc, bulletin.title, font=TITLE_FONT, size=22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
               line=36)
    _paragraph(doc, indent=False)
    if bulletin.addressee:
        _paragraph(doc, bulletin.addressee, indent=False)
    for text in bulletin.intro:
        _paragraph(doc, text)
    number = 1
    _paragraph(doc, f"{chinese_numeral(number)}、{bulletin.results_heading or '执法情况及排名'}", font=HEAD_FONT)
    body = bulletin.headline_sentence + bulletin.comparison_sentence
    _paragraph(doc, body)
    if bulletin.findings:
        number += 1
        _paragraph(doc, f"{chinese_numeral(number)}、数据质量问题", font=HEAD_FONT)
        for i, finding in enumerate(bulletin.findings, 1):
            _paragraph(doc, f"（{chinese_numeral(i)}）{finding.text.rstrip('。')}。")
    for section in bulletin.sections:
        number += 1
        _paragraph(doc, f"{chinese_numeral(number)}、{section.heading}", font=HEAD_FONT)
        for text in section.paragraphs:
            _paragraph(doc, text)
    _paragraph(doc)
    _paragraph(doc, f"附件：{bulletin.table_heading}")
    _paragraph(doc)
    _paragraph(doc)
    signature = _paragraph(doc, bulletin.agency, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = Pt(32)
    dated = _paragraph(doc, date_cn(bulletin.issued_on), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    dated.paragraph_format.right_indent = Pt(32)

    attachment = doc.add_section()
    _page(attachment, landscape=True)
    _paragraph(doc, "附件", font=HEAD_FONT, indent=False)
    _paragraph(doc, bulletin.table_heading, font=TITLE_FONT, size=18, indent=False,
               align=WD_ALIGN_PARAGRAPH.CENTER, line=32)
    ranking_table(doc, bulletin)
    _paragraph(doc, bulletin.score_note, size=12, indent=False, line=22)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
