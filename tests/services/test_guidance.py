"""执法指导 through the services: schedule, review computed from the records, letter, report, close."""

from datetime import date

import pytest

from anjian.audit.models import AuditEvent
from anjian.common.errors import NotFound, ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Role
from anjian.guidance import selectors as sel
from anjian.guidance import services
from anjian.guidance.models import GuidanceReview
from anjian.regions.models import Agency
from tests.services.inspection_helpers import officer

pytestmark = pytest.mark.django_db
CITY, COUNTY, OTHER = "411700", "411726", "411721"


@pytest.fixture
def w(make_user, make_enterprise):
    city = make_user(CITY, Role.DEPARTMENT_HEAD)
    county = make_user(COUNTY, Role.DEPARTMENT_HEAD)
    other = make_user(OTHER, Role.DEPARTMENT_HEAD)
    for i in range(3):
        officer(COUNTY, name=f"执法{i}")
    make_enterprise(COUNTY, supervision_class="key")
    make_enterprise(COUNTY, supervision_class="general")
    reviews = services.guidance_schedule(actor=city, superior=Agency.objects.get(region_id=CITY), year=2026)
    review = next(r for r in reviews if r.subordinate.region_id == COUNTY)
    return {"city": city, "county": county, "other": other, "review": review, "reviews": reviews}


def test_schedule_covers_every_county_of_the_city_once_by_november(w):
    counties = Agency.objects.filter(region__parent_id=CITY).count()
    assert len(w["reviews"]) == counties
    assert all(1 <= r.month <= 11 for r in w["reviews"])
    with pytest.raises(ServiceInvalid, match="已全部排期"):
        services.guidance_schedule(actor=w["city"], superior=Agency.objects.get(region_id=CITY), year=2026)
    with pytest.raises(ServiceDenied):
        services.guidance_schedule(actor=w["county"], superior=Agency.objects.get(region_id=CITY), year=2027)


def test_a_review_is_computed_from_the_records_then_assessed_and_answered(w):
    review = services.guidance_start(actor=w["city"], review=w["review"], review_date=date(2026, 3, 10),
                                     reviewers="李四、王五", today=date(2026, 3, 10))
    findings = {f.code: f for f in review.findings.all()}
    assert len(findings) == 12
    assert findings["plan_coverage"].proposed == "poor"  # no annual plan registered
    assert findings["organization"].evidence == "执法人员3人，在岗3人，执法证有效3人"
    assert findings["organization"].proposed == "good"
    assert findings["training"].proposed == ""  # filled by hand
    with pytest.raises(ServiceInvalid, match="尚未评定"):
        services.guidance_letter_issue(actor=w["city"], review=review, rectify_by=date(2026, 4, 30))
    with pytest.raises(ServiceInvalid, match="须写明问题及意见"):
        services.guidance_finding_set(actor=w["city"], review=review, code="training", assessment="poor", opinion="")
    services.guidance_finding_set(actor=w["city"], review=review, code="training", assessment="poor",
                                  opinion="未制定年度培训计划")
    services.guidance_finding_set(actor=w["city"], review=review, code="onsite_sampling", assessment="na",
                                  opinion="")
    for f in review.findings.filter(assessment__in=["partly", "poor"], opinion=""):
        services.guidance_finding_set(actor=w["city"], review=review, code=f.code, assessment=f.assessment,
                                      opinion="限期整改")
    with pytest.raises(ServiceDenied):
        services.guidance_letter_issue(actor=w["county"], review=review, rectify_by=date(2026, 4, 30))
    review = services.guidance_letter_issue(actor=w["city"], review=review, rectify_by=date(2026, 4, 30))
    assert review.status == "letter_issued"
    assert review.letter.status == "issued"
    assert review.letter.number == f"（{review.superior.short_name}）应急指导〔{date.today().year}〕1号"
    assert "未制定年度培训计划" in review.letter.content["body"]
    with pytest.raises(ServiceDenied):
        services.guidance_respond(actor=w["other"], review=review, text="x", on=date(2026, 4, 20))
    review = services.guidance_respond(actor=w["county"], review=review, text="已制定培训计划", on=date(2026, 4, 20))
    review = services.guidance_close(actor=w["city"], review=review, accept=False, note="计划未附", on=date(2026, 4, 22))
    assert review.status == "letter_issued"
    review = services.guidance_respond(actor=w["county"], review=review, text="附计划", on=date(2026, 4, 25))
    review = services.guidance_close(actor=w["city"], review=review, accept=True, note="整改到位", on=date(2026, 4, 26))
    assert review.status == "closed"
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"guidance_schedule", "guidance_start", "guidance_letter_issue", "guidance_respond",
            "guidance_close"} <= verbs


def test_the_subordinate_cannot_review_itself_and_a_sibling_cannot_see_it(w):
    with pytest.raises(ServiceDenied):
        services.guidance_start(actor=w["county"], review=w["review"], review_date=date(2026, 3, 1), reviewers="x")
    assert sel.review_get_for(w["county"], w["review"].pk) == w["review"]
    with pytest.raises(NotFound):
        sel.review_get_for(w["other"], w["review"].pk)
    assert GuidanceReview.objects.get(pk=w["review"].pk).status == "scheduled"
