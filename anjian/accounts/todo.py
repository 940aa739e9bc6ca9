"""To-do reads (待办) shared by every app: whose records wait for a user, and the security admin's own items.

A record waits for the users of its own agency who hold the capability the step needs (`own_q`); the users of the
agencies above (city, province) see it only once it is overdue (`below_q`, labelled with the agency), as an item
to press (督促), never to act on.
"""

from typing import NamedTuple

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from anjian.accounts.access import agencies_for, scope_q
from anjian.accounts.selectors import user_list_for
from anjian.domain.permissions import Capability
from anjian.domain.todo import Batch, make_item
from anjian.regions.models import Agency


def own_agency_ids(user, capability: Capability) -> list[int]:
    """The agencies whose records wait for the user's ``capability``: the agencies where they hold it. A superior
    agency never acts in a subordinate's name — where a county has nobody for a step, its item waits there and
    reaches the agencies above once overdue, as an item to press (督促)."""
    cache = getattr(user, "_anjian_acting", None)
    if cache is None:
        cache = user._anjian_acting = {}
    if capability not in cache:
        cache[capability] = sorted({g.agency_id for g in agencies_for(user, capability)})
    return cache[capability]


def own_q(user, capability: Capability, agency_column: str = "agency_id") -> Q:
    """Rows of the agencies whose records wait for the user's ``capability`` (nothing without it)."""
    ids = own_agency_ids(user, capability)
    return Q(**{f"{agency_column}__in": ids}) if ids else Q(pk__in=[])


def below_agency_ids(user, capability: Capability) -> list[int]:
    """The subordinate agencies in the user's scope for ``capability`` (not those where they hold it)."""
    cache = getattr(user, "_anjian_below", None)
    if cache is None:
        cache = user._anjian_below = {}
    if capability not in cache:
        own = set(own_agency_ids(user, capability))
        cache[capability] = sorted(set(Agency.objects.filter(scope_q(user, capability)).values_list("pk", flat=True))
                                   - own)
    return cache[capability]


def below_q(user, capability: Capability, agency_column: str = "agency_id") -> Q:
    """Rows in the user's scope for ``capability`` but of another (subordinate) agency. A list of agency ids (a
    province has ~200 agencies), not a join on the agency's region: the records' (agency, …) indexes serve it."""
    ids = below_agency_ids(user, capability)
    return Q(**{f"{agency_column}__in": ids}) if ids else Q(pk__in=[])


def waiting_q(user, capability: Capability, today, *, due_column: str = "", agency: str = "agency") -> Q:
    """What waits for the user: their own agency's rows, and subordinate agencies' rows once overdue
    (``due_column`` before ``today``; every row when no column is named and the query keeps overdue rows only).
    ``agency`` is the path to the record's agency (e.g. ``"hazard__inspection__agency"``, ``"subordinate"``)."""
    own = own_q(user, capability, agency_column=f"{agency}_id")
    below = below_q(user, capability, agency_column=f"{agency}_id")
    if due_column:
        below &= Q(**{f"{due_column}__lt": today})
    return own | below


class AgencyRef(NamedTuple):
    """An agency as a to-do item needs it (read as values, not a model instance)."""

    pk: int
    name: str


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


