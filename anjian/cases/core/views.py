"""Case list, new case and case page (行政处罚案件)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from anjian.accounts.access import agencies_for, can
from anjian.accounts.capabilities import requires
from anjian.cases.config import time_limits
from anjian.cases.core import origins
from anjian.cases.core import selectors as sel
from anjian.cases.core.documents import case_documents_pending, may_issue
from anjian.cases.core.forms import (
    CaseCreateForm,
    CaseFilterForm,
    ConcludeForm,
    DecideForm,
    DiscussionForm,
    ExtensionForm,
    FileApproveForm,
    FileRefuseForm,
    FilingResubmitForm,
    HearingHoldForm,
    HearingRequestForm,
    InvestigationForm,
    LegalReviewForm,
    NotifyForm,
    PreservationDecideForm,
    ReturnForm,
    ServeForm,
    StatementForm,
)
from anjian.cases.core.guards import acts_for, calendar_and_limits, case_needs_discussion, is_own_case
from anjian.cases.core.panels import panel_contexts
from anjian.cases.core.selectors import CaseFilters, case_deadlines_of, case_facts
from anjian.cases.core.services_filing import case_propose
from anjian.cases.core.services_notice import notice_refusal
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import form_step
from anjian.common.sorting import sort_from
from anjian.documents.models import DocumentKind
from anjian.documents.selectors import documents_of
from anjian.domain.case_deadlines import due_next, hearing_request_until, statement_until, undecided_too_long
from anjian.domain.case_process import OWN_CASE_REVIEW, PENALTY_KINDS, PRE_FILING, UNDECIDED
from anjian.domain.case_steps import review_passed
from anjian.domain.permissions import Capability
from anjian.domain.step_bar import case_steps

ENTERPRISE_CHOICES = 300


def case_url(case_id: int) -> str:
    """The case page, where every part's step returns."""
    return reverse("cases:detail", args=[case_id])


def posted_next(request, default: str) -> str:
    """The page a step was posted from (``next``, on this site only), else ``default``."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


SORT_COLUMNS = {"name": ("name",), "party": ("party_name",), "agency": ("agency__name",), "source": ("source",),
                "filed": ("filed_on",), "status": ("status",)}


@requires(Capability.CASE_VIEW)
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    filters = CaseFilters(**form.cleaned_data) if form.is_bound and form.is_valid() else None
    today = timezone.localdate()
    sort = sort_from(request, SORT_COLUMNS)
    page = paginate(request, sort.apply(sel.case_list_rows_qs(request.user, filters, today)))
    return render(request, "cases/list.html", {
        "form": form, "page": page, "rows": sel.case_rows(page.object_list, today), "query": query_without_page(request),
        "sort": sort,
        "can_create": bool(agencies_for(request.user, Capability.CASE_EDIT))})


def _enterprise_choices(user, q: str, selected):
    qs = origins.enterprises_for_case(user).exclude(status="closed")
    if q:
        qs = qs.filter(name__contains=q)
    rows = list(qs[:ENTERPRISE_CHOICES])
    if selected is not None and all(e.pk != selected.pk for e in rows):
        rows = [selected] + rows
    return rows


def _initial(prefill) -> dict:
    return {"enterprise_id": prefill.enterprise.pk if prefill.enterprise else None, "source": prefill.source,
            "cause": prefill.cause, "facts": prefill.facts, "hazard_ids": prefill.hazard_ids,
            "officer_ids": prefill.officer_ids, "inspection_id": prefill.inspection.pk if prefill.inspection else None,
            "handover_id": prefill.handover.pk if prefill.handover else None}


@requires(Capability.CASE_EDIT)
@require_http_methods(["GET", "POST"])
def case_create(request):
    """立案申请; ?enterprise= / ?inspection= / ?hazard= / ?handover= prefill it from where the case comes from."""
    posted = request.POST
    prefill = origins.case_prefill(
        request.user, enterprise=posted.get("enterprise_id", request.GET.get("enterprise", "")),
        inspection=posted.get("inspection_id", request.GET.get("inspection", "")), hazard=request.GET.get("hazard", ""),
        handover=posted.get("handover_id", request.GET.get("handover", "")))
    enterprise = prefill.enterprise
    hazards = origins.hazards_for_case(request.user, enterprise).order_by("-id")[:50] if enterprise else []
    form = CaseCreateForm(request.POST or None, initial=_initial(prefill),
                          enterprises=_enterprise_choices(request.user, request.GET.get("q", "").strip(), enterprise),
                          officers=origins.officers_for_case(request.user), hazards=hazards)
    return form_step(request, form, lambda d: case_propose(
        actor=request.user, **origins.new_case_arguments(request.user, origins.NewCase(**d))),
        "已提交立案申请，待负责人审批", lambda case: case_url(case.pk)) \
        or render(request, "cases/create.html", {"form": form, "q": request.GET.get("q", ""), "prefill": prefill})


def _steps(request, case) -> dict:
    """Which step forms the page shows now (the services check again when they run)."""
    region = case.agency.region_id
    edit = can(request.user, Capability.CASE_EDIT, region)
    approve = acts_for(request.user, Capability.CASE_APPROVE, case)  # the case's own agency only (ADR 0031)
    review = acts_for(request.user, Capability.CASE_LEGAL_REVIEW, case)
    s = case.status
    own = is_own_case(request.user, case)
    legal_review = s == "legal_review" and not case.legal_result and review and not own
    discussion = s == "discussion" and case.discussed_on is None and approve
    decide = approve and s in ("notified", "hearing")
    return {
        "file": s == "filing" and approve and not own,
        "resubmit": s == "returned" and edit,
        "review_return": legal_review, "discussion_return": discussion, "decision_return": decide,
        "file_own": s == "filing" and approve and own,
        "investigate": s == "investigating" and edit,
        "preserve": s == "investigating" and edit and approve,
        "preservation_decide": approve and s in UNDECIDED | {"decided", "executing"},
        "extension": approve and s in UNDECIDED - PRE_FILING,
        "conclude": s == "investigating" and edit,
        "submit": s == "investigated" and edit,
        "legal_review": s == "legal_review" and not case.legal_result and review and not own,
        "legal_review_own": s == "legal_review" and not case.legal_result and review and own,
        "discussion": s == "discussion" and case.discussed_on is None and approve,
        "notify": edit and s in ("legal_review", "discussion") and not notice_refusal(case),
        "statement": edit and s in ("notified", "hearing"),
        "hearing_request": edit and s == "notified" and case.hearing_notice_served_on is not None,
        "hearing_hold": edit and s == "hearing" and case.hearing_held_on is None,
        "decide": decide,
        "serve": edit and s == "decided",
        "edit": edit, "approve": approve,
    }


def conclude_initial(case) -> dict:
    """The 调查终结 form starts from what earlier steps chose: the discretion step's provisions and fine (裁量), the
    penalties proposed before (a fine when a fine was proposed), and the report or else the facts of the filing."""
    penalties = list(case.penalties) or (["fine"] if case.proposed_fine else [])
    return {"report": case.investigation_report or case.facts, "violated_provision": case.violated_provision,
            "penalty_provision": case.penalty_provision, "penalties": penalties,
            "proposed_fine": case.proposed_fine, "is_major": case.is_major}


def decide_initial(case) -> dict:
    """The decision starts from the proposal the party was told of (fine and penalties)."""
    parts = [PENALTY_KINDS.get(p, p) for p in case.penalties if p != "fine"]
    if "fine" in case.penalties and case.proposed_fine:
        parts.append(f"罚款人民币{case.proposed_fine}元")
    return {"fine": case.proposed_fine, "summary": "；".join(parts)}


def kind_names(codes: list[str]) -> list[str]:
    names = dict(DocumentKind.objects.filter(code__in=set(codes)).values_list("code", "name"))
    return [names.get(code, code) for code in codes]


def _periods(case) -> dict:
    """The party's periods as dates (shown next to the decision form)."""
    cal, limits = calendar_and_limits()
    facts = case_facts(case)
    out = {}
    try:
        out["statement_until"] = statement_until(facts, cal, limits)
        out["hearing_until"] = hearing_request_until(facts, cal, limits)
    except LookupError as exc:
        out["error"] = str(exc)
    return out


@requires(Capability.CASE_VIEW)
def case_detail(request, pk: int):
    case = sel.case_detail_get(request.user, pk)
    today = timezone.localdate()
    raw = case_deadlines_of(case)
    nxt = due_next(raw, today)
    steps = _steps(request, case)
    bar = case_steps(case.status, needs_discussion=case_needs_discussion(case),
                     reviewed=case.status == "legal_review" and review_passed(case.legal_result),
                     discussed=case.discussed_on is not None)
    pending = case_documents_pending(case)
    preservations = [i for i in case.investigations.all() if i.kind == "preservation" and not i.preservation_decided_on]
    documents = list(documents_of(case).select_related("kind").order_by("created_at", "id"))
    return render(request, "cases/detail.html", {
        "c": case, "team": case.team.select_related("officer", "officer__agency"),
        "hazards": case.hazards.select_related("inspection"), "investigations": case.investigations.all(),
        "extensions": case.extensions.select_related("approved_by"),
        "deadlines": [sel.deadline_view(d, today) for d in raw], "next": sel.deadline_view(nxt, today) if nxt else None,
        "too_long": undecided_too_long(case_facts(case), today, time_limits()),
        "timeline": sel.case_timeline(case), "documents": documents, "superseded": sel.superseded_ids(documents),
        "pending": pending, "pending_names": kind_names(pending.missing),
        "can_issue_pending": bool(pending) and steps["edit"] and may_issue(request.user, case),
        "steps": steps, "bar": bar, "periods": _periods(case), "needs_discussion": case_needs_discussion(case),
        "review_passed": review_passed(case.legal_result), "notice_refusal": notice_refusal(case),
        "penalty_labels": [PENALTY_KINDS.get(p, p) for p in case.penalties], "own_review": OWN_CASE_REVIEW,
        "open_preservations": preservations,
        "forms": {
            "approve": FileApproveForm(), "refuse": FileRefuseForm(), "investigation": InvestigationForm(),
            "return": ReturnForm(), "resubmit": FilingResubmitForm(initial={"cause": case.cause, "facts": case.facts}),
            "extension": ExtensionForm(), "conclude": ConcludeForm(initial=conclude_initial(case)),
            "review": LegalReviewForm(), "discussion": DiscussionForm(), "notify": NotifyForm(),
            "statement": StatementForm(), "hearing_request": HearingRequestForm(), "hearing_hold": HearingHoldForm(),
            "decide": DecideForm(initial=decide_initial(case)), "serve": ServeForm(),
            "preservation": [(i, PreservationDecideForm(initial={"investigation": i.pk})) for i in preservations]},
        **panel_contexts(request, case)})
