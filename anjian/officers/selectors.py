"""Reads of officers and experts, scoped to the acting user's regions."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from anjian.accounts.access import agencies_for, can, scope_prefixes, scope_q
from anjian.audit.selectors import kept_until_next_write
from anjian.common.errors import NotFound
from anjian.domain.identifiers import prefix_range, region_ancestors, region_prefix
from anjian.domain.permissions import Capability
from anjian.officers.models import Expert, Officer


@dataclass(frozen=True)
class OfficerFilters:
    region: str = ""
    status: str = ""
    specialty: str = ""
    in_post: str = ""  # "", "1", "0"
    q: str = ""


def _region_filter(qs, code: str):
    try:
        prefix = region_prefix(code)
    except ValueError:
        return qs.none()
    if len(prefix) == 6:
        return qs.filter(region_id=prefix)
    low, high = prefix_range(prefix)
    return qs.filter(region_id__gte=low, region_id__lt=high)


def officer_list_for(user, filters: OfficerFilters | None = None) -> QuerySet[Officer]:
    qs = Officer.objects.filter(scope_q(user, Capability.OFFICER_VIEW)).select_related("agency", "department")
    f = filters or OfficerFilters()
    if f.region:
        qs = _region_filter(qs, f.region)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.in_post in {"1", "0"}:
        qs = qs.filter(in_post=f.in_post == "1")
    if f.specialty:
        # JSON list containment works differently per backend; a quoted-token match works on both.
        qs = qs.filter(specialties__icontains=f'"{f.specialty}"')
    if f.q.strip():
        qs = qs.filter(Q(name__contains=f.q.strip()) | Q(certificate_number__startswith=f.q.strip().upper()))
    return qs


def officer_get_for(user, pk: int, capability: Capability = Capability.OFFICER_VIEW) -> Officer:
    officer = Officer.objects.select_related("agency", "department", "region").filter(pk=pk).first()
    if officer is None or not can(user, capability, officer.region_id):
        raise NotFound()
    return officer


def officer_counts_for(user, today: date | None = None) -> dict[str, int] | None:
    """The officers' figures of the user's scope (home page tiles), kept per scope and day until the next write
    (certificates expire by the day; ADR 0038)."""
    prefixes = scope_prefixes(user, Capability.OFFICER_VIEW)
    if not prefixes:
        return None
    today = today or timezone.localdate()
    return kept_until_next_write(f"officer_counts:{today}:{','.join(sorted(prefixes))}",
                                 lambda: _officer_counts(user, today))


def _officer_counts(user, today: date) -> dict[str, int]:
    soon = today + timedelta(days=90)
    return Officer.objects.filter(scope_q(user, Capability.OFFICER_VIEW)).aggregate(
        total=Count("id"),
        in_post=Count("id", filter=Q(in_post=True)),
        expiring=Count("id", filter=Q(status="active", certificate_expires__gte=today,
                                      certificate_expires__lte=soon)),
        invalid=Count("id", filter=~Q(status="active") | Q(certificate_expires__lt=today)),
    )


def _expert_scope(user) -> Q:
    """Experts of the user's regions and below, and the pools of the agencies above them."""
    above = {code for g in agencies_for(user, Capability.EXPERT_VIEW) for code in region_ancestors(g.region_code)}
    return scope_q(user, Capability.EXPERT_VIEW) | Q(region_id__in=above)


def expert_list_for(user, q: str = "", specialty: str = "") -> QuerySet[Expert]:
    qs = Expert.objects.filter(_expert_scope(user)).select_related("region")
    if q.strip():
        qs = qs.filter(Q(name__contains=q.strip()) | Q(affiliation__contains=q.strip()))
    if specialty:
        qs = qs.filter(specialties__icontains=f'"{specialty}"')
    return qs


def expert_get_for(user, pk: int, capability: Capability = Capability.EXPERT_VIEW) -> Expert:
    expert = Expert.objects.select_related("region").filter(_expert_scope(user), pk=pk).first()
    if expert is None or not (capability == Capability.EXPERT_VIEW or can(user, capability, expert.region_id)):
        raise NotFound()
    return expert
