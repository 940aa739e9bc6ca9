"""Load a campaign arrangement from data (anjian/campaigns/data/*.json) through the ordinary services."""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from anjian.campaigns.models import Campaign
from anjian.campaigns.services import campaign_create, campaign_group_add, campaign_round_add
from anjian.campaigns.services_pairing import campaign_pairings_generate
from anjian.campaigns.units import agencies_by_name
from anjian.common.errors import ServiceInvalid
from anjian.regions.models import Agency

DATA_DIR = Path(__file__).resolve().parent / "data"


def campaign_load(*, actor, path: Path) -> Campaign:
    """Create the campaign described by `path` (or return it unchanged if it exists) and generate its pairings."""
    data = json.loads(path.read_text(encoding="utf-8"))
    organiser = Agency.objects.select_related("region").get(region_id=data["organiser"])
    existing = Campaign.objects.filter(organiser=organiser, year=data["year"], title=data["title"]).first()
    if existing is not None:
        for rnd in existing.rounds.all():
            campaign_pairings_generate(actor=actor, round=rnd)
        return existing
    by_name = agencies_by_name(organiser)
    unknown = sorted({n for r in data["rounds"] for g in r["groups"] for n in g["members"] if n not in by_name})
    if unknown:
        raise ServiceInvalid([f"找不到单位：{n}" for n in unknown])
    with transaction.atomic():
        campaign = campaign_create(actor=actor, organiser=organiser, year=data["year"], title=data["title"],
                                   document_reference=data.get("document_reference", ""),
                                   deadlines=data.get("deadlines", []))
        for r in data["rounds"]:
            rnd = campaign_round_add(actor=actor, campaign=campaign, number=r["number"], name=r["name"],
                                     date_from=date.fromisoformat(r["date_from"]),
                                     date_to=date.fromisoformat(r["date_to"]), mode_notes=r.get("mode_notes"))
            for g in r["groups"]:
                campaign_group_add(actor=actor, round=rnd, mode=g["mode"], members=[by_name[n] for n in g["members"]])
            campaign_pairings_generate(actor=actor, round=rnd)
    return campaign
