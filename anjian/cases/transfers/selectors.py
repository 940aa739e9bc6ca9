"""Reads of case transfers, seen from either side — the sending agency (outbox) or the receiving agency in the
system (inbox) — and the transfer state of a case.

A transfer is visible to users whose scope covers the sending case's agency or the receiving agency; fetchers
raise NotFound for a missing transfer and for one outside the user's scope alike.
"""

from datetime import date

from django.db.models import Q, QuerySet

from anjian.accounts.access import can, scope_q
from anjian.cases.core.origins import officers_named
from anjian.cases.models import CaseTransfer, PenaltyCase
from anjian.common.errors import NotFound, ServiceInvalid
from anjian.domain.case_execution import days_waiting
from anjian.domain.permissions import Capability
from anjian.regions.models import Agency

# Documents of the transfer step, in the order they arise.
TRANSFER_DOCUMENTS = ("移审", "移", "涉移")
RECEIVER_UNKNOWN = "受移送机关不存在"


def transfer_state(case: PenaltyCase) -> tuple[bool | None, int]:
    """(the transfer that moved the case was acknowledged — None when none did, unacknowledged transfers)."""
    transfers = list(case.transfers.all())
    pending = sum(1 for t in transfers if t.acknowledged_on is None)
    if case.status != "transferred" or not transfers:
        return None, pending
    first = min(transfers, key=lambda t: (t.sent_on, t.pk))
    return first.acknowledged_on is not None, pending


def _base() -> QuerySet[CaseTransfer]:
    return CaseTransfer.objects.select_related("case", "case__agency", "case__enterprise", "receiver_agency",
                                               "received_case", "document")


def transfer_outbox_for(user, capability: Capability = Capability.CASE_VIEW) -> QuerySet[CaseTransfer]:
    """Transfers sent by the agencies in the user's scope."""
    return _base().filter(scope_q(user, capability, column="case__agency__region_id"))


def transfer_inbox_for(user, capability: Capability = Capability.CASE_VIEW) -> QuerySet[CaseTransfer]:
    """Transfers addressed to an agency in the user's scope (receivers inside the system only)."""
    return _base().filter(receiver_agency__isnull=False).filter(
        scope_q(user, capability, column="receiver_agency__region_id"))


def transfer_get_for(user, pk: int) -> CaseTransfer:
    """A transfer the user may see from either side (NotFound otherwise)."""
    transfer = _base().filter(pk=pk).filter(
        scope_q(user, Capability.CASE_VIEW, column="case__agency__region_id")
        | (Q(receiver_agency__isnull=False)
           & scope_q(user, Capability.CASE_VIEW, column="receiver_agency__region_id"))).first()
    if transfer is None:
        raise NotFound()
    return transfer


def transfer_to_acknowledge(user, pk: int) -> CaseTransfer:
    """A transfer addressed to an agency where the user may edit cases (NotFound for any other)."""
    transfer = transfer_inbox_for(user, Capability.CASE_EDIT).filter(pk=pk).first()
    if transfer is None:
        raise NotFound()
    return transfer


def transfer_to_record_receipt(user, pk: int) -> CaseTransfer:
    """A transfer sent by an agency where the user may edit cases (NotFound for any other)."""
    transfer = transfer_outbox_for(user, Capability.CASE_EDIT).filter(pk=pk).first()
    if transfer is None:
        raise NotFound()
    return transfer


def transfer_side(user, transfer: CaseTransfer) -> str:
    """"sender", "receiver" or "both" for the user looking at ``transfer``."""
    sender = can(user, Capability.CASE_VIEW, transfer.case.agency.region_id)
    receiver = transfer.receiver_agency is not None and can(user, Capability.CASE_VIEW,
                                                             transfer.receiver_agency.region_id)
    return "both" if sender and receiver else ("sender" if sender else "receiver")


def waiting(transfers, today: date) -> list[tuple[CaseTransfer, int | None]]:
    return [(t, days_waiting(t.sent_on, t.acknowledged_on, today)) for t in transfers]


def receiver_agency_named(pk: int | None) -> Agency | None:
    """The receiving agency a transfer names by id (None: a receiver outside the system); an unknown id is refused.
    Agencies are public reference data: any of them may receive a transfer."""
    if pk is None:
        return None
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise ServiceInvalid([("receiver_agency_id", RECEIVER_UNKNOWN)])
    return agency


def transfer_arguments(data: dict) -> dict:
    """A transfer as the page's form and the API's schema both give it (the receiving agency by id) → the keyword
    arguments of `services.case_transfer`."""
    out = dict(data)
    out["receiver_agency"] = receiver_agency_named(out.pop("receiver_agency_id"))
    return out


def acknowledgement_arguments(user, data: dict) -> dict:
    """An acknowledgement as the page and the API both give it (the new case's officers by id) → the keyword
    arguments of `services.case_transfer_acknowledge`; officers the user may not name are refused alike."""
    out = dict(data)
    out["officers"] = officers_named(user, out.pop("officer_ids"))
    return out
