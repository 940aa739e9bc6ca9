"""Enforcement document numbers: (<issuer short name>)应急<kind code>〔<year>〕<n>号."""

import re
from dataclasses import dataclass

_NUMBER_RE = re.compile(r"^[(（](?P<issuer>[^)）]+)[)）]应急(?P<code>[^〔\[]+)[〔\[](?P<year>\d{4})[〕\]](?P<seq>\d+)号$")


@dataclass(frozen=True)
class DocumentNumber:
    issuer: str
    code: str  # kind code without the 应急 prefix, e.g. 责改
    year: int
    seq: int

    def __str__(self) -> str:
        return format_number(self.issuer, self.code, self.year, self.seq)


def format_number(issuer: str, code: str, year: int, seq: int) -> str:
    if not issuer or not code or seq < 1 or not 1900 <= year <= 9999:
        raise ValueError("issuer, code, year and a positive sequence are required")
    return f"({issuer})应急{code}〔{year}〕{seq}号"


def parse_number(text: str) -> DocumentNumber:
    m = _NUMBER_RE.match(text.strip())
    if not m:
        raise ValueError(f"不是有效的文书编号：{text}")
    return DocumentNumber(m["issuer"], m["code"], int(m["year"]), int(m["seq"]))
