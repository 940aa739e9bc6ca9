"""双随机抽查 API: same scope and rules as the pages; errors {"code", "message"}."""

from datetime import date
from typing import Annotated

from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from anjian.accounts.access import highest_grant
from anjian.accounts.api_access import api_requires
from anjian.calendars.selectors import counted_provisionally
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Code, Day, Id, Name, Short, Text, Year
from anjian.domain.permissions import Capability
from anjian.draws import selectors as sel
from anjian.draws import services
from anjian.regions.models import Agency

router = Router(tags=["双随机抽查"])


Codes = Annotated[list[Code], Field(max_length=50)]


class StratumIn(Schema):
    label: Name
    industries: Codes
    supervision_classes: Codes = []
    region_prefix: Annotated[str, Field(pattern=r"^([0-9]{2}|[0-9]{4}|[0-9]{6})?$")] = ""
    quota: Annotated[int, Field(ge=0, le=100_000)]


class DrawItemIn(Schema):
    item: Name
    content: Text = ""
    basis: Text = ""


class TaskIn(Schema):
    name: Name
    year: Year
    period_from: Day
    period_to: Day
    strata: Annotated[list[StratumIn], Field(min_length=1, max_length=100)]
    items: Annotated[list[DrawItemIn], Field(max_length=200)] = []
    cross_region: bool = False
    recent_window_days: Annotated[int, Field(ge=0, le=3650)] = 365
    officers_per_target: Annotated[int, Field(ge=2, le=10)] = 2
    is_public: bool = True


class TaskOut(Schema):
    id: int
    name: str
    agency_id: int
    year: int
    status: str
    strata: list[dict]
    commitment: str
    committed_pool_digest: str
    committed_pool_size: int
    disclosure_deadline: date | None
    disclosure_deadline_provisional: bool = False  # counted with statutory holidays only (ADR 28)

    @staticmethod
    def resolve_disclosure_deadline_provisional(task) -> bool:
        return not task.disclosed_on and counted_provisionally(task.completed_on, task.disclosure_deadline)


class SecretIn(Schema):
    secret: Annotated[str, Field(min_length=8, max_length=200)]
    witness_entropy: Short = ""
    reason: Text = ""


class DrawOut(Schema):
    id: int
    seed: str
    pool_digest: str
    targets: list[list[str]]
    assignments: dict[str, list[str]]
    replaces_id: int | None
    replace_reason: str


@router.get("/tasks", response=list[TaskOut])
@api_requires(Capability.PLAN_VIEW)
def task_list(request):
    return list(sel.task_list_for(request.user)[:500])


@router.post("/tasks", response={201: TaskOut, **ERRORS})
@api_requires(Capability.PLAN_EDIT)
def task_create(request, payload: TaskIn):
    agency = Agency.objects.get(pk=highest_grant(request.user, Capability.PLAN_EDIT).agency_id)  # as the page
    return 201, services.task_create(actor=request.user, agency=agency, **payload.dict())


@router.get("/tasks/{pk}", response={200: TaskOut, **ERRORS})
@api_requires(Capability.PLAN_VIEW)
def task_get(request, pk: Id):
    return sel.task_get_for(request.user, pk)


@router.put("/tasks/{pk}", response={200: TaskOut, **ERRORS})
@api_requires(Capability.PLAN_EDIT)
def task_update(request, pk: Id, payload: TaskIn):
    """Replace a draft task's fields (422 once its commitment is published, or when a quota exceeds its pool)."""
    task = sel.task_get_for(request.user, pk, Capability.PLAN_EDIT)
    return services.task_update(actor=request.user, task=task, **payload.dict())


@router.post("/tasks/{pk}/commit", response={200: TaskOut, **ERRORS})
@api_requires(Capability.PLAN_EDIT)
def task_commit(request, pk: Id, payload: SecretIn):
    task = sel.task_get_for(request.user, pk, Capability.PLAN_EDIT)
    return services.task_commit(actor=request.user, task=task, secret=payload.secret)


@router.post("/tasks/{pk}/draw", response={201: DrawOut, **ERRORS})
@api_requires(Capability.PLAN_EDIT)
def task_draw(request, pk: Id, payload: SecretIn):
    task = sel.task_get_for(request.user, pk, Capability.PLAN_EDIT)
    if payload.reason.strip():
        return 201, services.task_redraw(actor=request.user, task=task, reason=payload.reason,
                                         secret=payload.secret, witness_entropy=payload.witness_entropy)
    return 201, services.task_draw(actor=request.user, task=task, secret=payload.secret,
                                   witness_entropy=payload.witness_entropy)


class InspectionsOut(Schema):
    inspections: int


@router.post("/tasks/{pk}/inspections", response={201: InspectionsOut, **ERRORS})
@api_requires(Capability.PLAN_EDIT)
def task_inspections(request, pk: Id):
    """生成检查计划: one planned inspection per target of the current draw, all or none (422 with the reasons)."""
    task = sel.task_get_for(request.user, pk, Capability.PLAN_EDIT)
    return 201, {"inspections": services.task_plan_inspections(actor=request.user, task=task)}


@router.get("/tasks/{pk}/record", response={200: dict, **ERRORS})
@api_requires(Capability.PLAN_VIEW)
def task_record(request, pk: Id):
    """The current draw's record; before the results are disclosed only for the task's owners."""
    task = sel.task_get_for(request.user, pk)
    draw = task.current_draw()
    if draw is None:
        raise HttpError(404, "尚未抽取")
    if not sel.sees_draw(request.user, task):
        raise HttpError(403, "结果公示前，抽取记录仅限任务承办人员查看")
    return draw.record
