"""Pages of transfers: the transfer form posted from the case page's panel, the transfer inbox / outbox, one
transfer with its acknowledgement or receipt, and its letter."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.access import can
from anjian.accounts.capabilities import requires
from anjian.cases.core.origins import officers_for_case
from anjian.cases.core.selectors import case_get_for
from anjian.cases.execution.views import _step, case_url
from anjian.cases.transfers import selectors as sel
from anjian.cases.transfers import services as transfers
from anjian.cases.transfers.forms import AcknowledgeForm, ReceiptForm, TransferForm
from anjian.common.service_views import Failed, form_errors_as_messages, service_call
from anjian.documents.models import Document
from anjian.domain.case_execution import days_waiting
from anjian.domain.permissions import Capability


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
