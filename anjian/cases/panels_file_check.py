"""Context for the file-check panel on the case page: the latest 案卷评查 with its findings and table of contents,
whether the file changed since, the late steps to explain, the archive form, and the whole file as one PDF."""

from django.urls import reverse
from django.utils import timezone

from anjian.accounts.access import can
from anjian.cases.forms_records import ArchiveForm
from anjian.cases.selectors import case_deadlines_of
from anjian.cases.selectors_records import archive_documents, check_is_stale, file_items, latest_check
from anjian.domain.case_deadlines import late_steps
from anjian.domain.permissions import Capability

SHOWN = frozenset({"executing", "transferred", "closed", "archived"})


def panel(request, case) -> dict:
    if case.status not in SHOWN and case.result != "no_penalty":
        return {"fc": {"show": False}}
    today = timezone.localdate()
    region = case.agency.region_id
    archived = case.status == "archived"
    check = latest_check(case)
    stale = ""
    if check is not None and not archived:
        stale = check_is_stale(case, check, file_items(case, with_pdfs=False)[0])
    can_check = can(request.user, Capability.CASE_EDIT, region) and not archived
    can_archive = (can(request.user, Capability.CASE_APPROVE, region) and can(request.user, Capability.DOCUMENT_ISSUE,
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
    }}
