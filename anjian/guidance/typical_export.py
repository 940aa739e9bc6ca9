"""Typical cases in the reporting format (典型执法案例报送): one Word document with a section per case, and an
XLSX list. The text comes from the case record: party, facts, procedure dates, basis, decision, significance."""

from io import BytesIO

from docx import Document as Docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook

from anjian.common.tabular import neutralise as safe_cell
from anjian.guidance.models import TypicalCase

HEADERS = ("序号", "案例名称", "办案机关", "当事人", "案由", "立案日期", "决定日期", "罚款（元）", "处罚决定书文号",
           "典型意义", "状态", "报送日期")


def _decision_number(typical: TypicalCase) -> str:
    from anjian.documents.selectors import documents_of

    issued = [d for d in documents_of(typical.case) if d.kind_id == "罚" and d.status == "issued"]
    return issued[-1].number if issued else ""


def _d(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "—"


def sections(typical: TypicalCase) -> list[tuple[str, str]]:
    c = typical.case
    procedure = "；".join(x for x in (
        f"{_d(c.filed_on)}立案", c.investigated_on and f"{_d(c.investigated_on)}调查终结",
        c.legal_reviewed_at and f"{_d(c.legal_reviewed_at.date())}法制审核",
        c.discussed_on and f"{_d(c.discussed_on)}集体讨论", c.notice_served_on and f"{_d(c.notice_served_on)}送达处罚告知书",
        c.hearing_held_on and f"{_d(c.hearing_held_on)}举行听证", c.decided_on and f"{_d(c.decided_on)}作出处罚决定",
        c.served_on and f"{_d(c.served_on)}送达", c.closed_on and f"{_d(c.closed_on)}结案") if x)
    fine = f"罚款人民币{c.fine_amount}元" if c.fine_amount else ""
    return [
        ("一、基本情况", f"当事人：{c.party_name}（{c.enterprise.uscc}）。办案机关：{c.agency.name}。案由：{c.cause}。"),
        ("二、违法事实", c.facts or "—"),
        ("三、查处过程", procedure + "。"),
        ("四、处罚依据及结果", "；".join(x for x in (c.violated_provision and f"违反{c.violated_provision}",
                                                  c.penalty_provision and f"依据{c.penalty_provision}",
                                                  c.decision_summary, fine, _decision_number(typical)
                                                  and f"决定书文号：{_decision_number(typical)}") if x) or "—"),
        ("五、典型意义", typical.highlights),
    ]


def typical_docx(items: list[TypicalCase], title: str) -> bytes:
    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "仿宋", Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(title)
    run.font.size, run.bold = Pt(20), True
    for i, t in enumerate(items, 1):
        p = doc.add_paragraph()
        r = p.add_run(f"案例{i}：{t.title}")
        r.bold = True
        for heading, text in sections(t):
            doc.add_paragraph().add_run(heading).bold = True
            for line in text.splitlines() or [""]:
                doc.add_paragraph(line)
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def typical_xlsx(items: list[TypicalCase]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "典型案例"
    ws.append(HEADERS)
    for i, t in enumerate(items, 1):
        c = t.case
        ws.append([i, *(safe_cell(v) for v in (t.title, c.agency.name, c.party_name, c.cause)),
                   c.filed_on, c.decided_on, float(c.fine_amount) if c.fine_amount is not None else None,
                   safe_cell(_decision_number(t)), safe_cell(t.highlights), t.get_status_display(), t.reported_on])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
