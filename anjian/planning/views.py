"""Pages of annual plans: list, detail (entries by month, coverage, progress, adjustments), actions, export."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import agencies_for
from anjian.accounts.capabilities import public, requires
from anjian.common.service_views import form_step, post_step
from anjian.common.tabular import write_xlsx
from anjian.domain.permissions import Capability
from anjian.notices.send_back import returns_of
from anjian.officers.models import Officer
from anjian.planning import forms, services
from anjian.planning import selectors as sel
from anjian.regions.models import Agency

C = Capability


def _holds(user, capability, plan) -> bool:
    return plan.agency_id in {g.agency_id for g in agencies_for(user, capability)}


@requires(C.PLAN_VIEW)
@require_http_methods(["GET", "POST"])
def plan_list(request):
    agencies = agencies_for(request.user, C.PLAN_EDIT)
    form = forms.PlanCreateForm(request.POST or None, agencies=agencies, initial={"year": sel.today().year + 1})
    if request.method == "POST" and not agencies:
        raise PermissionDenied
    done = form_step(request, form, lambda d: services.plan_create(
        actor=request.user, agency=Agency.objects.get(pk=d["agency"]), year=d["year"],
        capacity_per_month=d["capacity_per_month"]), "已新建年度计划", lambda p: reverse("planning:detail", args=[p.pk]))
    if done:
        return done
    return render(request, "planning/plan_list.html", {
        "plans": sel.plan_list_for(request.user), "filed": sel.subordinate_filed_for(request.user),
        "form": form if agencies else None})


@requires(C.PLAN_VIEW)
def plan_detail(request, pk: int):
    plan = sel.plan_get_for(request.user, pk)
    entries = list(sel.active_entries(plan))
    by_month = [(m, [e for e in entries if e.month == m]) for m in range(1, 13)]
    can_edit = _holds(request.user, C.PLAN_EDIT, plan) and plan.status != "published"
    return render(request, "planning/plan_detail.html", {
        "plan": plan, "by_month": by_month, "coverage": sel.plan_coverage(plan), "progress": sel.plan_progress(plan),
        "adjustments": plan.adjustments.select_related("made_by", "entry__enterprise"),
        "can_edit": can_edit, "can_approve": _holds(request.user, C.PLAN_APPROVE, plan),
        "can_convert": _holds(request.user, C.PLAN_EDIT, plan) and plan.status != "draft",
        "approve_form": forms.ApproveForm(), "return_form": forms.ReturnForm(),
        "returns": returns_of(plan, "plan_return"), "add_form": forms.EntryAddForm(
            enterprises=sel.addable_enterprises(plan)[:500]) if can_edit else None,
        "move_form": forms.EntryMoveForm(), "remove_form": forms.EntryRemoveForm(),
        "superior": sel.superior_of(plan.agency)})


def _act(request, pk: int, call, done: str):
    """A POSTed step on the plan: refusals and ``done`` as messages, back to the plan."""
    plan = sel.plan_get_for(request.user, pk)
    return post_step(request, plan, None, lambda p, d: call(p), done, reverse("planning:detail", args=[plan.pk]))


@requires(C.PLAN_EDIT)
@require_POST
def plan_draft(request, pk: int):
    return _act(request, pk, lambda plan: services.plan_draft_from_registry(
        actor=request.user, plan=plan, today=sel.today()), "已从单位名录生成计划草稿")


@requires(C.PLAN_APPROVE)
@require_POST
def plan_approve(request, pk: int):
    form = forms.ApproveForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"reference": request.POST.get("reference", ""),
                                                      "approval_date": None}
    return _act(request, pk, lambda plan: services.plan_approve(
        actor=request.user, plan=plan, reference=data["reference"], approval_date=data["approval_date"]),
        "已登记政府批复")


@requires(C.PLAN_EDIT)
@require_POST
def plan_submit(request, pk: int):
    return _act(request, pk, lambda plan: services.plan_submit(actor=request.user, plan=plan), "已报批，待负责人审批")


@requires(C.PLAN_APPROVE)
@require_POST
def plan_return(request, pk: int):
    plan = sel.plan_get_for(request.user, pk)
    return post_step(request, plan, forms.ReturnForm, lambda p, d: services.plan_return(
        actor=request.user, plan=p, reason=d["reason"]), "已退回，报批人将在待办中看到退回理由",
        reverse("planning:detail", args=[plan.pk]))


@requires(C.PLAN_APPROVE)
@require_POST
def plan_file(request, pk: int):
    return _act(request, pk, lambda plan: services.plan_file(actor=request.user, plan=plan),
                "已报上级备案")


@requires(C.PLAN_APPROVE)
@require_POST
def plan_publish(request, pk: int):
    return _act(request, pk, lambda plan: services.plan_publish(actor=request.user, plan=plan),
                "已公示")


@requires(C.PLAN_EDIT)
@require_POST
def entry_add(request, pk: int):
    plan = sel.plan_get_for(request.user, pk)
    form = forms.EntryAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择检查对象和月份")
        return redirect("planning:detail", pk=plan.pk)
    d = form.cleaned_data
    return _act(request, pk, lambda p: services.plan_entry_add(  # the API's conversion and service
        actor=request.user, plan=p, enterprise=sel.plan_enterprise_get(request.user, d["enterprise"]),
        month=d["month"], reason=d["reason"]), "已增加检查对象")


@requires(C.PLAN_EDIT)
@require_POST
def entry_move(request, pk: int, entry_pk: int):
    plan = sel.plan_get_for(request.user, pk)
    entry = sel.entry_get_for(request.user, plan, entry_pk)
    form = forms.EntryMoveForm(request.POST)
    month = form.cleaned_data["month"] if form.is_valid() else 0
    return _act(request, pk, lambda p: services.plan_entry_move(
        actor=request.user, entry=entry, month=month, reason=request.POST.get("reason", "")), "已调整月份")


@requires(C.PLAN_EDIT)
@require_POST
def entry_remove(request, pk: int, entry_pk: int):
    plan = sel.plan_get_for(request.user, pk)
    entry = sel.entry_get_for(request.user, plan, entry_pk)
    return _act(request, pk, lambda p: services.plan_entry_remove(
        actor=request.user, entry=entry, reason=request.POST.get("reason", "")), "已移出计划")


@requires(C.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def entry_start(request, pk: int, entry_pk: int):
    plan = sel.plan_get_for(request.user, pk)
    entry = sel.entry_get_for(request.user, plan, entry_pk)
    officers = Officer.objects.filter(agency=plan.agency, status="active", in_post=True)
    form = forms.StartInspectionForm(request.POST or None, officers=officers,
                                     initial={"planned_date": entry.planned_date})
    return form_step(request, form, lambda d: services.plan_entry_start_inspection(
        actor=request.user, entry=entry, planned_date=d["planned_date"], officer_ids=d["officers"]),
        "已发起检查，待审批", lambda i: reverse("inspections:detail", args=[i.pk])) \
        or render(request, "planning/entry_start.html", {"plan": plan, "entry": entry, "form": form})


@requires(C.PLAN_VIEW)
def plan_export(request, pk: int):
    plan = sel.plan_get_for(request.user, pk)
    rows = [(e.month, e.enterprise.name, e.enterprise.uscc, e.enterprise.get_supervision_class_display(),
             e.enterprise.get_risk_level_display(), e.get_reason_display(),
             e.planned_date or "", e.inspection.get_status_display() if e.inspection else "未发起")
            for e in sel.active_entries(plan)]
    buffer = io.BytesIO()
    write_xlsx(buffer, ["月份", "单位名称", "统一社会信用代码", "检查类别", "风险等级", "列入理由", "计划日期",
                        "检查状态"], rows, title=f"{plan.year}年度计划")
    response = HttpResponse(buffer.getvalue(), content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.year}-{plan.pk}.xlsx"'
    return response


@public
def public_plan_list(request):
    return render(request, "planning/public_plan_list.html", {"plans": sel.plan_public_list()})


@public
def public_plan(request, pk: int):
    plan = sel.plan_public_get(pk)
    return render(request, "planning/public_plan.html", {"plan": plan, "entries": sel.active_entries(plan)})
