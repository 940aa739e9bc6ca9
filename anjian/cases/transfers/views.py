"""Pages of transfers: the transfer form posted from the case page's panel, the transfer inbox / outbox, one
transfer with its acknowledgement or receipt, and its letter. The forms give what the API's schemas give, turned
into the services' arguments by the same selectors (`transfer_arguments`, `acknowledgement_arguments`)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.access import can
from anjian.accounts.capabilities import requires
from anjian.cases.core.origins import officers_for_case
from anjian.cases.core.selectors import case_get_for
from anjian.cases.core.views import case_url
from anjian.cases.transfers import selectors as sel
from anjian.cases.transfers import services as transfers
from anjian.cases.transfers.forms import AcknowledgeForm, ReceiptForm, TransferForm
from anjian.common.errors import NotFound
from anjian.common.service_views import post_step
from anjian.documents.files import document_file_bytes
from anjian.documents.models import Document
from anjian.domain.case_execution import days_waiting
from anjian.domain.permissions import Capability


@requires(Capability.CASE_EDIT)
@require_POST
def transfer_create(request, pk: int):
    case = case_get_for(request.user, pk, Capability.CASE_EDIT)
    return post_step(request, case, TransferForm, lambda c, d: transfers.case_transfer(
        actor=request.user, case=c, **sel.transfer_arguments(d)), "已移送", case_url(case.pk),
        exclude_agency_id=case.agency_id)


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
    back = reverse("cases:transfer", args=[pk])
    return post_step(request, transfer, AcknowledgeForm, lambda t, d: transfers.case_transfer_acknowledge(
        actor=request.user, transfer=t, **sel.acknowledgement_arguments(request.user, d)),
        lambda done: "已签收" + ("，并已据此提出立案申请（待立案审批）" if done.received_case_id else ""),
        lambda done: case_url(done.received_case_id) if done.received_case_id else back, back=back)


@requires(Capability.CASE_EDIT)
@require_POST
def transfer_receipt(request, pk: int):
    transfer = sel.transfer_to_record_receipt(request.user, pk)
    return post_step(request, transfer, ReceiptForm, lambda t, d: transfers.case_transfer_receipt_record(
        actor=request.user, transfer=t, **d), "已登记回执", reverse("cases:transfer", args=[pk]))


@requires(Capability.CASE_VIEW)
def transfer_letter(request, pk: int):
    """The issued 移送书 (PDF) for either side — the receiver cannot open the sender's documents otherwise."""
    transfer = sel.transfer_get_for(request.user, pk)
    document = Document.objects.filter(pk=transfer.document_id, status="issued").first()
    if document is None or not document.pdf_sha256:
        raise NotFound()
    response = HttpResponse(document_file_bytes(document, "pdf"), content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=transfer-{transfer.pk}.pdf"
    return response
