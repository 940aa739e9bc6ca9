"""Schemas of the core case API (/api/v1/cases) and the functions that fill them."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from anjian.cases.core.selectors import DeadlineView, case_returns
from anjian.common.api_types import (
    Amount,
    Code,
    Day,
    Days,
    Id,
    IdList,
    Name,
    PageIn,
    Reason,
    Short,
    Text,
    TextList,
    Words,
    Year,
)


class CaseDeadlineOut(Schema):
    key: str
    label: str
    due: date | None
    done_on: date | None
    state: str
    state_label: str
    basis: str
    error: str = ""
    provisional: bool = False  # counted with statutory holidays only: the year's arrangement is not loaded yet
    provisional_note: str = ""  # 暂按法定节假日计算，待YYYY年放假安排公布后更新


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
    next_deadline: CaseDeadlineOut | None = None
    undecided_too_long: bool = False


class CasePage(Schema):
    count: int
    page: int
    size: int
    results: list[CaseOut]


class CaseOfficerOut(Schema):
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


class CaseExtensionOut(Schema):
    id: int
    days: int
    reason: str
    approved_on: date
    new_due: date
    document_id: int | None


class CaseDocumentOut(Schema):
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


class CaseReturnOut(Schema):
    on: date
    step: str
    detail: str


class CaseDetailOut(CaseOut):
    rights_waived_on: date | None = None  # the party waived the statement (and hearing) periods in writing
    rights_waiver_ref: str = ""
    rights_waiver_file: bool = False
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
    team: list[CaseOfficerOut]
    investigations: list[InvestigationOut]
    extensions: list[CaseExtensionOut]
    deadlines: list[CaseDeadlineOut]
    documents: list[CaseDocumentOut]
    pending_documents: PendingOut
    returns: list[CaseReturnOut] = []  # every send-back (退回): the step, the reason and who sent it back


# ------------------------------------------------------------------ inputs

class CaseFilterIn(PageIn):
    status: Code = ""
    source: Code = ""
    q: Words = ""
    year: Year | None = None
    overdue: bool = False


def line(max_length: int):
    """One line of text no longer than its column (``max_length``), as the page's form bounds it."""
    return Annotated[Short, Field(max_length=max_length)]


class CaseProposeIn(Schema):
    """A new case (`origins.NewCase`): the page's form gives the same fields."""

    enterprise_id: Id
    source: Code
    cause: line(255)
    facts: Text
    officer_ids: IdList
    lead_officer_id: Id | None = None
    name: line(255) = ""
    source_note: line(255) = ""
    inspection_id: Id | None = None
    hazard_ids: IdList = []
    handover_id: Id | None = None
    party_kind: Code = "unit"
    party_name: line(255) = ""
    party_id_number: line(32) = ""
    party_representative: line(64) = ""
    party_address: line(255) = ""
    party_phone: line(32) = ""


class FileApproveIn(Schema):
    opinion: Text = ""
    on: Day | None = None


class CaseReasonIn(Schema):
    reason: Text


class CaseReturnIn(Schema):
    """退回 with a reason (2–500 characters after trimming; the service says why otherwise)."""

    reason: Reason


class FilingResubmitIn(Schema):
    cause: line(255) = ""
    facts: Text = ""


class InvestigationIn(Schema):
    kind: Code
    occurred_on: Day
    summary: Text


class PreservationDecisionIn(Schema):
    on: Day | None = None
    decision: Text


class CaseExtensionIn(Schema):
    days: Days
    reason: Text


class ConcludeIn(Schema):
    report: Text
    violated_provision: Short = ""
    penalty_provision: Short = ""
    penalties: TextList = []
    proposed_fine: Amount | None = None
    is_major: bool = False
    on: Day | None = None


class LegalReviewIn(Schema):
    result: Code
    opinion: Text
    on: Day | None = None


class DiscussionIn(Schema):
    on: Day | None = None
    record: Text
    conclusion: Text


class NotifyIn(Schema):
    served_on: Day | None = None


class StatementIn(Schema):
    on: Day | None = None
    statement: Text


class HearingRequestIn(Schema):
    on: Day | None = None
    hearing_on: Day | None = None
    hearing_place: Short = ""
    presiding: Name = ""


class HearingHoldIn(Schema):
    on: Day | None = None
    report: Text


class DecideIn(Schema):
    on: Day | None = None
    fine: Amount | None = None
    summary: Text = ""  # other terms of the decision; the penalties and the fine (in words) are written from the figures


class ServeIn(Schema):
    on: Day | None = None
    method: Code
    recipient: Name = ""
    place: Short = ""


# ------------------------------------------------------------------ filling

def deadline_out(view: DeadlineView) -> CaseDeadlineOut:
    d = view.deadline
    return CaseDeadlineOut(key=d.key, label=d.label, due=d.due, done_on=d.done_on, state=view.state,
                       state_label=view.state_label, basis=d.basis, error=d.error, provisional=d.provisional,
                       provisional_note=d.provisional_note)


def case_out(case, *, next_deadline: DeadlineView | None = None, too_long: bool = False) -> CaseOut:
    return CaseOut(id=case.pk, name=case.name, cause=case.cause, source=case.source, status=case.status,
                   status_label=case.get_status_display(), agency_id=case.agency_id, agency_name=case.agency.name,
                   enterprise_id=case.enterprise_id, party_name=case.party_name, filed_on=case.filed_on,
                   decided_on=case.decided_on, fine_amount=case.fine_amount, result=case.result,
                   next_deadline=deadline_out(next_deadline) if next_deadline else None, undecided_too_long=too_long)


def document_out(d) -> CaseDocumentOut:
    files = d.status in ("issued", "voided")
    return CaseDocumentOut(id=d.pk, kind=d.kind_id, kind_name=d.kind.name, number=d.number, status=d.status,
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
        rights_waived_on=case.rights_waived_on, rights_waiver_ref=case.rights_waiver_ref,
        rights_waiver_file=bool(case.rights_waiver_file_name),
        hearing_requested_on=case.hearing_requested_on, hearing_held_on=case.hearing_held_on,
        decision_summary=case.decision_summary, served_on=case.served_on, service_method=case.service_method,
        team=[CaseOfficerOut(officer_id=m.officer_id, name=m.officer.name, certificate_number=m.certificate_number,
                         is_lead=m.is_lead) for m in case.team.select_related("officer")],
        investigations=[InvestigationOut(id=i.pk, kind=i.kind, occurred_on=i.occurred_on, summary=i.summary,
                                         document_id=i.document_id, preservation_decided_on=i.preservation_decided_on,
                                         preservation_decision=i.preservation_decision)
                        for i in case.investigations.all()],
        extensions=[CaseExtensionOut(id=x.pk, days=x.days, reason=x.reason, approved_on=x.approved_on, new_due=x.new_due,
                                 document_id=x.document_id) for x in case.extensions.all()],
        deadlines=[deadline_out(d) for d in deadlines], documents=[document_out(d) for d in documents],
        pending_documents=PendingOut(drafts=[d.pk for d in pending.drafts], missing=list(pending.missing)),
        returns=[CaseReturnOut(on=r.on, step=r.label, detail=r.detail) for r in case_returns(case)])
