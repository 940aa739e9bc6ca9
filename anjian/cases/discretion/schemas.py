"""Schemas of the discretion API (/api/v1/discretion)."""

from decimal import Decimal
from typing import Literal

from ninja import Schema

from anjian.common.api_types import Amount, Code, Id, PageIn, Size, Text, Words, Year
from anjian.domain.case_process import PARTY_KINDS


class DiscretionEntryOut(Schema):
    id: int
    source: str
    code: str
    violation: str
    legal_provision: str
    penalty_basis: str
    party_kind: str
    level: str
    level_order: int
    conditions: str
    standard: str
    statutory_min: Decimal | None
    statutory_max: Decimal | None
    fine_min: Decimal | None
    fine_max: Decimal | None
    level_range: str  # 3万元以上6万元以下
    statutory_range: str
    is_active: bool


class EntryPage(Schema):
    count: int
    page: int
    size: int
    results: list[DiscretionEntryOut]


class EntryFilterIn(PageIn):
    q: Words = ""
    source: Code = ""
    code: Code = ""
    party_kind: Literal[("", *PARTY_KINDS)] = ""
    active: Literal["1", "0", ""] = "1"  # "1" active, "0" deactivated, "" all
    size: Size = 50


class EntryDetailOut(DiscretionEntryOut):
    levels: list[DiscretionEntryOut]  # every active level of the same violation, lightest first


class ViolationOut(Schema):
    source: str
    code: str
    violation: str
    party_kind: str
    levels: int


class ViolationFilterIn(Schema):
    q: Words = ""
    party_kind: Code = ""
    source: Code = ""


class DiscretionProposeIn(Schema):
    entry_id: Id | None = None
    source: Code = ""
    code: Code = ""
    level: Code = ""


class ProposalOut(Schema):
    entry_id: int
    code: str
    level: str
    conditions: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    statutory_min: Decimal | None
    statutory_max: Decimal | None
    level_range: str
    statutory_range: str


class CaseDiscretionIn(Schema):
    entry_id: Id
    proposed_fine: Amount
    reasoning: Text


class CaseDiscretionOut(Schema):
    case_id: int
    status: str
    entry: DiscretionEntryOut | None
    proposed_fine: Decimal | None
    reasoning: str
    violated_provision: str
    penalty_provision: str


class ComparisonFilterIn(Schema):
    year: Year | None = None
    code: Code = ""
    source: Code = ""


class FineStatsOut(Schema):
    agency_id: int | None
    agency: str
    cases: int
    min: Decimal
    median: Decimal | None
    mean: Decimal
    max: Decimal
    outside_level: int
    outside_share: str


class ComparisonOut(Schema):
    source: str
    code: str
    violation: str
    agencies: list[FineStatsOut]
    total: FineStatsOut
    median_spread: Decimal | None
