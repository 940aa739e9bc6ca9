"""Who may do what, where. The only door to scoped data.

A user's grants are (agency, region prefix, capabilities) triples from their role assignments.
A capability applies to the agency's region and every region below it.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from anjian.domain.identifiers import prefix_range, region_prefix
from anjian.domain.permissions import Capability, Role, capabilities_of


@dataclass(frozen=True)
class Grant:
    agency_id: int
    agency_name: str
    region_code: str
    prefix: str
    capabilities: frozenset[Capability]


def grants_of(user) -> list[Grant]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_anjian_grants", None)
    if cached is not None:
        return cached
    roles_by_agency: dict[int, tuple[str, str, set[Role]]] = {}
    for agency_id, name, region_id, role in user.role_assignments.values_list(
        "agency_id", "agency__name", "agency__region_id", "role"
    ):
        roles_by_agency.setdefault(agency_id, (name, region_id, set()))[2].add(Role(role))
    grants = sorted(
        (
            Grant(agency_id, name, region_id, region_prefix(region_id), capabilities_of(roles))
            for agency_id, (name, region_id, roles) in roles_by_agency.items()
        ),
        key=lambda g: g.region_code,
    )
    user._anjian_grants = grants
    return grants


def has_capability(user, capability: Capability) -> bool:
    """True when the user holds the capability in at least one agency."""
    return any(capability in g.capabilities for g in grants_of(user))


def can(user, capability: Capability, region_code: str) -> bool:
    """True when the user holds the capability over this region."""
    return any(capability in g.capabilities and region_code.startswith(g.prefix) for g in grants_of(user))


def scope_prefixes(user, capability: Capability) -> list[str]:
    return [g.prefix for g in grants_of(user) if capability in g.capabilities]


def scope_q(user, capability: Capability, column: str = "region_id") -> Q:
    """A filter keeping rows whose region lies in the user's scope for `capability`.

    Each prefix becomes a code range (or an equality for a county), served by a B-tree index.
    No grant → a filter that matches nothing.
    """
    parts = []
    for prefix in scope_prefixes(user, capability):
        if len(prefix) == 6:
            parts.append(Q(**{column: prefix}))
        else:
            low, high = prefix_range(prefix)
            parts.append(Q(**{f"{column}__gte": low, f"{column}__lt": high}))
    if not parts:
        return Q(pk__in=[])
    return reduce(or_, parts)


def agencies_for(user, capability: Capability) -> list[Grant]:
    return [g for g in grants_of(user) if capability in g.capabilities]


def acting_grant(user) -> Grant | None:
    """The grant shown in the header: the user's highest-level agency."""
    grants = grants_of(user)
    return min(grants, key=lambda g: len(g.prefix)) if grants else None


def local_grant(user, capability: Capability, region_code: str) -> Grant | None:
    """The user's most local agency holding ``capability`` whose region covers ``region_code`` (a county's own
    bureau before the city's), or None."""
    grants = [g for g in agencies_for(user, capability) if region_code.startswith(g.prefix)]
    return max(grants, key=lambda g: len(g.prefix)) if grants else None


def highest_grant(user, capability: Capability) -> Grant | None:
    """The user's highest-level agency holding ``capability`` (the one whose region covers the most), or None."""
    grants = agencies_for(user, capability)
    return min(grants, key=lambda g: (len(g.prefix), g.region_code)) if grants else None
