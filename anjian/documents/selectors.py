"""Reads of enforcement documents, scoped by the issuing agency's region."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from anjian.accounts.access import can, scope_q
from anjian.documents.models import Document
from anjian.domain.permissions import Capability

FILES = ("docx", "pdf")


@dataclass(frozen=True)
class DocumentFilters:
    kind: str = ""
    status: str = ""
    year: int | None = None
    q: str = ""  # a fragment of the number or of the enterprise's name


def _base() -> QuerySet[Document]:
    return Document.objects.select_related("kind", "agency", "enterprise").defer(*FILES)


def document_list_for(user, filters: DocumentFilters | None = None,
                      capability: Capability = Capability.DOCUMENT_VIEW) -> QuerySet[Document]:
    f = filters or DocumentFilters()
    qs = _base().filter(scope_q(user, capability, column="agency__region_id"))
    if f.kind:
        qs = qs.filter(kind_id=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.year:
        qs = qs.filter(Q(year=f.year) | Q(year__isnull=True, created_at__year=f.year))
    text = f.q.strip()
    if text:
        qs = qs.filter(Q(number__contains=text) | Q(enterprise__name__contains=text))
    return qs


def document_get_for(user, pk: int, capability: Capability = Capability.DOCUMENT_VIEW) -> Document:
    """404 for a missing document and for one outside the user's scope alike."""
    document = _base().select_related("agency__region__parent", "replaces").filter(pk=pk).first()
    if document is None or not can(user, capability, document.agency.region_id):
        raise Http404("document")
    return document


def document_file_for(user, pk: int, which: str) -> tuple[Document, bytes]:
    """An issued document's stored Word or PDF file (404 when there is none or it is out of scope)."""
    if which not in FILES:
        raise Http404("file")
    document = document_get_for(user, pk)
    data = Document.objects.filter(pk=document.pk).values_list(which, flat=True).first()
    if not data:
        raise Http404("file")
    return document, bytes(data)


def documents_of(subject) -> QuerySet[Document]:
    """Every document attached to a record (inspection, hazard, handover …), newest first.

    Not scoped: call it only for a subject already fetched through a scoped selector.
    """
    return _base().filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


def corrections_of(document: Document) -> QuerySet[Document]:
    return _base().filter(replaces=document).order_by("created_at")
