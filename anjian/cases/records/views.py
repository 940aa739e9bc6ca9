"""Pages of the records part: publishing and withdrawing a decision, the agency's due / late disclosure list,
案卷评查, 归档 and the whole case file as one PDF (the public pages are in views_public)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.cases.core.selectors import case_get_for
from anjian.cases.records import selectors as sel
from anjian.cases.records.case_file_pdf import CaseFilePdfError, case_file_name, case_file_pdf, pdf_response
from anjian.cases.records.forms import (
    ArchiveForm,
    DiscloseForm,
    DisclosureFilterForm,
    WithdrawForm,
)
from anjian.cases.records.services_archive import case_archive, case_file_check
from anjian.cases.records.services_disclosure import case_disclose, case_disclosure_withdraw
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import Failed, form_errors_as_messages, service_call
from anjian.domain.permissions import Capability


def _back(request, case_id: int, anchor: str):
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("cases:detail", args=[case_id])
    return redirect(f"{target.split('#')[0]}#{anchor}")


@requires(Capability.CASE_EDIT)
@require_POST
def disclose(request, pk: int):
    case = case_get_for(request.user, pk, Capability.CASE_EDIT)
    form = DiscloseForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
    else:
        try:
            with service_call(request):
                case_disclose(actor=request.user, case=case, text=form.cleaned_data["text"],
                              on=form.cleaned_data["on"])
        except Failed:
            pass
        else:
            messages.success(request, "处罚决定已公开（个人信息已脱敏）")
    return _back(request, case.pk, "disclosure")


@requires(Capability.CASE_EDIT)
@require_POST
def disclosure_withdraw(request, pk: int):
    case = case_get_for(request.user, pk, Capability.CASE_EDIT)
    form = WithdrawForm(request.POST)
    try:
        with service_call(request):
            case_disclosure_withdraw(actor=request.user, case=case,
                                     reason=form.cleaned_data["reason"] if form.is_valid() else "")
    except Failed:
        pass
    else:
        messages.success(request, "已撤回公开")
    return _back(request, case.pk, "disclosure")


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
        "state": state, "today": today, "query": query_without_page(request)})


@requires(Capability.CASE_EDIT)
@require_POST
def file_check(request, pk: int):
    case = case_get_for(request.user, pk, Capability.CASE_EDIT)
    explanations = {k.removeprefix("explain_"): v for k, v in request.POST.items() if k.startswith("explain_")}
    try:
        with service_call(request):
            check = case_file_check(actor=request.user, case=case, explanations=explanations)
    except Failed:
        pass
    else:
        if check.passed:
            messages.success(request, "案卷评查通过，可以归档")
        else:
            messages.error(request, f"案卷评查未通过：发现{sum(not f.startswith('已说明：') for f in check.findings)}个问题")
    return _back(request, case.pk, "file-check")


@requires(Capability.CASE_APPROVE)
@require_POST
def archive(request, pk: int):
    case = case_get_for(request.user, pk, Capability.CASE_APPROVE)
    form = ArchiveForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return _back(request, case.pk, "file-check")
    try:
        with service_call(request):
            case = case_archive(actor=request.user, case=case, retention=form.cleaned_data["retention"],
                                on=form.cleaned_data["on"])
    except Failed:
        pass
    else:
        messages.success(request, f"已归档，归档号 {case.archive_number}")
    return _back(request, case.pk, "file-check")


@requires(Capability.CASE_VIEW)
def case_file_download(request, pk: int):
    case = case_get_for(request.user, pk)
    try:
        data = case_file_pdf(case, today=timezone.localdate())
    except CaseFilePdfError as exc:
        messages.error(request, f"案卷 PDF 生成失败：{exc}")
        return redirect(f"{reverse('cases:detail', args=[case.pk])}#file-check")
    return pdf_response(data, case_file_name(case))
