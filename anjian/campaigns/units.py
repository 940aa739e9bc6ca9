"""Agencies as campaign units: short names as the arrangement table writes them (安阳, 济源, 泌阳县)."""

from collections.abc import Iterable

from anjian.domain.campaign_rules import Group
from anjian.regions.models import Agency


def unit_name(agency: Agency) -> str:
    region = agency.region
    name = region.name
    if region.level == "city" and name.endswith("市") and len(name) > 2:
        return name[:-1]
    return name


def unit_names(agencies: Iterable[Agency]) -> dict[str, str]:
    return {a.region_id: unit_name(a) for a in agencies}


def group_of(group) -> Group:
    """A CampaignGroup (memberships prefetched) as the pure Group of region codes."""
    return Group(group.mode, tuple(m.agency.region_id for m in group.memberships.all()))


def agencies_by_name(organiser: Agency) -> dict[str, Agency]:
    """Units under the organiser by their table name (cities as 安阳; counties by full name)."""
    prefix = organiser.region.prefix
    agencies = Agency.objects.select_related("region").filter(region__code__startswith=prefix)
    return {unit_name(a): a for a in agencies}
