"""Plausibility of what people type: characters, lengths, numbers and dates. Pure.

Used by the API's bounded types, the page forms and the request guard, so every door refuses the same
things with the same Chinese reason.
"""

import re
from datetime import date

# C0 controls except tab, line feed and carriage return; DEL; the bidirectional embedding, override and
# isolate controls (U+202A–U+202E, U+2066–U+2069) that make a name display as something else.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
FORBIDDEN_MULTILINE = re.compile(f"[{_CONTROL}{_BIDI}]")
FORBIDDEN_LINE = re.compile(f"[{_CONTROL}{_BIDI}\t\n\r]")
# The same rules as JSON-schema patterns (the API declares them, so generated clients and fuzzers know).
MULTILINE_PATTERN = f"^[^{_CONTROL}{_BIDI}]*$"
LINE_PATTERN = f"^[^{_CONTROL}{_BIDI}\t\n\r]*$"

# Lengths: a name or a short field, a paragraph, a long text (facts of a case, a document's body).
NAME_MAX = 200
SHORT_MAX = 500
TEXT_MAX = 5000
LONG_TEXT_MAX = 50000
QUERY_MAX = 100

# Record ids are 64-bit integers in both databases.
ID_MAX = 2**63 - 1
# Years a record of enforcement work can carry; dates outside are typing errors, not data.
YEAR_MIN = 2000
YEAR_MAX = 2099
EARLIEST = date(YEAR_MIN, 1, 1)
LATEST = date(YEAR_MAX, 12, 31)
# Dates of people and registrations (birth, establishment) may be older.
EARLIEST_ANY = date(1900, 1, 1)
# Money: yuan with two decimals; no penalty or turnover in this system comes near 10^12 yuan.
AMOUNT_MAX = 10**12

BIDI_NAMES = {"\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
              "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI"}


def char_problem(value: str, *, multiline: bool = True) -> str | None:
    """The reason a text cannot be stored as typed (a control or bidirectional character), or None."""
    match = (FORBIDDEN_MULTILINE if multiline else FORBIDDEN_LINE).search(value)
    if match is None:
        return None
    char = match.group()
    if char == "\x00":
        return "不能包含空字符（\\0）"
    if char in BIDI_NAMES:
        return f"不能包含双向文本控制字符（U+{ord(char):04X}）"
    if char in "\t\n\r":
        return "不能包含换行符或制表符"
    return f"不能包含控制字符（U+{ord(char):04X}）"


def text_problem(value: str, *, max_length: int, multiline: bool = True) -> str | None:
    if len(value) > max_length:
        return f"长度 {len(value)} 个字符，超过上限 {max_length}"
    return char_problem(value, multiline=multiline)


def date_problem(value: date, *, earliest: date = EARLIEST, latest: date = LATEST) -> str | None:
    """A date outside the range a record can plausibly carry (year 9999, 0001 …)."""
    if value < earliest or value > latest:
        return f"日期 {value.isoformat()} 超出合理范围（{earliest.isoformat()} 至 {latest.isoformat()}）"
    return None


def year_problem(value: int) -> str | None:
    if value < YEAR_MIN or value > YEAR_MAX:
        return f"年份应在 {YEAR_MIN}–{YEAR_MAX} 之间"
    return None


def digits(text: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²" and "٣", which int() then refuses or reads as 3."""
    return text.isascii() and text.isdigit()
