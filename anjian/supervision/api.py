"""The supervision API: assignments, handover forms, listed supervision. Same scope and rules as the pages."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Code, Day, Id, IdList, Name, Short, Text
from anjian.domain.permissions import Capability
from anjian.supervision import selectors as sel
from anjian.supervision import services
from anjian.supervision import services_handover as handover
from anjian.supervision import services_listing as listing_services

router = Router(tags=["问题移交与挂牌督办"])








class AssignmentOut(Schema):
    id: int
    round_label: str
    mode: str
    issuer: str
    visiting_agency: str
    home_agency: str
    period_from: date
    period_to: date
    enterprise_ids: list[int]
    inspection_ids: list[int]


class AssignmentPlanIn(Schema):
    enterprise_id: Id
    planned_date: Day
    officer_ids: IdList
    leader_id: Id | None = None
    place: Short = ""


class HandoverItemOut(Schema):
    id: int
    hazard_id: int
    description: str
    legal_basis: str
    suggested_handling: str
    action: str | None = None
    action_deadline: date | None = None
    action_note: str | None = None
    acted_at: datetime | None = None


class OfficerSign(Schema):
    name: Name
    certificate_number: Name


class HandoverOut(Schema):
    id: int
    assignment_id: int
    inspection_id: int
    enterprise_name: str
    inspection_time: str
    visiting_agency: str
    home_agency: str
    visiting_officers: list[OfficerSign]
    status: str
    sent_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by_officers: list[OfficerSign] = []
    items: list[HandoverItemOut] = []


class HandoverAcknowledgeIn(Schema):
    officer_ids: IdList


class ActIn(Schema):
    action: Code
    deadline: Day | None = None
    note: Text = ""


class BoxIn(Schema):
    box: Literal["", "inbox", "outbox"] = ""  # "" = all visible


class ListingOut(Schema):
    id: int
    hazard_id: int
    enterprise_name: str
    listing_agency: str
    responsible_agency: str
    listed_at: datetime
    deadline: date
    requirements: str
    status: str  # listed / overdue / delisted
    delisting_opinion: str
    progress: list[dict] = []


class ListingIn(Schema):
    hazard_id: Id
    responsible_agency_id: Id
    deadline: Day
    requirements: Text


class DelistIn(Schema):
    opinion: Text


def _assignment(a) -> AssignmentOut:
    return AssignmentOut(id=a.pk, round_label=a.round_label, mode=a.mode, issuer=a.issuer.name,
                         visiting_agency=a.visiting_agency.name, home_agency=a.home_agency.name,
                         period_from=a.period_from, period_to=a.period_to,
                         enterprise_ids=sorted(a.enterprises.values_list("pk", flat=True)),
                         inspection_ids=list(sel.assignment_inspections(a).values_list("pk", flat=True)))


def _handover(user, f, full: bool = False) -> HandoverOut:
    out = HandoverOut(id=f.pk, assignment_id=f.assignment_id, inspection_id=f.inspection_id,
                      enterprise_name=f.enterprise.name, inspection_time=f.inspection_time,
                      visiting_agency=f.visiting_agency.name, home_agency=f.home_agency.name,
                      visiting_officers=f.visiting_officers, status=f.status, sent_at=f.sent_at,
                      acknowledged_at=f.acknowledged_at)
    if full:
        show_actions = sel.handover_side(user, f) != "visiting"
        out.acknowledged_by_officers = [OfficerSign(name=k.name, certificate_number=k.certificate_number)
                                        for k in f.acknowledgements.all()]
        out.items = [HandoverItemOut(id=i.pk, hazard_id=i.hazard_id, description=i.description, legal_basis=i.legal_basis,
                             suggested_handling=i.suggested_handling,
                             **({"action": i.action, "action_deadline": i.action_deadline,
                                 "action_note": i.action_note, "acted_at": i.acted_at} if show_actions else {}))
                     for i in f.items.all()]
    return out


def _listing(x, full: bool = False) -> ListingOut:
    out = ListingOut(id=x.pk, hazard_id=x.hazard_id, enterprise_name=x.hazard.enterprise.name,
                     listing_agency=x.listing_agency.name, responsible_agency=x.responsible_agency.name,
                     listed_at=x.listed_at, deadline=x.deadline, requirements=x.requirements,
                     status=x.display_status(timezone.localdate()), delisting_opinion=x.delisting_opinion)
    if full:
        out.progress = [{"id": p.pk, "report_date": p.report_date.isoformat(), "text": p.text,
                         "evidence": [{"id": e.pk, "kind": e.kind, "sha256": e.sha256, "name": e.original_name}
                                      for e in p.evidence.all()]} for p in x.progress.all()]
    return out


# ---------------------------------------------------------------- assignments


@router.get("/assignments", response={200: list[AssignmentOut], **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def list_assignments(request: HttpRequest):
    return [_assignment(a) for a in sel.assignment_list_for(request.user)]


@router.post("/assignments/{assignment_id}/inspections", response={201: dict, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def plan_inspection(request: HttpRequest, assignment_id: Id, body: AssignmentPlanIn):
    today = timezone.localdate()
    assignment = sel.assignment_get_for(request.user, assignment_id)
    enterprise = sel.assignment_enterprise_get(request.user, assignment, body.enterprise_id, today)
    inspection = services.cross_region_inspection_plan(
        actor=request.user, assignment=assignment, enterprise=enterprise, planned_date=body.planned_date,
        officer_ids=body.officer_ids, leader_id=body.leader_id, place=body.place, today=today)
    return 201, {"id": inspection.pk, "source": inspection.source, "agency": inspection.agency.name}


# ---------------------------------------------------------------- handover forms


@router.post("/inspections/{inspection_id}/handover", response={201: HandoverOut, **ERRORS})
@api_requires(Capability.HANDOVER_ACT)
def generate_handover(request: HttpRequest, inspection_id: Id):
    inspection = sel.inspection_for_handover(request.user, inspection_id)
    form = handover.handover_form_generate(actor=request.user, inspection=inspection)
    return 201, _handover(request.user, sel.handover_get_for(request.user, form.pk), full=True)


@router.get("/handovers", response={200: list[HandoverOut], **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def list_handovers(request: HttpRequest, filters: Query[BoxIn]):
    if filters.box == "inbox":
        qs = sel.handover_inbox_for(request.user)
    elif filters.box == "outbox":
        qs = sel.handover_outbox_for(request.user)
    else:
        qs = sel.handover_list_for(request.user)
    return [_handover(request.user, f) for f in qs]


@router.get("/handovers/{form_id}", response={200: HandoverOut, **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def get_handover(request: HttpRequest, form_id: Id):
    return _handover(request.user, sel.handover_get_for(request.user, form_id), full=True)


@router.post("/handovers/{form_id}/send", response={200: HandoverOut, **ERRORS})
@api_requires(Capability.HANDOVER_ACT)
def send_handover(request: HttpRequest, form_id: Id):
    form = sel.handover_get_for(request.user, form_id)
    handover.handover_form_send(actor=request.user, form=form)
    return _handover(request.user, sel.handover_get_for(request.user, form_id), full=True)


@router.post("/handovers/{form_id}/acknowledge", response={200: HandoverOut, **ERRORS})
@api_requires(Capability.HANDOVER_ACT)
def acknowledge_handover(request: HttpRequest, form_id: Id, body: HandoverAcknowledgeIn):
    form = sel.handover_get_for(request.user, form_id)
    handover.handover_form_acknowledge(actor=request.user, form=form, officer_ids=body.officer_ids,
                                       today=timezone.localdate())
    return _handover(request.user, sel.handover_get_for(request.user, form_id), full=True)


@router.post("/handovers/{form_id}/items/{item_id}/act", response={200: HandoverOut, **ERRORS})
@api_requires(Capability.HANDOVER_ACT)
def act_on_item(request: HttpRequest, form_id: Id, item_id: Id, body: ActIn):
    form = sel.handover_get_for(request.user, form_id)
    item = sel.handover_item_get(form, item_id)
    handover.handover_item_act(actor=request.user, item=item, action=body.action, deadline=body.deadline,
                               note=body.note, today=timezone.localdate())
    return _handover(request.user, sel.handover_get_for(request.user, form_id), full=True)


@router.post("/handovers/{form_id}/close", response={200: HandoverOut, **ERRORS})
@api_requires(Capability.HANDOVER_ACT)
def close_handover(request: HttpRequest, form_id: Id):
    form = sel.handover_get_for(request.user, form_id)
    handover.handover_form_close(actor=request.user, form=form)
    return _handover(request.user, sel.handover_get_for(request.user, form_id), full=True)


# ---------------------------------------------------------------- listed supervision


@router.get("/listings", response={200: list[ListingOut], **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def list_listings(request: HttpRequest):
    return [_listing(x) for x in sel.listing_list_for(request.user)]


@router.post("/listings", response={201: ListingOut, **ERRORS})
@api_requires(Capability.LISTED_SUPERVISION)
def create_listing(request: HttpRequest, body: ListingIn):
    hazard = sel.hazard_for_listing(request.user, body.hazard_id)
    responsible = sel.agency_get(body.responsible_agency_id)
    listing = listing_services.listed_supervision_create(
        actor=request.user, hazard=hazard, responsible_agency=responsible, deadline=body.deadline,
        requirements=body.requirements, today=timezone.localdate())
    return 201, _listing(sel.listing_get_for(request.user, listing.pk), full=True)


@router.get("/listings/{listing_id}", response={200: ListingOut, **ERRORS})
@api_requires(Capability.INSPECTION_VIEW)
def get_listing(request: HttpRequest, listing_id: Id):
    return _listing(sel.listing_get_for(request.user, listing_id), full=True)


@router.post("/listings/{listing_id}/progress", response={201: ListingOut, **ERRORS})
@api_requires(Capability.INSPECTION_EDIT)
def add_progress(request: HttpRequest, listing_id: Id, report_date: Day = Form(...), text: Text = Form(...),
                 kind: Code = Form(""), files: File[list[UploadedFile]] = None):
    listing = sel.listing_get_for(request.user, listing_id)
    listing_services.supervision_progress_add(
        actor=request.user, listing=listing, report_date=report_date, text=text, kind=kind,
        uploads=[(f, "") for f in (files or [])], today=timezone.localdate())
    return 201, _listing(sel.listing_get_for(request.user, listing_id), full=True)


@router.post("/listings/{listing_id}/delist", response={200: ListingOut, **ERRORS})
@api_requires(Capability.LISTED_SUPERVISION)
def delist(request: HttpRequest, listing_id: Id, body: DelistIn):
    listing = sel.listing_get_for(request.user, listing_id)
    listing_services.listed_supervision_delist(actor=request.user, listing=listing, opinion=body.opinion)
    return _listing(sel.listing_get_for(request.user, listing_id), full=True)
