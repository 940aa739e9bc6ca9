"""Redaction of personal data in published penalty decisions (行政处罚决定公开). Pure Python.

What is hidden, and how (a natural person's data; legal persons are published as they are):
- names of natural persons → surname + 某某 (张三 → 张某某, 欧阳娜娜 → 欧阳某某): the names the caller knows
  (an individual party, a legal representative, witnesses …) and any 2–4 Han characters after a label that
  always introduces a person (姓名、法定代表人、负责人、联系人、证人、被询问人、受送达人、签收人);
- identity-card numbers (18 or 15 digits) → the 6-digit region code and asterisks (411726************);
- mobile numbers → 138****5678; landlines → 0396-*******; e-mail addresses → z***@example.com;
- home addresses → kept up to the county (河南省泌阳县****): the addresses the caller knows and any text after
  住址／家庭住址／现住址／户籍地址／居住地 labels;
- bank accounts → asterisks and the last 4 digits: any run of 11 or more digits that is not one of the above,
  and the digits after 账号／账户／卡号 labels.
Texts in ``keep`` (the unit's name and USCC) are never touched, even when they contain a person's name.
Redaction is idempotent: redacting a redacted text changes nothing.
"""

import re
from collections.abc import Iterable

COMPOUND_SURNAMES = frozenset([
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "令狐",
    "钟离", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "闻人", "濮阳", "万俟", "赫连",
    "东郭", "第五",
])
MASK = "某某"
HAN = r"\u4e00-\u9fff"
PERSON_LABELS = ("姓名", "法定代表人", "负责人", "联系人", "证人", "被询问人", "受送达人", "签收人", "委托代理人")
ADDRESS_LABELS = ("家庭住址", "家庭地址", "现住址", "户籍地址", "户籍所在地", "居住地址", "居住地", "住址")
ACCOUNT_LABELS = ("银行账号", "银行账户", "银行卡号", "账号", "账户", "卡号")

_DELIM = r"(?=$|[，,。；;、\s)）(（:：/])"
_PERSON_RE = re.compile(rf"((?:{'|'.join(PERSON_LABELS)})\s*[：:]\s*)([{HAN}]{{2,4}}){_DELIM}")
_ADDRESS_RE = re.compile(rf"((?:{'|'.join(ADDRESS_LABELS)})\s*[：:为]\s*)([^，,。；;\n]+)")
_ACCOUNT_RE = re.compile(rf"((?:{'|'.join(ACCOUNT_LABELS)})\s*[：:为]?\s*)(\d[\d -]{{5,}}\d)")
_GROUPED_DIGITS_RE = re.compile(r"\d{3,}(?:[ -]\d{3,})+[Xx]?")  # 138 1234 5678, 6222 0210 0112 3456 789
_LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3})(\s*[-－—]\s*|[)）]\s*)(\d{7,8})(?!\d)")
_LONG_DIGITS_RE = re.compile(r"\d{11,}[Xx]?")
_EMAIL_RE = re.compile(r"([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_COUNTY_RE = re.compile(r"^(.{2,14}?(?:县|区|旗|市))")


def mask_name(name: str) -> str:
    """张三 → 张某某; 欧阳娜娜 → 欧阳某某; names already masked stay as they are."""
    name = name.strip()
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2] + MASK
    return name[:1] + MASK if name else name


def mask_address(address: str) -> str:
    """Keep the administrative part up to the county (or district / city), hide the rest."""
    address = address.strip()
    m = _COUNTY_RE.match(address)
    if m and len(m.group(1)) < len(address):
        return m.group(1) + "****"
    return "（已隐去）" if address and address != "（已隐去）" and "*" not in address else address


def mask_digits(digits: str) -> str:
    """A run of digits: mobile, identity card or account number, each masked its own way."""
    if len(digits) == 11 and re.fullmatch(r"1[3-9]\d{9}", digits):
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) in (15, 18):
        return digits[:6] + "*" * (len(digits) - 6)
    return "*" * (len(digits) - 4) + digits[-4:]


def _grouped(m: re.Match) -> str:
    digits = re.sub(r"[ -]", "", m.group(0))
    return mask_digits(digits) if len(digits) >= 11 else m.group(0)


def _protect(text: str, keep: Iterable[str]) -> tuple[str, dict[str, str]]:
    """Swap kept texts for placeholders made of private-use characters (no digit, no Han character)."""
    slots: dict[str, str] = {}
    for i, token in enumerate(sorted({k.strip() for k in keep if k and k.strip()}, key=len, reverse=True)):
        slot = f"\ue000{chr(0xE100 + i)}\ue001"
        if token in text:
            text = text.replace(token, slot)
            slots[slot] = token
    return text, slots


def redact(text: str, *, names: Iterable[str] = (), addresses: Iterable[str] = (),
           keep: Iterable[str] = ()) -> str:
    """``text`` with the personal data of natural persons hidden (see the module docstring)."""
    text, slots = _protect(text or "", keep)
    for address in sorted({a.strip() for a in addresses if a and len(a.strip()) >= 4}, key=len, reverse=True):
        text = text.replace(address, mask_address(address))
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        if mask_name(name) != name:
            text = text.replace(name, mask_name(name))
    text = _PERSON_RE.sub(lambda m: m.group(1) + mask_name(m.group(2)), text)
    text = _ADDRESS_RE.sub(lambda m: m.group(1) + mask_address(m.group(2)), text)
    text = _ACCOUNT_RE.sub(lambda m: m.group(1) + mask_digits(re.sub(r"\D", "", m.group(2))), text)
    text = _LANDLINE_RE.sub(lambda m: m.group(1) + m.group(2) + "*" * len(m.group(3)), text)
    text = _GROUPED_DIGITS_RE.sub(_grouped, text)
    text = _LONG_DIGITS_RE.sub(lambda m: mask_digits(m.group(0)), text)
    text = _EMAIL_RE.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    for slot, token in slots.items():
        text = text.replace(slot, token)
    return text
