"""The hand-offs of a case sent back (ADR 0027): to whoever sent it to the step, closed when it moves on."""

from django.urls import reverse

from anjian.cases.models import PenaltyCase
from anjian.notices.send_back import moved_on, sender_of, sent_back

# Which audit events sent the case to each step (their actor is the sender), by hand-off kind.
SENT_BY = {
    "case_filing": ("case_propose", "case_filing_resubmit"),
    "case_review": ("case_submit_for_review",),
    "case_discussion": ("case_submit_for_review",),
    "case_decision": ("case_notify",),
}
REVIEW_KINDS = ("case_review", "case_discussion", "case_decision")


def _url(case: PenaltyCase) -> str:
    return reverse("cases:detail", args=[case.pk])


def case_sent_back(*, actor, case: PenaltyCase, kind: str, reason: str) -> None:
    """Inside the step's transaction: the hand-off to whoever sent the case to this step."""
    sender = sender_of(case, SENT_BY[kind], fallback=case.created_by)
    sent_back(actor=actor, sender=sender, agency=case.agency, kind=kind, record_id=case.pk, name=case.name,
              reason=reason, link=_url(case))


def case_handoffs_close(case: PenaltyCase) -> None:
    """The case left the steps that send back (transferred, closed …): none of its hand-offs waits any more."""
    for kind in SENT_BY:
        moved_on(kind, case.pk)


def case_review_resubmitted(case: PenaltyCase) -> None:
    """The case went back to legal review: hand-offs from the review, discussion and decision close."""
    for kind in REVIEW_KINDS:
        moved_on(kind, case.pk)
