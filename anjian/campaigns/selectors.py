"""Reads of campaigns, scoped: a campaign is visible (PLAN_VIEW) to the organiser's region and above, and to
every agency involved in it (group member, inspecting or inspected) and the agencies above those. Others 404.
"""

from datetime import date

from django.db.models import Q

from anjian.accounts.access import can, scope_prefixes
from anjian.campaigns.models import Campaign, CampaignPairing, CampaignRound
from anjian.campaigns.units import group_of, unit_name, unit_names
from anjian.common.errors import NotFound
from anjian.domain.campaign_rules import (
    MODE_ORDER,
    MODES,
    CampaignInvalid,
    arrangement_text,
    deadline_statuses,
    enterprise_count_problems,
    group_problems,
    round_pairs,
)
from anjian.domain.permissions import Capability


def _visible_q(user) -> Q:
    q = Q(pk__in=[])
    for prefix in scope_prefixes(user, Capability.PLAN_VIEW):
        q |= Q(organiser__region__code__startswith=prefix)
        q |= Q(rounds__groups__memberships__agency__region__code__startswith=prefix)
        q |= Q(rounds__pairings__inspecting_agency__region__code__startswith=prefix)
    return q


def campaign_list_for(user):
    return Campaign.objects.filter(_visible_q(user)).distinct().select_related("organiser__region")


def campaign_get_for(user, pk: int) -> Campaign:
    campaign = campaign_list_for(user).filter(pk=pk).first()
    if campaign is None:
        raise NotFound()
    return campaign


def round_get_for(user, campaign: Campaign, pk: int) -> CampaignRound:
    rnd = campaign.rounds.filter(pk=pk).first()
    if rnd is None:
        raise NotFound()
    return rnd


def pairing_get_for(user, campaign: Campaign, pk: int) -> CampaignPairing:
    pairing = CampaignPairing.objects.filter(round__campaign=campaign, pk=pk).select_related(
        "inspecting_agency__region", "inspected_agency__region", "group", "round").first()
    if pairing is None:
        raise NotFound()
    return pairing


def can_edit(user, campaign: Campaign) -> bool:
    return can(user, Capability.PLAN_EDIT, campaign.organiser.region_id)


def rounds_of(campaign: Campaign) -> list[CampaignRound]:
    return list(campaign.rounds.prefetch_related("groups__memberships__agency__region",
                                                 "pairings__inspecting_agency__region",
                                                 "pairings__inspected_agency__region", "pairings__group",
                                                 "pairings__officers", "pairings__experts"))


def round_problems(rnd: CampaignRound) -> list[str]:
    """Validation messages of the round's groups and enterprise-count warnings of its assigned pairings."""
    groups = list(rnd.groups.all())
    names = unit_names(m.agency for g in groups for m in g.memberships.all())
    problems = group_problems([group_of(g) for g in groups], names)
    for p in rnd.pairings.all():
        if p.assignment_id:
            problems += enterprise_count_problems(
                p.group.mode, p.enterprises_target,
                f"{unit_name(p.inspecting_agency)}检查{unit_name(p.inspected_agency)}")
    if groups and not rnd.pairings.exists():
        problems.append("尚未生成检查安排")
    return problems


def arrangement_rows(campaign: Campaign) -> list[tuple[str, str, int, str, str]]:
    """Detailed table: (轮次, 执法模式, 组号, 检查单位, 被检查单位), one row per generated pairing."""
    rows = []
    for rnd in rounds_of(campaign):
        for p in sorted(rnd.pairings.all(), key=lambda p: (p.group.number, p.position)):
            rows.append((rnd.name, MODES[p.group.mode], p.group.number, unit_name(p.inspecting_agency),
                         unit_name(p.inspected_agency)))
    return rows


def arrangement_table(campaign: Campaign) -> list[tuple[str, str, str]]:
    """附件1 异地执法检查统一安排表: (检查时间, 执法模式, 检查安排), regenerated from the groups (not from
    stored pairings) so that it shows what the groups produce; modes arranged without groups show their note."""
    organiser = campaign.organiser
    rows = []
    for rnd in rounds_of(campaign):
        groups = sorted(rnd.groups.all(), key=lambda g: g.number)
        agencies = [m.agency for g in groups for m in g.memberships.all()] + [organiser]
        try:
            pairs = round_pairs([group_of(g) for g in groups], team=organiser.region_id)
        except CampaignInvalid:
            pairs = []
        names = unit_names(agencies)
        for mode in MODE_ORDER:
            mode_pairs = [p for p in pairs if p.mode == mode]
            text = arrangement_text(mode_pairs, names) if mode_pairs else rnd.mode_notes.get(mode, "")
            if text:
                rows.append((rnd.label, f"{MODES[mode]}异地执法", text))
    return rows


def deadlines_of(campaign: Campaign, today: date) -> list[dict]:
    rows = [{**d, "date": date.fromisoformat(d["date"])} for d in campaign.deadlines]
    return deadline_statuses(rows, today)
