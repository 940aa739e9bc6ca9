"""Writes that turn a round's groups into pairings, supervision assignments and teams."""

from collections.abc import Mapping, Sequence
from datetime import date

from django.db import transaction

from anjian.audit.services import audit_record
from anjian.campaigns.models import CampaignPairing, CampaignRound, DemonstrationTeam
from anjian.campaigns.services import require
from anjian.campaigns.units import group_of, unit_name, unit_names
from anjian.common.errors import ServiceInvalid
from anjian.domain.campaign_rules import CampaignInvalid, enterprise_count_problems, round_pairs
from anjian.domain.permissions import Capability
from anjian.domain.supervision_rules import covers
from anjian.inspections.services import OFFICERS_UNAVAILABLE
from anjian.officers.models import Officer
from anjian.officers.selectors import expert_list_for
from anjian.regions.models import Agency
from anjian.supervision.services import assignment_enterprises_add, cross_region_assignment_issue

TEAM_MIN = 2


def campaign_pairings_generate(*, actor, round: CampaignRound) -> list[CampaignPairing]:
    """(Re)generate the round's pairings from its groups. Idempotent: unchanged pairs keep their rows."""
    organiser = round.campaign.organiser
    require(actor, Capability.PLAN_EDIT, organiser.region_id, "编排该异地执法检查")
    groups = list(round.groups.prefetch_related("memberships__agency__region").order_by("number"))
    agencies = {m.agency.region_id: m.agency for g in groups for m in g.memberships.all()}
    agencies[organiser.region_id] = organiser
    try:
        pairs = round_pairs([group_of(g) for g in groups], team=organiser.region_id,
                            names=unit_names(agencies.values()))
    except CampaignInvalid as exc:
        raise ServiceInvalid(exc.problems) from exc
    by_number = {g.number: g for g in groups}
    wanted = {(p.inspecting, p.inspected): p for p in pairs}
    with transaction.atomic():
        existing = {(x.inspecting_agency.region_id, x.inspected_agency.region_id): x
                    for x in round.pairings.select_related("inspecting_agency", "inspected_agency")}
        stale = [x for key, x in existing.items() if key not in wanted]
        if any(x.assignment_id for x in stale):
            raise ServiceInvalid("已下达异地执法任务的检查安排不能因调整分组而删除，请先处理该任务")
        CampaignPairing.objects.filter(pk__in=[x.pk for x in stale]).delete()
        for position, p in enumerate(pairs, start=1):
            fields = {"group": by_number[p.group], "position": position}
            row = existing.get((p.inspecting, p.inspected))
            if row is None:
                CampaignPairing.objects.create(round=round, inspecting_agency=agencies[p.inspecting],
                                               inspected_agency=agencies[p.inspected], **fields)
            else:
                CampaignPairing.objects.filter(pk=row.pk).update(**fields)
        audit_record(actor=actor, agency=organiser, verb="campaign_pairings_generate", target=round,
                     new={"pairs": [[p.inspecting, p.inspected] for p in pairs],
                          "removed": [[x.inspecting_agency.region_id, x.inspected_agency.region_id] for x in stale]})
    return list(round.pairings.select_related("inspecting_agency__region", "inspected_agency__region", "group"))


def pairing_label(pairing: CampaignPairing) -> str:
    return f"{unit_name(pairing.inspecting_agency)}检查{unit_name(pairing.inspected_agency)}"


def campaign_round_assign(*, actor, round: CampaignRound, enterprises: Mapping[int, Sequence]) -> list[str]:
    """Issue a supervision CrossRegionAssignment for each pairing given enterprises (pairing id → enterprises).

    A pairing without enterprises yet is issued anyway (the home side attaches them later); enterprises given
    for an already issued pairing are added to its assignment. Returns warnings (fewer than the minimum).
    """
    campaign = round.campaign
    require(actor, Capability.PLAN_EDIT, campaign.organiser.region_id, "下达该异地执法检查任务")
    pairings = {p.pk: p for p in round.pairings.select_related("group", "assignment", "inspecting_agency__region",
                                                               "inspected_agency__region")}
    unknown = [pk for pk in enterprises if pk not in pairings]
    if unknown:
        raise ServiceInvalid("所选检查安排不属于该轮次")
    warnings: list[str] = []
    with transaction.atomic():
        for pk, chosen in enterprises.items():
            pairing = pairings[pk]
            chosen = list({e.pk: e for e in chosen}.values())
            if pairing.assignment_id:
                assignment = pairing.assignment
                if chosen:
                    assignment_enterprises_add(actor=actor, assignment=assignment, enterprises=chosen)
            else:
                assignment = cross_region_assignment_issue(
                    actor=actor, visiting_agency=pairing.inspecting_agency, home_agency=pairing.inspected_agency,
                    enterprises=chosen, round_label=f"{campaign.year}年{round.name}", mode=pairing.group.mode,
                    period_from=round.date_from, period_to=round.date_to, enterprises_later=True)
            count = assignment.enterprises.count()
            CampaignPairing.objects.filter(pk=pk).update(assignment=assignment, enterprises_target=count)
            warnings += enterprise_count_problems(pairing.group.mode, count, pairing_label(pairing))
        audit_record(actor=actor, agency=campaign.organiser, verb="campaign_round_assign", target=round,
                     new={"pairings": sorted(pk for pk, e in enterprises.items() if e), "warnings": warnings})
    return warnings


def _team_problems(officers: Sequence[Officer], ids: Sequence[int], today: date, allowed) -> list[str]:
    """An officer who may not join (``allowed`` False) reads like an unknown id: neither is named."""
    officers = [o for o in officers if allowed(o)]
    errors = [OFFICERS_UNAVAILABLE] if len(officers) != len(ids) else []
    for o in officers:
        if o.status != "active" or o.certificate_expires < today or not o.in_post:
            errors.append(f"{o.name}的执法证无效、已过期或不在岗，不能编入检查组")
    if len(ids) < TEAM_MIN:
        errors.append(f"检查组执法人员不少于{TEAM_MIN}人")
    return errors


def campaign_team_form(*, actor, pairing: CampaignPairing, officer_ids: Sequence[int], expert_ids: Sequence[int],
                       today: date) -> CampaignPairing:
    """The inspecting agency's team: its own officers with valid certificates (≥2) plus experts."""
    inspecting = pairing.inspecting_agency
    require(actor, Capability.PLAN_EDIT, inspecting.region_id, "为该检查单位组建检查组")
    ids = list(dict.fromkeys(int(i) for i in officer_ids))
    officers = list(Officer.objects.filter(pk__in=ids))
    experts = list(expert_list_for(actor).filter(pk__in=set(expert_ids), is_active=True))
    errors = _team_problems(officers, ids, today, lambda o: o.agency_id == inspecting.pk)
    if len(experts) != len(set(expert_ids)):
        errors.append("所选专家不存在或已出库")
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        pairing.officers.set(officers)
        pairing.experts.set(experts)
        audit_record(actor=actor, agency=inspecting, verb="campaign_team_form", target=pairing,
                     new={"officers": ids, "experts": sorted(e.pk for e in experts)})
    return pairing


def campaign_demonstration_team_form(*, actor, round: CampaignRound, officer_ids: Sequence[int],
                                     expert_ids: Sequence[int], today: date) -> DemonstrationTeam:
    """示范式: officers drawn from the cities and counties under the organiser (≥2) plus experts."""
    organiser: Agency = round.campaign.organiser
    require(actor, Capability.PLAN_EDIT, organiser.region_id, "组建示范式检查组")
    ids = list(dict.fromkeys(int(i) for i in officer_ids))
    officers = list(Officer.objects.filter(pk__in=ids))
    experts = list(expert_list_for(actor).filter(pk__in=set(expert_ids), is_active=True))
    errors = _team_problems(officers, ids, today, lambda o: covers(organiser.region_id, o.region_id))
    if len(experts) != len(set(expert_ids)):
        errors.append("所选专家不存在或已出库")
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        team, _ = DemonstrationTeam.objects.get_or_create(round=round)
        team.officers.set(officers)
        team.experts.set(experts)
        audit_record(actor=actor, agency=organiser, verb="campaign_demonstration_team_form", target=team,
                     new={"officers": ids, "experts": sorted(e.pk for e in experts)})
    return team
