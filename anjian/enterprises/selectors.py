"""Reads of enterprises, always scoped to the acting user's regions."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from anjian.accounts.access import can, scope_prefixes, scope_q
from anjian.audit.selectors import kept_until_next_write
from anjian.common.errors import NotFound
from anjian.domain.identifiers import normalize_uscc, prefix_range, region_prefix
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise


@dataclass(frozen=True)
class EnterpriseFilters:
    region: str = ""  # a region code: that region and below
    industry: str = ""
    supervision_class: str = ""
    risk_level: str = ""
    status: str = ""
    q: str = ""  # name fragment or USCC


def enterprise_list_for(user, filters: EnterpriseFilters | None = None,
                        capability: Capability = Capability.ENTERPRISE_VIEW) -> QuerySet[Enterprise]:
    qs = Enterprise.objects.filter(scope_q(user, capability)).select_related("region")
    f = filters or EnterpriseFilters()
    if f.region:
        try:
            prefix = region_prefix(f.region)
        except ValueError:
            return qs.none()
        if len(prefix) == 6:
            qs = qs.filter(region_id=prefix)
        else:
            low, high = prefix_range(prefix)
            qs = qs.filter(region_id__gte=low, region_id__lt=high)
    for field in ("industry", "supervision_class", "risk_level", "status"):
        value = getattr(f, field)
        if value:
            qs = qs.filter(**{field: value})
    text = f.q.strip()
    if text:
        code = normalize_uscc(text)
        if len(code) == 18:
            qs = qs.filter(uscc=code)
        else:
            qs = qs.filter(Q(name__contains=text) | Q(uscc__startswith=code))
    return qs


def enterprise_get_for(user, pk: int, capability: Capability = Capability.ENTERPRISE_VIEW) -> Enterprise:
    """NotFound for a missing enterprise and for one outside the user's scope alike."""
    enterprise = Enterprise.objects.select_related("region").filter(pk=pk).first()
    if enterprise is None or not can(user, capability, enterprise.region_id):
        raise NotFound()
    return enterprise


def enterprise_counts_for(user) -> dict[str, int] | None:
    """The registry figures of the user's scope (home page tiles), kept per scope until the next write (a city's
    60,000 enterprises take 45 ms to count; ADR 0038)."""
    prefixes = scope_prefixes(user, Capability.ENTERPRISE_VIEW)
    if not prefixes:
        return None
    return kept_until_next_write(f"enterprise_counts:{','.join(sorted(prefixes))}", lambda: _enterprise_counts(user))


def _enterprise_counts(user) -> dict[str, int]:
    return Enterprise.objects.filter(scope_q(user, Capability.ENTERPRISE_VIEW)).aggregate(
        total=Count("id"),
        key=Count("id", filter=Q(supervision_class="key")),
        general=Count("id", filter=Q(supervision_class="general")),
        red=Count("id", filter=Q(risk_level="red")),
        orange=Count("id", filter=Q(risk_level="orange")),
        uninsured=Count("id", filter=Q(liability_insured=False)),
    )
