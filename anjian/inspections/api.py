"""The inspection API (mobile terminals): same scope and rules as the pages; errors {"code", "message"}."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import (
    Code,
    Day,
    Id,
    IdList,
    PageIn,
    Place,
    Reason,
    Short,
    Text,
    TextList,
    Words,
    bounded_page_of,
)
from anjian.domain.permissions import Capability
from anjian.inspections import selectors as sel
from anjian.inspections import services
from anjian.inspections.services_hazards import checklist_item_for, evidence_attach, hazard_add
from anjian.notices.send_back import returns_of

router = Router(tags=["执法检查"])
COUNT_NOTE = ("符合条件的检查数，最多数到 10000：超过时为 10000，count_exact 为 false"
              "（列表仍可按 page 翻看其后的记录）")

class MemberOut(Schema):
    officer_id: int
    name: str
    role: str
    certificate_number: str
    credential_shown_at: datetime | None


class EvidenceOut(Schema):
    id: int
    kind: str
    mime_type: str
    size: int
    sha256: str
    original_name: str
    caption: str
    hazard_id: int | None


class HazardOut(Schema):
    id: int
    description: str
    checklist_item_id: int | None
    legal_basis: str
    is_major: bool
    location: str
    handling: str
    measures: list[str]
    deadline: date | None
    status: str


class ReturnOut(Schema):
    at: datetime
    by: str
    reason: str


class InspectionOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    agency_name: str
    source: str
    status: str
    planned_date: date
    notice_date: date | None
    started_at: datetime | None
    ended_at: datetime | None
    place: str
    summary: str
    team: list[MemberOut] = []
    hazards: list[HazardOut] = []
    evidence: list[EvidenceOut] = []
    returns: list[ReturnOut] = []  # the plan's send-backs (退回), newest first


class InspectionPage(Schema):
    count: int = Field(description=COUNT_NOTE)
    count_exact: bool = Field(description="count 是否为准确总数（false：超过 10000 条，count 为 10000）")
    page: int
    size: int
    results: list[InspectionOut]


class InspectionFilterIn(PageIn):
    status: Code = ""
    source: Code = ""
    q: Words = ""
    date_from: Day | None = None
    date_to: Day | None = None
    mine: bool = False


class InspectionPlanIn(Schema):
    enterprise_id: Id
    source: Code
    planned_date: Day
    officer_ids: IdList
    leader_id: Id | None = None
    expert_ids: IdList = []
    place: Place = ""


class InspectionApproveIn(Schema):
    opinion: Text = ""
    notice_date: Day | None = None


class ReturnIn(Schema):
    reason: Reason


class InspectionResubmitIn(Schema):
    """What the approver sent back for, corrected; a field left out (null) stays as it is."""

    planned_date: Day | None = None
    place: Place = ""
    officer_ids: IdList | None = None  # the whole team anew (at least two officers with valid certificates)
    leader_id: Id | None = None
    expert_ids: IdList | None = None
    department_id: Id | None = None


class InspectionStartIn(Schema):
    place: Place = ""
    kickoff_notes: Text = ""
    started_at: datetime | None = None  # entered on site; default now; not in the future, not long before the plan


class RecordIn(Schema):
    summary: Text
    feedback_notes: Text = ""
    ended_at: datetime | None = None  # default now; after the start, not in the future


class InspectionCloseIn(Schema):
    feedback_notes: Text = ""


class HazardIn(Schema):
    description: Text
    handling: Code
    checklist_item_id: Id | None = None
    legal_basis: Text = ""
    is_major: bool = False
    location: Short = ""
    measures: TextList = []
    deadline: Day | None = None


class ChecklistOut(Schema):
    id: int
    code: str
    industry: str
    category: str
    content: str
    legal_basis: str
    is_key: bool


def _out(i, full: bool = False) -> InspectionOut:
    out = InspectionOut(
        id=i.pk, enterprise_id=i.enterprise_id, enterprise_name=i.enterprise.name, agency_name=i.agency.name,
        source=i.source, status=i.status, planned_date=i.planned_date, notice_date=i.notice_date,
        started_at=i.started_at, ended_at=i.ended_at, place=i.place, summary=i.summary)
    if full:
        out.team = [MemberOut(officer_id=m.officer_id, name=m.officer.name, role=m.role,
                              certificate_number=m.certificate_number, credential_shown_at=m.credential_shown_at)
                    for m in sel.team_of(i)]
        out.hazards = [_hazard(h) for h in sel.hazards_of(i)]
        out.evidence = [_evidence(e) for e in i.evidence.all()]
        out.returns = [ReturnOut(**r) for r in returns_of(i, "inspection_return")]
    return out


def _hazard(h) -> HazardOut:
    return HazardOut(id=h.pk, description=h.description, checklist_item_id=h.checklist_item_id,
                     legal_basis=h.legal_basis, is_major=h.is_major, location=h.location, handling=h.handling,
                     measures=h.measures, deadline=h.deadline, status=h.status)


def _evidence(e) -> EvidenceOut:
    return EvidenceOut(id=e.pk, kind=e.kind, mime_type=e.mime_type, size=e.size, sha256=e.sha256,
                       original_name=e.original_name, caption=e.caption, hazard_id=e.hazard_id)



@router.get("/", response={200: InspectionPage, **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def list_inspections(request: HttpRequest, filters: Query[InspectionFilterIn]):
    chosen = sel.InspectionFilters(status=filters.status, source=filters.source, q=filters.q,
                                   date_from=filters.date_from, date_to=filters.date_to, mine=filters.mine)
    qs = sel.inspection_list_for(request.user, chosen)
    count, exact, rows = bounded_page_of(qs, filters,
                                         lambda limit: sel.inspection_count_upto(request.user, chosen, limit))
    return InspectionPage(count=count, count_exact=exact, page=filters.page, size=filters.size,
                          results=[_out(i) for i in rows])


@router.get("/checklist", response={200: list[ChecklistOut], **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def list_checklist(request: HttpRequest, industry: str = ""):
    return [ChecklistOut(id=c.pk, code=c.code, industry=c.industry, category=c.category, content=c.content,
                         legal_basis=c.legal_basis, is_key=c.is_key) for c in sel.checklist_items(industry=industry)]


@router.get("/{int:inspection_id}", response={200: InspectionOut, **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def get_inspection(request: HttpRequest, inspection_id: Id):
    return _out(sel.inspection_get_for(request.user, inspection_id), full=True)


@router.post("/", response={201: InspectionOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def create_inspection(request: HttpRequest, payload: InspectionPlanIn):
    enterprise = sel.enterprise_for_inspection(request.user, payload.enterprise_id)
    inspection = services.inspection_plan(
        actor=request.user, enterprise=enterprise, source=payload.source, planned_date=payload.planned_date,
        officer_ids=payload.officer_ids, leader_id=payload.leader_id, expert_ids=payload.expert_ids,
        place=payload.place)
    return 201, _out(inspection, full=True)


@router.post("/{int:inspection_id}/approve", response={200: InspectionOut, **ERRORS})
@api_requires(Capability.INSPECTION_APPROVE)
def approve_inspection(request: HttpRequest, inspection_id: Id, payload: InspectionApproveIn):
    inspection = sel.inspection_get_for(request.user, inspection_id)
    return _out(services.inspection_approve(actor=request.user, inspection=inspection, opinion=payload.opinion,
                                            notice_date=payload.notice_date), full=True)


@router.post("/{int:inspection_id}/return", response={200: InspectionOut, **ERRORS})
@api_requires(Capability.INSPECTION_APPROVE)
def return_inspection(request: HttpRequest, inspection_id: Id, payload: ReturnIn):
    """退回: the plan goes back to its planner with the reason (a hand-off in their to-do list)."""
    inspection = sel.inspection_get_for(request.user, inspection_id)
    return _out(services.inspection_return(actor=request.user, inspection=inspection, reason=payload.reason),
                full=True)


@router.post("/{int:inspection_id}/resubmit", response={200: InspectionOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def resubmit_inspection(request: HttpRequest, inspection_id: Id, payload: InspectionResubmitIn):
    inspection = sel.inspection_get_for(request.user, inspection_id)
    return _out(services.inspection_resubmit(
        actor=request.user, inspection=inspection, planned_date=payload.planned_date, place=payload.place,
        officer_ids=payload.officer_ids, leader_id=payload.leader_id, expert_ids=payload.expert_ids,
        department=services.department_for(payload.department_id)), full=True)


@router.post("/{int:inspection_id}/start", response={200: InspectionOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def start_inspection(request: HttpRequest, inspection_id: Id, payload: InspectionStartIn):
    inspection = sel.inspection_get_for(request.user, inspection_id)
    return _out(services.inspection_start(actor=request.user, inspection=inspection, place=payload.place,
                                          kickoff_notes=payload.kickoff_notes, started_at=payload.started_at),
                full=True)


@router.post("/{int:inspection_id}/record", response={200: InspectionOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def record_inspection(request: HttpRequest, inspection_id: Id, payload: RecordIn):
    inspection = sel.inspection_get_for(request.user, inspection_id)
    return _out(services.inspection_record(actor=request.user, inspection=inspection, summary=payload.summary,
                                           feedback_notes=payload.feedback_notes, ended_at=payload.ended_at),
                full=True)


@router.post("/{int:inspection_id}/close", response={200: InspectionOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def close_inspection(request: HttpRequest, inspection_id: Id, payload: InspectionCloseIn):
    inspection = sel.inspection_get_for(request.user, inspection_id)
    return _out(services.inspection_close(actor=request.user, inspection=inspection,
                                          feedback_notes=payload.feedback_notes), full=True)


@router.post("/{int:inspection_id}/hazards", response={201: HazardOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def add_hazard(request: HttpRequest, inspection_id: Id, payload: HazardIn):
    inspection = sel.inspection_get_for(request.user, inspection_id)
    hazard = hazard_add(actor=request.user, inspection=inspection, description=payload.description,
                        handling=payload.handling, checklist_item=checklist_item_for(payload.checklist_item_id),
                        legal_basis=payload.legal_basis,
                        is_major=payload.is_major, location=payload.location, measures=payload.measures,
                        deadline=payload.deadline)
    return 201, _hazard(hazard)


@router.post("/{int:inspection_id}/evidence", response={201: list[EvidenceOut], **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def upload_evidence(request: HttpRequest, inspection_id: Id, files: File[list[UploadedFile]],
                    kind: Code = Form(""), caption: Short = Form(""), hazard_id: Id | None = Form(None)):
    inspection = sel.inspection_get_for(request.user, inspection_id)
    hazard = sel.hazard_get_for(request.user, inspection, hazard_id) if hazard_id else None
    rows = evidence_attach(actor=request.user, inspection=inspection, hazard=hazard, kind=kind,
                           uploads=[(f, caption) for f in files])
    return 201, [_evidence(e) for e in rows]
