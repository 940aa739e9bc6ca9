"""执法指导: the superior sends a rectification report back (退回) to the subordinate user who sent it."""

from datetime import date

import pytest

from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.guidance import services
from anjian.guidance.models import GuidanceReview
from anjian.notices.selectors import handoffs_for
from tests.services.test_guidance import w  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def responded(w):  # noqa: F811
    GuidanceReview.objects.filter(pk=w["review"].pk).update(
        status="responded", response_text="已制定培训计划", responded_on=date(2026, 4, 20), responded_by=w["county"])
    return GuidanceReview.objects.get(pk=w["review"].pk)


def test_a_returned_report_is_a_hand_off_to_its_sender_until_reported_again(w, responded):  # noqa: F811
    with pytest.raises(ServiceInvalid):
        services.guidance_return(actor=w["city"], review=responded, reason="")
    with pytest.raises(ServiceDenied):
        services.guidance_return(actor=w["county"], review=responded, reason="计划未附")
    review = services.guidance_return(actor=w["city"], review=responded, reason="培训计划未附，请补报")
    assert (review.status, review.closing_note) == ("letter_issued", "培训计划未附，请补报")
    assert [(n.key, n.text) for n in handoffs_for(w["county"])] == [
        (f"returned:guidance:{review.pk}", "培训计划未附，请补报")]
    with pytest.raises(ServiceConflict):
        services.guidance_return(actor=w["city"], review=review, reason="培训计划未附，请补报")
    services.guidance_respond(actor=w["county"], review=review, text="附培训计划", on=date(2026, 4, 25))
    assert not handoffs_for(w["county"])
