"""现场签名 on the inspection page: the section's content, taking a signature or a refusal, and the images (shown
only to users who may see the inspection; 404 otherwise, worded as for a missing one)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.common.service_views import REFUSED, attempt, form_errors_as_messages
from anjian.domain.permissions import Capability
from anjian.inspections import selectors as sel
from anjian.inspections.forms_signatures import SignatureForm
from anjian.inspections.site_signatures import signature_image_for
from anjian.signatures.selectors import signatures_of
from anjian.signatures.services import OPEN_STATUSES, Position, signature_record


def signature_section(inspection, can_edit: bool) -> dict:
    """The context of inspections/_signatures.html (the inspection page includes it)."""
    can_sign = can_edit and inspection.status in OPEN_STATUSES
    return {"signatures": list(signatures_of(inspection)), "can_sign": can_sign,
            "signature_form": SignatureForm(team=sel.team_of(inspection)) if can_sign else None}


def _position(data: dict) -> Position | None:
    if data["latitude"] is None and data["longitude"] is None:
        return None
    return Position(data["latitude"], data["longitude"], data["accuracy_m"])


@requires(Capability.INSPECTION_EDIT)
@require_POST
def signature_add(request, pk: int):
    inspection = sel.inspection_get_for(request.user, pk)
    back = reverse("inspections:detail", args=[pk]) + "#signatures"
    form = SignatureForm(request.POST, request.FILES, team=sel.team_of(inspection))
    if not form.is_valid():
        form_errors_as_messages(request, form, labelled=True)
        return redirect(back)
    d = form.cleaned_data
    result = attempt(request, lambda: signature_record(
        actor=request.user, inspection=inspection, role=d["role"], device_time=d["device_time"] or timezone.now(),
        client_id=d["client_id"], image=None if d["refused"] else d["image"], refused=d["refused"],
        signer_name=d["signer_name"], officer_id=d["officer"], witness_name=d["witness_name"] if d["refused"] else "",
        note=d["note"], kind_code=d["kind_code"], position=_position(d)))
    if result is not REFUSED:
        messages.success(request, "已登记拒绝签字" if d["refused"] else "已保存签名")
    return redirect(back)


@requires(Capability.INSPECTION_VIEW)
def signature_image(request, pk: int, signature_id: int):
    response = HttpResponse(signature_image_for(request.user, pk, signature_id), content_type="image/png")
    response["Content-Disposition"] = "inline"
    return response
