"""双随机抽查 pages: tasks, commitment and draw, results and disclosure, conflicts, and the public page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import agencies_for, can, scope_q
from anjian.accounts.capabilities import public, requires
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Capability
from anjian.draws import selectors as sel
from anjian.draws import services
from anjian.draws.errors import DrawInvalid
from anjian.draws.forms import ConflictForm, SecretForm, TaskForm
from anjian.enterprises.models import Enterprise
from anjian.officers.models import Officer
from anjian.regions.models import Agency, Department


@requires(Capability.PLAN_VIEW)
def task_list(request):
    return render(request, "draws/list.html", {
        "tasks": sel.task_list_for(request.user)[:200],
        "due": sel.disclosure_list_for(request.user, timezone.localdate()),
        "can_create": bool(agencies_for(request.user, Capability.PLAN_EDIT))})


@requires(Capability.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def task_create(request):
    grants = agencies_for(request.user, Capability.PLAN_EDIT)
    agency = Agency.objects.get(pk=min(grants, key=lambda g: len(g.prefix)).agency_id)
    form = TaskForm(request.POST or None, departments=Department.objects.filter(agency=agency),
                    initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(actor=request.user, agency=agency, **form.cleaned_data)
        except DrawInvalid as exc:
            for e in exc.errors:
                form.add_error(None, e)
        else:
            messages.success(request, "抽查任务已创建")
            return redirect("draws:detail", task.pk)
    return render(request, "draws/create.html", {"form": form, "agency": agency})


@requires(Capability.PLAN_VIEW)
def task_detail(request, pk: int):
    task = sel.task_get_for(request.user, pk)
    current = task.current_draw()
    reveal = sel.sees_draw(request.user, task)
    return render(request, "draws/detail.html", {
        "task": task, "draw": current, "counts": sel.pool_counts(task), "reveal": reveal,
        "rows": sel.visible_target_rows(request.user, task, current),
        "history": sel.draw_history(task) if reveal else [], "form": SecretForm(),
        "can_edit": can(request.user, Capability.PLAN_EDIT, task.agency.region_id),
        "late": bool(task.disclosure_deadline and not task.disclosed_on
                     and task.disclosure_deadline < timezone.localdate())})


def _act(request, pk: int, action):
    task = sel.task_get_for(request.user, pk, Capability.PLAN_EDIT)
    try:
        message = action(task)
    except (ServiceInvalid, ServiceConflict, ServiceDenied) as exc:  # every refusal is a message, never a 500
        for e in getattr(exc, "errors", None) or [str(exc)]:
            messages.error(request, e)
    except PermissionDenied as exc:
        raise Http404("task") from exc
    else:
        messages.success(request, message)
    return redirect("draws:detail", task.pk)


def _secret(request) -> dict:
    form = SecretForm(request.POST)
    if not form.is_valid():
        raise DrawInvalid([e for errs in form.errors.values() for e in errs])
    return form.cleaned_data


@requires(Capability.PLAN_EDIT)
@require_POST
def task_commit(request, pk: int):
    def act(task):
        services.task_commit(actor=request.user, task=task, secret=_secret(request)["secret"])
        return "承诺值和抽取对象库已公布"
    return _act(request, pk, act)


@requires(Capability.PLAN_EDIT)
@require_POST
def task_draw(request, pk: int):
    def act(task):
        data = _secret(request)
        if task.current_draw() is not None:
            services.task_redraw(actor=request.user, task=task, reason=data["reason"], secret=data["secret"],
                                 witness_entropy=data["witness_entropy"])
            return "已重新抽取，原抽取记录保留"
        services.task_draw(actor=request.user, task=task, secret=data["secret"],
                           witness_entropy=data["witness_entropy"])
        return "抽取完成"
    return _act(request, pk, act)


@requires(Capability.PLAN_EDIT)
@require_POST
def task_inspections(request, pk: int):
    def act(task):
        d = task.current_draw()
        if d is None:
            raise DrawInvalid("尚未抽取")
        return f"已生成 {services.draw_create_inspections(actor=request.user, draw=d)} 项检查计划"
    return _act(request, pk, act)


@requires(Capability.PLAN_EDIT)
@require_POST
def task_complete(request, pk: int):
    def act(task):
        services.task_complete(actor=request.user, task=task)
        return f"任务已完成，结果须于 {task.disclosure_deadline:%Y-%m-%d} 前公示"
    return _act(request, pk, act)


@requires(Capability.PLAN_EDIT)
@require_POST
def task_disclose(request, pk: int):
    def act(task):
        services.task_disclose(actor=request.user, task=task)
        return "已登记结果公示"
    return _act(request, pk, act)


def _record_response(draw, task) -> HttpResponse:
    response = HttpResponse(draw.record_text(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="draw-{task.pk}-{draw.pk}.json"'
    return response


@requires(Capability.PLAN_VIEW)
def draw_record(request, pk: int, draw_pk: int):
    task = sel.task_get_for(request.user, pk)
    draw = task.draws.filter(pk=draw_pk).first()
    if draw is None:
        raise Http404("draw")
    if not sel.sees_draw(request.user, task):
        raise PermissionDenied("结果公示前，抽取记录仅限任务承办人员查看")
    return _record_response(draw, task)


@requires(Capability.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def conflict_list(request):
    officers = Officer.objects.filter(scope_q(request.user, Capability.PLAN_EDIT))
    form = ConflictForm(request.POST or None, officers=officers)
    if request.method == "POST" and form.is_valid():
        enterprise = Enterprise.objects.filter(scope_q(request.user, Capability.PLAN_VIEW),
                                               pk=form.cleaned_data["enterprise"]).first()
        if enterprise is None:
            form.add_error("enterprise", "单位不存在或不在本辖区")
        else:
            try:
                services.conflict_declare(actor=request.user, officer=form.cleaned_data["officer"],
                                          enterprise=enterprise, reason=form.cleaned_data["reason"])
            except DrawInvalid as exc:
                for e in exc.errors:
                    form.add_error(None, e)
            else:
                messages.success(request, "回避关系已登记")
                return redirect("draws:conflicts")
    return render(request, "draws/conflicts.html", {"form": form,
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
    draw = task.draws.filter(pk=draw_pk).first()
    if draw is None or not sel.sees_draw(None, task):  # before disclosure the record is not published
        raise Http404("draw")
    return _record_response(draw, task)
