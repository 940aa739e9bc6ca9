"""Reads of signatures. Scope is the inspection's: callers pass an inspection they fetched through the inspections
app's scoped selector (a user who may not see it gets NotFound there, worded as for a missing one)."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from anjian.common.errors import NotFound
from anjian.domain.signature_rules import DOCUMENT_KINDS, ROLES
from anjian.signatures.models import Signature


def signatures_of(inspection) -> QuerySet[Signature]:
    """Every signature and refusal of the inspection, in the order they were signed."""
    return Signature.objects.filter(inspection_id=inspection.pk).select_related("document").order_by("device_time", "id")


def signature_of(inspection, pk: int) -> Signature:
    """One signature of this inspection; NotFound for another inspection's and for a missing one alike."""
    signature = Signature.objects.filter(inspection_id=inspection.pk, pk=pk).first()
    if signature is None:
        raise NotFound()
    return signature


def signature_inspection_id(pk: int) -> int:
    """The inspection a signature belongs to, for the caller to check the user may see it (NotFound when none)."""
    inspection_id = Signature.objects.filter(pk=pk).values_list("inspection_id", flat=True).first()
    if inspection_id is None:
        raise NotFound()
    return inspection_id


def signed_when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.year}年{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"


def _signer(s: Signature) -> tuple:
    return (s.role, s.officer_id) if s.role == "officer" else (s.role, s.signer_name)


def document_entries(*, inspection_id: int, document_id: int | None, kind_code: str) -> list[dict]:
    """The signatures an on-site document of this inspection carries when issued, as plain values for its frozen
    content: those taken for this document, for its kind, or for every on-site document (neither named). A person
    who signed again (same role and officer, or same role and name) is shown by the latest; earlier ones stay on
    record. Other kinds of documents carry none ([])."""
    if kind_code not in DOCUMENT_KINDS:
        return []
    for_it = Q(document__isnull=True, kind_code__in=[kind_code, ""])
    if document_id is not None:
        for_it |= Q(document_id=document_id)
    rows = list(Signature.objects.filter(Q(inspection_id=inspection_id) & for_it).order_by("device_time", "id"))
    latest = {_signer(s): s for s in rows}  # later rows replace earlier ones of the same signer
    kept = [s for s in rows if latest[_signer(s)] is s]
    return [{"id": s.pk, "role": s.role, "role_label": ROLES[s.role], "party": s.role != "officer",
             "name": s.signer_name, "refused": s.refused, "witness": s.witness_name, "note": s.note,
             "sha256": s.image_sha256, "signed_at": s.device_time.isoformat(), "signed_at_cn": signed_when(s.device_time)}
            for s in kept]

