"""To-do reads (待办) of cross-region campaigns (异地执法检查): the plans and summaries to report (seed 000: plans
before 5 May and 5 August, summaries before 30 June and 30 September) for the plan editors of the organiser and
of the agencies taking part, from 30 days before the date until marked done. Read only."""

from datetime import date

from django.db.models import Q
from django.urls import reverse

from anjian.accounts.todo import own_agency_ids
from anjian.campaigns.models import Campaign
from anjian.domain.permissions import Capability
from anjian.domain.todo import (
    Batch,
    campaign_report_deadlines,
    campaign_reports_open,
    make_item,
    notice_level,
)
from anjian.notices.services import NoticeSpec


def _deadlines(campaign: Campaign) -> list[dict]:
    """The campaign's own report deadlines, or seed 000's for its year when none were recorded."""
    if not campaign.deadlines:
        return campaign_report_deadlines(campaign.year)
    return [{**d, "date": date.fromisoformat(d["date"])} for d in campaign.deadlines]


def todo_reports(user, today: date, limit: int) -> Batch:
    ids = own_agency_ids(user, Capability.PLAN_EDIT)
    if not ids:
        return Batch()
    qs = (Campaign.objects.filter(year__gte=today.year - 1, year__lte=today.year)
          .filter(Q(organiser_id__in=ids) | Q(rounds__groups__memberships__agency_id__in=ids)
                  | Q(rounds__pairings__inspecting_agency_id__in=ids))
          .distinct().order_by("year", "pk"))
    items = []
    for campaign in qs[:50]:
        for d in campaign_reports_open(_deadlines(campaign), today):
            items.append(make_item("campaign_report", title=campaign.title,
                                   link=reverse("campaigns:detail", args=[campaign.pk]), today=today, due=d["date"],
                                   record=f"异地执法 #{campaign.pk}", note=d["name"]))
    return Batch(items[:limit], len(items))


def todo_for(user, today: date, limit: int) -> list[Batch]:
    return [todo_reports(user, today, limit)]


def notice_specs(today: date, soon: date) -> list[NoticeSpec]:
    """`anjian remind`: campaign plans and summaries to report (to the organiser), due or late."""
    out = []
    for campaign in (Campaign.objects.filter(year__gte=today.year - 1, year__lte=today.year)
                     .select_related("organiser").order_by("pk")):
        for n, d in enumerate(sorted(_deadlines(campaign), key=lambda d: (d["date"], d["name"]))):
            level = None if d.get("done") else notice_level(d["date"], today, soon)
            if level:
                out.append(NoticeSpec(key=f"campaign_report:{campaign.pk}:{n}", agency_id=campaign.organiser_id,
                                      region_id=campaign.organiser.region_id, level=level,
                                      title=f"{d['name']}：{campaign.title}"[:200],
                                      text=f"上报期限 {d['date'].isoformat()}",
                                      link=reverse("campaigns:detail", args=[campaign.pk]), due_date=d["date"]))
    return out
