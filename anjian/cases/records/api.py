"""API of the records part of penalty cases (under /api/v1/cases): publishing and withdrawing decisions, the
due / late disclosure list, 案卷评查, 归档 and the whole case file as one PDF. Same scope and rules as the pages."""


from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from anjian.accounts.api_access import api_requires
from anjian.calendars.selectors import work_calendar
from anjian.cases.core.selectors import case_get_for
from anjian.cases.models import CaseFileCheck, PenaltyCase
from anjian.cases.records import selectors as sel
from anjian.cases.records.case_file_pdf import case_file_name, case_file_pdf, pdf_response
from anjian.cases.records.schemas import (
    ArchiveIn,
    ArchiveOut,
    CheckIn,
    CheckOut,
    ContentsRowOut,
    DiscloseIn,
    DisclosureFilterIn,
    DisclosureOut,
    DisclosurePage,
    DisclosureRowOut,
    WithdrawIn,
)
from anjian.cases.records.services_archive import case_archive, case_file_check
from anjian.cases.records.services_disclosure import case_disclose, case_disclosure_withdraw
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Id
from anjian.common.errors import NotFound
from anjian.common.openapi import binary
from anjian.domain.permissions import Capability

router = Router(tags=["行政处罚案件"])


def _disclosure(case: PenaltyCase) -> DisclosureOut:
    row = sel.disclosure_row(case, work_calendar(), timezone.localdate()) if case.disclosure_required else None
    return DisclosureOut(case_id=case.pk, disclosure_required=case.disclosure_required, disclosed_on=case.disclosed_on,
                         disclosure_text=case.disclosure_text, due=row.due if row else None,
                         state=row.state if row else None, days_late=row.days_late if row else 0)


def _check(case: PenaltyCase, check: CaseFileCheck) -> CheckOut:
    stale = "" if case.status == "archived" else sel.check_is_stale(
        case, check, sel.file_items(case, with_pdfs=False)[0])
    return CheckOut(id=check.pk, case_id=case.pk, checked_at=check.checked_at,
                    checked_by=str(check.checked_by) if check.checked_by_id else None, passed=check.passed,
                    findings=[f for f in check.findings if not f.startswith("已说明：")],
                    notes=[f for f in check.findings if f.startswith("已说明：")],
                    contents=[ContentsRowOut(**{k: r.get(k) for k in ContentsRowOut.model_fields if k in r})
                              for r in check.contents], changed_since=stale)


@router.get("/disclosures", response={200: DisclosurePage, **ERRORS})
@api_requires(Capability.CASE_VIEW)
def list_disclosures(request: HttpRequest, filters: Query[DisclosureFilterIn]):
    rows = sel.disclosure_rows_for(request.user, state=filters.state, today=timezone.localdate(), year=filters.year)
    start = (filters.page - 1) * filters.size
    return DisclosurePage(count=len(rows), page=filters.page, size=filters.size, results=[
        DisclosureRowOut(case_id=r.case.pk, name=r.case.name, party_name=r.case.party_name, agency=r.case.agency.name,
                         source=r.case.source, decided_on=r.case.decided_on, due=r.due,
                         disclosed_on=r.case.disclosed_on, state=r.state, state_label=r.label, days_late=r.days_late)
        for r in rows[start:start + filters.size]])


@router.get("/{int:case_id}/disclosure", response={200: DisclosureOut, **ERRORS})
@api_requires(Capability.CASE_VIEW)
def get_disclosure(request: HttpRequest, case_id: Id):
    return _disclosure(case_get_for(request.user, case_id))


@router.post("/{int:case_id}/disclosure", response={200: DisclosureOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def disclose(request: HttpRequest, case_id: Id, body: DiscloseIn):
    case = case_get_for(request.user, case_id, Capability.CASE_EDIT)
    case = case_disclose(actor=request.user, case=case, **body.dict())
    return _disclosure(case)


@router.post("/{int:case_id}/disclosure/withdraw", response={200: DisclosureOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def withdraw_disclosure(request: HttpRequest, case_id: Id, body: WithdrawIn):
    case = case_get_for(request.user, case_id, Capability.CASE_EDIT)
    case = case_disclosure_withdraw(actor=request.user, case=case, **body.dict())
    return _disclosure(case)


@router.get("/{int:case_id}/file-check", response={200: CheckOut, **ERRORS})
@api_requires(Capability.CASE_VIEW)
def get_file_check(request: HttpRequest, case_id: Id):
    case = case_get_for(request.user, case_id)
    check = sel.latest_check(case)
    if check is None:
        raise NotFound("该案件尚未进行案卷评查")
    return _check(case, check)


@router.post("/{int:case_id}/file-check", response={201: CheckOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def run_file_check(request: HttpRequest, case_id: Id, body: CheckIn):
    case = case_get_for(request.user, case_id, Capability.CASE_EDIT)
    check = case_file_check(actor=request.user, case=case, **body.dict())
    return 201, _check(case, check)


@router.post("/{int:case_id}/archive", response={200: ArchiveOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def archive(request: HttpRequest, case_id: Id, body: ArchiveIn):
    case = case_get_for(request.user, case_id, Capability.CASE_APPROVE)
    case = case_archive(actor=request.user, case=case, **body.dict())
    return ArchiveOut(case_id=case.pk, status=case.status, archive_number=case.archive_number,
                      archived_on=case.archived_on, retention=case.retention,
                      case_file_url=f"/api/v1/cases/{case.pk}/case-file.pdf")


@router.get("/{int:case_id}/case-file.pdf", response={200: None, **ERRORS}, openapi_extra=binary("application/pdf"))
@api_requires(Capability.CASE_VIEW)
def case_file(request: HttpRequest, case_id: Id):
    """The whole file as one PDF (cover, table of contents, every document; pages numbered as the table)."""
    case = case_get_for(request.user, case_id)
    return pdf_response(case_file_pdf(case, today=timezone.localdate()), case_file_name(case))
