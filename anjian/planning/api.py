"""The annual-plan API: same scope and rules as the pages."""

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import api_errors
from anjian.domain.permissions import Capability
from anjian.planning import selectors as sel
from anjian.planning import services
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


class EntryOut(Schema):
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


class PlanIn(Schema):
    agency_id: int
    year: int
    capacity_per_month: int | None = None


class ApproveIn(Schema):
    reference: str
    approval_date: date | None = None


class ItemOut(Schema):
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
    items: list[ItemOut]


def _plan(p: AnnualPlan) -> dict:
    return {**{f: getattr(p, f) for f in ("id", "agency_id", "year", "status", "approval_reference", "approval_date",
                                          "filed_with_id", "filed_at", "published_at")}, "agency_name": p.agency.name}


@router.get("/plans", response=list[PlanOut])
@api_requires(C.PLAN_VIEW)
def plans(request: HttpRequest):
    return [_plan(p) for p in (sel.plan_list_for(request.user) | sel.subordinate_filed_for(request.user)).distinct()]


@router.get("/plans/{pk}", response=PlanOut)
@api_requires(C.PLAN_VIEW)
def plan_get(request: HttpRequest, pk: int):
    return _plan(sel.plan_get_for(request.user, pk))


@router.post("/plans", response={201: PlanOut})
@api_requires(C.PLAN_EDIT)
def plan_create_draft(request: HttpRequest, data: PlanIn):
    """Create a plan and draft its entries from the enterprise registry."""
    agency = Agency.objects.filter(pk=data.agency_id).first()
    if agency is None:
        raise HttpError(404, "没有找到该机关")
    with api_errors():
        plan = services.plan_create(actor=request.user, agency=agency, year=data.year,
                                    capacity_per_month=data.capacity_per_month)
        plan = services.plan_draft_from_registry(actor=request.user, plan=plan, today=sel.today())
    return 201, _plan(plan)


@router.get("/plans/{pk}/entries", response=list[EntryOut])
@api_requires(C.PLAN_VIEW)
def plan_entries(request: HttpRequest, pk: int):
    plan = sel.plan_get_for(request.user, pk)
    return [{"id": e.pk, "enterprise_id": e.enterprise_id, "enterprise_name": e.enterprise.name, "month": e.month,
             "planned_date": e.planned_date, "reason": e.reason, "inspection_id": e.inspection_id,
             "inspection_status": e.inspection.status if e.inspection else None} for e in sel.active_entries(plan)]


@router.get("/plans/{pk}/coverage", response=CoverageOut)
@api_requires(C.PLAN_VIEW)
def plan_coverage(request: HttpRequest, pk: int):
    cov = sel.plan_coverage(sel.plan_get_for(request.user, pk))
    return {**cov.__dict__, "ok": cov.ok}


@router.post("/plans/{pk}/approve", response=PlanOut)
@api_requires(C.PLAN_APPROVE)
def plan_approve(request: HttpRequest, pk: int, data: ApproveIn):
    with api_errors():
        return _plan(services.plan_approve(actor=request.user, plan=sel.plan_get_for(request.user, pk),
                                           reference=data.reference, approval_date=data.approval_date))


@router.post("/plans/{pk}/file", response=PlanOut)
@api_requires(C.PLAN_APPROVE)
def plan_file(request: HttpRequest, pk: int):
    with api_errors():
        return _plan(services.plan_file(actor=request.user, plan=sel.plan_get_for(request.user, pk)))


@router.post("/plans/{pk}/publish", response=PlanOut)
@api_requires(C.PLAN_APPROVE)
def plan_publish(request: HttpRequest, pk: int):
    with api_errors():
        return _plan(services.plan_publish(actor=request.user, plan=sel.plan_get_for(request.user, pk)))


@router.get("/item-lists", response=list[ItemListOut])
@api_requires(C.PLAN_VIEW)
def item_lists(request: HttpRequest):
    rows = sel.item_list_visible_for(request.user).select_related("agency").prefetch_related("items").distinct()
    return [_item_list(x) for x in rows]


def _item_list(x: InspectionItemList) -> dict:
    return {"id": x.pk, "agency_name": x.agency.name, "name": x.name, "year": x.year, "published": x.published,
            "items": [{f: getattr(i, f) for f in ItemOut.model_fields} for i in x.items.all()]}
