"""Writes of campaigns, rounds and groups: keyword-only, one transaction each, audited.

Scope: arranging needs PLAN_EDIT over the organiser's region, approving PLAN_APPROVE. `actor=None` is the
system (the `load_campaign_2023` command), as for `regions_load`.
"""

from collections.abc import Mapping, Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import can
from anjian.audit.services import audit_record, model_snapshot
from anjian.campaigns.models import Campaign, CampaignGroup, CampaignGroupMember, CampaignRound
from anjian.campaigns.units import group_of, unit_names
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.campaign_rules import MODES, Group, group_problems
from anjian.domain.permissions import Capability
from anjian.domain.supervision_rules import covers
from anjian.regions.models import Agency


def require(actor, capability: Capability, region_code: str, what: str) -> None:
    if actor is not None and not can(actor, capability, region_code):
        raise ServiceDenied(f"您无权{what}")


def _deadlines(deadlines: Sequence[Mapping]) -> list[dict]:
    out, errors = [], []
    for d in deadlines:
        name = str(d.get("name", "")).strip()
        try:
            when = d["date"] if isinstance(d.get("date"), date) else date.fromisoformat(str(d.get("date")))
        except ValueError:
            errors.append(f"期限“{name}”的日期无效")
            continue
        if not name:
            errors.append("请填写期限名称")
        out.append({"name": name, "date": when.isoformat(), "done": bool(d.get("done", False))})
    if errors:
        raise ServiceInvalid(errors)
    return out


def campaign_create(*, actor, organiser: Agency, year: int, title: str, document_reference: str = "",
                    deadlines: Sequence[Mapping] = ()) -> Campaign:
    require(actor, Capability.PLAN_EDIT, organiser.region_id, "以该机关名义组织异地执法检查")
    if not title.strip():
        raise ServiceInvalid("请填写活动名称")
    if Campaign.objects.filter(organiser=organiser, year=year, title=title.strip()).exists():
        raise ServiceInvalid("同名的异地执法检查活动已存在")
    with transaction.atomic():
        campaign = Campaign.objects.create(organiser=organiser, year=year, title=title.strip(),
                                           document_reference=document_reference.strip(),
                                           deadlines=_deadlines(deadlines), created_by=actor)
        audit_record(actor=actor, agency=organiser, verb="campaign_create", target=campaign,
                     new=model_snapshot(campaign))
    return campaign


def campaign_round_add(*, actor, campaign: Campaign, number: int, name: str, date_from: date, date_to: date,
                       mode_notes: Mapping[str, str] | None = None) -> CampaignRound:
    require(actor, Capability.PLAN_EDIT, campaign.organiser.region_id, "编排该异地执法检查")
    errors = []
    if not name.strip():
        errors.append("请填写轮次名称")
    if date_to < date_from:
        errors.append("检查期间的结束日期不能早于开始日期")
    if campaign.rounds.filter(number=number).exists():
        errors.append(f"第{number}轮次已存在")
    notes = {k: v.strip() for k, v in (mode_notes or {}).items() if v and v.strip()}
    if any(k not in MODES for k in notes):
        errors.append("模式说明的执法模式无效")
    if errors:
        raise ServiceInvalid(errors)
    with transaction.atomic():
        rnd = CampaignRound.objects.create(campaign=campaign, number=number, name=name.strip(), date_from=date_from,
                                           date_to=date_to, mode_notes=notes)
        audit_record(actor=actor, agency=campaign.organiser, verb="campaign_round_add", target=rnd,
                     new=model_snapshot(rnd))
    return rnd


def campaign_group_add(*, actor, round: CampaignRound, mode: str, members: Sequence[Agency]) -> CampaignGroup:
    """Add a group (ordered members) after checking it together with the round's other groups."""
    organiser = round.campaign.organiser
    require(actor, Capability.PLAN_EDIT, organiser.region_id, "编排该异地执法检查")
    members = list(members)
    outside = [a.name for a in members if not covers(organiser.region_id, a.region_id)]
    existing = [group_of(g) for g in round.groups.prefetch_related("memberships__agency__region")]
    names = unit_names(members + [m.agency for g in round.groups.all() for m in g.memberships.all()])
    problems = group_problems(existing + [Group(mode, tuple(a.region_id for a in members))], names)
    problems = [p for p in problems if f"第{len(existing) + 1}组" in p or "同时在本轮次" in p]
    problems += [f"{n}不在组织机关辖区内" for n in outside]
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        group = CampaignGroup.objects.create(round=round, number=len(existing) + 1, mode=mode)
        CampaignGroupMember.objects.bulk_create([
            CampaignGroupMember(group=group, agency=a, position=i) for i, a in enumerate(members, start=1)])
        audit_record(actor=actor, agency=organiser, verb="campaign_group_add", target=group,
                     new={**model_snapshot(group), "members": [a.region_id for a in members]})
    return group


def campaign_group_remove(*, actor, group: CampaignGroup) -> None:
    organiser = group.round.campaign.organiser
    require(actor, Capability.PLAN_EDIT, organiser.region_id, "编排该异地执法检查")
    if group.pairings.filter(assignment__isnull=False).exists():
        raise ServiceInvalid("该组已下达异地执法任务，不能删除")
    with transaction.atomic():
        old = {**model_snapshot(group), "members": [m.agency.region_id for m in group.memberships.all()]}
        rnd = group.round
        group.delete()
        for n, g in enumerate(rnd.groups.order_by("number"), start=1):
            if g.number != n:
                CampaignGroup.objects.filter(pk=g.pk).update(number=n)
        audit_record(actor=actor, agency=organiser, verb="campaign_group_remove", target=rnd, old=old)


def campaign_approve(*, actor, campaign: Campaign) -> Campaign:
    require(actor, Capability.PLAN_APPROVE, campaign.organiser.region_id, "批准该异地执法检查安排")
    with transaction.atomic():
        if Campaign.objects.filter(pk=campaign.pk, approved_at__isnull=True).update(
                approved_at=timezone.now(), approved_by=actor) == 0:
            raise ServiceInvalid("该异地执法检查安排已批准")
        audit_record(actor=actor, agency=campaign.organiser, verb="campaign_approve", target=campaign)
    return Campaign.objects.get(pk=campaign.pk)


def campaign_deadline_done(*, actor, campaign: Campaign, name: str, done: bool = True) -> Campaign:
    require(actor, Capability.PLAN_EDIT, campaign.organiser.region_id, "编排该异地执法检查")
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if name not in {d["name"] for d in locked.deadlines}:
            raise ServiceInvalid("没有该上报期限")
        locked.deadlines = [{**d, "done": done} if d["name"] == name else d for d in locked.deadlines]
        locked.save(update_fields=["deadlines"])
        audit_record(actor=actor, agency=locked.organiser, verb="campaign_deadline_done", target=locked,
                     new={"name": name, "done": done})
    return locked
