"""Context for the transfers panel on the case page: each transfer with its document and acknowledgement state
(days waiting while unacknowledged), the receipt form for receivers outside the system, and the transfer form
while the case may still be transferred."""

from django.utils import timezone

from anjian.accounts.access import can
from anjian.cases.core.guards import acts_for
from anjian.cases.execution.selectors import documents_of_kinds
from anjian.cases.transfers.forms import ReceiptForm, TransferForm
from anjian.cases.transfers.selectors import TRANSFER_DOCUMENTS, waiting
from anjian.domain.case_execution import TRANSFER_ALONGSIDE, TRANSFER_MOVES
from anjian.domain.permissions import Capability


def panel(request, case) -> dict:
    today = timezone.localdate()
    transfers = list(case.transfers.select_related("receiver_agency", "document", "received_case"))
    region = case.agency.region_id
    can_edit = can(request.user, Capability.CASE_EDIT, region) and case.status != "archived"
    can_send = can_edit and acts_for(request.user, Capability.CASE_APPROVE, case)
    open_transfer = any(t.acknowledged_on is None for t in transfers)
    may_transfer = case.status in TRANSFER_MOVES | TRANSFER_ALONGSIDE and not open_transfer
    show = bool(transfers) or (can_send and may_transfer)
    return {"tr": {
        "show": show, "case": case, "today": today, "rows": waiting(transfers, today),
        "documents": documents_of_kinds(case, TRANSFER_DOCUMENTS), "can_edit": can_edit,
        "receipt_form": ReceiptForm(initial={"on": today}) if can_edit else None,
        "form": TransferForm(initial={"sent_on": today}, exclude_agency_id=case.agency_id)
        if can_send and may_transfer else None,
        "criminal_only": case.status in TRANSFER_ALONGSIDE,
    }}
