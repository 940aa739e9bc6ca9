"""API of case transfers (under /api/v1/cases): same scope and rules as the pages; the bodies give what the pages'
forms give, turned into the services' arguments by the same selectors.

/{id}/transfers; /transfers/inbox, /transfers/outbox, /transfers/{id}[/acknowledge|/receipt].
"""

from django.http import HttpRequest
from ninja import Router

from anjian.accounts.api_access import api_requires
from anjian.cases.core.selectors import case_get_for
from anjian.cases.transfers import selectors as sel
from anjian.cases.transfers import services as transfers
from anjian.cases.transfers.schemas import (
    ReceiptIn,
    TransferAcknowledgeIn,
    TransferIn,
    TransferOut,
    transfer_out,
)
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Id
from anjian.domain.permissions import Capability

router = Router(tags=["行政处罚案件：执行与移送"])


@router.get("/{int:case_id}/transfers", response={200: list[TransferOut], **ERRORS})
@api_requires(Capability.CASE_VIEW)
def list_case_transfers(request: HttpRequest, case_id: Id):
    case = case_get_for(request.user, case_id)
    return [transfer_out(t) for t in sel.transfer_outbox_for(request.user).filter(case=case)]


@router.post("/{int:case_id}/transfers", response={201: TransferOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def create_transfer(request: HttpRequest, case_id: Id, body: TransferIn):
    case = case_get_for(request.user, case_id)
    transfer = transfers.case_transfer(actor=request.user, case=case, **sel.transfer_arguments(body.dict()))
    return 201, transfer_out(sel.transfer_get_for(request.user, transfer.pk))


@router.get("/transfers/inbox", response={200: list[TransferOut], **ERRORS})
@api_requires(Capability.CASE_VIEW)
def transfer_inbox(request: HttpRequest):
    return [transfer_out(t) for t in sel.transfer_inbox_for(request.user)]


@router.get("/transfers/outbox", response={200: list[TransferOut], **ERRORS})
@api_requires(Capability.CASE_VIEW)
def transfer_outbox(request: HttpRequest):
    return [transfer_out(t) for t in sel.transfer_outbox_for(request.user)]


@router.get("/transfers/{int:transfer_id}", response={200: TransferOut, **ERRORS})
@api_requires(Capability.CASE_VIEW)
def get_transfer(request: HttpRequest, transfer_id: Id):
    return transfer_out(sel.transfer_get_for(request.user, transfer_id))


@router.post("/transfers/{int:transfer_id}/acknowledge", response={200: TransferOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def acknowledge_transfer(request: HttpRequest, transfer_id: Id, body: TransferAcknowledgeIn):
    transfer = sel.transfer_to_acknowledge(request.user, transfer_id)
    transfers.case_transfer_acknowledge(actor=request.user, transfer=transfer,
                                        **sel.acknowledgement_arguments(request.user, body.dict()))
    return transfer_out(sel.transfer_get_for(request.user, transfer_id))


@router.post("/transfers/{int:transfer_id}/receipt", response={200: TransferOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def record_receipt(request: HttpRequest, transfer_id: Id, body: ReceiptIn):
    transfer = sel.transfer_to_record_receipt(request.user, transfer_id)
    transfers.case_transfer_receipt_record(actor=request.user, transfer=transfer, **body.dict())
    return transfer_out(sel.transfer_get_for(request.user, transfer_id))
