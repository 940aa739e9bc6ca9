"""API of execution, closing and transfers (under /api/v1/cases): same scope and rules as the pages.

/{id}/execution, /{id}/payments, /{id}/installment, /{id}/reminder, /{id}/surcharge, /{id}/enforcement,
/{id}/close, /{id}/transfers; /transfers/inbox, /transfers/outbox, /transfers/{id}[/acknowledge|/receipt].
"""

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from anjian.accounts.api_access import api_requires
from anjian.cases import selectors_execution as sel
from anjian.cases import services_execution as execution
from anjian.cases import services_transfer as transfers
from anjian.cases.models import CaseTransfer, PenaltyCase
from anjian.cases.selectors import case_get_for
from anjian.cases.selectors_core import officers_for_case
from anjian.common.api_errors import ERRORS, api_errors
from anjian.common.api_types import Amount, Code, Day, Id, IdList, Name, Pages, Short, Text
from anjian.domain.case_execution import days_waiting, next_actions, owed
from anjian.domain.permissions import Capability
from anjian.regions.models import Agency

router = Router(tags=["行政处罚案件：执行与移送"])


class PaymentOut(Schema):
    id: int
    kind: str
    amount: Decimal
    paid_on: date
    receipt_number: str


class DocumentRef(Schema):
    id: int
    kind: str
    number: str
    status: str


class ExecutionOut(Schema):
    case_id: int
    status: str
    result: str
    as_of: date
    fine: Decimal
    paid: Decimal
    fine_left: Decimal
    fine_paid_on: date | None
    payment_due: date | None  # in force (an approved deferral included)
    statutory_payment_due: date | None
    installment_until: date | None
    days_late: int
    surcharge_total: Decimal  # accrued as of ``as_of`` (fixed once the fine is paid)
    surcharge_paid: Decimal
    surcharge_left: Decimal
    total_owed: Decimal
    reminder_served_on: date | None
    reminder_until: date | None
    enforcement_applied_on: date | None
    court: str
    closed_on: date | None
    closing_note: str
    next_actions: list[str]
    payments: list[PaymentOut]
    documents: list[DocumentRef]


class PaymentIn(Schema):
    amount: Amount
    paid_on: Day
    kind: Code = "fine"
    receipt_number: Short = ""


class InstallmentIn(Schema):
    until: Day
    reason: Text


class OnIn(Schema):
    on: Day


class EnforcementIn(Schema):
    on: Day
    court: Name


class CaseCloseIn(Schema):
    on: Day
    note: Text = ""


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


def _doc(d) -> DocumentRef:
    return DocumentRef(id=d.pk, kind=d.kind_id, number=d.number or "", status=d.status)


def _execution(case: PenaltyCase) -> ExecutionOut:
    case.refresh_from_db()
    today = timezone.localdate()
    documents = sel.documents_of_kinds(case, sel.EXECUTION_DOCUMENTS)
    x = sel.execution_of(case, documents)
    money = owed(x, today)
    acknowledged, pending = sel.transfer_state(case)
    return ExecutionOut(
        case_id=case.pk, status=case.status, result=case.result, as_of=today, fine=x.fine, paid=x.paid,
        fine_left=money.fine_left, fine_paid_on=x.fine_paid_on, payment_due=x.due, statutory_payment_due=x.payment_due,
        installment_until=x.installment_until, days_late=money.days_late, surcharge_total=money.surcharge_total,
        surcharge_paid=x.surcharge_paid, surcharge_left=money.surcharge_left, total_owed=money.total,
        reminder_served_on=x.reminder_served_on, reminder_until=x.reminder_until,
        enforcement_applied_on=x.enforcement_applied_on, court=case.court, closed_on=case.closed_on,
        closing_note=case.closing_note,
        next_actions=next_actions(x, today, transfer_acknowledged=acknowledged, pending_transfers=pending),
        payments=[PaymentOut(id=p.pk, kind=p.kind, amount=p.amount, paid_on=p.paid_on,
                             receipt_number=p.receipt_number) for p in case.payments.all()],
        documents=[_doc(d) for d in documents])


def _transfer(t: CaseTransfer) -> TransferOut:
    return TransferOut(
        id=t.pk, case_id=t.case_id, case_name=t.case.name, party_name=t.case.party_name,
        sending_agency=t.case.agency.name, kind=t.kind, receiver_name=t.receiver_name,
        receiver_agency_id=t.receiver_agency_id, reason=t.reason, legal_basis=t.legal_basis, materials=t.materials,
        sent_on=t.sent_on, document=_doc(t.document) if t.document_id else None, acknowledged_on=t.acknowledged_on,
        acknowledged_by_name=t.acknowledged_by_name, acknowledgement_note=t.acknowledgement_note,
        received_case_id=t.received_case_id,
        days_waiting=days_waiting(t.sent_on, t.acknowledged_on, timezone.localdate()))


# ---------------------------------------------------------------- execution


@router.get("/{int:case_id}/execution", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_VIEW)
def get_execution(request: HttpRequest, case_id: Id):
    return _execution(case_get_for(request.user, case_id))


@router.get("/{int:case_id}/payments", response={200: list[PaymentOut], **ERRORS})
@api_requires(Capability.CASE_VIEW)
def list_payments(request: HttpRequest, case_id: Id):
    case = case_get_for(request.user, case_id)
    return [PaymentOut(id=p.pk, kind=p.kind, amount=p.amount, paid_on=p.paid_on, receipt_number=p.receipt_number)
            for p in case.payments.all()]


@router.post("/{int:case_id}/payments", response={201: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def record_payment(request: HttpRequest, case_id: Id, body: PaymentIn):
    case = case_get_for(request.user, case_id)
    with api_errors():
        execution.case_payment_record(actor=request.user, case=case, amount=body.amount, paid_on=body.paid_on,
                                      kind=body.kind, receipt_number=body.receipt_number)
    return 201, _execution(case)


@router.post("/{int:case_id}/installment", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def approve_installment(request: HttpRequest, case_id: Id, body: InstallmentIn):
    case = case_get_for(request.user, case_id)
    with api_errors():
        execution.case_installment_approve(actor=request.user, case=case, until=body.until, reason=body.reason)
    return _execution(case)


@router.post("/{int:case_id}/reminder", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def serve_reminder(request: HttpRequest, case_id: Id, body: OnIn):
    case = case_get_for(request.user, case_id)
    with api_errors():
        execution.case_reminder_serve(actor=request.user, case=case, on=body.on)
    return _execution(case)


@router.post("/{int:case_id}/surcharge", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def decide_surcharge(request: HttpRequest, case_id: Id, body: OnIn):
    case = case_get_for(request.user, case_id)
    with api_errors():
        execution.case_surcharge_decide(actor=request.user, case=case, on=body.on)
    return _execution(case)


@router.post("/{int:case_id}/enforcement", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def apply_enforcement(request: HttpRequest, case_id: Id, body: EnforcementIn):
    case = case_get_for(request.user, case_id)
    with api_errors():
        execution.case_enforcement_apply(actor=request.user, case=case, on=body.on, court=body.court)
    return _execution(case)


@router.post("/{int:case_id}/close", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def close_case(request: HttpRequest, case_id: Id, body: CaseCloseIn):
    case = case_get_for(request.user, case_id)
    with api_errors():
        execution.case_close(actor=request.user, case=case, on=body.on, note=body.note)
    return _execution(case)


# ---------------------------------------------------------------- transfers


@router.get("/{int:case_id}/transfers", response={200: list[TransferOut], **ERRORS})
@api_requires(Capability.CASE_VIEW)
def list_case_transfers(request: HttpRequest, case_id: Id):
    case = case_get_for(request.user, case_id)
    return [_transfer(t) for t in sel.transfer_outbox_for(request.user).filter(case=case)]


@router.post("/{int:case_id}/transfers", response={201: TransferOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def create_transfer(request: HttpRequest, case_id: Id, body: TransferIn):
    case = case_get_for(request.user, case_id)
    receiver = None
    if body.receiver_agency_id is not None:
        receiver = Agency.objects.filter(pk=body.receiver_agency_id).first()
        if receiver is None:
            raise HttpError(422, "受移送机关不存在")
    with api_errors():
        transfer = transfers.case_transfer(
            actor=request.user, case=case, kind=body.kind, receiver_name=body.receiver_name, receiver_agency=receiver,
            reason=body.reason, legal_basis=body.legal_basis, materials=[m.model_dump() for m in body.materials],
            sent_on=body.sent_on)
    return 201, _transfer(sel.transfer_get_for(request.user, transfer.pk))


@router.get("/transfers/inbox", response={200: list[TransferOut], **ERRORS})
@api_requires(Capability.CASE_VIEW)
def transfer_inbox(request: HttpRequest):
    return [_transfer(t) for t in sel.transfer_inbox_for(request.user)]


@router.get("/transfers/outbox", response={200: list[TransferOut], **ERRORS})
@api_requires(Capability.CASE_VIEW)
def transfer_outbox(request: HttpRequest):
    return [_transfer(t) for t in sel.transfer_outbox_for(request.user)]


@router.get("/transfers/{int:transfer_id}", response={200: TransferOut, **ERRORS})
@api_requires(Capability.CASE_VIEW)
def get_transfer(request: HttpRequest, transfer_id: Id):
    return _transfer(sel.transfer_get_for(request.user, transfer_id))


@router.post("/transfers/{int:transfer_id}/acknowledge", response={200: TransferOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def acknowledge_transfer(request: HttpRequest, transfer_id: Id, body: TransferAcknowledgeIn):
    transfer = sel.transfer_to_acknowledge(request.user, transfer_id)
    team = list(officers_for_case(request.user).filter(pk__in=body.officer_ids))
    if len(team) != len(set(body.officer_ids)):
        raise HttpError(422, "所选执法人员不存在或不在管辖范围内")
    with api_errors():
        transfers.case_transfer_acknowledge(actor=request.user, transfer=transfer, on=body.on,
                                            signer_name=body.signer_name, note=body.note, open_case=body.open_case,
                                            officers=team)
    return _transfer(sel.transfer_get_for(request.user, transfer_id))


@router.post("/transfers/{int:transfer_id}/receipt", response={200: TransferOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def record_receipt(request: HttpRequest, transfer_id: Id, body: ReceiptIn):
    transfer = sel.transfer_to_record_receipt(request.user, transfer_id)
    with api_errors():
        transfers.case_transfer_receipt_record(actor=request.user, transfer=transfer, on=body.on,
                                               signer_name=body.signer_name, note=body.note)
    return _transfer(sel.transfer_get_for(request.user, transfer_id))
