"""A bulletin as an XLSX workbook (openpyxl): the ranking table laid out like seed 002's, the per-unit
figures with their year-on-year change, the headline figures and the data-quality findings.

Figures, ranks and scores are numbers (Excel can sum and sort them); names are text, neutralised so
that no cell is taken for a formula.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from anjian.common.tabular import neutralise
from anjian.domain.bulletin import Bulletin
from anjian.domain.figures import chinese_numeral

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)


def _text(value):
    return neutralise(value) if isinstance(value, str) else value


def _grid(sheet, first_row: int, last_row: int, columns: int) -> None:
    for row in sheet.iter_rows(min_row=first_row, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = GRID
            cell.alignment = CENTER


def _ranking_sheet(sheet, bulletin: Bulletin) -> None:
    metrics = bulletin.metrics
    width = 3 + 3 * len(metrics)
    sheet.append([_text(bulletin.table_heading)])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = CENTER
    top = ["名次", "单位", bulletin.total_heading]
    second = ["", "", ""]
    for i, metric in enumerate(metrics):
        top += [chinese_numeral(i + 1), "", ""]
        direction = "" if metric.higher_is_better else "（越低越好）"
        second += [f"{metric.label}{direction}", "排名", "得分"]
    sheet.append([_text(t) for t in top])
    sheet.append([_text(t) for t in second])
    for col in range(1, 4):
        sheet.merge_cells(start_row=2, start_column=col, end_row=3, end_column=col)
    for i in range(len(metrics)):
        first = 4 + 3 * i
        sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=first + 2)
    for row in bulletin.ranked.rows:
        cells: list = [row.total_rank, _text(row.unit), row.total]
        for result in row.results:
            cells += [result.value, result.rank, result.score]
        sheet.append(cells)
    last = 3 + bulletin.ranked.size
    _grid(sheet, 2, last, width)
    for cell in (*sheet[2], *sheet[3]):
        cell.font = BOLD
    sheet.append([_text(bulletin.score_note)])
    sheet.merge_cells(start_row=last + 1, start_column=1, end_row=last + 1, end_column=width)
    sheet.column_dimensions["B"].width = 14
    for col in range(4, width + 1, 3):
        sheet.column_dimensions[get_column_letter(col)].width = 16
    sheet.freeze_panes = "C4"


def _figures_sheet(sheet, bulletin: Bulletin) -> None:
    header = ["单位"]
    for m in bulletin.figure_metrics:
        header += [m.label, f"{m.label}（上年同期）", f"{m.label}同比"]
    sheet.append([_text(h) for h in header])
    previous = {u.unit: u.previous for u in bulletin.units}
    for unit, changes in bulletin.unit_changes():
        cells: list = [_text(unit)]
        for metric, change in zip(bulletin.figure_metrics, changes, strict=True):
            cells += [change.current, previous[unit].get(metric.key), _text(change.text)]
        sheet.append(cells)
    for cell in sheet[1]:
        cell.font = BOLD
    for col in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 16
    sheet.freeze_panes = "B2"


def _headline_sheet(sheet, bulletin: Bulletin) -> None:
    sheet.append(["项目", "本期", "单位", "上年同期", "同比"])
    for figure in bulletin.headline:
        sheet.append([_text(figure.phrase), figure.value, _text(figure.unit), figure.previous,
                      _text(figure.change.text)])
    sheet.append([])
    for sentence in (bulletin.headline_sentence, bulletin.comparison_sentence):
        if sentence:
            sheet.append([_text(sentence)])
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["E"].width = 28


def _findings_sheet(sheet, bulletin: Bulletin) -> None:
    sheet.append(["单位", "问题", "数量", "说明"])
    for f in bulletin.findings:
        sheet.append([_text(f.unit or "全系统"), _text(f.problem), f.count, _text(f.detail)])
    if not bulletin.findings:
        sheet.append(["", "未发现数据质量问题"])
    for cell in sheet[1]:
        cell.font = BOLD
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 48


def bulletin_xlsx(bulletin: Bulletin) -> bytes:
    """The bulletin's tables as an .xlsx file's bytes: 排名表, 各单位指标, 汇总, 数据质量."""
    workbook = Workbook()
    ranking = workbook.active
    ranking.title = "排名表"
    _ranking_sheet(ranking, bulletin)
    _figures_sheet(workbook.create_sheet("各单位指标"), bulletin)
    _headline_sheet(workbook.create_sheet("汇总"), bulletin)
    _findings_sheet(workbook.create_sheet("数据质量"), bulletin)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
