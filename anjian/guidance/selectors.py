"""Reads of guidance reviews (visible to the superior's and the subordinate's side) and typical cases."""

from datetime import date

from django.db.models import QuerySet

from anjian.accounts.access import agencies_for, scope_q
from anjian.common.errors import NotFound
from anjian.domain import guidance as g
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import Capability
from anjian.guidance.models import GuidanceReview, TypicalCase
from anjian.regions.models import Agency


def review_list_for(user, year: int | None = None) -> QuerySet[GuidanceReview]:
    c = Capability.GUIDANCE_VIEW
    qs = GuidanceReview.objects.filter(scope_q(user, c, column="superior__region_id")
                                       | scope_q(user, c, column="subordinate__region_id"))
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("superior", "subordinate", "letter")


def review_get_for(user, pk: int) -> GuidanceReview:
    review = review_list_for(user).filter(pk=pk).first()
    if review is None:
        raise NotFound()
    return review


def scheduling_agencies_for(user) -> list[Agency]:
    """Agencies the user may schedule reviews for: their own agencies that have agencies directly below."""
    ids = [gr.agency_id for gr in agencies_for(user, Capability.GUIDANCE_MANAGE)]
    return list(Agency.objects.filter(pk__in=ids, region__children__agency__isnull=False).distinct()
                .select_related("region").order_by("region_id"))


def review_rows(reviews, today: date) -> list[tuple[GuidanceReview, bool]]:
    return [(r, g.overdue(r.month, r.year, r.status in ("letter_issued", "responded", "closed"), today))
            for r in reviews]


def typical_list_for(user) -> QuerySet[TypicalCase]:
    return TypicalCase.objects.filter(scope_q(user, Capability.CASE_VIEW, column="case__agency__region_id")) \
        .select_related("case", "case__agency", "case__enterprise")


def typical_get_for(user, pk: int) -> TypicalCase:
    typical = typical_list_for(user).filter(pk=pk).first()
    if typical is None:
        raise NotFound()
    return typical


def findings_of(review: GuidanceReview) -> list[tuple[g.Item, object]]:
    by_code = {f.code: f for f in review.findings.all()}
    return [(item, by_code.get(item.code)) for item in g.CHECKLIST if item.code in by_code] if by_code else []


def q_year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if digits(value) and 2000 < int(value) < 2100 else None

