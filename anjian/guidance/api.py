"""Enforcement guidance API: reviews (list, detail with findings, start, assess, letter, respond, close) and
typical cases. Same scope and rules as the pages."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.cases.core.selectors import case_get_for
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Code, Day, Id, Name, Reason, Sample, Text
from anjian.domain import guidance as g
from anjian.domain.permissions import Capability
from anjian.guidance import selectors as sel
from anjian.guidance import services
from anjian.guidance.models import GuidanceReview, TypicalCase

router = Router(tags=["执法指导"])


class FindingOut(Schema):
    code: str
    title: str
    section: str
    proposed: str
    evidence: str
    assessment: str
    opinion: str


class ReviewOut(Schema):
    id: int
    superior: str
    subordinate: str
    year: int
    month: int
    status: str
    status_label: str
    overdue: bool
    review_date: date | None
    letter_number: str
    rectify_by: date | None
    response_text: str
    findings: list[FindingOut]


class ReviewStartIn(Schema):
    review_date: Day
    reviewers: Name
    sample: Sample = 2


class FindingIn(Schema):
    code: Code
    assessment: Code
    opinion: Text = ""


class LetterIn(Schema):
    rectify_by: Day


class RespondIn(Schema):
    text: Text


class ReviewCloseIn(Schema):
    accept: bool
    note: Text


class TypicalIn(Schema):
    case_id: Id
    title: Name
    highlights: Text


class TypicalOut(Schema):
    id: int
    case_id: int
    title: str
    agency: str
    party: str
    fine: float | None
    highlights: str
    status: str
    reported_on: date | None


def _out(r: GuidanceReview) -> ReviewOut:
    done = r.status in ("letter_issued", "responded", "closed")
    return ReviewOut(
        id=r.pk, superior=r.superior.name, subordinate=r.subordinate.name, year=r.year, month=r.month,
        status=r.status, status_label=r.get_status_display(), overdue=g.overdue(r.month, r.year, done,
                                                                                timezone.localdate()),
        review_date=r.review_date, letter_number=r.letter.number if r.letter else "", rectify_by=r.rectify_by,
        response_text=r.response_text,
        findings=[FindingOut(code=i.code, title=i.title, section=i.section, proposed=f.proposed, evidence=f.evidence,
                             assessment=f.assessment, opinion=f.opinion) for i, f in sel.findings_of(r)])


def _typical(t: TypicalCase) -> TypicalOut:
    return TypicalOut(id=t.pk, case_id=t.case_id, title=t.title, agency=t.case.agency.name, party=t.case.party_name,
                      fine=float(t.case.fine_amount) if t.case.fine_amount is not None else None,
                      highlights=t.highlights, status=t.status, reported_on=t.reported_on)


@router.get("/reviews", response={200: list[ReviewOut], **ERRORS})
@api_requires(Capability.GUIDANCE_VIEW)
def list_reviews(request: HttpRequest, year: int | None = None):
    return [_out(r) for r in sel.review_list_for(request.user, year)]


@router.get("/reviews/{review_id}", response={200: ReviewOut, **ERRORS})
@api_requires(Capability.GUIDANCE_VIEW)
def get_review(request: HttpRequest, review_id: Id):
    return _out(sel.review_get_for(request.user, review_id))


def _act(request, review_id: Id, call) -> ReviewOut:
    review = sel.review_get_for(request.user, review_id)
    call(review)
    return _out(sel.review_get_for(request.user, review_id))


@router.post("/reviews/{review_id}/start", response={200: ReviewOut, **ERRORS})
@api_requires(Capability.GUIDANCE_MANAGE)
def start_review(request: HttpRequest, review_id: Id, body: ReviewStartIn):
    return _act(request, review_id, lambda r: services.guidance_start(
        actor=request.user, review=r, review_date=body.review_date, reviewers=body.reviewers, sample=body.sample))


@router.post("/reviews/{review_id}/findings", response={200: ReviewOut, **ERRORS})
@api_requires(Capability.GUIDANCE_MANAGE)
def assess(request: HttpRequest, review_id: Id, body: FindingIn):
    return _act(request, review_id, lambda r: services.guidance_finding_set(
        actor=request.user, review=r, code=body.code, assessment=body.assessment, opinion=body.opinion))


@router.post("/reviews/{review_id}/letter", response={200: ReviewOut, **ERRORS})
@api_requires(Capability.GUIDANCE_MANAGE)
def issue_letter(request: HttpRequest, review_id: Id, body: LetterIn):
    return _act(request, review_id, lambda r: services.guidance_letter_issue(
        actor=request.user, review=r, rectify_by=body.rectify_by))


@router.post("/reviews/{review_id}/respond", response={200: ReviewOut, **ERRORS})
@api_requires(Capability.GUIDANCE_MANAGE)
def respond(request: HttpRequest, review_id: Id, body: RespondIn):
    return _act(request, review_id, lambda r: services.guidance_respond(
        actor=request.user, review=r, text=body.text, on=timezone.localdate()))


@router.post("/reviews/{review_id}/close", response={200: ReviewOut, **ERRORS})
@api_requires(Capability.GUIDANCE_MANAGE)
def close(request: HttpRequest, review_id: Id, body: ReviewCloseIn):
    return _act(request, review_id, lambda r: services.guidance_close(
        actor=request.user, review=r, accept=body.accept, note=body.note, on=timezone.localdate()))


class ReviewReturnIn(Schema):
    reason: Reason


@router.post("/reviews/{review_id}/return", response={200: ReviewOut, **ERRORS})
@api_requires(Capability.GUIDANCE_MANAGE)
def return_report(request: HttpRequest, review_id: Id, body: ReviewReturnIn):
    """退回: the rectification report goes back to the subordinate who sent it, with the reason."""
    return _act(request, review_id, lambda r: services.guidance_return(actor=request.user, review=r,
                                                                       reason=body.reason))


@router.get("/typical-cases", response={200: list[TypicalOut], **ERRORS})
@api_requires(Capability.CASE_VIEW)
def list_typical(request: HttpRequest):
    return [_typical(t) for t in sel.typical_list_for(request.user)]


@router.post("/typical-cases", response={201: TypicalOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def select_typical(request: HttpRequest, body: TypicalIn):
    case = case_get_for(request.user, body.case_id)
    t = services.typical_case_select(actor=request.user, case=case, title=body.title, highlights=body.highlights)
    return 201, _typical(t)
