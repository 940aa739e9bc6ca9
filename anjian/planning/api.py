"""The annual-plan API: same scope and rules as the pages (plans, entries and adjustments, item lists).

Writes call the same services as the pages; refusals come back as {"code", "message"} (422/409/403), plans and
lists the user may not see as 404.
"""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Capacity, Code, Day, Id, IdList, Month, Name, Reason, Short, Text, Year
from anjian.common.errors import NotFound
from anjian.domain.permissions import Capability
from anjian.planning import selectors as sel
from anjian.planning import services, services_items
from anjian.planning.models import AnnualPlan, InspectionItemList
from anjian.regions.models import Agency

router = Router(tags=["年度计划"])
C = Capability


class PlanOut(Schema):
    id: int
    agency_id: int
    agency_name: str
    year: int
    status: str
    approval_reference: str
    approval_date: date | None
    filed_with_id: int | None
    filed_at: datetime | None
    published_at: datetime | None


class PlanEntryOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    month: int
    planned_date: date | None
    reason: str
    inspection_id: int | None
    inspection_status: str | None


class CoverageOut(Schema):
    ok: bool
    problems: list[str]
    missing_key: list[int]
    general_total: int
    general_planned: int
    general_required: int
    month_counts: dict[int, int]


class AnnualPlanIn(Schema):
    agency_id: Id
    year: Year
    capacity_per_month: Capacity | None = None


class PlanApproveIn(Schema):
    reference: Short
    approval_date: Day | None = None


class EntryIn(Schema):
    enterprise_id: Id
    month: Month
    reason: Text = ""
    planned_date: Day | None = None


class EntryMoveIn(Schema):
    month: Month
    reason: Text = ""
    planned_date: Day | None = None


class PlanReasonIn(Schema):
    reason: Text = ""


class EntryStartIn(Schema):
    planned_date: Day
    officer_ids: IdList
    leader_id: Id | None = None


class StartOut(Schema):
    entry_id: int
    inspection_id: int
    inspection_status: str


class AdjustmentOut(Schema):
    id: int
    kind: str
    reason: str
    enterprise_id: int
    old: dict
    new: dict
    made_by: str
    made_at: datetime


class ItemListIn(Schema):
    agency_id: Id
    name: Name
    year: Year


class ItemIn(Schema):
    item: Name
    content: Text
    legal_basis: Text
    target: Short  # "all"/全部, or industry codes or names separated by , 、 ;
    body: Short
    method: Code
    frequency: Code


class ListItemOut(Schema):
    id: int
    number: int
    item: str
    content: str
    legal_basis: str
    target: str
    body: str
    method: str
    frequency: str


class ItemListOut(Schema):
    id: int
    agency_name: str
    name: str
    year: int
    published: bool
    items: list[ListItemOut]


def _agency(pk: int) -> Agency:
    """Agencies are public reference data: the service decides whether the user may act for this one."""
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None:
        raise NotFound("没有找到该机关")
    return agency


def _plan(p: AnnualPlan) -> dict:
    return {**{f: getattr(p, f) for f in ("id", "agency_id", "year", "status", "approval_reference", "approval_date",
                                          "filed_with_id", "filed_at", "published_at")}, "agency_name": p.agency.name}


@router.get("/plans", response=list[PlanOut])
@api_requires(C.PLAN_VIEW)
def plans(request: HttpRequest):
    return [_plan(p) for p in (sel.plan_list_for(request.user) | sel.subordinate_filed_for(request.user)).distinct()]


@router.get("/plans/{pk}", response=PlanOut)
@api_requires(C.PLAN_VIEW)
def plan_get(request: HttpRequest, pk: Id):
    return _plan(sel.plan_get_for(request.user, pk))


@router.post("/plans", response={201: PlanOut})
@api_requires(C.PLAN_EDIT)
def plan_create_draft(request: HttpRequest, data: AnnualPlanIn):
    """Create a plan and draft its entries from the enterprise registry."""
    agency = _agency(data.agency_id)
    plan = services.plan_create(actor=request.user, agency=agency, year=data.year,
                                capacity_per_month=data.capacity_per_month)
    plan = services.plan_draft_from_registry(actor=request.user, plan=plan, today=sel.today())
    return 201, _plan(plan)


@router.post("/plans/{pk}/draft", response={200: PlanOut, **ERRORS})
@api_requires(C.PLAN_EDIT)
def plan_redraft(request: HttpRequest, pk: Id):
    """Replace a draft plan's entries with a fresh selection from the registry."""
    return _plan(services.plan_draft_from_registry(actor=request.user, plan=sel.plan_get_for(request.user, pk),
                                                   today=sel.today()))


def _entry(e) -> dict:
    return {"id": e.pk, "enterprise_id": e.enterprise_id, "enterprise_name": e.enterprise.name, "month": e.month,
            "planned_date": e.planned_date, "reason": e.reason, "inspection_id": e.inspection_id,
            "inspection_status": e.inspection.status if e.inspection else None}


@router.post("/plans/{pk}/entries", response={201: PlanEntryOut, **ERRORS})
@api_requires(C.PLAN_EDIT)
def plan_entry_add(request: HttpRequest, pk: Id, data: EntryIn):
    """Add an enterprise (after approval a reason is required and an adjustment is recorded)."""
    plan = sel.plan_get_for(request.user, pk)
    entry = services.plan_entry_add(actor=request.user, plan=plan, month=data.month,
                                    enterprise=sel.plan_enterprise_get(request.user, data.enterprise_id),
                                    reason=data.reason, planned_date=data.planned_date)
    return 201, _entry(entry)


@router.post("/plans/{pk}/entries/{entry_pk}/move", response={200: PlanEntryOut, **ERRORS})
@api_requires(C.PLAN_EDIT)
def plan_entry_move(request: HttpRequest, pk: Id, entry_pk: Id, data: EntryMoveIn):
    plan = sel.plan_get_for(request.user, pk)
    entry = sel.entry_get_for(request.user, plan, entry_pk)
    entry = services.plan_entry_move(actor=request.user, entry=entry, month=data.month, reason=data.reason,
                                     planned_date=data.planned_date)
    return _entry(entry)


@router.post("/plans/{pk}/entries/{entry_pk}/remove", response={204: None, **ERRORS})
@api_requires(C.PLAN_EDIT)
def plan_entry_remove(request: HttpRequest, pk: Id, entry_pk: Id, data: PlanReasonIn):
    """Take an enterprise out (kept as removed, with the adjustment, once the plan is approved)."""
    plan = sel.plan_get_for(request.user, pk)
    entry = sel.entry_get_for(request.user, plan, entry_pk)
    services.plan_entry_remove(actor=request.user, entry=entry, reason=data.reason)
    return 204, None


@router.post("/plans/{pk}/entries/{entry_pk}/inspection", response={201: StartOut, **ERRORS})
@api_requires(C.PLAN_EDIT)
def plan_entry_start(request: HttpRequest, pk: Id, entry_pk: Id, data: EntryStartIn):
    """Turn a planned enterprise into an inspection (source 年度计划) of the plan's agency."""
    plan = sel.plan_get_for(request.user, pk)
    entry = sel.entry_get_for(request.user, plan, entry_pk)
    inspection = services.plan_entry_start_inspection(
        actor=request.user, entry=entry, planned_date=data.planned_date, officer_ids=data.officer_ids,
        leader_id=data.leader_id)
    return 201, {"entry_id": entry.pk, "inspection_id": inspection.pk, "inspection_status": inspection.status}


@router.get("/plans/{pk}/adjustments", response=list[AdjustmentOut])
@api_requires(C.PLAN_VIEW)
def plan_adjustments(request: HttpRequest, pk: Id):
    plan = sel.plan_get_for(request.user, pk)
    return [{"id": a.pk, "kind": a.kind, "reason": a.reason, "enterprise_id": a.entry.enterprise_id, "old": a.old,
             "new": a.new, "made_by": str(a.made_by or ""), "made_at": a.made_at}
            for a in plan.adjustments.select_related("made_by", "entry")]


@router.get("/plans/{pk}/entries", response=list[PlanEntryOut])
@api_requires(C.PLAN_VIEW)
def plan_entries(request: HttpRequest, pk: Id):
    return [_entry(e) for e in sel.active_entries(sel.plan_get_for(request.user, pk))]


@router.get("/plans/{pk}/coverage", response=CoverageOut)
@api_requires(C.PLAN_VIEW)
def plan_coverage(request: HttpRequest, pk: Id):
    cov = sel.plan_coverage(sel.plan_get_for(request.user, pk))
    return {**cov.__dict__, "ok": cov.ok}


@router.post("/plans/{pk}/approve", response={200: PlanOut, **ERRORS})
@api_requires(C.PLAN_APPROVE)
def plan_approve(request: HttpRequest, pk: Id, data: PlanApproveIn):
    return _plan(services.plan_approve(actor=request.user, plan=sel.plan_get_for(request.user, pk),
                                       reference=data.reference, approval_date=data.approval_date))


class PlanReturnIn(Schema):
    reason: Reason


@router.post("/plans/{pk}/submit", response={200: PlanOut, **ERRORS})
@api_requires(C.PLAN_EDIT)
def plan_submit(request: HttpRequest, pk: Id):
    return _plan(services.plan_submit(actor=request.user, plan=sel.plan_get_for(request.user, pk)))


@router.post("/plans/{pk}/return", response={200: PlanOut, **ERRORS})
@api_requires(C.PLAN_APPROVE)
def plan_return(request: HttpRequest, pk: Id, data: PlanReturnIn):
    """退回: the submitted plan goes back to draft and to whoever submitted it, with the reason."""
    return _plan(services.plan_return(actor=request.user, plan=sel.plan_get_for(request.user, pk),
                                      reason=data.reason))


@router.post("/plans/{pk}/file", response={200: PlanOut, **ERRORS})
@api_requires(C.PLAN_APPROVE)
def plan_file(request: HttpRequest, pk: Id):
    return _plan(services.plan_file(actor=request.user, plan=sel.plan_get_for(request.user, pk)))


@router.post("/plans/{pk}/publish", response={200: PlanOut, **ERRORS})
@api_requires(C.PLAN_APPROVE)
def plan_publish(request: HttpRequest, pk: Id):
    return _plan(services.plan_publish(actor=request.user, plan=sel.plan_get_for(request.user, pk)))


@router.get("/item-lists", response=list[ItemListOut])
@api_requires(C.PLAN_VIEW)
def item_lists(request: HttpRequest):
    rows = sel.item_list_visible_for(request.user).select_related("agency").prefetch_related("items").distinct()
    return [_item_list(x) for x in rows]


def _item_list(x: InspectionItemList) -> dict:
    return {"id": x.pk, "agency_name": x.agency.name, "name": x.name, "year": x.year, "published": x.published,
            "items": [_item(i) for i in x.items.all()]}


def _item(i) -> dict:
    return {f: getattr(i, f) for f in ListItemOut.model_fields}


@router.get("/item-lists/{pk}", response=ItemListOut)
@api_requires(C.PLAN_VIEW)
def item_list_get(request: HttpRequest, pk: Id):
    return _item_list(sel.item_list_get_for(request.user, pk))


@router.post("/item-lists", response={201: ItemListOut, **ERRORS})
@api_requires(C.PLAN_EDIT)
def item_list_create(request: HttpRequest, data: ItemListIn):
    agency = _agency(data.agency_id)
    item_list = services_items.item_list_create(actor=request.user, agency=agency, name=data.name,
                                                year=data.year)
    return 201, _item_list(item_list)


@router.post("/item-lists/{pk}/items", response={201: ListItemOut, **ERRORS})
@api_requires(C.PLAN_EDIT)
def item_add(request: HttpRequest, pk: Id, data: ItemIn):
    """Append one item to an unpublished list (same checks as a row of the import)."""
    item = services_items.item_add(actor=request.user, item_list=sel.item_list_get_for(request.user, pk),
                                   values=data.dict())
    return 201, _item(item)


@router.put("/item-lists/{pk}/items/{item_pk}", response={200: ListItemOut, **ERRORS})
@api_requires(C.PLAN_EDIT)
def item_update(request: HttpRequest, pk: Id, item_pk: Id, data: ItemIn):
    item = sel.item_get(sel.item_list_get_for(request.user, pk), item_pk)
    return _item(services_items.item_update(actor=request.user, item=item, values=data.dict()))


@router.post("/item-lists/{pk}/publish", response={200: ItemListOut, **ERRORS})
@api_requires(C.PLAN_APPROVE)
def item_list_publish(request: HttpRequest, pk: Id):
    return _item_list(services_items.item_list_publish(actor=request.user,
                                                       item_list=sel.item_list_get_for(request.user, pk)))
