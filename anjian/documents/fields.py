"""The fields each kind of document shows, and how their values are checked. Pure Python (no Django).

A document's `content` is a JSON object keyed by these field names. Value shapes by field type:
  text, textarea  str
  date            "YYYY-MM-DD"
  lines           list[str]                                   (one item per line in the form)
  problems        list[{"text": str, "deadline": "YYYY-MM-DD"}] ("问题｜2024-06-30" per line)
  inspectors      list[{"name": str, "certificate": str}]      ("姓名 证号" per line)
Keys that no field names are kept as they are (callers may store references there) but never rendered.
"""

import re
from dataclasses import dataclass
from datetime import date

from anjian.domain.input_bounds import date_problem


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: str = "text"
    required: bool = False  # required before the document can be issued
    help: str = ""


ADDRESSEE = Field("addressee", "被检查单位（当事人）", required=True, help="留空则取所属生产经营单位名称")
INSPECTORS = Field("inspectors", "执法人员及证号", "inspectors", required=True, help="每行一人：姓名 执法证号；至少两人")
LEGAL_BASIS = Field("legal_basis", "法律依据", "textarea", help="如：《中华人民共和国安全生产法》第六十五条")
INSPECTION_DATE = Field("inspection_date", "检查日期", "date", required=True)

FIELDS: dict[str, tuple[Field, ...]] = {
    "jiancha": (ADDRESSEE, Field("address", "地址"), INSPECTION_DATE,
                Field("basis", "检查依据", "textarea"), Field("items", "检查内容", "lines", required=True),
                Field("method", "检查方式", "textarea"), INSPECTORS),
    "jianji": (ADDRESSEE, Field("address", "地址"), Field("legal_representative", "法定代表人（负责人）"),
               Field("position", "职务"), Field("phone", "联系电话"), Field("place", "检查场所", required=True),
               Field("time_from", "检查时间（起）", required=True, help="如：2024年5月6日9时30分"),
               Field("time_to", "检查时间（止）", required=True), INSPECTORS,
               Field("findings", "检查情况", "textarea", required=True)),
    "xianjue": (ADDRESSEE, INSPECTION_DATE, Field("violations", "违法违规行为和事故隐患", "lines", required=True),
                Field("legal_basis", "法律依据", "textarea", required=True),
                Field("measures", "现场处理措施", "lines", required=True), INSPECTORS),
    "zegai": (ADDRESSEE, INSPECTION_DATE,
              Field("problems", "存在的问题及整改期限", "problems", required=True,
                    help="每行一项：问题描述｜整改期限（如 2024-06-30）"),
              LEGAL_BASIS, INSPECTORS),
    "fucha": (ADDRESSEE, Field("original_date", "原决定日期", "date", required=True),
              Field("original_title", "原文书名称", required=True), Field("original_number", "原文书编号", required=True),
              Field("opinion", "复查意见", "textarea", required=True), INSPECTORS),
    "xun": (ADDRESSEE, Field("reason", "询问事由", required=True), Field("time", "询问时间", required=True),
            Field("place", "询问地点", required=True), Field("bring", "需携带的材料", "lines"),
            Field("contact", "联系人"), Field("phone", "联系电话")),
    "chakou": (ADDRESSEE, Field("facts", "违法事实", "textarea", required=True),
               Field("legal_basis", "法律依据", "textarea", required=True),
               Field("items", "查封扣押的场所、设施、财物", "lines", required=True),
               Field("period", "查封扣押期限", required=True, help="如：三十日"), INSPECTORS),
    "huizhi": (Field("served_document", "送达文书名称及文号", required=True), ADDRESSEE,
               Field("place", "送达地点", required=True), Field("method", "送达方式", required=True),
               Field("served_at", "送达时间", required=True), Field("recipient", "受送达人（签收人）"),
               Field("remarks", "备注", "textarea")),
    "yijiao": (Field("receiver", "接收单位", required=True), ADDRESSEE,
               Field("problems_found", "发现的问题", "lines", required=True),
               Field("reason", "移交理由", "textarea", required=True), LEGAL_BASIS,
               Field("attachments", "附件材料", "lines"), Field("contact", "联系人"), Field("phone", "联系电话")),
    "duban": (ADDRESSEE, Field("hazard", "重大事故隐患情况", "textarea", required=True),
              Field("requirements", "督办要求", "lines", required=True),
              Field("deadline", "整改完成期限", "date", required=True),
              Field("supervisor", "督办单位联系人"), Field("phone", "联系电话")),
    "generic": (ADDRESSEE, Field("body", "正文", "textarea", required=True), LEGAL_BASIS),
}

_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_BAR = re.compile(r"[|｜]")


def fields_for(template: str) -> tuple[Field, ...]:
    return FIELDS.get(template, FIELDS["generic"])


def parse_date(text: str) -> str:
    """Accept 2024-06-30, 2024/6/30 or 2024年6月30日; return ISO. ValueError otherwise."""
    value = re.sub(r"[/.年月]", "-", text.strip()).rstrip("日")
    m = _DATE_RE.match(value)
    if not m:
        raise ValueError(f"日期格式不正确：{text}（应为 2024-06-30）")
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(f"日期不存在：{text}") from None
    problem = date_problem(day)
    if problem:
        raise ValueError(problem)
    return day.isoformat()


def date_cn(iso: str) -> str:
    """2024-06-30 → 2024年6月30日 (empty stays empty; other text is returned unchanged)."""
    m = _DATE_RE.match(iso or "")
    return f"{int(m[1])}年{int(m[2])}月{int(m[3])}日" if m else (iso or "")


def _clean_value(field: Field, value):
    """One value in its stored shape; ValueError with a Chinese reason when it cannot be."""
    if value is None:
        return [] if field.type in {"lines", "problems", "inspectors"} else ""
    if field.type in {"text", "textarea"}:
        if not isinstance(value, str | int | float):
            raise ValueError("应为文字")
        return str(value).strip()
    if field.type == "date":
        return parse_date(str(value)) if str(value).strip() else ""
    if isinstance(value, str):
        return parse_text(field, value)
    if not isinstance(value, list):
        raise ValueError("应为列表")
    if field.type == "lines":
        return [str(v).strip() for v in value if str(v).strip()]
    if field.type == "problems":
        out = []
        for item in value:
            if isinstance(item, str):
                item = {"text": item}
            if not isinstance(item, dict) or not str(item.get("text", "")).strip():
                raise ValueError("每项问题须有描述")
            deadline = str(item.get("deadline") or "").strip()
            out.append({"text": str(item["text"]).strip(), "deadline": parse_date(deadline) if deadline else ""})
        return out
    if field.type == "inspectors":
        out = []
        for item in value:
            if not isinstance(item, dict) or not str(item.get("name", "")).strip():
                raise ValueError("每名执法人员须有姓名")
            out.append({"name": str(item["name"]).strip(), "certificate": str(item.get("certificate", "")).strip()})
        return out
    raise ValueError(f"未知字段类型 {field.type}")


def clean_content(template: str, content: dict) -> tuple[dict, list[tuple[str, str]]]:
    """Normalise a content dict for storage: (clean, [(field, reason)])."""
    if not isinstance(content, dict):
        return {}, [("content", "文书内容应为键值对象")]
    clean, errors = dict(content), []
    for field in fields_for(template):
        try:
            clean[field.name] = _clean_value(field, content.get(field.name))
        except ValueError as exc:
            errors.append((field.name, f"{field.label}：{exc}"))
    return clean, errors


def issue_errors(template: str, content: dict) -> list[tuple[str, str]]:
    """What is still missing before a document with this content can be issued."""
    errors = []
    for field in fields_for(template):
        value = content.get(field.name)
        if field.required and not value:
            errors.append((field.name, f"缺少{field.label}"))
        elif field.type == "inspectors" and value:
            if len(value) < 2:
                errors.append((field.name, "执法人员不得少于两人"))
            for person in value:
                if not person.get("certificate"):
                    errors.append((field.name, f"执法人员 {person.get('name')} 缺少执法证号"))
        elif field.type == "problems" and value:
            for i, problem in enumerate(value, 1):
                if not problem.get("deadline"):
                    errors.append((field.name, f"第 {i} 项问题缺少整改期限"))
    return errors


def to_text(field: Field, value) -> str:
    """The value as the form shows it."""
    if field.type == "problems":
        return "\n".join(f"{p.get('text', '')}｜{p.get('deadline', '')}" for p in value or [])
    if field.type == "inspectors":
        return "\n".join(f"{p.get('name', '')} {p.get('certificate', '')}".strip() for p in value or [])
    if field.type == "lines":
        return "\n".join(value or [])
    return "" if value is None else str(value)


def parse_text(field: Field, text: str):
    """The stored value from what was typed in the form (ValueError with a reason)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if field.type == "lines":
        return lines
    if field.type == "problems":
        out = []
        for line in lines:
            parts = _BAR.split(line, maxsplit=1)
            deadline = parts[1].strip() if len(parts) > 1 else ""
            out.append({"text": parts[0].strip(), "deadline": parse_date(deadline) if deadline else ""})
        return out
    if field.type == "inspectors":
        out = []
        for line in lines:
            name, _, certificate = line.rpartition(" ")
            out.append({"name": name.strip(), "certificate": certificate} if name.strip()
                       else {"name": certificate, "certificate": ""})
        return out
    if field.type == "date":
        return parse_date(text) if (text or "").strip() else ""
    return (text or "").strip()


def drop_lead(text: str, lead: str) -> str:
    """The text without a leading phrase the layout already prints (经查，经查，… reads twice otherwise)."""
    text = text.strip()
    if text.startswith(lead):
        return text[len(lead):].lstrip("，,：: ")
    return text


def basis_unstated(legal_basis: str, body: str) -> str:
    """The legal basis as a closing sentence (依据…。) when the body cites none of its parts; empty otherwise.
    Documents never print the field's label (法律依据：)."""
    parts = [p.strip().rstrip("。.") for p in re.split(r"[；;\n]", legal_basis or "") if p.strip().rstrip("。.")]
    if not parts or any(p in body for p in parts):
        return ""
    return f"依据{'、'.join(parts)}。"


def sample_content(template: str) -> dict:
    """Plausible content for every field: used to test-render an uploaded template and by the benchmark."""
    samples = {
        "text": "示例文字", "textarea": "示例文字，第一行。\n第二行。", "date": "2024-06-30",
        "lines": ["示例事项一", "示例事项二"],
        "problems": [{"text": "安全出口被堵塞", "deadline": "2024-06-30"},
                     {"text": "未建立事故隐患排查治理制度", "deadline": "2024-07-15"}],
        "inspectors": [{"name": "张执法", "certificate": "41172600000001"},
                       {"name": "李执法", "certificate": "41172600000002"}],
    }
    return {f.name: samples[f.type] for f in fields_for(template)}
