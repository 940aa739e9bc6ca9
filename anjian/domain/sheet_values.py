"""What a spreadsheet cell's stored number means: a plain number, a date or a duration. Pure.

XLSX stores dates as serial numbers (days since 1899-12-30, or since 1904-01-01 in the 1904 system) and
marks them only through the cell's number format: the built-in format ids for dates and times (including
the East Asian ones, 27–36 and 50–58, that 年月日 formats use), or a custom format code with date or time
tokens (y, m, d, h, s) outside quoted text, escapes and [colour]/[$-804] brackets. [h], [m], [s] mark a
duration. The results match python-calamine, which read these files before the streaming reader.
"""

import re
from datetime import date, datetime, time, timedelta

BUILTIN_DATE_IDS = frozenset([*range(14, 23), *range(27, 37), 45, 47, *range(50, 59), *range(71, 82)])
BUILTIN_DURATION_IDS = frozenset([46])
_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKET = re.compile(r"\[([^\]]*)\]")
_DURATION = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)
_DATE_TOKENS = re.compile(r"[ymdhs]|上午|下午", re.IGNORECASE)
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)
_MS_PER_DAY = 86_400_000
MAX_SERIAL = 2_958_465  # 9999-12-31


def format_kind(format_id: int, code: str | None) -> str:
    """"date", "duration" or "number" for a cell format (its id and, for custom ids, its code)."""
    if format_id in BUILTIN_DURATION_IDS:
        return "duration"
    if format_id in BUILTIN_DATE_IDS:
        return "date"
    if not code:
        return "number"
    # quoted text and escapes first (a quoted ";" does not end a section), then the positive section decides
    stripped = _QUOTED.sub("", code).split(";", 1)[0]
    if _DURATION.search(stripped):
        return "duration"
    stripped = _BRACKET.sub("", stripped)
    if stripped.strip().lower() == "general":
        return "number"
    return "date" if _DATE_TOKENS.search(stripped) else "number"


def serial_datetime(serial: float, *, date1904: bool = False) -> datetime | None:
    """The moment a date serial stands for (to the millisecond), or None when out of Excel's range."""
    if serial != serial or serial < 0 or serial > MAX_SERIAL:  # NaN, negative, past 9999-12-31
        return None
    ms = round(serial * _MS_PER_DAY)
    if date1904:
        return _EPOCH_1904 + timedelta(milliseconds=ms)
    if serial < 60:  # Excel counts a 29 February 1900 that never was: serials before it are one day later
        ms += _MS_PER_DAY
    return _EPOCH_1900 + timedelta(milliseconds=ms)


def serial_value(serial: float, kind: str, *, date1904: bool = False) -> float | date | datetime | time | timedelta:
    """A stored number as python-calamine gives it: a date, a datetime, a time (serial < 1), a duration or the number."""
    if kind == "duration":
        if serial != serial or abs(serial) > MAX_SERIAL:
            return serial
        return timedelta(milliseconds=round(serial * _MS_PER_DAY))
    if kind != "date":
        return serial
    moment = serial_datetime(serial, date1904=date1904)
    if moment is None:
        return serial
    if serial < 1 and not date1904:
        return moment.time()
    return moment
