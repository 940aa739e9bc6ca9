"""API of the discretion part (/api/v1/discretion): benchmark entries and violations, the proposed range of a
level, a case's discretion (read and record), the fine comparison report. Same rules and scope as the pages."""


from django.http import HttpRequest
from ninja import Query, Router

from anjian.accounts.api_access import api_requires
from anjian.cases.core.selectors import case_get_for
from anjian.cases.discretion import selectors as sel
from anjian.cases.discretion.report import ComparisonFilters, fine_comparison
from anjian.cases.discretion.schemas import (
    CaseDiscretionIn,
    CaseDiscretionOut,
    ComparisonFilterIn,
    ComparisonOut,
    DiscretionEntryOut,
    DiscretionProposeIn,
    EntryDetailOut,
    EntryFilterIn,
    EntryPage,
    ProposalOut,
    ViolationFilterIn,
    ViolationOut,
)
from anjian.cases.discretion.services import (
    case_discretion_set,
    discretion_entry_activate,
    discretion_entry_deactivate,
)
from anjian.cases.models import DiscretionEntry
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Id, page_of
from anjian.domain.permissions import Capability

router = Router(tags=["行政处罚裁量基准"])
C = Capability


def _entry(e: DiscretionEntry) -> dict:
    p = sel.proposal_for(e)
    return {"id": e.pk, "source": e.source, "code": e.code, "violation": e.violation,
            "legal_provision": e.legal_provision, "penalty_basis": e.penalty_basis, "party_kind": e.party_kind,
            "level": e.level, "level_order": e.level_order, "conditions": e.conditions, "standard": e.standard,
            "statutory_min": e.statutory_min, "statutory_max": e.statutory_max, "fine_min": e.fine_min,
            "fine_max": e.fine_max, "level_range": p.level_text, "statutory_range": p.statutory_text,
            "is_active": e.is_active}


def _case(case) -> dict:
    return {"case_id": case.pk, "status": case.status,
            "entry": _entry(case.discretion_entry) if case.discretion_entry_id else None,
            "proposed_fine": case.proposed_fine, "reasoning": case.discretion_reasoning,
            "violated_provision": case.violated_provision, "penalty_provision": case.penalty_provision}


@router.get("/entries", response={200: EntryPage, **ERRORS})
@api_requires(C.CASE_VIEW)
def list_entries(request: HttpRequest, filters: Query[EntryFilterIn]):
    qs = sel.entry_list(sel.EntryFilters(q=filters.q, source=filters.source, code=filters.code,
                                         party_kind=filters.party_kind, active=filters.active))
    count, rows = page_of(qs, filters)
    return {"count": count, "page": filters.page, "size": filters.size, "results": [_entry(e) for e in rows]}


@router.get("/entries/{entry_id}", response={200: EntryDetailOut, **ERRORS})
@api_requires(C.CASE_VIEW)
def get_entry(request: HttpRequest, entry_id: Id):
    entry = sel.entry_get(entry_id)
    return {**_entry(entry), "levels": [_entry(e) for e in sel.levels_of(entry.source, entry.code)]}


@router.post("/entries/{entry_id}/deactivate", response={200: DiscretionEntryOut, **ERRORS})
@api_requires(C.DISCRETION_MANAGE)
def deactivate_entry(request: HttpRequest, entry_id: Id):
    return _entry(discretion_entry_deactivate(actor=request.user, entry=sel.entry_get(entry_id)))


@router.post("/entries/{entry_id}/activate", response={200: DiscretionEntryOut, **ERRORS})
@api_requires(C.DISCRETION_MANAGE)
def activate_entry(request: HttpRequest, entry_id: Id):
    return _entry(discretion_entry_activate(actor=request.user, entry=sel.entry_get(entry_id)))


@router.get("/violations", response={200: list[ViolationOut], **ERRORS})
@api_requires(C.CASE_VIEW)
def list_violations(request: HttpRequest, filters: Query[ViolationFilterIn]):
    return [{"source": v.source, "code": v.code, "violation": v.violation, "party_kind": v.party_kind,
             "levels": v.levels}
            for v in sel.violation_list(filters.q[:100], party_kind=filters.party_kind, source=filters.source,
                                        limit=500)]


@router.get("/propose", response={200: ProposalOut, **ERRORS})
@api_requires(C.CASE_VIEW)
def propose(request: HttpRequest, params: Query[DiscretionProposeIn]):
    """The range a level proposes: by entry_id, or by code and level (and source when codes repeat)."""
    entry = sel.entry_named(**params.dict())
    p = sel.proposal_for(entry)
    return {"entry_id": entry.pk, "code": entry.code, "level": entry.level, "conditions": entry.conditions,
            "fine_min": p.fine_min, "fine_max": p.fine_max, "statutory_min": p.statutory_min,
            "statutory_max": p.statutory_max, "level_range": p.level_text, "statutory_range": p.statutory_text}


@router.get("/cases/{case_id}", response={200: CaseDiscretionOut, **ERRORS})
@api_requires(C.CASE_VIEW)
def get_case_discretion(request: HttpRequest, case_id: Id):
    return _case(case_get_for(request.user, case_id))


@router.post("/cases/{case_id}", response={200: CaseDiscretionOut, **ERRORS})
@api_requires(C.CASE_EDIT)
def set_case_discretion(request: HttpRequest, case_id: Id, body: CaseDiscretionIn):
    case = case_get_for(request.user, case_id, capability=C.CASE_EDIT)
    case = case_discretion_set(actor=request.user, case=case, **sel.discretion_arguments(body.dict()))
    return _case(case)


@router.get("/comparison", response={200: list[ComparisonOut], **ERRORS})
@api_requires(C.CASE_VIEW)
def comparison(request: HttpRequest, filters: Query[ComparisonFilterIn]):
    """同一违法行为罚款对比 over decided cases in the caller's scope (year = year of the decision)."""
    groups = fine_comparison(request.user, ComparisonFilters(year=filters.year, code=filters.code,
                                                             source=filters.source))
    return [{"source": g.source, "code": g.code, "violation": g.violation,
             "agencies": [s.as_dict() for s in g.agencies], "total": g.total.as_dict(), "median_spread": g.spread}
            for g in groups]
