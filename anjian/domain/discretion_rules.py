"""Discretion benchmarks (裁量权基准, the 应急〔2024〕90号 shape): validating entries and reading their ranges. Pure.

An entry is one violation (编号 code) at one discretion level (裁量阶次) of one benchmark (出处 source): the
statutory range (法定幅度) of the penalty provision and the narrower range of the level. An absent lower
bound means "以下" (no minimum), an absent upper bound "以上" (no maximum); bounds include the number itself
(以上、以下含本数). Rules:

- statutory_min ≤ fine_min ≤ fine_max ≤ statutory_max (absent bounds are open);
- within one (source, code), levels have distinct names and distinct orders, and a higher order never has a
  lower range than a lower order (both bounds non-decreasing);
- rows of one (source, code) describe the same violation for the same kind of party.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from anjian.domain.case_process import PARTY_KINDS
from anjian.domain.input_bounds import digits
from anjian.domain.registry import code_for_label
from anjian.domain.rows import Column

DEFAULT_SOURCE = "应急〔2024〕90号"
MAX_AMOUNT = Decimal("999999999999.99")  # the model's 14 digits, 2 decimals
FORMULA_PREFIXES = ("=", "+", "-", "@")

BENCHMARK_COLUMNS: tuple[Column, ...] = (
    Column("code", "编号", True),
    Column("violation", "违法行为", True),
    Column("legal_provision", "法律规定", True),
    Column("penalty_basis", "处罚依据", True),
    Column("party_kind", "当事人类型"),
    Column("statutory_min", "法定罚款下限（元）"),
    Column("statutory_max", "法定罚款上限（元）"),
    Column("level", "裁量阶次", True),
    Column("level_order", "阶次顺序", True),
    Column("conditions", "适用条件", True),
    Column("fine_min", "罚款下限（元）"),
    Column("fine_max", "罚款上限（元）"),
    Column("standard", "具体标准"),
    Column("source", "出处"),
)
LABELS = {c.field: c.label for c in BENCHMARK_COLUMNS}
MAX_LENGTHS = {"code": 32, "violation": 500, "level": 32, "source": 100}
TEXT_FIELDS = ("code", "violation", "legal_provision", "penalty_basis", "level", "conditions", "standard", "source")
AMOUNT_FIELDS = ("statutory_min", "statutory_max", "fine_min", "fine_max")
# Fields that must agree across the levels of one (source, code).
SHARED_FIELDS = ("violation", "party_kind")

_AMOUNT_RE = re.compile(r"^(\d+(?:\.\d+)?)(万)?(?:元)?$")
_CODE_RE = re.compile(r"^[0-9A-Za-z一-龥][0-9A-Za-z一-龥\-_.（）()]*$")

FieldError = tuple[str, str]


# ---------------------------------------------------------------- amounts

def parse_amount(text: str) -> Decimal | None:
    """An amount in yuan as typed: "30000", "30,000", "30000元", "3万", "1.5万元"; "" → None. ValueError if bad."""
    value = (text or "").strip().replace(",", "").replace("，", "").replace(" ", "")
    if not value:
        return None
    m = _AMOUNT_RE.match(value)
    if not m:
        raise ValueError(value)
    try:
        amount = Decimal(m[1]) * (Decimal(10000) if m[2] else 1)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid decimals
        raise ValueError(value) from exc
    if amount > MAX_AMOUNT or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(value)
    return amount.quantize(Decimal("0.01"))


def yuan(amount: Decimal | None) -> str:
    """3万元, 1.5万元, 5,000元 — how an officer reads an amount."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    if amount >= 10000 and amount % 1000 == 0:
        wan = (amount / 10000).normalize()
        return f"{wan:f}万元"
    if amount == amount.to_integral_value():
        return f"{int(amount):,}元"
    return f"{amount:,.2f}元"


def money(amount: Decimal | None) -> str:
    """An exact amount with thousands separators: 40,000.00 (— when absent)."""
    if amount is None:
        return "—"
    return f"{Decimal(amount):,.2f}"


def range_text(low: Decimal | None, high: Decimal | None) -> str:
    """处…的罚款 wording of a range: 3万元以下, 10万元以上, 3万元以上6万元以下, or 不限."""
    if low is None and high is None:
        return "不限"
    if low is None or low == 0:
        return f"{yuan(high)}以下" if high is not None else "不限"
    if high is None:
        return f"{yuan(low)}以上"
    if low == high:
        return yuan(low)
    return f"{yuan(low)}以上{yuan(high)}以下"


def range_problems(*, statutory_min: Decimal | None, statutory_max: Decimal | None, fine_min: Decimal | None,
                   fine_max: Decimal | None) -> list[FieldError]:
    """statutory_min ≤ fine_min ≤ fine_max ≤ statutory_max; an absent bound is open."""
    out: list[FieldError] = []
    for field, value in (("statutory_min", statutory_min), ("statutory_max", statutory_max),
                         ("fine_min", fine_min), ("fine_max", fine_max)):
        if value is not None and value < 0:
            out.append((field, f"{LABELS[field]}不能为负数"))
    if out:
        return out
    if fine_min is None and fine_max is None:
        out.append(("fine_max", "罚款幅度至少应填写上限或下限"))
    if statutory_min is not None and statutory_max is not None and statutory_min > statutory_max:
        out.append(("statutory_max", f"法定罚款上限{yuan(statutory_max)}低于法定罚款下限{yuan(statutory_min)}"))
    if fine_min is not None and fine_max is not None and fine_min > fine_max:
        out.append(("fine_max", f"罚款上限{yuan(fine_max)}低于罚款下限{yuan(fine_min)}"))
    if statutory_min is not None:
        if fine_min is None:
            out.append(("fine_min", f"法定罚款下限为{yuan(statutory_min)}，阶次罚款下限不能为空"))
        elif fine_min < statutory_min:
            out.append(("fine_min", f"罚款下限{yuan(fine_min)}低于法定罚款下限{yuan(statutory_min)}"))
    if statutory_max is not None:
        if fine_max is None:
            out.append(("fine_max", f"法定罚款上限为{yuan(statutory_max)}，阶次罚款上限不能为空"))
        elif fine_max > statutory_max:
            out.append(("fine_max", f"罚款上限{yuan(fine_max)}超过法定罚款上限{yuan(statutory_max)}"))
        if fine_min is not None and fine_min > statutory_max:
            out.append(("fine_min", f"罚款下限{yuan(fine_min)}超过法定罚款上限{yuan(statutory_max)}"))
    if statutory_min is not None and fine_max is not None and fine_max < statutory_min:
        out.append(("fine_max", f"罚款上限{yuan(fine_max)}低于法定罚款下限{yuan(statutory_min)}"))
    return out


def outside_level(fine: Decimal, fine_min: Decimal | None, fine_max: Decimal | None) -> bool:
    """True when a fine lies outside a level's range (the bounds included in the range)."""
    return (fine_min is not None and fine < fine_min) or (fine_max is not None and fine > fine_max)


# ---------------------------------------------------------------- one row

def _text(raw: Mapping[str, str], field: str) -> str:
    value = raw.get(field)
    return "" if value is None else str(value).strip()


def validate_benchmark_row(raw: Mapping[str, str]) -> tuple[dict, list[FieldError]]:
    """Clean one entry as typed (CSV/XLSX row or form); errors are (field, reason in Chinese)."""
    clean: dict = {}
    errors: list[FieldError] = []
    for field in TEXT_FIELDS:
        value = _text(raw, field)
        column = next(c for c in BENCHMARK_COLUMNS if c.field == field)
        if not value:
            if column.required:
                errors.append((field, f"{column.label}不能为空"))
            clean[field] = ""
            continue
        if value.startswith(FORMULA_PREFIXES) and field in ("code", "level", "source"):
            errors.append((field, f"{column.label}不能以 = + - @ 开头"))
        limit = MAX_LENGTHS.get(field)
        if limit and len(value) > limit:
            errors.append((field, f"{column.label}不能超过{limit}个字（现为{len(value)}个字）"))
        clean[field] = value
    if clean.get("code") and not _CODE_RE.match(clean["code"]):
        errors.append(("code", f"编号“{clean['code']}”只能由字母、数字、汉字和 - _ . 组成"))
    if not clean.get("source"):
        clean["source"] = DEFAULT_SOURCE
    party = _text(raw, "party_kind")
    if not party:
        clean["party_kind"] = "unit"
    else:
        code = code_for_label(PARTY_KINDS, party)
        if code is None:
            errors.append(("party_kind", f"当事人类型“{party}”应为{'或'.join(PARTY_KINDS.values())}"))
        else:
            clean["party_kind"] = code
    order_text = _text(raw, "level_order")
    if order_text:
        if digits(order_text) and 1 <= int(order_text) <= 99:
            clean["level_order"] = int(order_text)
        else:
            errors.append(("level_order", f"阶次顺序“{order_text}”应为1至99的整数（数字越大越重）"))
    amounts: dict[str, Decimal | None] = {}
    bad_amount = False
    for field in AMOUNT_FIELDS:
        text = _text(raw, field)
        try:
            amounts[field] = parse_amount(text)
        except ValueError:
            bad_amount = True
            errors.append((field, f"{LABELS[field]}“{text}”不是有效金额（以元为单位，如 30000 或 3万）"))
    clean.update(amounts)
    if not bad_amount:
        errors.extend(range_problems(**amounts))
    return clean, errors


# ---------------------------------------------------------------- the levels of one violation

@dataclass(frozen=True)
class Level:
    key: object  # whatever identifies the row to the caller (row number, entry id)
    level: str
    order: int
    fine_min: Decimal | None
    fine_max: Decimal | None


def level_order_problems(levels: Sequence[Level]) -> list[tuple[object, str, str]]:
    """(key, field, reason) for levels of one violation that share a name or an order, or whose range falls
    as the order rises (a heavier level must not allow a lower fine than a lighter one)."""
    out: list[tuple[object, str, str]] = []
    by_name: dict[str, Level] = {}
    by_order: dict[int, Level] = {}
    for lv in levels:
        if lv.level in by_name:
            out.append((lv.key, "level", f"裁量阶次“{lv.level}”重复"))
        by_name.setdefault(lv.level, lv)
        if lv.order in by_order and by_order[lv.order].level != lv.level:
            out.append((lv.key, "level_order", f"阶次顺序{lv.order}已用于“{by_order[lv.order].level}”"))
        by_order.setdefault(lv.order, lv)
    ranked = sorted(by_order.values(), key=lambda lv: lv.order)
    for lighter, heavier in zip(ranked, ranked[1:], strict=False):
        low_l = lighter.fine_min if lighter.fine_min is not None else Decimal(0)
        low_h = heavier.fine_min if heavier.fine_min is not None else Decimal(0)
        if low_h < low_l:
            out.append((heavier.key, "fine_min", f"“{heavier.level}”的罚款下限{yuan(low_h) or '0元'}低于较轻阶次"
                                                 f"“{lighter.level}”的下限{yuan(low_l)}"))
        high_l, high_h = lighter.fine_max, heavier.fine_max
        if high_h is not None and (high_l is None or high_h < high_l):
            out.append((heavier.key, "fine_max", f"“{heavier.level}”的罚款上限{yuan(high_h)}低于较轻阶次"
                                                 f"“{lighter.level}”的上限{yuan(high_l) or '不限'}"))
    return out


def check_benchmark_rows(rows: Sequence[tuple[int, Mapping[str, str]]], existing: Sequence[Mapping] = ()
                         ) -> tuple[list[tuple[int, dict]], list[tuple[int, str, str]]]:
    """Validate a whole file of entries: each row, duplicates, and each (source, code) as a set of levels.

    rows: (row number, raw text by field); existing: clean entries already registered (dicts with source,
    code, level, level_order, fine_min, fine_max, violation, party_kind) that the file may update or must fit.
    Returns (clean rows, errors as (row number, field, reason)); apply the rows only when there is no error.
    """
    errors: list[tuple[int, str, str]] = []
    good: list[tuple[int, dict]] = []
    seen: dict[tuple[str, str, str], int] = {}
    seen_order: dict[tuple[str, str, int], int] = {}
    for number, raw in rows:
        clean, problems = validate_benchmark_row(raw)
        errors.extend((number, field, reason) for field, reason in problems)
        if problems:
            continue
        key = (clean["source"], clean["code"], clean["level"])
        if key in seen:
            errors.append((number, "level", f"与第{seen[key]}行重复：{clean['code']}的裁量阶次“{clean['level']}”出现多次"))
            continue
        seen[key] = number
        order_key = (clean["source"], clean["code"], clean["level_order"])
        if order_key in seen_order:
            errors.append((number, "level_order", f"与第{seen_order[order_key]}行的阶次顺序{clean['level_order']}重复"))
            continue
        seen_order[order_key] = number
        good.append((number, clean))
    groups: dict[tuple[str, str], list[tuple[int, dict]]] = {}
    for number, clean in good:
        groups.setdefault((clean["source"], clean["code"]), []).append((number, clean))
    registered: dict[tuple[str, str], list[Mapping]] = {}
    for entry in existing:
        registered.setdefault((entry["source"], entry["code"]), []).append(entry)
    for group_key, members in groups.items():
        in_file = {clean["level"] for _, clean in members}
        kept = [e for e in registered.get(group_key, []) if e["level"] not in in_file]
        reference, where = (kept[0], "已登记的其他阶次") if kept else (members[0][1], "同一编号的各阶次")
        for number, clean in members:
            for field in SHARED_FIELDS:
                if clean[field] != reference[field]:
                    shown = PARTY_KINDS.get(reference[field], reference[field]) if field == "party_kind" \
                        else reference[field]
                    errors.append((number, field, f"{LABELS[field]}应与{where}一致（应为“{shown}”）"))
        levels = [Level(None, e["level"], e["level_order"], e["fine_min"], e["fine_max"]) for e in kept]
        levels += [Level(number, c["level"], c["level_order"], c["fine_min"], c["fine_max"]) for number, c in members]
        for key, field, reason in level_order_problems(levels):
            errors.append((key if key is not None else members[0][0], field,
                           reason if key is not None else f"与已登记的阶次冲突：{reason}"))
    errors.sort(key=lambda e: e[0])
    return good, errors


# ---------------------------------------------------------------- comparison report

def median(values: Sequence[Decimal]) -> Decimal | None:
    """The middle value (mean of the two middle values for an even count), to the fen."""
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    value = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return Decimal(value).quantize(Decimal("0.01"))


def share_text(part: int, whole: int) -> str:
    """12.5% of a count, or — when there is nothing to share."""
    if not whole:
        return "—"
    return f"{Decimal(part * 100) / Decimal(whole):.1f}%"
