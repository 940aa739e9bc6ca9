"""Schemas of the core case API (/api/v1/cases) and the functions that fill them."""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Schema

from anjian.cases.selectors_core import DeadlineView


class DeadlineOut(Schema):
    key: str
    label: str
    due: date | None
    done_on: date | None
    state: str
    state_label: str
    basis: str
    error: str = ""


class CaseOut(Schema):
    id: int
    name: str
    cause: str
    source: str
    status: str
    status_label: str
    agency_id: int
    agency_name: str
    enterprise_id: int
    party_name: str
    filed_on: date | None
    decided_on: date | None
    fine_amount: Decimal | None
    result: str
    next_deadline: DeadlineOut | None = None
    undecided_too_long: bool = False


class CasePage(Schema):
    count: int
    page: int
    size: int
    results: list[CaseOut]


class OfficerOut(Schema):
    officer_id: int
    name: str
    certificate_number: str
    is_lead: bool


class InvestigationOut(Schema):
    id: int
    kind: str
    occurred_on: date
    summary: str
    document_id: int | None
    preservation_decided_on: date | None
    preservation_decision: str


class ExtensionOut(Schema):
    id: int
    days: int
    reason: str
    approved_on: date
    new_due: date
    document_id: int | None


class DocumentOut(Schema):
    id: int
    kind: str
    kind_name: str
    number: str
    status: str
    issued_at: datetime | None
    docx_url: str = ""
    pdf_url: str = ""


class PendingOut(Schema):
    drafts: list[int]
    missing: list[str]


class CaseDetailOut(CaseOut):
    source_note: str
    party_kind: str
    party_id_number: str
    party_representative: str
    party_address: str
    party_phone: str
    facts: str
    inspection_id: int | None
    handover_id: int | None
    hazard_ids: list[int]
    is_major: bool
    extension_days: int
    investigated_on: date | None
    investigation_report: str
    violated_provision: str
    penalty_provision: str
    penalties: list[str]
    proposed_fine: Decimal | None
    legal_result: str
    legal_opinion: str
    legal_reviewed_at: datetime | None
    discussed_on: date | None
    notice_served_on: date | None
    hearing_notice_served_on: date | None
    statement_note: str
    hearing_requested_on: date | None
    hearing_held_on: date | None
    decision_summary: str
    served_on: date | None
    service_method: str
    team: list[OfficerOut]
    investigations: list[InvestigationOut]
    extensions: list[ExtensionOut]
    deadlines: list[DeadlineOut]
    documents: list[DocumentOut]
    pending_documents: PendingOut


# ------------------------------------------------------------------ inputs

class FilterIn(Schema):
    status: str = ""
    source: str = ""
    q: str = ""
    year: int | None = None
    overdue: bool = False
    page: int = 1
    size: int = 20


class ProposeIn(Schema):
    enterprise_id: int
    source: str
    cause: str
    facts: str
    officer_ids: list[int]
    lead_officer_id: int | None = None
    name: str = ""
    source_note: str = ""
    inspection_id: int | None = None
    hazard_ids: list[int] = []
    handover_id: int | None = None
    party_kind: str = "unit"
    party_name: str = ""
    party_id_number: str = ""
    party_representative: str = ""
    party_address: str = ""
    party_phone: str = ""


class FileApproveIn(Schema):
    opinion: str = ""
    on: date | None = None


class ReasonIn(Schema):
    reason: str


class InvestigationIn(Schema):
    kind: str
    occurred_on: date
    summary: str


class PreservationDecisionIn(Schema):
    on: date | None = None
    decision: str


class ExtensionIn(Schema):
    days: int
    reason: str


class ConcludeIn(Schema):
    report: str
    violated_provision: str = ""
    penalty_provision: str = ""
    penalties: list[str] = []
    proposed_fine: Decimal | None = None
    is_major: bool = False
    on: date | None = None


class LegalReviewIn(Schema):
    result: str
    opinion: str
    on: date | None = None


class DiscussionIn(Schema):
    on: date | None = None
    record: str
    conclusion: str


class NotifyIn(Schema):
    served_on: date | None = None


class StatementIn(Schema):
    on: date | None = None
    statement: str


class HearingRequestIn(Schema):
    on: date | None = None
    hearing_on: date | None = None
    hearing_place: str = ""
    presiding: str = ""


class HearingHoldIn(Schema):
    on: date | None = None
    report: str


class DecideIn(Schema):
    on: date | None = None
    fine: Decimal | None = None
    summary: str


class ServeIn(Schema):
    on: date | None = None
    method: str
    recipient: str = ""
    place: str = ""


# ------------------------------------------------------------------ filling

def deadline_out(view: DeadlineView) -> DeadlineOut:
    d = view.deadline
    return DeadlineOut(key=d.key, label=d.label, due=d.due, done_on=d.done_on, state=view.state,
                       state_label=view.state_label, basis=d.basis, error=d.error)


def case_out(case, *, next_deadline: DeadlineView | None = None, too_long: bool = False) -> CaseOut:
    return CaseOut(id=case.pk, name=case.name, cause=case.cause, source=case.source, status=case.status,
                   status_label=case.get_status_display(), agency_id=case.agency_id, agency_name=case.agency.name,
                   enterprise_id=case.enterprise_id, party_name=case.party_name, filed_on=case.filed_on,
                   decided_on=case.decided_on, fine_amount=case.fine_amount, result=case.result,
                   next_deadline=deadline_out(next_deadline) if next_deadline else None, undecided_too_long=too_long)


def document_out(d) -> DocumentOut:
    files = d.status in ("issued", "voided")
    return DocumentOut(id=d.pk, kind=d.kind_id, kind_name=d.kind.name, number=d.number, status=d.status,
                       issued_at=d.issued_at, docx_url=f"/documents/{d.pk}/docx" if files else "",
                       pdf_url=f"/documents/{d.pk}/pdf" if files else "")


def case_detail_out(case, *, deadlines: list[DeadlineView], next_deadline, too_long: bool, documents, pending
                    ) -> CaseDetailOut:
    base = case_out(case, next_deadline=next_deadline, too_long=too_long).dict()
    return CaseDetailOut(
        **base, source_note=case.source_note, party_kind=case.party_kind, party_id_number=case.party_id_number,
        party_representative=case.party_representative, party_address=case.party_address,
        party_phone=case.party_phone, facts=case.facts, inspection_id=case.inspection_id, handover_id=case.handover_id,
        hazard_ids=list(case.hazards.values_list("pk", flat=True)), is_major=case.is_major,
        extension_days=case.extension_days, investigated_on=case.investigated_on,
        investigation_report=case.investigation_report, violated_provision=case.violated_provision,
        penalty_provision=case.penalty_provision, penalties=list(case.penalties), proposed_fine=case.proposed_fine,
        legal_result=case.legal_result, legal_opinion=case.legal_opinion,
        legal_reviewed_at=timezone.localtime(case.legal_reviewed_at) if case.legal_reviewed_at else None,
        discussed_on=case.discussed_on, notice_served_on=case.notice_served_on,
        hearing_notice_served_on=case.hearing_notice_served_on, statement_note=case.statement_note,
        hearing_requested_on=case.hearing_requested_on, hearing_held_on=case.hearing_held_on,
        decision_summary=case.decision_summary, served_on=case.served_on, service_method=case.service_method,
        team=[OfficerOut(officer_id=m.officer_id, name=m.officer.name, certificate_number=m.certificate_number,
                         is_lead=m.is_lead) for m in case.team.select_related("officer")],
        investigations=[InvestigationOut(id=i.pk, kind=i.kind, occurred_on=i.occurred_on, summary=i.summary,
                                         document_id=i.document_id, preservation_decided_on=i.preservation_decided_on,
                                         preservation_decision=i.preservation_decision)
                        for i in case.investigations.all()],
        extensions=[ExtensionOut(id=x.pk, days=x.days, reason=x.reason, approved_on=x.approved_on, new_due=x.new_due,
                                 document_id=x.document_id) for x in case.extensions.all()],
        deadlines=[deadline_out(d) for d in deadlines], documents=[document_out(d) for d in documents],
        pending_documents=PendingOut(drafts=[d.pk for d in pending.drafts], missing=list(pending.missing)))
