from django.db.models import Case, IntegerField, QuerySet, Value, When

from anjian.accounts.access import agencies_for
from anjian.domain.permissions import Capability
from anjian.notices.models import Notice


def notices_for(user, limit: int = 50) -> QuerySet[Notice]:
    """Open notices addressed to the user's own agencies: overdue first, then due, then by date."""
    agency_ids = [g.agency_id for g in agencies_for(user, Capability.DASHBOARD_VIEW)]
    rank = Case(When(level=Notice.Level.OVERDUE, then=Value(0)), When(level=Notice.Level.DUE, then=Value(1)),
                default=Value(2), output_field=IntegerField())
    return (Notice.objects.filter(agency_id__in=agency_ids, resolved_at__isnull=True, user__isnull=True)
            .annotate(rank=rank).order_by("rank", "due_date", "id")[:limit])


def handoffs_for(user) -> QuerySet[Notice]:
    """Open hand-offs addressed to this user (steps sent back to them), oldest first."""
    return Notice.objects.filter(user=user, resolved_at__isnull=True).order_by("created_at", "id")
