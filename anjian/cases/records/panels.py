"""Context for the records panels of the case page.

- disclosure: the publishing deadline and its state, the published (redacted) text, the form to publish with a
  redacted preview, and the form to withdraw.
- file check: the latest 案卷评查 with its findings and table of contents, whether the file changed since, the late
  steps to explain, the archive form, and the whole file as one PDF.
"""

from django.urls import reverse
from django.utils import timezone

from anjian.accounts.access import can
from anjian.audit.models import AuditEvent
from anjian.calendars.selectors import work_calendar
from anjian.cases.core.guards import acts_for
from anjian.cases.core.selectors import case_deadlines_of
from anjian.cases.records.forms import ArchiveForm, DiscloseForm, WithdrawForm
from anjian.cases.records.selectors import (
    archive_documents,
    check_is_stale,
    disclosure_row,
    file_items,
    latest_check,
)
from anjian.cases.records.services_disclosure import disclosure_preview, disclosure_problems
from anjian.domain.case_deadlines import late_steps
from anjian.domain.permissions import Capability


def last_withdrawal(case) -> AuditEvent | None:
    return (AuditEvent.objects.filter(verb="case_disclosure_withdraw", target_type="cases.penaltycase",
                                      target_id=str(case.pk)).order_by("-seq").first())


def disclosure_panel(request, case) -> dict:
    if case.decided_on is None:
        return {"disc": {"show": False}}
    today = timezone.localdate()
    editable = can(request.user, Capability.CASE_EDIT, case.agency.region_id) and case.status != "archived"
    problems = disclosure_problems(case)
    withdrawal = last_withdrawal(case) if not case.disclosure_required else None
    context = {
        "show": True, "case": case, "today": today,
        "row": disclosure_row(case, work_calendar(), today) if case.disclosure_required else None,
        "withdrawn_reason": (withdrawal.payload.get("new", {}).get("reason", "") if withdrawal else ""),
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


FILE_CHECK_SHOWN = frozenset({"executing", "transferred", "closed", "archived"})


def file_check_panel(request, case) -> dict:
    if case.status not in FILE_CHECK_SHOWN and case.result != "no_penalty":
        return {"fc": {"show": False}}
    today = timezone.localdate()
    region = case.agency.region_id
    archived = case.status == "archived"
    check = latest_check(case)
    stale = ""
    if check is not None and not archived:
        stale = check_is_stale(case, check, file_items(case, with_pdfs=False)[0])
    can_check = can(request.user, Capability.CASE_EDIT, region) and not archived
    can_archive = (acts_for(request.user, Capability.CASE_APPROVE, case) and can(request.user, Capability.DOCUMENT_ISSUE,
                                                                               region)
                   and case.status == "closed" and check is not None and check.passed and not stale)
    late = [] if archived else late_steps(case_deadlines_of(case), today)
    cover, toc = archive_documents(case) if archived else (None, None)
    return {"fc": {
        "show": True, "case": case, "archived": archived, "check": check, "stale": stale,
        "problems": [f for f in check.findings if not f.startswith("已说明：")] if check else [],
        "notes": [f for f in check.findings if f.startswith("已说明：")] if check else [],
        "contents": toc.content.get("contents", []) if toc is not None else (check.contents if check else []),
        "cover": cover, "toc": toc, "late": late, "can_check": can_check, "can_archive": can_archive,
        "archive_form": ArchiveForm(initial={"on": today}, auto_id="id_archive_%s") if can_archive else None,
        "check_url": reverse("cases:file_check", args=[case.pk]),
        "archive_url": reverse("cases:archive", args=[case.pk]),
        "pdf_url": reverse("cases:case_file_pdf", args=[case.pk]),
        "pdf_job_url": reverse("cases:case_file_job", args=[case.pk]),
    }}
