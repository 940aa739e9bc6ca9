"""Sealed inspections: planned from a random draw whose results are not yet disclosed (ADR 0023).

Safety inspections are unannounced (不发通知、不打招呼). Until the draw's task discloses its results, a sealed
inspection is seen only by its team (officers linked to the user's account) and by those holding PLAN_EDIT over
its agency's region (the draw's owners, superiors included: the rule of ``anjian.draws.selectors.sees_draw``).
To anyone else it, its findings, evidence and documents read exactly like ones that do not exist.
"""

from django.db.models import Q, QuerySet

from anjian.accounts.access import can, scope_q
from anjian.domain.permissions import Capability
from anjian.inspections.models import Inspection, InspectionOfficer


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def sees_sealed_q(user, prefix: str = "") -> Q:
    """Rows (inspections, or rows reaching one through ``prefix`` such as ``"inspection__"``) whose inspection
    the user would see even sealed: their team's, or one of an agency they hold PLAN_EDIT over."""
    if not _signed_in(user):
        return Q(pk__in=[])
    teams = InspectionOfficer.objects.filter(officer__user=user).values("inspection_id")
    return Q(**{f"{prefix}id__in": teams}) | scope_q(user, Capability.PLAN_EDIT, column=f"{prefix}agency__region_id")


def unsealed_q(user, prefix: str = "") -> Q:
    """Keep what the user may see: every inspection not sealed, and the sealed ones of ``sees_sealed_q``."""
    return Q(**{f"{prefix}sealed": False}) | sees_sealed_q(user, prefix)


def sees_inspection(user, inspection: Inspection) -> bool:
    """The same rule for one inspection already in hand (its agency loaded)."""
    if not inspection.sealed:
        return True
    if not _signed_in(user):
        return False
    return (can(user, Capability.PLAN_EDIT, inspection.agency.region_id)
            or inspection.team.filter(officer__user=user).exists())


def hidden_inspection_ids(user) -> QuerySet:
    """Ids of the sealed inspections the user may not see (a subquery; registered with the documents app)."""
    return Inspection.objects.filter(sealed=True).exclude(sees_sealed_q(user)).values("pk")


def hidden_inspection_id_list(user) -> list[int]:
    """``hidden_inspection_ids`` read once a request (the user object keeps it): as a subquery its estimated cost
    (the user's team rows) made the planner start parallel scans for the to-do's small reads (ADR 0038)."""
    kept = getattr(user, "_anjian_hidden_inspections", None)
    if kept is None:
        kept = user._anjian_hidden_inspections = list(hidden_inspection_ids(user).values_list("pk", flat=True))
    return kept
