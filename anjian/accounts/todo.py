"""To-do reads (待办) shared by every app: whose records wait for a user, and the security admin's own items.

A record waits for the users of its own agency who hold the capability the step needs (`own_q`; where nobody
there holds it, for those of the nearest agency above that has someone); the other users of the agencies above
(city, province) see it only once it is overdue (`below_q`, labelled with the agency).
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from anjian.accounts.access import agencies_for, scope_q
from anjian.accounts.models import RoleAssignment
from anjian.accounts.selectors import user_list_for
from anjian.domain.permissions import ROLE_CAPABILITIES, Capability
from anjian.domain.todo import Batch, make_item
from anjian.regions.models import Agency


def own_agency_ids(user, capability: Capability) -> list[int]:
    """The agencies whose records wait for the user's ``capability``: the agencies where they hold it, and the
    agencies below where nobody active holds it whose nearest staffed agency above is one of theirs (a county
    without its own legal reviewer is served by the city's)."""
    cache = getattr(user, "_anjian_acting", None)
    if cache is None:
        cache = user._anjian_acting = {}
    if capability not in cache:
        cache[capability] = _acting_ids(user, capability)
    return cache[capability]


def _acting_ids(user, capability: Capability) -> list[int]:
    mine = {g.agency_id for g in agencies_for(user, capability)}
    if not mine:
        return []
    roles = {r.value for r, caps in ROLE_CAPABILITIES.items() if capability in caps}
    tree = getattr(user, "_anjian_agency_tree", None)
    if tree is None:  # once per request: the agencies' parents and who holds which role where
        rows = list(Agency.objects.values_list("pk", "region_id", "region__parent_id"))
        by_region = {region: pk for pk, region, _ in rows}
        holders = set(RoleAssignment.objects.filter(user__is_active=True).values_list("agency_id", "role").distinct())
        tree = user._anjian_agency_tree = ({pk: by_region.get(up) for pk, _, up in rows}, holders)
    parent, holders = tree
    staffed = {agency for agency, role in holders if role in roles}
    out = set(mine)
    for pk in parent:
        if pk in staffed:
            continue
        up, seen = parent.get(pk), 0
        while up is not None and up not in staffed and seen < 8:
            up, seen = parent.get(up), seen + 1
        if up in mine:
            out.add(pk)
    return sorted(out)


def own_q(user, capability: Capability, agency_column: str = "agency_id") -> Q:
    """Rows of the agencies whose records wait for the user's ``capability`` (nothing without it)."""
    ids = own_agency_ids(user, capability)
    return Q(**{f"{agency_column}__in": ids}) if ids else Q(pk__in=[])


def below_q(user, capability: Capability, region_column: str = "agency__region_id",
            agency_column: str = "agency_id") -> Q:
    """Rows in the user's scope for ``capability`` but of another (subordinate) agency."""
    return scope_q(user, capability, column=region_column) & ~Q(**{f"{agency_column}__in":
                                                                    own_agency_ids(user, capability)})


def waiting_q(user, capability: Capability, today, *, due_column: str = "", agency: str = "agency") -> Q:
    """What waits for the user: their own agency's rows, and subordinate agencies' rows once overdue
    (``due_column`` before ``today``; every row when no column is named and the query keeps overdue rows only).
    ``agency`` is the path to the record's agency (e.g. ``"hazard__inspection__agency"``, ``"subordinate"``)."""
    own = own_q(user, capability, agency_column=f"{agency}_id")
    below = below_q(user, capability, region_column=f"{agency}__region_id", agency_column=f"{agency}_id")
    if due_column:
        below &= Q(**{f"{due_column}__lt": today})
    return own | below


def agency_label(user, agency, capability: Capability) -> str:
    """The agency's name on another agency's item ("" on the items of an agency where the user holds a role)."""
    return "" if any(g.agency_id == agency.pk for g in agencies_for(user, capability)) else agency.name


COUNT_BOUND = 1000  # totals beyond this read as "1000+" (a count never scans a whole table)


def total_of(qs, shown: int, limit: int) -> int:
    """How many rows ``qs`` has (bounded by COUNT_BOUND), without a count when all were shown."""
    return shown if shown < limit else qs[:COUNT_BOUND].count()


def todo_accounts(user, today, limit: int) -> Batch:
    """Security admins: accounts locked now (after failed sign-ins or by an admin) in their scope."""
    if not agencies_for(user, Capability.USER_MANAGE):
        return Batch()
    qs = user_list_for(user).filter(locked_until__gt=timezone.now(), is_active=True).order_by("locked_until", "pk")
    items = [make_item("account_locked", title=f"{u.full_name or u.username}（{u.username}）",
                       link=reverse("accounts:user_detail", args=[u.pk]), today=today, record="账号",
                       note=f"锁定至 {timezone.localtime(u.locked_until):%Y-%m-%d %H:%M}")
             for u in qs[:limit]]
    return Batch(items, total_of(qs, len(items), limit))


