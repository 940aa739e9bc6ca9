"""Context for the execution panel on the case page: amounts owed (with the surcharge as of today), payments,
the execution documents and the forms of the steps that make sense now."""

from django.urls import reverse
from django.utils import timezone

from anjian.accounts.access import can
from anjian.cases.core.guards import acts_for
from anjian.cases.execution.forms import CloseForm, EnforcementForm, InstallmentForm, OnForm, PaymentForm
from anjian.cases.execution.selectors import EXECUTION_DOCUMENTS, documents_of_kinds, execution_of
from anjian.cases.transfers.selectors import transfer_state
from anjian.domain.case_execution import NEXT_ACTIONS, next_actions, owed
from anjian.domain.permissions import Capability

URLS = {"payment": "cases:payment_record", "installment": "cases:installment_approve",
        "reminder": "cases:reminder_serve", "surcharge": "cases:surcharge_decide",
        "enforcement": "cases:enforcement_apply", "close": "cases:case_close"}
FORMS = {"payment": PaymentForm, "installment": InstallmentForm, "reminder": OnForm, "surcharge": OnForm,
         "enforcement": EnforcementForm, "close": CloseForm}
# Statuses in which the panel has something to show.
SHOWN = frozenset({"decided", "executing", "transferred", "closed", "archived"})


def panel(request, case) -> dict:
    if case.status not in SHOWN and case.result != "no_penalty":
        return {"ex": {"show": False}}
    today = timezone.localdate()
    documents = documents_of_kinds(case, EXECUTION_DOCUMENTS)
    x = execution_of(case, documents)
    acknowledged, pending = transfer_state(case)
    region = case.agency.region_id
    can_edit = can(request.user, Capability.CASE_EDIT, region) and case.status != "archived"
    can_approve = acts_for(request.user, Capability.CASE_APPROVE, case) and case.status != "archived"
    actions = next_actions(x, today, transfer_acknowledged=acknowledged, pending_transfers=pending)
    if case.result == "no_penalty" and case.status not in ("closed", "archived") and "close" not in actions:
        actions.append("close")
    allowed = {"payment": can_edit, "reminder": can_edit, "surcharge": can_edit, "installment": can_approve,
               "enforcement": can_approve, "close": can_approve}
    initial = {"on": today, "paid_on": today}
    steps = [(a, NEXT_ACTIONS[a], FORMS[a](initial=initial, auto_id=f"id_{a}_%s"), reverse(URLS[a], args=[case.pk]))
             for a in actions if allowed[a]]
    return {"ex": {
        "show": True, "case": case, "x": x, "today": today, "money": owed(x, today) if x.has_fine else None,
        "payments": list(case.payments.select_related("recorded_by")), "documents": documents,
        "actions": steps,
        "hints": [NEXT_ACTIONS[a] for a in actions if not allowed[a]], "pending_transfers": pending,
    }}
