"""Schemas of the records API (under /api/v1/cases): disclosure, the due list, file check and archive."""

from datetime import date, datetime
from typing import Literal

from ninja import Schema

from anjian.cases.records.selectors import DISCLOSURE_STATES
from anjian.common.api_types import CodeTexts, Day, PageIn, Size, Text, Year


class DisclosureOut(Schema):
    case_id: int
    disclosure_required: bool
    disclosed_on: date | None
    disclosure_text: str
    due: date | None
    state: str | None  # due / due_today / late / published / published_late / unknown
    days_late: int


class DisclosureRowOut(Schema):
    case_id: int
    name: str
    party_name: str
    agency: str
    source: str
    decided_on: date
    due: date | None
    disclosed_on: date | None
    state: str
    state_label: str
    days_late: int


class DisclosurePage(Schema):
    count: int
    page: int
    size: int
    results: list[DisclosureRowOut]


class DisclosureFilterIn(PageIn):
    state: Literal[tuple(DISCLOSURE_STATES)] = "pending"
    year: Year | None = None
    size: Size = 50


class DiscloseIn(Schema):
    text: Text | None = None
    on: Day | None = None


class WithdrawIn(Schema):
    reason: Text


class ContentsRowOut(Schema):
    seq: int
    kind: str
    title: str
    number: str
    date: str
    pages: str
    document_id: int | None = None
    remarks: str = ""


class CheckOut(Schema):
    id: int
    case_id: int
    checked_at: datetime
    checked_by: str | None
    passed: bool
    findings: list[str]
    notes: list[str]
    contents: list[ContentsRowOut]
    changed_since: str  # why the file differs from what this check saw ('' when it does not)


class CheckIn(Schema):
    explanations: CodeTexts = {}  # deadline key → why it was missed


class ArchiveIn(Schema):
    retention: Literal["permanent", "30", "10"]
    on: Day | None = None


class ArchiveOut(Schema):
    case_id: int
    status: str
    archive_number: str
    archived_on: date | None
    retention: str
    case_file_url: str
