"""API of the core part of penalty cases (/api/v1/cases): list with next deadlines, detail with deadlines and
documents, and one POST per step. Each step's schema gives the service's keyword arguments, as the page's form
does; refusals are the service errors, answered by config/api.py ({"code", "message"})."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from anjian.accounts.api_access import api_requires
from anjian.cases.config import time_limits
from anjian.cases.core import origins
from anjian.cases.core import selectors as sel
from anjian.cases.core.documents import case_documents_issue_pending, case_documents_pending
from anjian.cases.core.schemas import (
    CaseDetailOut,
    CaseDocumentOut,
    CaseExtensionIn,
    CaseExtensionOut,
    CaseFilterIn,
    CasePage,
    CaseProposeIn,
    CaseReasonIn,
    CaseReturnIn,
    ConcludeIn,
    DecideIn,
    DiscussionIn,
    FileApproveIn,
    FilingResubmitIn,
    HearingHoldIn,
    HearingRequestIn,
    InvestigationIn,
    InvestigationOut,
    LegalReviewIn,
    NotifyIn,
    PreservationDecisionIn,
    ServeIn,
    StatementIn,
    case_detail_out,
    case_out,
    document_out,
)
from anjian.cases.core.selectors import CaseFilters, case_deadlines_of, case_facts, case_get_for
from anjian.cases.core.services_decision import case_decide, case_serve
from anjian.cases.core.services_filing import case_file_approve, case_file_refuse, case_propose
from anjian.cases.core.services_investigation import (
    case_extension_approve,
    case_investigation_add,
    case_investigation_conclude,
    case_preservation_decide,
)
from anjian.cases.core.services_notice import (
    case_hearing_hold,
    case_hearing_request,
    case_notify,
    case_statement_record,
)
from anjian.cases.core.services_return import (
    case_decision_return,
    case_discussion_return,
    case_file_return,
    case_filing_resubmit,
    case_review_return,
)
from anjian.cases.core.services_review import (
    case_discussion_record,
    case_legal_review,
    case_submit_for_review,
)
from anjian.cases.core.services_waiver import FILE_MAX, case_rights_waive
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Day, Id, Name, page_of
from anjian.common.errors import ServiceInvalid
from anjian.documents.selectors import documents_of
from anjian.domain.case_deadlines import due_next, undecided_too_long
from anjian.domain.permissions import Capability

router = Router(tags=["行政处罚案件"])


def _detail(case) -> CaseDetailOut:
    today = timezone.localdate()
    raw = case_deadlines_of(case)
    nxt = due_next(raw, today)
    return case_detail_out(
        case, deadlines=[sel.deadline_view(d, today) for d in raw],
        next_deadline=sel.deadline_view(nxt, today) if nxt else None,
        too_long=undecided_too_long(case_facts(case), today, time_limits()),
        documents=documents_of(case).order_by("created_at", "id"), pending=case_documents_pending(case))


def _case(request, case_id: Id):
    return case_get_for(request.user, case_id)


@router.get("/", response={200: CasePage, **ERRORS})
@api_requires(Capability.CASE_VIEW)
def list_cases(request: HttpRequest, filters: Query[CaseFilterIn]):
    today = timezone.localdate()
    qs = sel.case_list_rows_qs(request.user, CaseFilters(
        status=filters.status, source=filters.source, q=filters.q, year=filters.year, overdue=filters.overdue), today)
    count, page = page_of(qs, filters)
    rows = sel.case_rows(page, today)
    return CasePage(count=count, page=filters.page, size=filters.size,
                    results=[case_out(r.case, next_deadline=r.next, too_long=r.undecided_too_long) for r in rows])


@router.get("/{int:case_id}", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_VIEW)
def get_case(request: HttpRequest, case_id: Id):
    return _detail(_case(request, case_id))


@router.post("/", response={201: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def propose_case(request: HttpRequest, payload: CaseProposeIn):
    new = origins.NewCase(**payload.dict())
    return 201, _detail(case_propose(actor=request.user, **origins.new_case_arguments(request.user, new)))


@router.post("/{int:case_id}/file/approve", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def approve_filing(request: HttpRequest, case_id: Id, payload: FileApproveIn):
    return _detail(case_file_approve(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/file/refuse", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def refuse_filing(request: HttpRequest, case_id: Id, payload: CaseReasonIn):
    return _detail(case_file_refuse(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/file/return", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def return_filing(request: HttpRequest, case_id: Id, payload: CaseReturnIn):
    """立案审批 退回: the proposal goes back to its proposer with the reason (a hand-off in their to-do list)."""
    return _detail(case_file_return(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/file/resubmit", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def resubmit_filing(request: HttpRequest, case_id: Id, payload: FilingResubmitIn):
    return _detail(case_filing_resubmit(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/legal-review/return", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_LEGAL_REVIEW)
def return_from_review(request: HttpRequest, case_id: Id, payload: CaseReturnIn):
    """法制审核 退回补充调查, to the officer who submitted the case."""
    return _detail(case_review_return(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/discussion/return", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def return_from_discussion(request: HttpRequest, case_id: Id, payload: CaseReturnIn):
    """集体讨论 退回补充调查, to the officer who submitted the case."""
    return _detail(case_discussion_return(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/decide/return", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def return_from_decision(request: HttpRequest, case_id: Id, payload: CaseReturnIn):
    """处罚决定审批 退回补充调查, to the officer who served the notice."""
    return _detail(case_decision_return(actor=request.user, case=_case(request, case_id), **payload.dict()))


def _investigation(i) -> InvestigationOut:
    return InvestigationOut(id=i.pk, kind=i.kind, occurred_on=i.occurred_on, summary=i.summary,
                            document_id=i.document_id, preservation_decided_on=i.preservation_decided_on,
                            preservation_decision=i.preservation_decision)


@router.post("/{int:case_id}/investigations", response={201: InvestigationOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def add_investigation(request: HttpRequest, case_id: Id, payload: InvestigationIn):
    return 201, _investigation(case_investigation_add(actor=request.user, case=_case(request, case_id),
                                                      **payload.dict()))


@router.post("/{int:case_id}/investigations/{int:investigation_id}/decision", response={200: InvestigationOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def decide_preservation(request: HttpRequest, case_id: Id, investigation_id: Id, payload: PreservationDecisionIn):
    row = sel.case_investigation_get(_case(request, case_id), investigation_id)
    return _investigation(case_preservation_decide(actor=request.user, investigation=row, **payload.dict()))


@router.post("/{int:case_id}/extensions", response={201: CaseExtensionOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def approve_extension(request: HttpRequest, case_id: Id, payload: CaseExtensionIn):
    x = case_extension_approve(actor=request.user, case=_case(request, case_id), **payload.dict())
    return 201, CaseExtensionOut(id=x.pk, days=x.days, reason=x.reason, approved_on=x.approved_on, new_due=x.new_due,
                                 document_id=x.document_id)


@router.post("/{int:case_id}/conclude", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def conclude_investigation(request: HttpRequest, case_id: Id, payload: ConcludeIn):
    return _detail(case_investigation_conclude(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/submit", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def submit_for_review(request: HttpRequest, case_id: Id):
    return _detail(case_submit_for_review(actor=request.user, case=_case(request, case_id)))


@router.post("/{int:case_id}/legal-review", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_LEGAL_REVIEW)
def review_case(request: HttpRequest, case_id: Id, payload: LegalReviewIn):
    return _detail(case_legal_review(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/discussion", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def record_discussion(request: HttpRequest, case_id: Id, payload: DiscussionIn):
    return _detail(case_discussion_record(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/notify", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def notify_party(request: HttpRequest, case_id: Id, payload: NotifyIn):
    return _detail(case_notify(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/statement", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def record_statement(request: HttpRequest, case_id: Id, payload: StatementIn):
    return _detail(case_statement_record(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/waiver", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def waive_rights(request: HttpRequest, case_id: Id, on: Day | None = Form(None),
                 reference: Name = Form(""),
                 file: File[UploadedFile] = None):
    """当事人书面放弃陈述申辩（及听证）: the decision may then be taken at once. Multipart: the scanned statement
    (PDF/JPEG/PNG, at most 5 MB) and/or a reference (its number or place in the case file)."""
    if file is not None and file.size > FILE_MAX:
        raise ServiceInvalid("放弃声明扫描件不应超过 5 MB")
    return _detail(case_rights_waive(actor=request.user, case=_case(request, case_id), on=on, reference=reference,
                                     file_name=file.name if file else "", file_data=file.read() if file else None))


@router.post("/{int:case_id}/hearing/request", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def request_hearing(request: HttpRequest, case_id: Id, payload: HearingRequestIn):
    return _detail(case_hearing_request(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/hearing/hold", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def hold_hearing(request: HttpRequest, case_id: Id, payload: HearingHoldIn):
    return _detail(case_hearing_hold(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/decide", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def decide_case(request: HttpRequest, case_id: Id, payload: DecideIn):
    return _detail(case_decide(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/serve", response={200: CaseDetailOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def serve_decision(request: HttpRequest, case_id: Id, payload: ServeIn):
    return _detail(case_serve(actor=request.user, case=_case(request, case_id), **payload.dict()))


@router.post("/{int:case_id}/documents/issue-pending", response={200: list[CaseDocumentOut], **ERRORS})
@api_requires(Capability.CASE_EDIT)
def issue_pending_documents(request: HttpRequest, case_id: Id):
    return [document_out(d) for d in case_documents_issue_pending(actor=request.user, case=_case(request, case_id))]
