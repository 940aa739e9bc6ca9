"""Which passwords are refused, beyond length and Django's own lists (ASVS V6.2, 等保 8.1.4.1 a).

Pure: the common-password list is passed in. Each check returns a problem code; the accounts app turns
codes into Chinese messages.
"""

import unicodedata

MIN_DISTINCT = 5
SYSTEM_NAMES = ("anjian", "安监")
NAME_MIN = 3  # ASCII name parts shorter than this are not checked (too many false refusals)

BLANK = "password_blank"
FEW_DISTINCT = "password_too_few_distinct"
CONTAINS_NAME = "password_contains_name"
CONTAINS_SYSTEM_NAME = "password_contains_system_name"
COMMON = "password_common"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _letters(text: str) -> str:
    """Letters and digits only (CJK counts as letters), folded."""
    return "".join(ch for ch in _fold(text) if ch.isalnum())


def _core(text: str) -> str:
    """The password without leading/trailing digits, spaces and punctuation: "Password2026!" → "password"."""
    folded = _fold(text)
    start, end = 0, len(folded)
    while start < end and not folded[start].isalpha():
        start += 1
    while end > start and not folded[end - 1].isalpha():
        end -= 1
    return folded[start:end]


def _name_parts(username: str, full_name: str) -> set[str]:
    parts = set()
    for source in (username, full_name):
        whole = _letters(source)
        if whole:
            parts.add(whole)
        word = []
        for ch in _fold(source) + " ":
            if ch.isalnum():
                word.append(ch)
            elif word:
                parts.add("".join(word))
                word = []
    return {p for p in parts if len(p) >= NAME_MIN or (len(p) >= 2 and not p.isascii())}


def password_problems(password: str, *, username: str = "", full_name: str = "",
                      common: frozenset[str] = frozenset()) -> list[str]:
    """Problem codes for `password` (empty: acceptable to this policy)."""
    if not password.strip():
        return [BLANK]
    problems = []
    if len(set(password)) < MIN_DISTINCT:
        problems.append(FEW_DISTINCT)
    letters = _letters(password)
    if any(p in letters or p[::-1] in letters for p in _name_parts(username, full_name)):
        problems.append(CONTAINS_NAME)
    if any(name in letters for name in SYSTEM_NAMES):
        problems.append(CONTAINS_SYSTEM_NAME)
    folded = _fold(password)
    if {folded, folded.strip(), _core(password), letters} & common:
        problems.append(COMMON)
    return problems
