"""The full case file as one PDF: 案卷（首页）, 卷内目录, then every filed document's own PDF in the order of the
table of contents, each page numbered in its top-right corner as the table says (the archive's 页号).

Cover, table and the payment record are rendered with WeasyPrint in one pass (`cases/case_file_front.html`):
one page of cover, `TOC_ROWS_PER_PAGE` rows per table page, `PAYMENT_ROWS_PER_PAGE` payments per page — fixed
row heights keep those counts true, and `assemble` refuses (ServiceConflict) a file whose pages do not match the
table. The documents' PDFs are the stored, hashed renderings made when they were issued; pypdf merges them.
"""

import io
from datetime import date
from urllib.parse import quote

from django.http import HttpResponse
from django.template.loader import render_to_string

from anjian.cases.core.selectors import case_team_names
from anjian.cases.records.selectors import PAYMENT_ROWS_PER_PAGE
from anjian.common.errors import ServiceConflict
from anjian.domain import case_file as cf

MM = 72 / 25.4
PAGE_NUMBER_FONT = 12


def _mismatch(reason: str) -> ServiceConflict:
    """The merged file would not match its table of contents (the file changed since it was checked): a 409 in the
    API, the reason on a page."""
    return ServiceConflict(f"案卷 PDF 生成失败：{reason}")


def _d(day) -> str:
    if isinstance(day, str):
        day = date.fromisoformat(day) if day else None
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def result_text(case, result_label: str) -> str:
    if case.result in ("", "penalized") and case.decided_on:
        parts = [case.decision_summary.strip()] if case.decision_summary.strip() else []
        if case.fine_amount and not parts:
            parts.append(f"罚款{case.fine_amount}元")
        return "给予行政处罚：" + "；".join(parts) if parts else "给予行政处罚"
    return result_label


def cover_data(case, contents: list[dict], *, result_label: str, officers: list[str], archive_number: str = "",
               archived_on: date | None = None, retention_label: str = "") -> dict:
    """What the 案卷（首页） says (stored in the 案 document's content at archiving)."""
    pages = max((r["end"] or 0 for r in contents), default=0)
    return {
        "agency": case.agency.name, "name": case.name, "cause": case.cause, "party": case.party_name,
        "result": result_text(case, result_label), "filed_on": _d(case.filed_on), "closed_on": _d(case.closed_on),
        "officers": "、".join(officers), "archived_on": _d(archived_on), "archive_number": archive_number,
        "retention": retention_label, "items": len(contents), "pages": pages,
    }


def cover_text(cover: dict) -> str:
    """The cover as plain lines (the body of the 案 document)."""
    return "\n".join([
        f"案件名称：{cover['name']}", f"案由：{cover['cause']}", f"当事人：{cover['party']}",
        f"处理结果：{cover['result']}", f"立案日期：{cover['filed_on']}", f"结案日期：{cover['closed_on']}",
        f"承办人：{cover['officers']}", f"归档日期：{cover['archived_on']}", f"保存期限：{cover['retention']}",
        f"本卷共{cover['items']}件，{cover['pages']}页",
    ])


def contents_text(contents: list[dict]) -> str:
    """The table of contents as plain lines (the body of the 卷目 document)."""
    return "\n".join(f"{r['seq']}．{r['title']}{(' ' + r['number']) if r['number'] else ''}　{r['date']}　"
                     f"第{r['pages']}页{('　' + r['remarks']) if r.get('remarks') else ''}" for r in contents)


def render_front(cover: dict, contents: list[dict], payments: list[dict], *, preview: bool) -> bytes:
    from weasyprint import HTML

    rows = [{**r, "date_cn": _d(r.get("date"))} for r in contents]
    toc_chunks = [rows[i:i + cf.TOC_ROWS_PER_PAGE] for i in range(0, len(rows), cf.TOC_ROWS_PER_PAGE)] or [[]]
    pay_chunks = [payments[i:i + PAYMENT_ROWS_PER_PAGE] for i in range(0, len(payments), PAYMENT_ROWS_PER_PAGE)]
    html = render_to_string("cases/case_file_front.html", {
        "cover": cover, "toc_chunks": toc_chunks, "pay_chunks": pay_chunks, "preview": preview,
        "rows_per_page": cf.TOC_ROWS_PER_PAGE})
    return HTML(string=html).write_pdf()


def _page_number_overlay(page, number: int):
    from pypdf import PageObject
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    box = page.mediabox
    width, height = float(box.width), float(box.height)
    text = str(number)
    x = float(box.left) + width - 20 * MM - len(text) * PAGE_NUMBER_FONT * 0.556
    y = float(box.bottom) + height - 14 * MM
    overlay = PageObject.create_blank_page(width=box.width, height=box.height)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/FAnjianPageNo"): font})})
    stream = DecodedStreamObject()
    stream.set_data(f"BT /FAnjianPageNo {PAGE_NUMBER_FONT} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET".encode())
    overlay[NameObject("/Contents")] = stream
    return overlay


def assemble(front: bytes, contents: list[dict], pdfs: dict, progress=None) -> bytes:
    """Merge in table order and stamp the page numbers; refuse when a document's pages differ from the table.

    ``pdfs`` maps document ids to PDF bytes or to pypdf readers already opened on them; ``progress(done, total,
    message)`` (a background job's bar) is told after each item of the table."""
    from pypdf import PdfReader, PdfWriter

    front_pages = list(PdfReader(io.BytesIO(front)).pages)
    toc_pages = next((r["count"] for r in contents if r["kind"] == cf.TOC), 0)
    pay_pages = next((r["count"] for r in contents if r["kind"] == cf.PAYMENT), 0)
    if len(front_pages) != 1 + toc_pages + pay_pages:
        raise _mismatch(f"首页、目录和缴款凭证应为{1 + toc_pages + pay_pages}页，实际生成{len(front_pages)}页")
    writer = PdfWriter()
    for done, row in enumerate(contents, 1):
        if row["kind"] == cf.COVER:
            pages = front_pages[:1]
        elif row["kind"] == cf.TOC:
            pages = front_pages[1:1 + toc_pages]
        elif row["kind"] == cf.PAYMENT:
            pages = front_pages[1 + toc_pages:]
        else:
            data = pdfs.get(row.get("document_id"))
            if not data:
                raise _mismatch(f"{row['title']}（{row['number']}）没有PDF文件")
            pages = list((PdfReader(io.BytesIO(data)) if isinstance(data, bytes) else data).pages)
        if len(pages) != row["count"]:
            raise _mismatch(f"{row['title']}应为{row['count']}页，实际{len(pages)}页；请重新评查")
        for page in pages:
            writer.add_page(page)
        if progress is not None:
            progress(done, len(contents) + 1, f"已合并：{row['title']}")
    for number, page in enumerate(writer.pages, 1):
        page.merge_page(_page_number_overlay(page, number))
    writer.add_metadata({"/Title": "案卷", "/Producer": "anjian"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def archived_front(case) -> tuple[dict, list[dict]] | None:
    """The cover and table of contents frozen in the issued 案 and 卷目 documents of an archived case."""
    from anjian.cases.records.selectors import archive_documents

    cover_doc, toc_doc = archive_documents(case)
    if cover_doc is None or toc_doc is None:
        return None
    cover = dict(toc_doc.content.get("cover") or cover_doc.content.get("cover") or {})
    cover["archive_number"] = cover.get("archive_number") or case.archive_number
    return cover, toc_doc.content.get("contents") or []


def case_file_pdf(case, *, today: date, progress=None) -> bytes:
    """The whole file of ``case`` as one PDF: as archived, or (before archiving) a preview of the file as it
    stands today. ``progress(done, total, message)``: per item of the table of contents (the job's bar)."""
    from anjian.cases.records.selectors import case_file_of, case_payments, document_pdfs

    frozen = archived_front(case) if case.status == "archived" else None
    if frozen is not None:
        cover, contents = frozen
        pdfs = document_pdfs([r["document_id"] for r in contents
                              if r.get("document_id") and r["kind"] not in (cf.COVER, cf.TOC)])
        payments = case_payments(case)
        preview = False
    else:
        file = case_file_of(case, today)
        contents = cf.paginate(cf.arrange(file.documents), today)
        cover = cover_data(case, contents, result_label=file.cover.result_label, officers=case_team_names(case))
        pdfs, payments, preview = file.pdfs, file.payments, True
    if progress is not None:
        progress(0, len(contents) + 1, "正在生成首页和卷内目录")
    return assemble(render_front(cover, contents, payments, preview=preview), contents, pdfs, progress)


def case_file_name(case) -> str:
    return f"案卷-{case.archive_number or case.pk}.pdf"


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
