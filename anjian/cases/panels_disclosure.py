"""Context for the disclosure panel on the case page: the publishing deadline and its state, the published
(redacted) text, the form to publish with a redacted preview, and the form to withdraw."""

from django.urls import reverse
from django.utils import timezone

from anjian.accounts.access import can
from anjian.audit.models import AuditEvent
from anjian.calendars.selectors import work_calendar
from anjian.cases.forms_records import DiscloseForm, WithdrawForm
from anjian.cases.selectors_records import disclosure_row
from anjian.cases.services_disclosure import disclosure_preview, disclosure_problems
from anjian.domain.permissions import Capability


def last_withdrawal(case) -> AuditEvent | None:
    return (AuditEvent.objects.filter(verb="case_disclosure_withdraw", target_type="cases.penaltycase",
                                      target_id=str(case.pk)).order_by("-seq").first())


def panel(request, case) -> dict:
    if case.decided_on is None:
        return {"disc": {"show": False}}
    today = timezone.localdate()
    editable = can(request.user, Capability.CASE_EDIT, case.agency.region_id) and case.status != "archived"
    problems = disclosure_problems(case)
    withdrawal = last_withdrawal(case) if not case.disclosure_required else None
    context = {
        "show": True, "case": case, "today": today,
        "row": disclosure_row(case, work_calendar(), today) if case.disclosure_required else None,
        "withdrawn_reason": (withdrawal.payload.get("reason", "") if withdrawal else ""),
        "withdrawn_at": withdrawal.occurred_at if withdrawal else None,
        "problems": problems if case.disclosed_on is None else [],
        "disclose_form": None, "withdraw_form": None,
        "disclose_url": reverse("cases:disclose", args=[case.pk]),
        "withdraw_url": reverse("cases:disclosure_withdraw", args=[case.pk]),
        "public_url": reverse("cases_public:detail", args=[case.pk]) if case.disclosed_on else "",
    }
    if editable and not problems:
        context["disclose_form"] = DiscloseForm(initial={"text": disclosure_preview(case), "on": today},
                                                auto_id="id_disclose_%s")
    if editable and case.disclosed_on is not None:
        context["withdraw_form"] = WithdrawForm(auto_id="id_withdraw_%s")
    return {"disc": context}
