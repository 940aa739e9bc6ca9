"""The campaigns API: read campaigns with their arrangement, deadlines and statistics; generate pairings.
Same scope and rules as the pages."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.campaigns import selectors as sel
from anjian.campaigns import services_pairing
from anjian.campaigns.statistics import COLUMNS, statistics_rows
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Id
from anjian.domain.permissions import Capability

router = Router(tags=["异地执法检查"])


class CampaignOut(Schema):
    id: int
    year: int
    title: str
    document_reference: str
    organiser: str
    approved: bool


class CampaignDeadlineOut(Schema):
    name: str
    date: date
    done: bool
    status: str
    label: str


class CampaignDetailOut(CampaignOut):
    deadlines: list[CampaignDeadlineOut]
    arrangement: list[list[str]]
    pairings: list[list]
    statistics_columns: list[str]
    statistics: list[list]


def _out(c) -> dict:
    return {"id": c.pk, "year": c.year, "title": c.title, "document_reference": c.document_reference,
            "organiser": c.organiser.name, "approved": c.approved_at is not None}


@router.get("/", response=list[CampaignOut])
@api_requires(Capability.PLAN_VIEW)
def campaigns(request: HttpRequest):
    return [_out(c) for c in sel.campaign_list_for(request.user)]


@router.get("/{pk}", response={200: CampaignDetailOut, **ERRORS})
@api_requires(Capability.PLAN_VIEW)
def campaign(request: HttpRequest, pk: Id):
    c = sel.campaign_get_for(request.user, pk)
    return {**_out(c), "deadlines": sel.deadlines_of(c, timezone.localdate()),
            "arrangement": [list(r) for r in sel.arrangement_table(c)],
            "pairings": [list(r) for r in sel.arrangement_rows(c)],
            "statistics_columns": COLUMNS, "statistics": statistics_rows(c)}


@router.post("/{pk}/rounds/{round_pk}/generate", response={200: list[list], **ERRORS})
@api_requires(Capability.PLAN_EDIT)
def generate(request: HttpRequest, pk: Id, round_pk: Id):
    c = sel.campaign_get_for(request.user, pk)
    rnd = sel.round_get_for(request.user, c, round_pk)
    services_pairing.campaign_pairings_generate(actor=request.user, round=rnd)
    return [list(r) for r in sel.arrangement_rows(c) if r[0] == rnd.name]
