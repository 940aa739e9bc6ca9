"""Word (docxtpl) and PDF (WeasyPrint, from HTML) renderings of a document. One context feeds both."""

import base64
import hashlib
import io
from datetime import date
from pathlib import Path

from django.template.loader import render_to_string

from anjian.common.errors import ServiceInvalid
from anjian.documents.fields import basis_unstated, date_cn, drop_lead, fields_for, sample_content, to_text
from anjian.documents.files import template_bytes
from anjian.documents.models import DocumentKind, DocumentTemplate
from anjian.documents.site_signatures import signature_blocks

TEMPLATES_DOCX = Path(__file__).resolve().parent / "templates_docx"
COPIES = "本文书一式两份：一份交被检查单位（当事人），一份存档。"
# The agency's internal forms (审批表, 呈批表, 报告, 法制审核意见书, 讨论记录, 案卷 …): nobody of the party signs them and
# no copy goes to the party; they are dated by the approval they record (content "dated"), not by the day of issue.
INTERNAL_KINDS = frozenset({"检查", "立", "强审", "先保审", "先保处审", "终报", "处呈", "法审", "罚集", "听报", "缴审",
                            "移审", "案延", "结", "案", "卷目"})
# 行政复议法 (revised 2023, in force 2024-01-01) 第二十四条: a decision of a county-level or higher government's
# department is reviewed by that government (本级人民政府) only; 行政诉讼法 第四十六条: six months. The court is named only
# when configured for the agency (REMEDY_COURTS); otherwise "依法向人民法院".
REMEDY = ("如不服本{noun}，可以在收到本{noun}书之日起六十日内向{government}申请行政复议，"
          "或者在六个月内依法向{court}提起行政诉讼。")
# agency region code → the court that takes administrative suits against its decisions (集中管辖 varies: configure, never
# guess a court's name from the region's)
REMEDY_COURTS: dict[str, str] = {}
# 行政处罚法 第七十三条: review or suit does not stay a penalty decision, unless a law says otherwise.
NOT_STAYED = "行政复议或者行政诉讼期间，本决定不停止执行，法律另有规定的除外。"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def remedy_clause(agency, content: dict, title: str = "") -> str:
    """The statutory remedy sentence: 复议 within 60 days to the agency's own government (本级人民政府), 诉讼 within 6
    months. Content may name the bodies (``remedy_government``, ``remedy_court``)."""
    region = agency.region
    court = content.get("remedy_court") or REMEDY_COURTS.get(region.code) or "人民法院"
    noun = "指令" if title.endswith("指令书") else "决定"  # 责令限期整改指令书 is an order (指令), the rest decisions
    clause = REMEDY.format(noun=noun, government=content.get("remedy_government") or f"{region.name}人民政府",
                           court=court)
    return clause + NOT_STAYED if "行政处罚决定书" in title else clause


def render_context(*, kind: DocumentKind, agency, enterprise, content: dict, number: str,
                   issued_on: date | None, draft: bool = False) -> dict:
    """Everything a template may use. Meta keys win over content keys of the same name. ``draft``: a preview
    (watermarked, headed 草稿预览; the number is a placeholder)."""
    ctx: dict = {}
    shown = []
    for field in fields_for(kind.template):
        value = content.get(field.name)
        if field.type == "date":
            ctx[f"{field.name}_cn"] = date_cn(value or "")
        if field.name == "legal_basis" and isinstance(value, str):
            value = value.rstrip("。.；; ")  # the templates add the full stop
        if field.type == "textarea":
            ctx[f"{field.name}_lines"] = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if field.type == "problems":
            value = [{"no": i, "text": p.get("text", ""), "deadline": p.get("deadline", ""),
                      "deadline_cn": date_cn(p.get("deadline", ""))} for i, p in enumerate(value or [], 1)]
        ctx[field.name] = value if value is not None else ("" if field.type in {"text", "textarea", "date"} else [])
        if field.name not in {"addressee", "inspectors"}:
            shown.append({"label": field.label, "text": to_text(field, content.get(field.name)),
                          "lines": [line for line in to_text(field, content.get(field.name)).splitlines() if line]})
    if not ctx.get("addressee") and enterprise is not None:
        ctx["addressee"] = enterprise.name
    if "hazard_lines" in ctx:  # the layout says 经查，… itself
        ctx["hazard_lines"] = [drop_lead(line, "经查") for line in ctx["hazard_lines"]]
    body = content.get("body") if isinstance(content.get("body"), str) else ""
    body_lines = [line.strip() for line in body.splitlines() if line.strip()]
    addressee = ctx.get("addressee") or ""
    internal = kind.code in INTERNAL_KINDS
    ctx.update({
        "agency_name": agency.name,
        "agency_short": agency.short_name,
        "title": kind.name,
        "kind_code": kind.code,
        "number": number or "",
        # an internal form is dated by the approval it records (content "dated"), an order by the day it is issued
        "issued_date": (date_cn(content["dated"]) if internal and content.get("dated")
                        else date_cn(issued_on.isoformat()) if issued_on else "    年  月  日"),
        "enterprise_name": enterprise.name if enterprise is not None else ctx.get("addressee", ""),
        "enterprise_address": getattr(enterprise, "address", "") or content.get("address", ""),
        "enterprise_uscc": getattr(enterprise, "uscc", ""),
        "has_remedy_clause": kind.has_remedy_clause,
        "remedy_clause": remedy_clause(agency, content, kind.name) if kind.has_remedy_clause else "",
        "copies": "" if internal else COPIES,
        "party_signs": not internal,  # the party's person in charge signs orders and notices, not internal forms
        "fields": shown,  # label and text of each field: for uploaded Word templates written against it
        "body_lines": body_lines,
        # the generic layout's salutation (泌阳某某公司：), left out when the body names the party at its head
        # (当事人：… of a decision, the 案件名称 of a form)
        "salutation": bool(addressee) and not any(addressee in line for line in body_lines[:3]),
        # the legal basis as a sentence, when the body does not already cite it
        "basis_sentence": basis_unstated(content.get("legal_basis") or "", body),
        "signer": content.get("signer") or "",
        "draft": draft,
    })
    # signatures taken on site (site_signatures.py): the party's replace the blank line for its signature
    ctx["party_signatures"], ctx["officer_signatures"] = signature_blocks(content)
    ctx.setdefault("inspectors", [])
    return ctx


def template_for(kind: DocumentKind) -> tuple[bytes, str]:
    """(Word template bytes, where it came from): the newest active upload, else the shipped file."""
    uploaded = (DocumentTemplate.objects.filter(kind=kind, active=True).order_by("-uploaded_at", "-id")
                .values_list("sha256", "filename").first())
    if uploaded is not None:
        return template_bytes(*uploaded), f"上传：{uploaded[1]}"
    path = TEMPLATES_DOCX / f"{kind.template}.docx"
    return path.read_bytes(), f"内置：{path.name}"


SIGNATURE_HEIGHT_MM = 12


def _with_images(context: dict, image) -> dict:
    """The context with each signature's ``image`` made by ``image(png bytes)`` (the blocks are copied)."""
    out = dict(context)
    for key in ("party_signatures", "officer_signatures"):
        out[key] = [{**s, "image": image(s["png"]) if s.get("png") else ""} for s in context.get(key, [])]
    return out


def render_docx(context: dict, template: bytes) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    doc = DocxTemplate(io.BytesIO(template))
    context = _with_images(context, lambda png: InlineImage(doc, io.BytesIO(png), height=Mm(SIGNATURE_HEIGHT_MM)))
    doc.render(context, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_pdf(kind: DocumentKind, context: dict) -> bytes:
    from weasyprint import HTML

    context = _with_images(context, lambda png: "data:image/png;base64," + base64.b64encode(png).decode())
    html = render_to_string([f"documents/pdf/{kind.template}.html", "documents/pdf/generic.html"], context)
    return HTML(string=html).write_pdf()


def template_check(kind: DocumentKind, agency, data: bytes) -> None:
    """Test-render an uploaded template with sample content; ServiceInvalid at field "file" (in Chinese, for the
    uploader) when it fails."""
    problem = _template_problem(kind, agency, data)
    if problem:
        raise ServiceInvalid(("file", problem))


def _template_problem(kind: DocumentKind, agency, data: bytes) -> str | None:
    from docx.opc.exceptions import PackageNotFoundError
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    context = render_context(kind=kind, agency=agency, enterprise=None, content=sample_content(kind.template),
                             number="（示例）应急示例〔2024〕1号", issued_on=date(2024, 6, 30))
    try:
        doc = DocxTemplate(io.BytesIO(data))
        unknown = doc.get_undeclared_template_variables() - set(context)
        if unknown:
            return ("模板使用了未定义的变量：" + "、".join(sorted(unknown))
                    + "（可用变量：" + "、".join(sorted(context)) + "）")
        render_docx(context, data)
    except PackageNotFoundError:
        return "文件不是有效的 Word（.docx）文档"
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"（第 {line} 行附近）" if line else ""
        return f"模板语法错误{where}：{exc.message or exc}"
    except Exception as exc:  # zip errors, broken XML …: refuse with the reason, never store it
        return f"模板无法渲染：{type(exc).__name__}: {exc}"
    return None
