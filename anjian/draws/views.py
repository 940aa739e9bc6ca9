"""双随机抽查 pages: tasks, commitment and draw, results and disclosure, conflicts, and the public page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import agencies_for, can, highest_grant, scope_q
from anjian.accounts.capabilities import public, requires
from anjian.common.service_views import REFUSED, attempt, form_step, post_step
from anjian.domain.permissions import Capability
from anjian.draws import selectors as sel
from anjian.draws import services
from anjian.draws.examples import SEED_004_REGION
from anjian.draws.export import results_xlsx
from anjian.draws.forms import MAX_STRATA, ConflictForm, SecretForm, TaskForm, items_text
from anjian.draws.models import RandomInspectionTask
from anjian.officers.models import Officer
from anjian.regions.models import Agency, Department

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires(Capability.PLAN_VIEW)
def task_list(request):
    return render(request, "draws/list.html", {
        "tasks": sel.task_list_for(request.user)[:200],
        "due": sel.disclosure_list_for(request.user, timezone.localdate()),
        "can_create": bool(agencies_for(request.user, Capability.PLAN_EDIT))})


def _unchecked(form: TaskForm, *, strata_too: bool = True) -> TaskForm:
    """Show a bound form without the errors of what the user has not asked to check yet (the task's fields; with
    ``strata_too`` the strata's as well)."""
    form.is_valid()
    form._errors = forms.utils.ErrorDict()
    if strata_too:
        for f in form.strata.forms:
            f._errors = forms.utils.ErrorDict()
        form.strata._non_form_errors = form.strata.error_class()
    return form


def _preview(request, form: TaskForm, agency: Agency) -> dict | None:
    """The pool counts for the strata as chosen (the rest of the task need not be filled in yet); the strata's
    refusals as messages. The task's other fields are read as the form would, else their defaults."""
    if not form.strata.is_valid():
        messages.error(request, "抽取类别中有需要更正的内容，见各类别下的提示")
        return None
    strata = form.strata.rows()
    if not strata:
        messages.error(request, "请至少设置一个抽取类别")
        return None
    today = timezone.localdate()

    def value(name: str, default):
        field = form.fields[name]
        try:
            return field.clean(field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name)))
        except forms.ValidationError:
            return default
    found = attempt(request, lambda: sel.task_preview(
        request.user, agency, services.strata_checked(actor=request.user, agency=agency, strata=strata),
        year=value("year", today.year) or today.year, period_from=value("period_from", today) or today,
        cross_region=bool(value("cross_region", False)),
        officers_per_target=value("officers_per_target", 2) or 2, today=today,
        recent_window_days=value("recent_window_days", 365)))
    return None if found is REFUSED else found


def _task_page(request, agency: Agency, task: RandomInspectionTask | None = None):
    """新建 (task None) or 修改 a draft task: the same form, preview and checks; the service saves."""
    data = request.POST or None
    more = data is not None and "more" in data
    if more:  # 再加一个类别: the same values with one more empty stratum row, nothing checked yet
        data = data.copy()
        total = data.get("strata-TOTAL_FORMS", "0")
        data["strata-TOTAL_FORMS"] = str(min(int(total) + 1 if total.isdigit() else 1, MAX_STRATA))
    own_plan = task is None and agency.region_id == SEED_004_REGION  # prefilled only with the agency's own plan
    if task is not None:
        initial = {f: getattr(task, f) for f in ("name", "year", "period_from", "period_to", "cross_region",
                                                  "recent_window_days", "officers_per_target", "is_public")}
        initial |= {"department": task.department_id, "items": items_text(task.items)}
    else:
        initial = {"year": timezone.localdate().year} | ({} if own_plan else {"items": ""})
    form = TaskForm(data, departments=Department.objects.filter(agency=agency), regions=sel.stratum_regions(agency),
                    initial=initial, strata=task.strata if task is not None else (None if own_plan else []))
    page = {"agency": agency, "task": task, "own_plan": own_plan}
    if more:
        return render(request, "draws/create.html", {**page, "form": _unchecked(form)})
    if request.method == "POST" and "preview" in request.POST:  # 预览: the pool counts, nothing saved
        preview = _preview(request, form, agency)
        return render(request, "draws/create.html", {**page, "form": _unchecked(form, strata_too=False),
                                                     "preview": preview})
    if task is None:
        save, done = (lambda d: services.task_create(actor=request.user, agency=agency, **d)), "抽查任务已创建"
    else:
        save, done = (lambda d: services.task_update(actor=request.user, task=task, **d)), "抽查任务已修改"
    return form_step(request, form, save, done, lambda t: reverse("draws:detail", args=[t.pk]), on_form=True) \
        or render(request, "draws/create.html", {**page, "form": form})


@requires(Capability.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def task_create(request):
    return _task_page(request, Agency.objects.get(pk=highest_grant(request.user, Capability.PLAN_EDIT).agency_id))


@requires(Capability.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def task_edit(request, pk: int):
    task = sel.task_get_for(request.user, pk, Capability.PLAN_EDIT)
    if task.status != "draft":
        messages.error(request, "只有草稿任务可以修改；公布承诺值后任务不再更改")
        return redirect("draws:detail", pk=task.pk)
    return _task_page(request, task.agency, task)


@requires(Capability.PLAN_VIEW)
def task_detail(request, pk: int):
    task = sel.task_get_for(request.user, pk)
    current = task.current_draw()
    reveal = sel.sees_draw(request.user, task)
    can_edit = can(request.user, Capability.PLAN_EDIT, task.agency.region_id)
    preview = sel.task_preview(request.user, task.agency, task.strata, year=task.year, period_from=task.period_from,
                               cross_region=task.cross_region, officers_per_target=task.officers_per_target,
                               today=timezone.localdate(), recent_window_days=task.recent_window_days) if can_edit and task.status == "draft" else None
    return render(request, "draws/detail.html", {
        "task": task, "draw": current, "counts": sel.pool_counts(task), "reveal": reveal, "preview": preview,
        "rows": sel.visible_target_rows(request.user, task, current),
        "history": sel.draw_history(task) if reveal else [], "form": SecretForm(),
        "can_edit": can_edit,
        "late": bool(task.disclosure_deadline and not task.disclosed_on
                     and task.disclosure_deadline < timezone.localdate())})


def _act(request, pk: int, form_class, action):
    """A POSTed step on the task: ``action(task, data)`` returns the success message; refusals become messages."""
    task = sel.task_get_for(request.user, pk, Capability.PLAN_EDIT)
    return post_step(request, task, form_class, action, lambda message: message,
                     reverse("draws:detail", args=[task.pk]))


@requires(Capability.PLAN_EDIT)
@require_POST
def task_commit(request, pk: int):
    def act(task, data):
        services.task_commit(actor=request.user, task=task, secret=data["secret"])
        return "承诺值和抽取对象库已公布"
    return _act(request, pk, SecretForm, act)


@requires(Capability.PLAN_EDIT)
@require_POST
def task_draw(request, pk: int):
    def act(task, data):
        if task.current_draw() is not None:
            services.task_redraw(actor=request.user, task=task, reason=data["reason"], secret=data["secret"],
                                 witness_entropy=data["witness_entropy"])
            return "已重新抽取，原抽取记录保留"
        services.task_draw(actor=request.user, task=task, secret=data["secret"],
                           witness_entropy=data["witness_entropy"])
        return "抽取完成"
    return _act(request, pk, SecretForm, act)


@requires(Capability.PLAN_EDIT)
@require_POST
def task_inspections(request, pk: int):
    return _act(request, pk, None, lambda task, d: (
        f"已生成 {services.task_plan_inspections(actor=request.user, task=task)} 项检查计划"))


@requires(Capability.PLAN_EDIT)
@require_POST
def task_complete(request, pk: int):
    def act(task, d):
        services.task_complete(actor=request.user, task=task)
        return f"任务已完成，结果须于 {task.disclosure_deadline:%Y-%m-%d} 前公示"
    return _act(request, pk, None, act)


@requires(Capability.PLAN_EDIT)
@require_POST
def task_disclose(request, pk: int):
    def act(task, d):
        services.task_disclose(actor=request.user, task=task)
        return "已登记结果公示"
    return _act(request, pk, None, act)


def _record_response(draw, task) -> HttpResponse:
    response = HttpResponse(draw.record_text(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{task.pk}-{draw.pk}.json"'
    return response


@requires(Capability.PLAN_VIEW)
def draw_record(request, pk: int, draw_pk: int):
    task = sel.task_get_for(request.user, pk)
    draw = sel.draw_get(task, draw_pk)
    if not sel.sees_draw(request.user, task):
        raise PermissionDenied("结果公示前，抽取记录仅限任务承办人员查看")
    return _record_response(draw, task)


@requires(Capability.PLAN_VIEW)
def draw_results_xlsx(request, pk: int):
    """The current draw's result list as the reader may see it: all targets for the task's owners (and everyone
    once disclosed), an assigned officer's own targets before that."""
    task = sel.task_get_for(request.user, pk)
    draw = task.current_draw()
    if draw is None:
        raise Http404("draw")
    rows = sel.visible_target_rows(request.user, task, draw)
    if not rows and not sel.sees_draw(request.user, task):
        raise PermissionDenied("结果公示前，抽取结果仅限任务承办人员和分派的执法人员查看")
    response = HttpResponse(results_xlsx(task, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="draw-{task.pk}-{draw.pk}-results.xlsx"'
    return response


@requires(Capability.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def conflict_list(request):
    officers = Officer.objects.filter(scope_q(request.user, Capability.PLAN_EDIT))
    form = ConflictForm(request.POST or None, officers=officers)
    return form_step(request, form, lambda d: services.conflict_declare(
        actor=request.user, officer=d["officer"], enterprise=sel.conflict_enterprise_get(request.user, d["enterprise"]),
        reason=d["reason"]), "回避关系已登记", "draws:conflicts", on_form=True) \
        or render(request, "draws/conflicts.html", {"form": form,
                                                    "conflicts": sel.conflict_list_for(request.user)[:500]})


@public
def public_list(request):
    return render(request, "draws/public_list.html", {"tasks": sel.public_task_list()[:200]})


@public
def public_detail(request, pk: int):
    task = sel.task_get_public(pk)
    current = task.current_draw()
    reveal = sel.sees_draw(None, task)
    return render(request, "draws/public_detail.html", {
        "task": task, "draw": current, "counts": sel.pool_counts(task), "reveal": reveal,
        "history": sel.draw_history(task) if reveal else [], "rows": sel.visible_target_rows(None, task, current)})


@public
def public_record(request, pk: int, draw_pk: int):
    task = sel.task_get_public(pk)
    draw = sel.draw_get(task, draw_pk)
    if not sel.sees_draw(None, task):  # before disclosure the record is not published
        raise Http404("draw")
    return _record_response(draw, task)
