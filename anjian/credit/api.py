"""The blacklist API (失信联合惩戒): list, get, record, lift. Same scope and rules as the pages."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Code, Day, Id, PageIn, Short, Size, Text, page_of
from anjian.common.api_types import Query as Words
from anjian.common.errors import NotFound
from anjian.credit import selectors as sel
from anjian.credit import services
from anjian.credit.models import CreditSanction
from anjian.domain.credit_rules import LIST_KINDS
from anjian.domain.permissions import Capability

router = Router(tags=["失信联合惩戒"])


class SanctionOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    uscc: str
    agency: str
    list_kind: str
    list_kind_label: str
    reason: str
    legal_basis: str
    source_reference: str
    start_date: date
    end_date: date
    status: str  # stored: active / lifted
    state: str  # today: pending / in_force / expired / lifted
    lifted_at: datetime | None
    lift_reason: str
    created_at: datetime


class SanctionPage(Schema):
    count: int
    page: int
    size: int
    results: list[SanctionOut]


class SanctionFilterIn(PageIn):
    state: Literal[tuple(sel.STATE_FILTERS)] = "in_force"
    list_kind: Literal[("", *LIST_KINDS)] = ""
    q: Words = ""
    size: Size = 50


class SanctionIn(Schema):
    enterprise: Code  # id or USCC
    list_kind: Literal[tuple(LIST_KINDS)]
    reason: Text
    legal_basis: Text = ""
    source_reference: Short = ""
    start_date: Day
    end_date: Day


class LiftIn(Schema):
    reason: Text


def _out(x: CreditSanction, today: date) -> SanctionOut:
    return SanctionOut(
        id=x.pk, enterprise_id=x.enterprise_id, enterprise_name=x.enterprise.name, uscc=x.enterprise.uscc,
        agency=x.agency.name, list_kind=x.list_kind, list_kind_label=x.get_list_kind_display(), reason=x.reason,
        legal_basis=x.legal_basis, source_reference=x.source_reference, start_date=x.start_date,
        end_date=x.end_date, status=x.status, state=x.state(today), lifted_at=x.lifted_at,
        lift_reason=x.lift_reason, created_at=x.created_at)


@router.get("/sanctions", response={200: SanctionPage, **ERRORS})
@api_requires(Capability.ENTERPRISE_VIEW)
def list_sanctions(request: HttpRequest, filters: Query[SanctionFilterIn]):
    today = timezone.localdate()
    qs = sel.sanction_list_for(request.user, today=today, state=filters.state, q=filters.q,
                               list_kind=filters.list_kind)
    count, rows = page_of(qs, filters)
    return SanctionPage(count=count, page=filters.page, size=filters.size,
                        results=[_out(x, today) for x in rows])


@router.get("/sanctions/{sanction_id}", response={200: SanctionOut, **ERRORS})
@api_requires(Capability.ENTERPRISE_VIEW)
def get_sanction(request: HttpRequest, sanction_id: Id):
    return _out(sel.sanction_get_for(request.user, sanction_id), timezone.localdate())


@router.post("/sanctions", response={201: SanctionOut, **ERRORS})
@api_requires(Capability.CREDIT_MANAGE)
def record_sanction(request: HttpRequest, body: SanctionIn):
    enterprise = sel.enterprise_named(request.user, body.enterprise)
    if enterprise is None:
        raise NotFound(sel.ENTERPRISE_UNKNOWN)  # the page says the same on its form
    sanction = services.sanction_record(
        actor=request.user, enterprise=enterprise, list_kind=body.list_kind, reason=body.reason,
        legal_basis=body.legal_basis, source_reference=body.source_reference, start_date=body.start_date,
        end_date=body.end_date)
    return 201, _out(sel.sanction_get_for(request.user, sanction.pk), timezone.localdate())


@router.post("/sanctions/{sanction_id}/lift", response={200: SanctionOut, **ERRORS})
@api_requires(Capability.CREDIT_MANAGE)
def lift_sanction(request: HttpRequest, sanction_id: Id, body: LiftIn):
    sanction = sel.sanction_get_for(request.user, sanction_id)
    services.sanction_lift(actor=request.user, sanction=sanction, reason=body.reason)
    return _out(sel.sanction_get_for(request.user, sanction_id), timezone.localdate())
