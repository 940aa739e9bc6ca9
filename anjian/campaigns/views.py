"""Pages of cross-region campaigns: list, detail (rounds, groups, checks, arrangement, deadlines, statistics),
add round / group, generate pairings, issue assignments, approve, exports."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import can
from anjian.accounts.capabilities import requires
from anjian.campaigns import selectors as sel
from anjian.campaigns import services, services_pairing
from anjian.campaigns.exports import export
from anjian.campaigns.statistics import COLUMNS, reporting_units, statistics_rows
from anjian.campaigns.units import unit_name
from anjian.common.errors import ServiceInvalid
from anjian.common.service_views import post_step
from anjian.domain.campaign_rules import MODES
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.officers.models import Officer
from anjian.officers.selectors import expert_list_for
from anjian.regions.models import Agency
from anjian.supervision.selectors import NOT_IN_HOME_REGION, enterprises_named


@requires(Capability.PLAN_VIEW)
def campaign_list(request):
    return render(request, "campaigns/campaign_list.html", {"campaigns": sel.campaign_list_for(request.user)})


@requires(Capability.PLAN_VIEW)
def campaign_detail(request, pk: int):
    campaign = sel.campaign_get_for(request.user, pk)
    today = timezone.localdate()
    rounds = [(r, sel.round_problems(r), sorted(r.pairings.all(), key=lambda p: (p.group.number, p.position)))
              for r in sel.rounds_of(campaign)]
    units = Agency.objects.select_related("region").filter(
        region__code__startswith=campaign.organiser.region.prefix).exclude(pk=campaign.organiser.pk)
    return render(request, "campaigns/campaign_detail.html", {
        "campaign": campaign, "rounds": rounds, "deadlines": sel.deadlines_of(campaign, today),
        "arrangement": sel.arrangement_table(campaign), "statistics": statistics_rows(campaign),
        "reporting_units": reporting_units(campaign),
        "columns": COLUMNS, "modes": MODES, "can_edit": sel.can_edit(request.user, campaign),
        "can_approve": can(request.user, Capability.PLAN_APPROVE, campaign.organiser.region_id),
        "units": [(a.pk, unit_name(a)) for a in units]})


def _editable(request, pk: int):
    campaign = sel.campaign_get_for(request.user, pk)
    if not sel.can_edit(request.user, campaign):
        raise PermissionDenied
    return campaign


def _detail(campaign) -> str:
    return reverse("campaigns:detail", args=[campaign.pk])


def _step(request, campaign, run, done: str):
    """A POSTed step of the campaign page: ``run(POST)``; refusals and ``done`` as messages, back to the campaign."""
    return post_step(request, campaign, None, lambda c, p: run(p), done, _detail(campaign))


@requires(Capability.PLAN_EDIT)
@require_POST
def round_add(request, pk: int):
    campaign = _editable(request, pk)

    def add(p):
        try:
            number = int(p.get("number", ""))
            date_from, date_to = date.fromisoformat(p.get("date_from", "")), date.fromisoformat(p.get("date_to", ""))
        except ValueError as exc:
            raise ServiceInvalid("请填写轮次序号和检查期间（日期格式 YYYY-MM-DD）") from exc
        return services.campaign_round_add(actor=request.user, campaign=campaign, number=number,
                                           name=p.get("name", ""), date_from=date_from, date_to=date_to,
                                           mode_notes={m: p.get(f"note_{m}", "") for m in MODES})
    return _step(request, campaign, add, "已添加轮次")


@requires(Capability.PLAN_EDIT)
@require_POST
def group_add(request, pk: int, round_pk: int):
    campaign = _editable(request, pk)
    rnd = sel.round_get_for(request.user, campaign, round_pk)
    ids = [int(i) for i in request.POST.getlist("members") if digits(i)]
    by_id = {a.pk: a for a in Agency.objects.select_related("region").filter(pk__in=ids)}
    members = [by_id[i] for i in ids if i in by_id]
    return _step(request, campaign, lambda p: services.campaign_group_add(
        actor=request.user, round=rnd, mode=p.get("mode", ""), members=members), "已添加检查组")


@requires(Capability.PLAN_EDIT)
@require_POST
def pairings_generate(request, pk: int, round_pk: int):
    campaign = _editable(request, pk)
    rnd = sel.round_get_for(request.user, campaign, round_pk)
    return _step(request, campaign, lambda p: services_pairing.campaign_pairings_generate(
        actor=request.user, round=rnd), "已生成检查安排")


@requires(Capability.PLAN_EDIT)
@require_POST
def round_assign(request, pk: int, round_pk: int):
    """Issue assignments: one field per pairing, `enterprises_<pairing id>` = ids or USCCs separated by spaces."""
    campaign = _editable(request, pk)
    rnd = sel.round_get_for(request.user, campaign, round_pk)

    def assign(p):
        chosen, unknown = {}, []
        for pairing in rnd.pairings.select_related("inspected_agency__region"):
            chosen[pairing.pk], missing = enterprises_named(p.get(f"enterprises_{pairing.pk}", ""),
                                                            pairing.inspected_agency.region_id)
            unknown += missing
        if unknown:
            raise ServiceInvalid(NOT_IN_HOME_REGION.format(tokens="、".join(unknown)))
        for w in services_pairing.campaign_round_assign(actor=request.user, round=rnd, enterprises=chosen):
            messages.warning(request, w)
    return _step(request, campaign, assign, "已下达异地执法任务")


@requires(Capability.PLAN_APPROVE)
@require_POST
def campaign_approve(request, pk: int):
    campaign = sel.campaign_get_for(request.user, pk)
    return _step(request, campaign, lambda p: services.campaign_approve(actor=request.user, campaign=campaign),
                 "已批准异地执法检查安排")


@requires(Capability.PLAN_VIEW)
def table_export(request, pk: int, which: str, fmt: str):
    campaign = sel.campaign_get_for(request.user, pk)
    if which not in ("arrangement", "statistics") or fmt not in ("xlsx", "docx"):
        raise Http404
    unit = None
    if request.GET.get("unit"):  # 附件3 as one inspecting unit fills it in
        unit = next((a for a in reporting_units(campaign) if str(a.pk) == request.GET["unit"]), None)
        if unit is None:
            raise Http404
    content, filename, content_type = export(campaign, which, fmt, unit=unit, on=timezone.localdate())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@requires(Capability.PLAN_EDIT)
@require_http_methods(["GET", "POST"])
def pairing_team(request, pk: int, pairing_pk: int):
    """The inspecting agency forms its team for one pairing: its own officers (≥2, valid certificates) + experts."""
    campaign = sel.campaign_get_for(request.user, pk)
    pairing = sel.pairing_get_for(request.user, campaign, pairing_pk)
    if not can(request.user, Capability.PLAN_EDIT, pairing.inspecting_agency.region_id):
        raise PermissionDenied
    if request.method == "POST":  # refused: back to this page with the reasons
        return post_step(request, pairing, None, lambda x, p: services_pairing.campaign_team_form(
            actor=request.user, pairing=x, officer_ids=[int(i) for i in p.getlist("officers") if digits(i)],
            expert_ids=[int(i) for i in p.getlist("experts") if digits(i)], today=timezone.localdate()),
            "已组建检查组", _detail(campaign), back=request.path)
    officers = Officer.objects.filter(agency=pairing.inspecting_agency, status="active", in_post=True,
                                      certificate_expires__gte=timezone.localdate()).order_by("name")
    return render(request, "campaigns/pairing_team.html", {
        "campaign": campaign, "pairing": pairing, "officers": officers, "experts": expert_list_for(request.user),
        "chosen_officers": set(pairing.officers.values_list("pk", flat=True)),
        "chosen_experts": set(pairing.experts.values_list("pk", flat=True))})


@requires(Capability.PLAN_EDIT)
@require_POST
def deadline_done(request, pk: int):
    campaign = _editable(request, pk)
    return _step(request, campaign, lambda p: services.campaign_deadline_done(
        actor=request.user, campaign=campaign, name=p.get("name", "")), "已标记为完成")
