"""Schemas of the transfers API (under /api/v1/cases) and the function that fills them."""

from datetime import date
from typing import Annotated

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from anjian.cases.execution.schemas import DocumentRef, document_ref
from anjian.cases.models import CaseTransfer
from anjian.common.api_types import Code, Day, Id, IdList, Name, Pages, Text
from anjian.domain.case_execution import days_waiting


class MaterialIn(Schema):
    name: Name
    pages: Pages


class TransferIn(Schema):
    kind: Code
    receiver_name: Name = ""
    receiver_agency_id: Id | None = None
    reason: Text
    legal_basis: Text
    materials: Annotated[list[MaterialIn], Field(max_length=200)]
    sent_on: Day


class TransferOut(Schema):
    id: int
    case_id: int
    case_name: str
    party_name: str
    sending_agency: str
    kind: str
    receiver_name: str
    receiver_agency_id: int | None
    reason: str
    legal_basis: str
    materials: list[dict]
    sent_on: date
    document: DocumentRef | None
    acknowledged_on: date | None
    acknowledged_by_name: str
    acknowledgement_note: str
    received_case_id: int | None
    days_waiting: int | None


class TransferAcknowledgeIn(Schema):
    on: Day
    signer_name: Name = ""
    note: Text = ""
    open_case: bool = False
    officer_ids: IdList = []  # the team of the case opened from the transfer (≥ 2)


class ReceiptIn(Schema):
    on: Day
    signer_name: Name
    note: Text = ""


def transfer_out(t: CaseTransfer) -> TransferOut:
    return TransferOut(
        id=t.pk, case_id=t.case_id, case_name=t.case.name, party_name=t.case.party_name,
        sending_agency=t.case.agency.name, kind=t.kind, receiver_name=t.receiver_name,
        receiver_agency_id=t.receiver_agency_id, reason=t.reason, legal_basis=t.legal_basis, materials=t.materials,
        sent_on=t.sent_on, document=document_ref(t.document) if t.document_id else None,
        acknowledged_on=t.acknowledged_on, acknowledged_by_name=t.acknowledged_by_name,
        acknowledgement_note=t.acknowledgement_note, received_case_id=t.received_case_id,
        days_waiting=days_waiting(t.sent_on, t.acknowledged_on, timezone.localdate()))
