"""Schemas of the execution API (under /api/v1/cases) and the functions that fill them."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Schema

from anjian.cases.core.schemas import line
from anjian.cases.execution import selectors as sel
from anjian.cases.models import PenaltyCase
from anjian.cases.transfers.selectors import transfer_state
from anjian.common.api_types import Amount, Code, Day, Text
from anjian.domain.case_execution import next_actions, owed


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
    receipt_number: line(64) = ""


class InstallmentIn(Schema):
    until: Day
    reason: Text


class OnIn(Schema):
    on: Day


class EnforcementIn(Schema):
    on: Day
    court: line(128)


class CaseCloseIn(Schema):
    on: Day
    note: Text = ""


def document_ref(d) -> DocumentRef:
    return DocumentRef(id=d.pk, kind=d.kind_id, number=d.number or "", status=d.status)


def payment_out(p) -> PaymentOut:
    return PaymentOut(id=p.pk, kind=p.kind, amount=p.amount, paid_on=p.paid_on, receipt_number=p.receipt_number)


def execution_out(case: PenaltyCase) -> ExecutionOut:
    case.refresh_from_db()
    today = timezone.localdate()
    documents = sel.documents_of_kinds(case, sel.EXECUTION_DOCUMENTS)
    x = sel.execution_of(case, documents)
    money = owed(x, today)
    acknowledged, pending = transfer_state(case)
    return ExecutionOut(
        case_id=case.pk, status=case.status, result=case.result, as_of=today, fine=x.fine, paid=x.paid,
        fine_left=money.fine_left, fine_paid_on=x.fine_paid_on, payment_due=x.due, statutory_payment_due=x.payment_due,
        installment_until=x.installment_until, days_late=money.days_late, surcharge_total=money.surcharge_total,
        surcharge_paid=x.surcharge_paid, surcharge_left=money.surcharge_left, total_owed=money.total,
        reminder_served_on=x.reminder_served_on, reminder_until=x.reminder_until,
        enforcement_applied_on=x.enforcement_applied_on, court=case.court, closed_on=case.closed_on,
        closing_note=case.closing_note,
        next_actions=next_actions(x, today, transfer_acknowledged=acknowledged, pending_transfers=pending),
        payments=[payment_out(p) for p in case.payments.all()],
        documents=[document_ref(d) for d in documents])
