"""Pages of 异地检查、属地办案: assignments, planning assigned inspections, handover forms (inbox, chain, print)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import can
from anjian.accounts.capabilities import requires
from anjian.common.service_views import form_step, post_step
from anjian.domain.permissions import Capability
from anjian.supervision import selectors as sel
from anjian.supervision import services
from anjian.supervision import services_handover as handover
from anjian.supervision.forms import AcknowledgeForm, AssignmentForm, CrossRegionPlanForm, ItemActionForm


@requires(Capability.INSPECTION_VIEW)
def assignment_list(request):
    today = timezone.localdate()
    assignments = list(sel.assignment_list_for(request.user).prefetch_related("enterprises"))
    active_ids = set(sel.active_assignments_for(request.user, today).values_list("pk", flat=True))
    rows = [(a, sel.assignment_inspections(a), a.pk in active_ids) for a in assignments]
    return render(request, "supervision/assignment_list.html", {
        "rows": rows, "today": today, "can_issue": bool(sel.assignment_issuers_for(request.user))})


@requires(Capability.INSPECTION_APPROVE)
@require_http_methods(["GET", "POST"])
def assignment_create(request):
    issuers = sel.assignment_issuers_for(request.user)
    agencies = sorted({a.pk: a for i in issuers for a in sel.agencies_under(i)}.values(), key=lambda a: a.region_id)
    form = AssignmentForm(request.POST or None, agencies=agencies)
    by_id = {a.pk: a for a in agencies}

    def issue(d):
        home = by_id[d["home_agency"]]
        return services.cross_region_assignment_issue(
            actor=request.user, visiting_agency=by_id[d["visiting_agency"]], home_agency=home,
            enterprises=sel.enterprises_in_home_region(d["enterprises"], home.region_id), round_label=d["round_label"],
            mode=d["mode"], period_from=d["period_from"], period_to=d["period_to"])
    return form_step(request, form, issue, "已下达异地执法任务", lambda a: reverse("supervision:assignment", args=[a.pk])) \
        or render(request, "form.html", {"form": form, "title": "下达异地执法任务"})


@requires(Capability.INSPECTION_VIEW)
def assignment_detail(request, pk: int):
    assignment = sel.assignment_get_for(request.user, pk)
    today = timezone.localdate()
    plannable = set(sel.assigned_enterprises_for(request.user, today).filter(
        cross_region_assignments=assignment).values_list("pk", flat=True))
    return render(request, "supervision/assignment_detail.html", {
        "a": assignment, "enterprises": assignment.enterprises.select_related("region"),
        "inspections": sel.assignment_inspections(assignment), "plannable": plannable,
        "handovers": assignment.handovers.select_related("enterprise")})


@requires(Capability.INSPECTION_APPROVE)
@require_POST
def assignment_enterprises(request, pk: int):
    """The home agency (or the issuer) names the enterprises to inspect: ids or USCCs separated by spaces."""
    assignment = sel.assignment_get_for(request.user, pk)

    def add(a, d):
        chosen = sel.enterprises_in_home_region(d.get("enterprises", ""), a.home_agency.region_id)
        services.assignment_enterprises_add(actor=request.user, assignment=a, enterprises=chosen)
        return len(chosen)
    return post_step(request, assignment, None, add, lambda n: f"已确定被检查单位 {n} 家",
                     reverse("supervision:assignment", args=[pk]))


@requires(Capability.INSPECTION_EDIT)
@require_http_methods(["GET", "POST"])
def assignment_plan(request, pk: int, enterprise_id: int):
    today = timezone.localdate()
    assignment = sel.assignment_get_for(request.user, pk)
    enterprise = sel.assignment_enterprise_get(request.user, assignment, enterprise_id, today)
    form = CrossRegionPlanForm(request.POST or None, officers=sel.visiting_officers_for(assignment))
    return form_step(request, form, lambda d: services.cross_region_inspection_plan(
        actor=request.user, assignment=assignment, enterprise=enterprise, planned_date=d["planned_date"],
        officer_ids=d["officers"], leader_id=d["leader"], place=d["place"], today=today),
        "已创建异地执法检查，待审批", lambda i: reverse("inspections:detail", args=[i.pk])) \
        or render(request, "form.html", {"form": form, "title": f"异地执法检查：{enterprise.name}"})


@requires(Capability.HANDOVER_ACT)
@require_POST
def handover_generate(request, pk: int):
    inspection = sel.inspection_for_handover(request.user, pk)
    link = getattr(inspection, "cross_region_link", None)
    back = reverse("supervision:assignment", args=[link.assignment_id]) if link else reverse("supervision:assignments")
    return post_step(request, inspection, None, lambda i, d: handover.handover_form_generate(
        actor=request.user, inspection=i), "已生成问题移交表（草稿）",
        lambda f: reverse("supervision:handover", args=[f.pk]), back=back)


@requires(Capability.HANDOVER_ACT)
def handover_inbox(request):
    return render(request, "supervision/handover_list.html", {
        "title": "问题移交表收件箱", "forms": sel.handover_inbox_for(request.user)})


@requires(Capability.INSPECTION_VIEW)
def handover_outbox(request):
    return render(request, "supervision/handover_list.html", {
        "title": "本机关移交的问题移交表", "forms": sel.handover_outbox_for(request.user)})


@requires(Capability.INSPECTION_VIEW)
def handover_detail(request, pk: int):
    form = sel.handover_get_for(request.user, pk)
    side = sel.handover_side(request.user, form)
    home_act = side == "home" and can(request.user, Capability.HANDOVER_ACT, form.home_agency.region_id)
    visiting_act = can(request.user, Capability.HANDOVER_ACT, form.visiting_agency.region_id)
    return render(request, "supervision/handover_detail.html", {
        "f": form, "side": side, "items": form.items.select_related("hazard", "acted_by"),
        "acks": form.acknowledgements.all(), "inspection": form.inspection, "assignment": form.assignment,
        "home_act": home_act, "visiting_act": visiting_act,
        "ack_form": AcknowledgeForm(officers=sel.home_officers_for(form)) if home_act else None,
        "action_form": ItemActionForm()})


@requires(Capability.INSPECTION_VIEW)
def handover_print(request, pk: int):
    form = sel.handover_get_for(request.user, pk)
    return render(request, "supervision/handover_print.html", {
        "f": form, "items": form.items.all(), "acks": form.acknowledgements.all()})


def _handover_action(request, pk: int, form_class, run, done: str, **form_kwargs):
    form = sel.handover_get_for(request.user, pk)
    return post_step(request, form, form_class, run, done, reverse("supervision:handover", args=[pk]),
                     **form_kwargs)


@requires(Capability.HANDOVER_ACT)
@require_POST
def handover_send(request, pk: int):
    return _handover_action(request, pk, None, lambda f, d: handover.handover_form_send(actor=request.user, form=f),
                            "已移交属地机关")


@requires(Capability.HANDOVER_ACT)
@require_POST
def handover_acknowledge(request, pk: int):
    return _handover_action(request, pk, AcknowledgeForm, lambda f, d: handover.handover_form_acknowledge(
        actor=request.user, form=f, officer_ids=d["officers"], today=timezone.localdate()), "已签收")


@requires(Capability.HANDOVER_ACT)
@require_POST
def handover_item_act(request, pk: int, item_id: int):
    item = sel.handover_item_get(sel.handover_get_for(request.user, pk), item_id)
    return _handover_action(request, pk, ItemActionForm, lambda f, d: handover.handover_item_act(
        actor=request.user, item=item, action=d["action"], deadline=d["deadline"], note=d["note"],
        today=timezone.localdate()), "已记录处理结果")


@requires(Capability.HANDOVER_ACT)
@require_POST
def handover_close(request, pk: int):
    return _handover_action(request, pk, None, lambda f, d: handover.handover_form_close(actor=request.user, form=f),
                            "问题移交表已办结")
