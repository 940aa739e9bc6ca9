"""Writes of the execution stage (执行) and closing (结案) of a penalty case. One transaction each, audited.

- `case_payment_record` (CASE_EDIT): a fine or surcharge payment; overpayment refused; the fine paid in full
  sets the case's paid_on.
- `case_installment_approve` (CASE_APPROVE): 延期（分期）缴纳 — 缴审 + 缴批; the payment deadline moves.
- `case_reminder_serve` (CASE_EDIT): 催 + 执行催告 after the payment deadline; starts the 10-day period.
- `case_surcharge_decide` (CASE_EDIT): 加罚 once the fine is overdue.
- `case_enforcement_apply` (CASE_APPROVE): 强执, only after the reminder period has passed.
- `case_close` (CASE_APPROVE): 结 → closed (rules in `anjian.domain.case_execution.close_problems`).
The rules are pure (anjian/domain/case_execution.py); the case row is locked while a step is checked and applied.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from anjian.cases.core.documents import case_document_issue
from anjian.cases.core.guards import locked, refuse, require, require_acting, today_or
from anjian.cases.core.selectors import case_team_names
from anjian.cases.core.transitions import case_move, case_update, refuse_if_archived
from anjian.cases.execution import documents as docs
from anjian.cases.execution.selectors import execution_of
from anjian.cases.models import CasePayment, PenaltyCase
from anjian.cases.transfers.selectors import transfer_state
from anjian.domain.case_execution import (
    PAYMENT_KINDS,
    close_problems,
    enforcement_problems,
    fine_paid_on_after,
    installment_problems,
    owed,
    payment_problems,
    reminder_problems,
    surcharge_decision_problems,
)
from anjian.domain.permissions import Capability


def case_payment_record(*, actor, case: PenaltyCase, amount: Decimal, paid_on: date, kind: str = "fine",
                        receipt_number: str = "", today: date | None = None) -> CasePayment:
    """登记缴款 (罚款 or 加处罚款); the fine paid in full sets the case's 缴清日期."""
    refuse_if_archived(case)
    require(actor, Capability.CASE_EDIT, case, "登记该案件的缴款")
    today = today_or(today)
    amount = Decimal(amount)
    with transaction.atomic():
        row = locked(case)
        x = execution_of(row)
        refuse(payment_problems(x, kind=kind, amount=amount, paid_on=paid_on, today=today))
        payment = CasePayment.objects.create(case=row, kind=kind, amount=amount, paid_on=paid_on,
                                             receipt_number=receipt_number.strip(), recorded_by=actor)
        if kind == "fine":
            fields = {"paid_amount": row.paid_amount + amount}
            if fields["paid_amount"] >= x.fine:
                earlier = list(row.payments.filter(kind="fine").exclude(pk=payment.pk)
                               .values_list("paid_on", flat=True))
                fields["paid_on"] = fine_paid_on_after(earlier, paid_on)
        else:
            fields = {"surcharge_paid": row.surcharge_paid + amount}
        case_update(actor=actor, case=row, verb="case_payment_record",
                    payload={"payment": payment.pk, "kind": PAYMENT_KINDS[kind], "amount": str(amount),
                             "paid_on": paid_on.isoformat(), "receipt_number": payment.receipt_number}, **fields)
    return payment


def case_installment_approve(*, actor, case: PenaltyCase, until: date, reason: str, on: date | None = None,
                             today: date | None = None) -> PenaltyCase:
    """批准延期（分期）缴纳罚款至 ``until`` (缴审 + 缴批); the payment deadline becomes ``until``."""
    refuse_if_archived(case)
    require_acting(actor, Capability.CASE_APPROVE, case, "批准延期（分期）缴纳罚款")
    today = today_or(today)
    on = on or today
    with transaction.atomic():
        row = locked(case)
        x = execution_of(row)
        refuse(installment_problems(x, until=until, reason=reason, on=on, today=today))
        case_document_issue(actor=actor, case=row, kind_code="缴审", content=docs.installment_request(
            row, x, until=until, reason=reason, on=on, approver=actor))
        case_document_issue(actor=actor, case=row, kind_code="缴批",
                                 content=docs.installment_approval(row, x, until=until))
        return case_update(actor=actor, case=row, verb="case_installment_approve",
                           payload={"reason": reason.strip(), "previous_due": x.due.isoformat()},
                           installment_until=until)


def case_reminder_serve(*, actor, case: PenaltyCase, on: date, today: date | None = None) -> PenaltyCase:
    """催告: 缴纳罚款催告书 and 行政强制执行事先催告书 served on ``on``; the 10-day period starts."""
    refuse_if_archived(case)
    require(actor, Capability.CASE_EDIT, case, "催告")
    today = today_or(today)
    with transaction.atomic():
        row = locked(case)
        x = execution_of(row)
        refuse(reminder_problems(x, on=on, today=today))
        money = owed(x, on)
        case_document_issue(actor=actor, case=row, kind_code="催", content=docs.reminder(row, x, money, on=on))
        case_document_issue(actor=actor, case=row, kind_code="执行催告",
                                 content=docs.enforcement_notice(row, x, money, on=on))
        return case_update(actor=actor, case=row, verb="case_reminder_serve",
                           payload={"fine_left": str(money.fine_left), "surcharge": str(money.surcharge_total)},
                           reminder_served_on=on)


def case_surcharge_decide(*, actor, case: PenaltyCase, on: date, today: date | None = None) -> PenaltyCase:
    """加处罚款决定书: the surcharge accrued as of ``on`` (3 %/day, not above the fine)."""
    refuse_if_archived(case)
    require(actor, Capability.CASE_EDIT, case, "作出加处罚款决定")
    today = today_or(today)
    with transaction.atomic():
        row = locked(case)
        x = execution_of(row)
        refuse(surcharge_decision_problems(x, on=on, today=today))
        money = owed(x, on)
        case_document_issue(actor=actor, case=row, kind_code="加罚",
                                 content=docs.surcharge_decision(row, x, money, on=on))
        return case_update(actor=actor, case=row, verb="case_surcharge_decide",
                           payload={"on": on.isoformat(), "days_late": money.days_late,
                                    "surcharge": str(money.surcharge_total)})


def case_enforcement_apply(*, actor, case: PenaltyCase, on: date, court: str,
                           today: date | None = None) -> PenaltyCase:
    """申请人民法院强制执行 (强执): refused until the reminder period has passed."""
    refuse_if_archived(case)
    require_acting(actor, Capability.CASE_APPROVE, case, "申请法院强制执行")
    today = today_or(today)
    with transaction.atomic():
        row = locked(case)
        x = execution_of(row)
        refuse(enforcement_problems(x, on=on, court=court, today=today))
        money = owed(x, on)
        case_document_issue(actor=actor, case=row, kind_code="强执", content=docs.enforcement_application(
            row, x, money, court=court, approver=actor))
        return case_update(actor=actor, case=row, verb="case_enforcement_apply",
                           payload={"fine_left": str(money.fine_left), "surcharge_left": str(money.surcharge_left)},
                           enforcement_applied_on=on, court=court.strip())


def case_close(*, actor, case: PenaltyCase, on: date, note: str, today: date | None = None) -> PenaltyCase:
    """结案 (结案审批表) → closed: paid in full, or enforcement applied for with the court's outcome in ``note``,
    or no penalty, or a transfer acknowledged by the receiver."""
    refuse_if_archived(case)
    require_acting(actor, Capability.CASE_APPROVE, case, "批准结案")
    today = today_or(today)
    with transaction.atomic():
        row = locked(case)
        x = execution_of(row)
        acknowledged, pending = transfer_state(row)
        refuse(close_problems(x, on=on, note=note, today=today, transfer_acknowledged=acknowledged,
                              pending_transfers=pending))
        team = case_team_names(row)
        case_document_issue(actor=actor, case=row, kind_code="结", content=docs.closing(
            row, x, on=on, note=note, approver=actor, team=team))
        fields = {"closed_on": on, "closing_note": note.strip()}
        if not row.result:
            fields["result"] = "transferred" if row.status == "transferred" else "penalized"
        return case_move(actor=actor, case=row, new="closed", verb="case_close", **fields)
