"""Enforcement document numbers: （<issuer short name>）应急<kind code>〔<year>〕<n>号.

Official form: full-width parentheses around the issuer's short name, 〔〕 around the year, the sequence without
leading zeros (（泌阳）应急责改〔2026〕7号). Numbers issued before this form (half-width parentheses) stay as they
were — issued documents are frozen — and still parse.
"""

import re
from dataclasses import dataclass

_NUMBER_RE = re.compile(
    r"^[(（](?P<issuer>[^)）]+)[)）]应急(?P<code>[^〔\[]+)[〔\[](?P<year>\d{4})[〕\]](?P<seq>[1-9]\d*)号$")
PLACEHOLDER_SEQ = "—"  # a draft's preview: the sequence is given only when the document is issued


@dataclass(frozen=True)
class DocumentNumber:
    issuer: str
    code: str  # kind code without the 应急 prefix, e.g. 责改
    year: int
    seq: int

    def __str__(self) -> str:
        return format_number(self.issuer, self.code, self.year, self.seq)


def _check(issuer: str, code: str, year: int) -> None:
    if not issuer or not code or not 1900 <= year <= 9999:
        raise ValueError("issuer, code and year are required")


def format_number(issuer: str, code: str, year: int, seq: int) -> str:
    _check(issuer, code, year)
    if seq < 1:
        raise ValueError("the sequence starts at 1")
    return f"（{issuer}）应急{code}〔{year}〕{seq}号"


def format_placeholder(issuer: str, code: str, year: int) -> str:
    """What a preview prints where the number will be: （泌阳）应急责改〔2026〕—号."""
    _check(issuer, code, year)
    return f"（{issuer}）应急{code}〔{year}〕{PLACEHOLDER_SEQ}号"


def parse_number(text: str) -> DocumentNumber:
    m = _NUMBER_RE.match(text.strip())
    if not m:
        raise ValueError(f"不是有效的文书编号：{text}")
    return DocumentNumber(m["issuer"], m["code"], int(m["year"]), int(m["seq"]))
