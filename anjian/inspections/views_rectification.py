"""Pages of rectification follow-up: overdue lists, extension requests, re-inspection, escalation."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import can
from anjian.accounts.capabilities import requires
from anjian.common.paging import PAGE_SIZES, paginate, query_without_page
from anjian.common.service_views import form_step, post_step
from anjian.common.sorting import sort_from
from anjian.domain import rectification as rules
from anjian.domain.permissions import Capability
from anjian.inspections import selectors as sel
from anjian.inspections import selectors_rectification as rsel
from anjian.inspections import services_rectification as services
from anjian.inspections.forms_rectification import (
    EscalationForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    ExtensionReturnForm,
    ReinspectionForm,
)

SORT_COLUMNS = {"deadline": ("deadline",), "enterprise": ("enterprise__name",), "description": ("description",),
                "major": ("is_major",), "agency": ("inspection__agency__name",)}


def _page(request, queryset, count: int):
    """A page of `queryset` whose total is already known (the tab counts), sparing a COUNT query."""
    try:
        size = int(request.GET.get("size", PAGE_SIZES[0]))
    except ValueError:
        size = PAGE_SIZES[0]
    paginator = Paginator(queryset, size if size in PAGE_SIZES else PAGE_SIZES[0])
    paginator.count = count  # overrides the cached property
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


@requires(Capability.INSPECTION_VIEW)
def rectification_list(request):
    today = timezone.localdate()
    state = request.GET.get("state", "overdue")
    if state not in rsel.STATES:
        state = "overdue"
    counts = rsel.rectification_counts_for(request.user, today=today)
    sort = sort_from(request, SORT_COLUMNS)
    page = _page(request, sort.apply(rsel.rectification_list_for(request.user, state=state, today=today)), counts[state])
    tabs = [(key, label, counts[key]) for key, label in rsel.STATES.items()]
    return render(request, "inspections/rectification_list.html", {
        "page": page, "rows": rsel.with_status(page.object_list, today), "state": state, "tabs": tabs,
        "query": query_without_page(request), "today": today, "sort": sort})


@requires(Capability.INSPECTION_VIEW)
def extension_list(request):
    page = paginate(request, rsel.pending_extensions_for(request.user))
    return render(request, "inspections/rectification_extensions.html", {
        "page": page, "query": query_without_page(request)})


@requires(Capability.INSPECTION_VIEW)
def enterprise_hazards(request, enterprise_id: int):
    today = timezone.localdate()
    enterprise = rsel.enterprise_get_for(request.user, enterprise_id)
    rows = [(h, rules.deadline_status(h.deadline, today) if h.deadline else None)
            for h in rsel.enterprise_open_hazards(request.user, enterprise)]
    return render(request, "inspections/rectification_enterprise.html", {
        "enterprise": enterprise, "rows": rows, "today": today})


@requires(Capability.INSPECTION_VIEW)
def inspection_rectification(request, pk: int):
    today = timezone.localdate()
    inspection = sel.inspection_get_for(request.user, pk)
    region = inspection.agency.region_id
    latest = rsel.latest_results(inspection)
    hazards = []
    for h in sel.hazards_of(inspection):
        status = rules.deadline_status(h.deadline, today) if h.deadline and h.status in rules.OPEN_STATUSES else None
        options = rules.escalation_options(status=h.status, deadline=h.deadline,
                                           failed_reinspection=latest.get(h.pk) is False, today=today)
        hazards.append({"h": h, "status": status, "latest": latest.get(h.pk), "can_escalate": bool(options),
                        "open": h.status in rules.OPEN_STATUSES})
    return render(request, "inspections/rectification_inspection.html", {
        "i": inspection, "hazards": hazards, "extensions": rsel.extensions_of(inspection),
        "reinspections": rsel.reinspections_of(inspection),
        "can_edit": can(request.user, Capability.INSPECTION_EDIT, region),
        "can_approve": can(request.user, Capability.INSPECTION_APPROVE, region),
        "any_open": any(x["open"] for x in hazards),
        "any_overdue": any(x["status"] and x["status"].state == "overdue" for x in hazards)})


def _followup(inspection_id: int) -> str:
    return reverse("inspections:rectification_inspection", args=[inspection_id])


@requires(Capability.INSPECTION_EDIT)
@require_http_methods(["GET", "POST"])
def extension_create(request, hazard_id: int):
    hazard = rsel.hazard_get_for(request.user, hazard_id)
    form = ExtensionRequestForm(request.POST or None, initial={"requested_at": timezone.localdate()})
    return form_step(request, form, lambda d: services.extension_request_record(
        actor=request.user, hazard=hazard, **d), "已登记延期申请，待审批", _followup(hazard.inspection_id)) \
        or render(request, "inspections/rectification_form.html", {
            "form": form, "title": "登记延期申请", "hazard": hazard, "i": hazard.inspection,
            "latest": rules.extension_latest_day(hazard.deadline) if hazard.deadline else None})


@requires(Capability.INSPECTION_APPROVE)
@require_http_methods(["GET", "POST"])
def extension_decide(request, request_id: int):
    extension = rsel.extension_get_for(request.user, request_id)
    form = ExtensionDecisionForm(request.POST or None)
    return form_step(request, form, lambda d: services.extension_request_decide(
        actor=request.user, request=extension, approve=d["decision"] == "approve", opinion=d["opinion"],
        new_deadline=d["new_deadline"]), "已审批延期申请", _followup(extension.hazard.inspection_id)) \
        or render(request, "inspections/rectification_form.html", {
            "form": form, "title": "审批延期申请", "hazard": extension.hazard, "i": extension.hazard.inspection,
            "extension": extension, "return_form": ExtensionReturnForm() if extension.status == "pending" else None})


@requires(Capability.INSPECTION_APPROVE)
@require_POST
def extension_return(request, request_id: int):
    extension = rsel.extension_get_for(request.user, request_id)
    return post_step(request, extension, ExtensionReturnForm, lambda x, d: services.extension_request_return(
        actor=request.user, request=x, reason=d["reason"]), "已退回延期申请，登记人将在待办中看到退回理由",
        _followup(extension.hazard.inspection_id),
        back=reverse("inspections:rectification_extension_decide", args=[request_id]))


def _results(request, candidates) -> dict:
    """hazard id → (rectified, note) for each candidate given a result on the page."""
    results = {}
    for h in candidates:
        choice = request.POST.get(f"result_{h.pk}", "")
        if choice in {"rectified", "not_rectified"}:
            results[h.pk] = (choice == "rectified", request.POST.get(f"note_{h.pk}", ""))
    return results


@requires(Capability.INSPECTION_EDIT)
@require_http_methods(["GET", "POST"])
def reinspection_create(request, pk: int):
    inspection = sel.inspection_get_for(request.user, pk)
    candidates = list(rsel.reinspection_candidates(inspection))
    officers = sel.officers_for_team(request.user).filter(status="active", in_post=True)
    form = ReinspectionForm(request.POST or None, officers=officers,
                            initial={"date": timezone.localdate(),
                                     "officers": [m.officer_id for m in sel.team_of(inspection)]})
    return form_step(request, form, lambda d: services.reinspection_record(
        actor=request.user, inspection=inspection, date=d["date"], officer_ids=d["officers"],
        results=_results(request, candidates), opinion=d["opinion"], completion_reported=d["completion_reported"]),
        "已记录复查结果", _followup(pk)) or render(request, "inspections/rectification_reinspect.html", {
            "form": form, "i": inspection, "candidates": candidates, "posted": request.POST})


@requires(Capability.INSPECTION_EDIT)
@require_http_methods(["GET", "POST"])
def hazard_escalate(request, hazard_id: int):
    hazard = rsel.hazard_get_for(request.user, hazard_id)
    form = EscalationForm(request.POST or None)
    return form_step(request, form, lambda d: services.hazard_escalate(actor=request.user, hazard=hazard, **d),
                     "隐患已移交", _followup(hazard.inspection_id)) \
        or render(request, "inspections/rectification_form.html", {
            "form": form, "title": "未整改隐患移交（强制措施或立案处罚）", "hazard": hazard, "i": hazard.inspection})
