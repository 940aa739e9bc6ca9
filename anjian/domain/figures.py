"""Figures as a bulletin prints them: exact decimals, year-on-year change, Chinese ordinal numerals. Pure.

Rounding is half-up (四舍五入), as statistical tables are read; every computation is in Decimal so that
万元 amounts keep their two decimals exactly (76.71, never 76.70999…).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

NumberLike = Decimal | int | str


def to_decimal(value: NumberLike) -> Decimal:
    """A finite Decimal from a Decimal, an int or a numeric text (floats are refused: they are not exact)."""
    if isinstance(value, bool | float):
        raise TypeError("figures are Decimal, int or text, never float")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return number


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_value(value: NumberLike, places: int | None = None, *, fixed: bool = False) -> str:
    """Text of a figure: rounded to `places` when given; trailing zeros dropped unless `fixed`.

    format_value("9.50") → "9.5"; format_value(Decimal("76.7"), 2, fixed=True) → "76.70"; never "1E+2" or "-0".
    """
    number = to_decimal(value)
    if places is not None:
        number = quantize(number, places)
        if fixed:
            text = f"{number:f}"
            return text[1:] if number.is_zero() and text.startswith("-") else text
    if number.is_zero():
        return "0"
    text = f"{number.normalize():f}"
    return text


@dataclass(frozen=True)
class Change:
    """Year-on-year change of one figure. `percent` is signed and rounded; None when it cannot be computed."""

    current: Decimal
    previous: Decimal | None
    percent: Decimal | None
    direction: str  # 增加, 减少, 持平, or "" when there is no previous figure
    text: str  # 同比减少40.3% / 同比持平 / 上年同期为0，无法计算同比增幅 / ""

    @property
    def current_text(self) -> str:
        return format_value(self.current)


NO_BASE = "上年同期为0，无法计算同比增幅"


def yoy_change(current: NumberLike, previous: NumberLike | None, *, places: int = 1) -> Change:
    """同比: (current − previous) / previous, in percent with `places` decimals (seed 002 prints 1, and 2 for 万元)."""
    now = to_decimal(current)
    if previous is None:
        return Change(now, None, None, "", "")
    before = to_decimal(previous)
    if now == before:
        percent = None if before.is_zero() else quantize(Decimal(0), places)
        return Change(now, before, percent, "持平", "同比持平")
    direction = "增加" if now > before else "减少"
    if before.is_zero():
        return Change(now, before, None, direction, NO_BASE)
    percent = quantize((now - before) / abs(before) * 100, places)
    return Change(now, before, percent, direction, f"同比{direction}{format_value(abs(percent), places, fixed=True)}%")


_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 20 → 二十, 105 → 一百零五 (1..9999), as in 第十名 and 三项."""
    if not 1 <= n <= 9999:
        raise ValueError(f"chinese_numeral takes 1..9999, not {n}")
    out = ""
    rest = n
    pending_zero = False
    for size, name in _UNITS:
        digit, rest = divmod(rest, size)
        if digit:
            if pending_zero:
                out += "零"
                pending_zero = False
            out += ("" if (size == 10 and digit == 1 and not out) else _DIGITS[digit]) + name
        elif out and rest:
            pending_zero = True
    if rest:
        out += ("零" if pending_zero else "") + _DIGITS[rest]
    return out
