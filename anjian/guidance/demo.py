"""Demo guidance: 驻马店市 schedules its counties for the year; the months already past are reviewed and answered."""

from datetime import date, timedelta

from anjian.accounts.models import User
from anjian.domain import guidance as g
from anjian.guidance import services
from anjian.guidance.models import GuidanceReview
from anjian.regions.models import Agency


def guidance_demo(today: date) -> int:
    """Idempotent: does nothing when reviews exist. Returns the number of reviews scheduled."""
    if GuidanceReview.objects.exists():
        return 0
    city_head = User.objects.filter(username="city-department-head").first()
    county_head = User.objects.filter(username="county-department-head").first()
    if city_head is None:
        return 0
    reviews = services.guidance_schedule(actor=city_head, superior=Agency.objects.get(region_id="411700"),
                                         year=today.year)
    for review in reviews:
        if review.month >= today.month:
            continue
        day = date(today.year, review.month, 12)
        review = services.guidance_start(actor=city_head, review=review, review_date=day, reviewers="市局执法指导组",
                                         today=today)
        for f in review.findings.all():
            assessment = f.assessment or "good"
            opinion = "" if assessment in ("good", "na") else f"针对“{g.ITEMS[f.code].title}”存在的问题限期整改"
            services.guidance_finding_set(actor=city_head, review=review, code=f.code, assessment=assessment,
                                          opinion=opinion)
        review = services.guidance_letter_issue(actor=city_head, review=review, rectify_by=day + timedelta(days=30))
        if county_head is not None and review.subordinate.region_id == "411726":
            services.guidance_respond(actor=county_head, review=review, text="已按意见逐项整改，附整改台账。",
                                      on=day + timedelta(days=20))
    return len(reviews)
