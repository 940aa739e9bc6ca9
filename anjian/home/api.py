"""`GET /api/v1/me/todo`: the signed-in user's to-do list (待办), as on the home page."""

from datetime import date
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ErrorOut
from anjian.domain.permissions import Capability
from anjian.domain.todo import KINDS
from anjian.home.todo import todo_list

router = Router(tags=["待办"])
Kind = Literal[tuple(KINDS)]  # the kinds, as an enum in the OpenAPI document


class TodoItemOut(Schema):
    kind: str
    action: str
    title: str
    link: str
    due: date | None
    overdue: bool
    days_overdue: int
    record: str
    agency: str
    note: str
    supervise: bool  # read-only: a subordinate's overdue item (or an overdue rectification) to press (督促)


class TodoOut(Schema):
    items: list[TodoItemOut]
    total: int
    more: int


@router.get("/todo", response={200: TodoOut, 422: ErrorOut}, summary="我的待办",
            description="等待当前用户办理的事项，按紧急程度排序（已逾期在前，逾期越久越靠前；其次期限最近；无期限在后），"
                        "最多100项；下级单位的事项逾期后才列出（agency 为单位名称，supervise 为 true：督促，不代为办理）；total 为全部待办数，more 为未列出的数量。kind 只列一类（" + "、".join(KINDS) + "）。")
@api_requires(Capability.DASHBOARD_VIEW)
def my_todo(request: HttpRequest, kind: Kind | None = None):
    todo = todo_list(request.user, timezone.localdate(), kind=kind or "")
    return TodoOut(items=[TodoItemOut(kind=i.kind, action=i.action, title=i.title, link=i.link, due=i.due,
                                      overdue=i.overdue, days_overdue=i.days_overdue, record=i.record,
                                      agency=i.agency, note=i.note, supervise=i.supervise) for i in todo.items],
                   total=todo.total, more=todo.more)
