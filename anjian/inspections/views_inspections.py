from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import agencies_for, can
from anjian.accounts.capabilities import requires
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import form_step, post_step
from anjian.common.sorting import sort_from
from anjian.documents.selectors import documents_of
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.domain.step_bar import inspection_steps
from anjian.inspections import selectors as sel
from anjian.inspections import services
from anjian.inspections.forms import (
    ApproveForm,
    CancelForm,
    CloseForm,
    EvidenceForm,
    InspectionFilterForm,
    InspectionForm,
    RecordForm,
    ResubmitForm,
    ReturnForm,
    StartForm,
)
from anjian.inspections.selectors import open_hazard_count
from anjian.inspections.views_signatures import signature_section
from anjian.notices.send_back import returns_of
from anjian.regions.models import Department

ENTERPRISE_CHOICES = 300


SORT_COLUMNS = {"enterprise": ("enterprise__name",), "region": ("enterprise__region_id",), "agency": ("agency__name",),
                "source": ("source",), "planned": ("planned_date",), "status": ("status",)}


@requires(Capability.INSPECTION_VIEW)
def inspection_list(request):
    form = InspectionFilterForm(request.GET or None)
    filters = sel.InspectionFilters(**form.cleaned_data) if form.is_bound and form.is_valid() else None
    sort = sort_from(request, SORT_COLUMNS)
    qs = sel.inspection_list_for(request.user, filters)
    page = paginate(request, sort.apply(qs), bounded=True,
                    counter=lambda limit: sel.inspection_count_upto(request.user, filters, limit))
    return render(request, "inspections/list.html", {
        "form": form, "page": page, "query": query_without_page(request), "sort": sort,
        "can_create": bool(agencies_for(request.user, Capability.INSPECTION_EDIT))})


def _enterprise_choices(user, q: str, selected: str):
    qs = sel.enterprises_for_inspection(user).select_related("region")
    if q:
        qs = qs.filter(name__contains=q)
    rows = list(qs[:ENTERPRISE_CHOICES])
    if digits(selected) and all(e.pk != int(selected) for e in rows):
        rows = list(sel.enterprises_for_inspection(user).select_related("region").filter(pk=int(selected))) + rows
    return rows


@requires(Capability.INSPECTION_EDIT)
@require_http_methods(["GET", "POST"])
def inspection_create(request):
    selected = request.POST.get("enterprise") or request.GET.get("enterprise", "")
    if request.method == "GET" and digits(selected):
        sel.enterprise_for_inspection(request.user, int(selected))  # 404 outside the user's scope
    agency_ids = [g.agency_id for g in agencies_for(request.user, Capability.INSPECTION_EDIT)]
    form = InspectionForm(
        request.POST or None, initial={"enterprise": selected},
        enterprises=_enterprise_choices(request.user, request.GET.get("q", "").strip(), selected),
        departments=Department.objects.filter(agency_id__in=agency_ids).select_related("agency"),
        officers=sel.officers_for_team(request.user).filter(status="active", in_post=True),
        experts=sel.experts_for_team(request.user).select_related("region"))

    def plan(d):  # the API's conversions and service: the same refusals in the same words
        return services.inspection_plan(
            actor=request.user, enterprise=sel.enterprise_for_inspection(request.user, d["enterprise"]),
            source=d["source"], planned_date=d["planned_date"], officer_ids=d["officers"], leader_id=d["leader"],
            expert_ids=d["experts"], department=services.department_for(d["department"]), place=d["place"])
    return form_step(request, form, plan, "已创建检查计划，待审批", lambda i: reverse("inspections:detail", args=[i.pk])) \
        or render(request, "inspections/create.html", {"form": form, "q": request.GET.get("q", "")})


@requires(Capability.INSPECTION_VIEW)
def inspection_detail(request, pk: int):
    inspection = sel.inspection_get_for(request.user, pk)
    region = inspection.agency.region_id
    can_edit = can(request.user, Capability.INSPECTION_EDIT, region)
    can_approve = services.approves(request.user, inspection)
    frequency = sel.inspection_frequency(inspection, request.user) if inspection.status in {"planned", "approved"} else None
    now = timezone.localtime().replace(second=0, microsecond=0)
    bar = inspection_steps(inspection.status, open_hazards=open_hazard_count(inspection))
    return render(request, "inspections/detail.html", {
        "i": inspection, "team": sel.team_of(inspection), "experts": inspection.experts.all(),
        "hazards": sel.hazards_of(inspection), "evidence": inspection.evidence.filter(hazard__isnull=True),
        "can_edit": can_edit, "can_approve": can_approve, "frequency": frequency, "bar": bar,
        "step": bar.current.key if bar.current else "", "returns": returns_of(inspection, "inspection_return"),
        "approve_form": ApproveForm(), "return_form": ReturnForm(),
        "resubmit_form": _resubmit_form(request.user, inspection) if inspection.status == "returned" else None,
        "start_form": StartForm(initial={"place": inspection.place, "started_at": now}),
        "record_form": RecordForm(initial={"ended_at": now}), "close_form": CloseForm(), "cancel_form": CancelForm(),
        "evidence_form": EvidenceForm(), "documents": documents_of(inspection),
        **signature_section(inspection, can_edit)})


def _resubmit_form(user, inspection) -> ResubmitForm:
    """The returned plan as it stands, every part of it open to correction (ADR 0031)."""
    team = list(sel.team_of(inspection))
    offered = sel.officers_for_team(user).filter(status="active", in_post=True)
    officers = [m.officer for m in team] + [o for o in offered if o.pk not in {m.officer_id for m in team}]
    leader = next((m.officer_id for m in team if m.role == "leader"), None)
    experts = list(sel.experts_for_team(user).select_related("region"))
    experts += [x for x in inspection.experts.select_related("region") if x not in experts]
    return ResubmitForm(officers=officers, experts=experts,
                        departments=Department.objects.filter(agency_id=inspection.agency_id), initial={
                            "officers": [m.officer_id for m in team], "leader": leader,
                            "experts": [x.pk for x in inspection.experts.all()],
                            "planned_date": inspection.planned_date, "place": inspection.place, "team": True})


def _action(request, pk: int, form_class, run, done: str):
    inspection = sel.inspection_get_for(request.user, pk)
    return post_step(request, inspection, form_class, run, done, reverse("inspections:detail", args=[pk]))


@requires(Capability.INSPECTION_APPROVE)
@require_POST
def inspection_approve(request, pk: int):
    return _action(request, pk, ApproveForm, lambda i, d: services.inspection_approve(
        actor=request.user, inspection=i, opinion=d["opinion"], notice_date=d["notice_date"]), "已审批")


@requires(Capability.INSPECTION_APPROVE)
@require_POST
def inspection_return(request, pk: int):
    return _action(request, pk, ReturnForm, lambda i, d: services.inspection_return(
        actor=request.user, inspection=i, reason=d["reason"]), "已退回检查方案，编制人将在待办中看到退回理由")


@requires(Capability.INSPECTION_EDIT)
@require_POST
def inspection_resubmit(request, pk: int):
    def resubmit(i, d):  # the API's conversions and service: the same refusals in the same words
        team = d["team"]
        return services.inspection_resubmit(
            actor=request.user, inspection=i, planned_date=d["planned_date"], place=d["place"],
            officer_ids=d["officers"] if team else None, leader_id=d["leader"] if team else None,
            expert_ids=d["experts"] if team else None, department=services.department_for(d["department"]))
    return _action(request, pk, ResubmitForm, resubmit, "已重新提交审批")


@requires(Capability.INSPECTION_EDIT)
@require_POST
def inspection_start(request, pk: int):
    return _action(request, pk, StartForm, lambda i, d: services.inspection_start(
        actor=request.user, inspection=i, place=d["place"], kickoff_notes=d["kickoff_notes"],
        started_at=d["started_at"]), "检查已开始，检查组成员的执法证已登记")


@requires(Capability.INSPECTION_EDIT)
@require_POST
def inspection_record(request, pk: int):
    return _action(request, pk, RecordForm, lambda i, d: services.inspection_record(
        actor=request.user, inspection=i, summary=d["summary"], feedback_notes=d["feedback_notes"],
        ended_at=d["ended_at"]), "已记录检查情况")


@requires(Capability.INSPECTION_EDIT)
@require_POST
def inspection_close(request, pk: int):
    return _action(request, pk, CloseForm, lambda i, d: services.inspection_close(
        actor=request.user, inspection=i, feedback_notes=d["feedback_notes"]), "检查已办结")


@requires(Capability.INSPECTION_EDIT)
@require_POST
def inspection_cancel(request, pk: int):
    return _action(request, pk, CancelForm, lambda i, d: services.inspection_cancel(
        actor=request.user, inspection=i, reason=d["reason"]), "检查已取消")


@requires(Capability.INSPECTION_EDIT)
@require_POST
def inspection_join(request, pk: int, into: int):
    inspection = sel.inspection_get_for(request.user, pk)
    target = sel.joinable_get(inspection, into, request.user)
    return post_step(request, inspection, None, lambda i, d: services.inspection_join(
        actor=request.user, inspection=i, into=target), "已合并检查：本检查组已加入该检查，本检查已取消",
        reverse("inspections:detail", args=[target.pk]), back=reverse("inspections:detail", args=[pk]))
