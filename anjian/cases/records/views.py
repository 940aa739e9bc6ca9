"""Pages of the records part: publishing and withdrawing a decision, the agency's due / late disclosure list,
案卷评查, 归档 and the whole case file as one PDF (the public pages are in views_public)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.access import has_capability
from anjian.accounts.capabilities import requires
from anjian.cases.core.selectors import case_get_for
from anjian.cases.core.views import case_url, posted_next
from anjian.cases.records import selectors as sel
from anjian.cases.records.case_file_pdf import case_file_name, case_file_pdf, pdf_response
from anjian.cases.records.forms import (
    ArchiveForm,
    DiscloseBatchForm,
    DiscloseForm,
    DisclosureFilterForm,
    FileCheckForm,
    WithdrawForm,
)
from anjian.cases.records.jobs import case_file_job_submit, disclose_job_submit
from anjian.cases.records.services_archive import case_archive, case_file_check
from anjian.cases.records.services_disclosure import case_disclose, case_disclosure_withdraw
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import post_step
from anjian.domain.permissions import Capability


def _back(request, case_id: int, anchor: str) -> str:
    """Where a step returns: the page it was posted from or the case page, at ``anchor``."""
    return f"{posted_next(request, case_url(case_id)).split('#')[0]}#{anchor}"


def _step(request, pk: int, capability: Capability, form_class, service, done, anchor: str):
    """Validate ``form_class`` and call ``service(actor=…, case=…, **cleaned_data)`` (the API's body gives the same)."""
    case = case_get_for(request.user, pk, capability)
    return post_step(request, case, form_class, lambda c, d: service(actor=request.user, case=c, **d), done,
                     _back(request, case.pk, anchor))


@requires(Capability.CASE_EDIT)
@require_POST
def disclose(request, pk: int):
    return _step(request, pk, Capability.CASE_EDIT, DiscloseForm, case_disclose, "处罚决定已公开（个人信息已脱敏）",
                 "disclosure")


@requires(Capability.CASE_EDIT)
@require_POST
def disclosure_withdraw(request, pk: int):
    return _step(request, pk, Capability.CASE_EDIT, WithdrawForm, case_disclosure_withdraw, "已撤回公开", "disclosure")


@requires(Capability.CASE_VIEW)
def disclosure_list(request):
    today = timezone.localdate()
    form = DisclosureFilterForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    state = f.get("state") or "pending"
    rows = sel.disclosure_rows_for(request.user, state=state, today=today, year=f.get("year"))
    page = paginate(request, rows)
    return render(request, "cases/disclosure_list.html", {
        "form": form if request.GET else DisclosureFilterForm(initial={"state": "pending"}), "page": page,
        "state": state, "today": today, "query": query_without_page(request),
        "can_publish": state in ("pending", "late") and has_capability(request.user, Capability.CASE_EDIT),
        "year": f.get("year") or ""})


@requires(Capability.CASE_EDIT)
@require_POST
def disclose_batch(request):
    """公开所选 / 公开全部待公开: a background job publishing each case through case_disclose (ADR 0033)."""
    form = DiscloseBatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("cases:disclosures")
    d = form.cleaned_data
    if d["scope"] == "all":
        rows = sel.disclosure_rows_for(request.user, state=d["state"] or "pending", today=timezone.localdate(),
                                       year=d["year"])
        ids = [r.case.pk for r in rows if r.case.disclosed_on is None]
        title = f"公开全部待公开的处罚决定（{len(ids)}起）"
    else:
        ids = d["case"]
        title = f"公开所选处罚决定（{len(ids)}起）"
    if not ids:
        messages.error(request, "没有待公开的案件" if d["scope"] == "all" else "请至少选择一起案件")
        return redirect("cases:disclosures")
    return redirect(disclose_job_submit(actor=request.user, case_ids=ids, title=title))


def _checked(check) -> str:
    if check.passed:
        return "案卷评查通过，可以归档"
    return f"已完成案卷评查：发现{sum(not f.startswith('已说明：') for f in check.findings)}个问题，见案卷评查结果"


@requires(Capability.CASE_EDIT)
@require_POST
def file_check(request, pk: int):
    return _step(request, pk, Capability.CASE_EDIT, FileCheckForm, case_file_check, _checked, "file-check")


@requires(Capability.CASE_APPROVE)
@require_POST
def archive(request, pk: int):
    return _step(request, pk, Capability.CASE_APPROVE, ArchiveForm, case_archive,
                 lambda case: f"已归档，归档号 {case.archive_number}", "file-check")


@requires(Capability.CASE_VIEW)
@require_POST
def case_file_job(request, pk: int):
    """生成案卷PDF: a background job (progress per document); its page offers the PDF (ADR 0033)."""
    return redirect(case_file_job_submit(actor=request.user, case=case_get_for(request.user, pk)))


@requires(Capability.CASE_VIEW)
def case_file_download(request, pk: int):
    """The whole file as one PDF at once (kept for the API and links; the page submits a job instead); a file that
    no longer matches its table of contents is refused with the reason."""
    case = case_get_for(request.user, pk)
    return pdf_response(case_file_pdf(case, today=timezone.localdate()), case_file_name(case))
