"""Scoped reads of regions and agencies (they live here because scope comes from accounts)."""

from django.db.models import QuerySet
from django.http import Http404

from anjian.accounts.access import can, scope_q
from anjian.domain.permissions import Capability
from anjian.regions.models import Agency, Region


def region_list_for(user, capability: Capability = Capability.REGION_VIEW) -> QuerySet[Region]:
    return Region.objects.filter(scope_q(user, capability, column="code")).order_by("code")


def region_get_for(user, code: str, capability: Capability = Capability.REGION_VIEW) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None or not can(user, capability, region.code):
        raise Http404("region")
    return region


def region_levels_writable(user, capability: Capability) -> dict[str, str]:
    """code → level of every region in which the user holds `capability`."""
    return dict(region_list_for(user, capability).values_list("code", "level"))


def agencies_writable(user, capability: Capability) -> dict[str, Agency]:
    """region code → agency, for agencies in regions where the user holds `capability`."""
    return {a.region_id: a for a in Agency.objects.filter(scope_q(user, capability, column="region_id"))}
