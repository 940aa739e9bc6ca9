"""The arrangement table (附件1) and the statistics table (附件3) as XLSX (openpyxl) and Word (python-docx, A4)."""

from collections.abc import Sequence
from datetime import date
from io import BytesIO

from django.utils import timezone

from anjian.campaigns import statistics
from anjian.campaigns.models import Campaign
from anjian.campaigns.selectors import arrangement_table
from anjian.common.tabular import neutralise
from anjian.regions.models import Agency

ARRANGEMENT_TITLE = "异地执法检查统一安排表"
ARRANGEMENT_COLUMNS = ["检查时间", "执法模式", "检查安排"]
STATISTICS_TITLE = statistics.TITLE


def tables(campaign: Campaign, which: str, unit: Agency | None = None, on: date | None = None
           ) -> tuple[str, list[str], list[str], list[list], list[str]]:
    """(title, lines above, column heads, rows, lines below) of 附件1 or 附件3."""
    subtitle = f"{campaign.title}（{campaign.document_reference or campaign.organiser.name}）"
    if which == "arrangement":
        return (ARRANGEMENT_TITLE, [subtitle], ARRANGEMENT_COLUMNS, [list(r) for r in arrangement_table(campaign)],
                [])
    on = on or timezone.localdate()
    return (STATISTICS_TITLE, [subtitle, *statistics.heading(campaign, unit, on)], statistics.COLUMNS,
            statistics.statistics_rows(campaign, unit), statistics.footer())


def _cell(value):
    return value if isinstance(value, int) else neutralise(value)


def to_xlsx(title: str, above: Sequence[str], header: Sequence[str], rows: Sequence[Sequence],
            below: Sequence[str] = ()) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    for line in above:
        ws.append([line])
    ws.append(list(header))
    head_row = ws.max_row
    for cell in ws[head_row]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
    wrap = Alignment(wrap_text=True, vertical="center")
    for row in ws.iter_rows(min_row=head_row + 1):
        for cell in row:
            cell.alignment = wrap
    for line in below:
        ws.append([line])
    for i, h in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(i)].width = 60 if h == "检查安排" else max(10, len(h) * 2 + 2)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def to_docx(title: str, above: Sequence[str], header: Sequence[str], rows: Sequence[Sequence],
            below: Sequence[str] = ()) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if len(header) > 6:  # the statistics table is wide: A4 landscape
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    for m in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, m, Mm(20))
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(10.5)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.bold = True
    run.font.size = Pt(18)
    for line in above:
        doc.add_paragraph(line)
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = str(text)
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    for line in below:
        doc.add_paragraph(line)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def export(campaign: Campaign, which: str, fmt: str, unit: Agency | None = None, on: date | None = None
           ) -> tuple[bytes, str, str]:
    """(content, filename, content type) of one table in one format; 附件3 of one inspecting unit or of all."""
    title, above, header, rows, below = tables(campaign, which, unit, on)
    name = f"{title}（{unit.name}）" if unit is not None and which == "statistics" else title
    if fmt == "xlsx":
        return (to_xlsx(title, above, header, rows, below), f"{name}.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return (to_docx(title, above, header, rows, below), f"{name}.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
