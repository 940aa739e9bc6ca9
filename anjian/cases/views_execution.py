"""Pages of execution, closing and transfers: the step forms posted from the case page's panels, the
execution-and-transfers page of one case, and the transfer inbox / outbox."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.access import can
from anjian.accounts.capabilities import requires
from anjian.cases import panels_execution, panels_transfers
from anjian.cases import selectors_execution as sel
from anjian.cases import services_execution as execution
from anjian.cases import services_transfer as transfers
from anjian.cases.forms_execution import (
    AcknowledgeForm,
    CloseForm,
    EnforcementForm,
    InstallmentForm,
    OnForm,
    PaymentForm,
    ReceiptForm,
    TransferForm,
)
from anjian.cases.selectors import case_get_for
from anjian.cases.selectors_core import officers_for_case
from anjian.common.service_views import Failed, form_errors_as_messages, post_step, service_call
from anjian.documents.models import Document
from anjian.domain.case_execution import days_waiting
from anjian.domain.permissions import Capability


def case_url(case_id: int) -> str:
    """The case page (core's detail when it is there, else this part's execution page)."""
    try:
        return reverse("cases:detail", args=[case_id])
    except NoReverseMatch:
        return reverse("cases:execution", args=[case_id])


def _step(request, pk: int, form_class, run, done: str, capability: Capability = Capability.CASE_EDIT, **form_kw):
    case = case_get_for(request.user, pk, capability)
    return post_step(request, case, form_class, run, done, case_url(case.pk), **form_kw)


@requires(Capability.CASE_VIEW)
def execution_page(request, pk: int):
    """执行与移送 of one case: the two panels on a page of their own."""
    case = case_get_for(request.user, pk)
    parts = [render_to_string("cases/_execution.html", panels_execution.panel(request, case), request=request),
             render_to_string("cases/_transfers.html", panels_transfers.panel(request, case), request=request)]
    return render(request, "cases/execution_page.html", {"case": case, "parts": [p for p in parts if p.strip()]})


@requires(Capability.CASE_EDIT)
@require_POST
def payment_record(request, pk: int):
    return _step(request, pk, PaymentForm, lambda case, d: execution.case_payment_record(
        actor=request.user, case=case, amount=d["amount"], paid_on=d["paid_on"], kind=d["kind"],
        receipt_number=d["receipt_number"]), "已登记缴款")


@requires(Capability.CASE_APPROVE)
@require_POST
def installment_approve(request, pk: int):
    return _step(request, pk, InstallmentForm, lambda case, d: execution.case_installment_approve(
        actor=request.user, case=case, until=d["until"], reason=d["reason"]), "已批准延期（分期）缴纳罚款",
        Capability.CASE_APPROVE)


@requires(Capability.CASE_EDIT)
@require_POST
def reminder_serve(request, pk: int):
    return _step(request, pk, OnForm, lambda case, d: execution.case_reminder_serve(
        actor=request.user, case=case, on=d["on"]), "已登记催告书送达")


@requires(Capability.CASE_EDIT)
@require_POST
def surcharge_decide(request, pk: int):
    return _step(request, pk, OnForm, lambda case, d: execution.case_surcharge_decide(
        actor=request.user, case=case, on=d["on"]), "已作出加处罚款决定")


@requires(Capability.CASE_APPROVE)
@require_POST
def enforcement_apply(request, pk: int):
    return _step(request, pk, EnforcementForm, lambda case, d: execution.case_enforcement_apply(
        actor=request.user, case=case, on=d["on"], court=d["court"]), "已申请法院强制执行", Capability.CASE_APPROVE)


@requires(Capability.CASE_APPROVE)
@require_POST
def case_close(request, pk: int):
    return _step(request, pk, CloseForm, lambda case, d: execution.case_close(
        actor=request.user, case=case, on=d["on"], note=d["note"]), "已结案", Capability.CASE_APPROVE)


@requires(Capability.CASE_EDIT)
@require_POST
def transfer_create(request, pk: int):
    case = case_get_for(request.user, pk, Capability.CASE_EDIT)
    return _step(request, pk, TransferForm, lambda case, d: transfers.case_transfer(
        actor=request.user, case=case, kind=d["kind"], receiver_name=d["receiver_name"],
        receiver_agency=d["receiver_agency"], reason=d["reason"], legal_basis=d["legal_basis"],
        materials=d["materials"], sent_on=d["sent_on"]), "已移送", exclude_agency_id=case.agency_id)


@requires(Capability.CASE_VIEW)
def transfer_inbox(request):
    today = timezone.localdate()
    rows = sel.waiting(sel.transfer_inbox_for(request.user), today)
    return render(request, "cases/transfer_list.html", {"title": "移送案件（收件）", "rows": rows, "box": "inbox"})


@requires(Capability.CASE_VIEW)
def transfer_outbox(request):
    today = timezone.localdate()
    rows = sel.waiting(sel.transfer_outbox_for(request.user), today)
    return render(request, "cases/transfer_list.html", {"title": "本机关移送的案件", "rows": rows, "box": "outbox"})


@requires(Capability.CASE_VIEW)
def transfer_detail(request, pk: int):
    transfer = sel.transfer_get_for(request.user, pk)
    today = timezone.localdate()
    side = sel.transfer_side(request.user, transfer)
    receiver_acts = (side in ("receiver", "both") and transfer.acknowledged_on is None
                     and can(request.user, Capability.CASE_EDIT, transfer.receiver_agency.region_id))
    sender_acts = (side in ("sender", "both") and transfer.acknowledged_on is None
                   and transfer.receiver_agency is None
                   and can(request.user, Capability.CASE_EDIT, transfer.case.agency.region_id))
    received = transfer.received_case
    return render(request, "cases/transfer_detail.html", {
        "t": transfer, "side": side, "waiting": days_waiting(transfer.sent_on, transfer.acknowledged_on, today),
        "ack_form": AcknowledgeForm(initial={"on": today}, officers=officers_for_case(request.user))
        if receiver_acts else None,
        "receipt_form": ReceiptForm(initial={"on": today}) if sender_acts else None,
        "case_link": case_url(transfer.case_id) if side != "receiver" else None,
        "received_link": case_url(received.pk) if received and can(
            request.user, Capability.CASE_VIEW, transfer.receiver_agency.region_id) else None})


@requires(Capability.CASE_EDIT)
@require_POST
def transfer_acknowledge(request, pk: int):
    transfer = sel.transfer_to_acknowledge(request.user, pk)
    team = officers_for_case(request.user)
    form = AcknowledgeForm(request.POST, officers=team)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("cases:transfer", pk=pk)
    d = form.cleaned_data
    try:
        with service_call(request):
            done = transfers.case_transfer_acknowledge(actor=request.user, transfer=transfer, on=d["on"],
                                                       signer_name=d["signer_name"], note=d["note"],
                                                       open_case=d["open_case"],
                                                       officers=list(team.filter(pk__in=d["officers"])))
    except Failed:
        return redirect("cases:transfer", pk=pk)
    messages.success(request, "已签收" + ("，并已据此提出立案申请（待立案审批）" if done.received_case_id else ""))
    return redirect(case_url(done.received_case_id) if done.received_case_id else reverse("cases:transfer", args=[pk]))


@requires(Capability.CASE_EDIT)
@require_POST
def transfer_receipt(request, pk: int):
    transfer = sel.transfer_to_record_receipt(request.user, pk)
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("cases:transfer", pk=pk)
    d = form.cleaned_data
    try:
        with service_call(request):
            transfers.case_transfer_receipt_record(actor=request.user, transfer=transfer, on=d["on"],
                                                   signer_name=d["signer_name"], note=d["note"])
    except Failed:
        pass
    else:
        messages.success(request, "已登记回执")
    return redirect("cases:transfer", pk=pk)


@requires(Capability.CASE_VIEW)
def transfer_letter(request, pk: int):
    """The issued 移送书 (PDF) for either side — the receiver cannot open the sender's documents otherwise."""
    transfer = sel.transfer_get_for(request.user, pk)
    row = Document.objects.filter(pk=transfer.document_id, status="issued").values_list("pdf", "number").first()
    if row is None or not row[0]:
        raise Http404("移送书")
    response = HttpResponse(bytes(row[0]), content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=transfer-{transfer.pk}.pdf"
    return response
