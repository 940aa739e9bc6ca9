"""The rectification API (/api/v1/rectification/): overdue lists, extension requests, re-inspection, escalation.

Same scope and rules as the pages; errors are {"code", "message"}.
"""

from datetime import date
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Day, Id, IdList, PageIn, Reason, Text
from anjian.common.errors import ServiceInvalid
from anjian.domain import rectification as rules
from anjian.domain.permissions import Capability
from anjian.inspections import selectors as sel
from anjian.inspections import selectors_rectification as rsel
from anjian.inspections import services_rectification as services

router = Router(tags=["整改复查"])


class RectificationOut(Schema):
    hazard_id: int
    inspection_id: int
    enterprise_id: int
    enterprise_name: str
    agency_name: str
    description: str
    is_major: bool
    status: str
    deadline: date
    deadline_state: str  # due | due_today | overdue
    days: int
    label: str


class RectificationPage(Schema):
    count: int
    page: int
    size: int
    counts: dict[str, int]
    results: list[RectificationOut]


class RectificationFilterIn(PageIn):
    state: Literal[tuple(rsel.STATES)] = "overdue"


class RectificationExtensionIn(Schema):
    requested_at: Day
    requested_deadline: Day
    reason: Text


class RectificationExtensionOut(Schema):
    id: int
    hazard_id: int
    requested_at: date
    original_deadline: date
    requested_deadline: date
    reason: str
    status: str
    decision_opinion: str
    hazard_deadline: date | None


class DecisionIn(Schema):
    approve: bool
    opinion: Text = ""
    new_deadline: Day | None = None


class ResultIn(Schema):
    hazard_id: Id
    rectified: bool
    note: Text = ""


class ReinspectionIn(Schema):
    date: Day
    officer_ids: IdList
    results: Annotated[list[ResultIn], Field(max_length=200)]
    opinion: Text
    completion_reported: bool = False


class ReinspectionResultOut(Schema):
    hazard_id: int
    rectified: bool
    note: str
    hazard_status: str


class ReinspectionOut(Schema):
    id: int
    inspection_id: int
    date: date
    opinion: str
    officer_ids: list[int]
    results: list[ReinspectionResultOut]


class ExtensionReturnIn(Schema):
    reason: Reason


class EscalateIn(Schema):
    route: Literal["measures", "penalty_case"]
    note: Text = ""


class EscalationOut(Schema):
    hazard_id: int
    route: str
    note: str
    hazard_status: str


def _extension(r) -> RectificationExtensionOut:
    r.hazard.refresh_from_db(fields=["deadline"])
    return RectificationExtensionOut(id=r.pk, hazard_id=r.hazard_id, requested_at=r.requested_at,
                        original_deadline=r.original_deadline, requested_deadline=r.requested_deadline,
                        reason=r.reason, status=r.status, decision_opinion=r.decision_opinion,
                        hazard_deadline=r.hazard.deadline)


@router.get("/", response={200: RectificationPage, **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def list_rectification(request: HttpRequest, filters: Query[RectificationFilterIn]):
    today = timezone.localdate()
    qs = rsel.rectification_list_for(request.user, state=filters.state, today=today)
    counts = rsel.rectification_counts_for(request.user, today=today)
    start = (filters.page - 1) * filters.size
    results = []
    for h in qs[start:start + filters.size]:
        status = rules.deadline_status(h.deadline, today)
        results.append(RectificationOut(
            hazard_id=h.pk, inspection_id=h.inspection_id, enterprise_id=h.enterprise_id,
            enterprise_name=h.enterprise.name, agency_name=h.inspection.agency.name, description=h.description,
            is_major=h.is_major, status=h.status, deadline=h.deadline, deadline_state=status.state,
            days=status.days, label=status.label))
    return RectificationPage(count=counts[filters.state], page=filters.page, size=filters.size, counts=counts,
                             results=results)


@router.post("/hazards/{int:hazard_id}/extension-requests", response={201: RectificationExtensionOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def record_extension(request: HttpRequest, hazard_id: Id, payload: RectificationExtensionIn):
    hazard = rsel.hazard_get_for(request.user, hazard_id)
    r = services.extension_request_record(actor=request.user, hazard=hazard, requested_at=payload.requested_at,
                                          requested_deadline=payload.requested_deadline, reason=payload.reason)
    return 201, _extension(r)


@router.post("/extension-requests/{int:request_id}/decision", response={200: RectificationExtensionOut, **ERRORS})
@api_requires(Capability.INSPECTION_APPROVE)
def decide_extension(request: HttpRequest, request_id: Id, payload: DecisionIn):
    extension = rsel.extension_get_for(request.user, request_id)
    r = services.extension_request_decide(actor=request.user, request=extension, approve=payload.approve,
                                          opinion=payload.opinion, new_deadline=payload.new_deadline)
    return _extension(r)


@router.post("/extension-requests/{int:request_id}/return", response={200: RectificationExtensionOut, **ERRORS})
@api_requires(Capability.INSPECTION_APPROVE)
def return_extension(request: HttpRequest, request_id: Id, payload: ExtensionReturnIn):
    """退回: the pending request goes back to the officer who recorded it, with the reason."""
    extension = rsel.extension_get_for(request.user, request_id)
    return _extension(services.extension_request_return(actor=request.user, request=extension, reason=payload.reason))


@router.post("/inspections/{int:inspection_id}/reinspections", response={201: ReinspectionOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def record_reinspection(request: HttpRequest, inspection_id: Id, payload: ReinspectionIn):
    inspection = sel.inspection_get_for(request.user, inspection_id)
    results = {r.hazard_id: (r.rectified, r.note) for r in payload.results}
    if len(results) != len(payload.results):
        raise ServiceInvalid([("results", "同一隐患不能重复填写复查结果")])
    r = services.reinspection_record(actor=request.user, inspection=inspection, date=payload.date,
                                     officer_ids=payload.officer_ids, results=results, opinion=payload.opinion,
                                     completion_reported=payload.completion_reported)
    return 201, ReinspectionOut(
        id=r.pk, inspection_id=r.inspection_id, date=r.date, opinion=r.opinion,
        officer_ids=[m.officer_id for m in r.team.all()],
        results=[ReinspectionResultOut(hazard_id=x.hazard_id, rectified=x.rectified, note=x.note, hazard_status=x.hazard.status)
                 for x in r.results.select_related("hazard")])


@router.post("/hazards/{int:hazard_id}/escalation", response={200: EscalationOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def escalate_hazard(request: HttpRequest, hazard_id: Id, payload: EscalateIn):
    hazard = rsel.hazard_get_for(request.user, hazard_id)
    e = services.hazard_escalate(actor=request.user, hazard=hazard, route=payload.route, note=payload.note)
    return EscalationOut(hazard_id=e.hazard_id, route=e.route, note=e.note, hazard_status="escalated")
