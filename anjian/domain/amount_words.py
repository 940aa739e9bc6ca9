"""Amounts of money in capital numerals (人民币大写), computed from the figure — never typed. Pure Python.

Rules (as on a penalty decision): 元 after the yuan, 角 and 分 for the fraction; 整 when the amount ends at 元 or
角; one 零 for any run of zeros inside the number, across 万 and 亿 groups too (10001 → 壹万零壹元整; 1010.05 →
壹仟零壹拾元零伍分; 50000.50 → 伍万元零伍角整); amounts below one yuan start at 角 or 分 (0.3 → 叁角整); 0 →
零元整. Amounts are rounded half up to the fen.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_GROUP_UNITS = ("", "万", "亿", "万亿")
_INNER = {"仟": 1000, "佰": 100, "拾": 10}
_WORDS_RE = re.compile(r"^(?:负)?[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]*元?(?:零?[壹贰叁肆伍陆柒捌玖]角)?"
                       r"(?:零?[壹贰叁肆伍陆柒捌玖]分)?整?$")


def _group_upper(n: int) -> str:
    """0 < n < 10000 in capital numerals, inner zeros read once (1010 → 壹仟零壹拾)."""
    out, zero = "", False
    for power, unit in ((3, "仟"), (2, "佰"), (1, "拾"), (0, "")):
        digit = n // 10 ** power % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[digit] + unit
    return out


def _integer_upper(n: int) -> str:
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out, gap = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = gap or bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _group_upper(group) + _GROUP_UNITS[index]
        gap = False
    return out


def to_cents(amount) -> int:
    return int((Decimal(amount) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def amount_in_words(amount) -> str:
    """12345.6 → 壹万贰仟叁佰肆拾伍元陆角整; 30000 → 叁万元整; 1.05 → 壹元零伍分."""
    cents = to_cents(amount)
    if cents < 0:
        return "负" + amount_in_words(Decimal(-cents) / 100)
    yuan, rest = divmod(cents, 100)
    jiao, fen = divmod(rest, 10)
    out = _integer_upper(yuan) + "元" if yuan else ""
    if not jiao and not fen:
        return (out or "零元") + "整"
    if jiao:
        out += ("零" if yuan % 10 == 0 and yuan else "") + DIGITS[jiao] + "角"
    elif yuan:
        out += "零"
    return out + (DIGITS[fen] + "分" if fen else "整")


def _integer_value(text: str) -> int:
    """壹万零壹 → 10001 (groups of 仟佰拾 joined by 万 and 亿)."""
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS.index(ch)
        elif ch in _INNER:
            section += digit * _INNER[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * 10_000
            section, digit = 0, 0
        elif ch == "亿":
            total = (total + section + digit) * 100_000_000
            section, digit = 0, 0
    return total + section + digit


def parse_amount_words(text: str) -> Decimal:
    """Read capital numerals back to the amount (ValueError when the text is not an amount in words). Used to
    check a stated amount against the figure."""
    text = text.strip().removeprefix("人民币")
    if not text or not _WORDS_RE.match(text) or not re.search(r"[元角分]", text):
        raise ValueError(f"不是大写金额：{text}")
    negative = text.startswith("负")
    text = text.removeprefix("负")
    yuan_part, _, rest = text.partition("元") if "元" in text else ("", "", text)
    cents = 0
    for unit, weight in (("角", 10), ("分", 1)):
        if unit in rest:
            cents += DIGITS.index(rest[rest.index(unit) - 1]) * weight
    value = Decimal(_integer_value(yuan_part)) + Decimal(cents) / 100
    return -value if negative else value


def rmb_text(amount) -> str:
    """What a document prints: 人民币壹万伍仟元整（¥15,000.00）."""
    value = Decimal(to_cents(amount)) / 100
    return f"人民币{amount_in_words(value)}（¥{value:,.2f}）"
