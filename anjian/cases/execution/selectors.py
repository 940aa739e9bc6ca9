"""Reads for execution: a case's execution facts (with its deadlines from the working-day calendar) and the
documents of its execution steps."""

from anjian.cases.core.selectors import case_deadlines_of
from anjian.cases.models import PenaltyCase
from anjian.documents.models import Document
from anjian.documents.selectors import documents_of
from anjian.domain.case_execution import ZERO, Execution

# Documents of the execution steps, in the order they arise.
EXECUTION_DOCUMENTS = ("缴审", "缴批", "催", "执行催告", "加罚", "强执", "结")


def execution_of(case: PenaltyCase, documents: list[Document] | None = None) -> Execution:
    deadlines = {d.key: d for d in case_deadlines_of(case)}
    payment, reminder = deadlines.get("payment"), deadlines.get("reminder")
    docs = documents if documents is not None else documents_of(case)
    errors = [d.error for d in (payment, reminder) if d is not None and d.error]
    return Execution(
        status=case.status, result=case.result, fine=case.fine_amount or ZERO, paid=case.paid_amount or ZERO,
        surcharge_paid=case.surcharge_paid or ZERO, decided_on=case.decided_on, served_on=case.served_on,
        payment_due=payment.due if payment else None, installment_until=case.installment_until,
        fine_paid_on=case.paid_on, reminder_served_on=case.reminder_served_on,
        reminder_until=reminder.due if reminder else None, enforcement_applied_on=case.enforcement_applied_on,
        surcharge_decided=any(d.kind_id == "加罚" and d.status == "issued" for d in docs),
        calendar_error=errors[0] if errors else "")


def documents_of_kinds(case: PenaltyCase, kinds) -> list[Document]:
    return [d for d in documents_of(case) if d.kind_id in kinds and d.status != "discarded"]
