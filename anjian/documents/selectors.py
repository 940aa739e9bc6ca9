"""Reads of enforcement documents, scoped by the issuing agency's region.

Apps above this one may register subjects a user may not see yet (`hidden_subjects_register`, e.g. a random
draw's sealed inspections, ADR 0023): their documents are left out of the list and read like nonexistent ones.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from anjian.accounts.access import can, scope_q
from anjian.common.errors import NotFound, ServiceDenied
from anjian.documents.files import FILES, document_file_bytes
from anjian.documents.models import Document
from anjian.domain.permissions import Capability

# model → hidden_ids(user): a values("pk") queryset of that model's records whose documents the user may not see.
_HIDDEN_SUBJECTS: dict[type, Callable[[object], QuerySet]] = {}


def hidden_subjects_register(model: type, hidden_ids: Callable[[object], QuerySet]) -> None:
    """Called from an app's ready(): documents must not import the apps that attach documents to records."""
    _HIDDEN_SUBJECTS[model] = hidden_ids


def _hidden_q(user) -> Q:
    """Documents attached to a subject the user may not see (call only with something registered)."""
    return reduce(or_, (Q(subject_type=ContentType.objects.get_for_model(model), subject_id__in=hidden_ids(user))
                        for model, hidden_ids in _HIDDEN_SUBJECTS.items()))


def _subject_hidden(user, document: Document) -> bool:
    for model, hidden_ids in _HIDDEN_SUBJECTS.items():
        if (document.subject_type_id == ContentType.objects.get_for_model(model).pk
                and hidden_ids(user).filter(pk=document.subject_id).exists()):
            return True
    return False


@dataclass(frozen=True)
class DocumentFilters:
    kind: str = ""
    status: str = ""
    year: int | None = None
    q: str = ""  # a fragment of the number or of the enterprise's name


def _base() -> QuerySet[Document]:
    return Document.objects.select_related("kind", "agency", "enterprise")


def document_list_for(user, filters: DocumentFilters | None = None,
                      capability: Capability = Capability.DOCUMENT_VIEW) -> QuerySet[Document]:
    f = filters or DocumentFilters()
    qs = _base().filter(scope_q(user, capability, column="agency__region_id"))
    if _HIDDEN_SUBJECTS:
        qs = qs.exclude(_hidden_q(user))
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
    """NotFound for a missing document and for one outside the user's scope alike."""
    document = _base().select_related("agency__region__parent", "replaces").filter(pk=pk).first()
    if document is None or not can(user, capability, document.agency.region_id) or _subject_hidden(user, document):
        raise NotFound()
    return document


def document_get_for_issue(user, pk: int) -> Document:
    """A document to edit, issue, correct, void or discard, for pages and the API alike: NotFound when the user
    cannot see it, ServiceDenied when they see it but may not issue for its agency."""
    document = document_get_for(user, pk)
    if not can(user, Capability.DOCUMENT_ISSUE, document.agency.region_id):
        raise ServiceDenied("无权签发、更正或作废该机关的文书")
    return document


def document_file_for(user, pk: int, which: str) -> tuple[Document, bytes]:
    """An issued document's stored Word or PDF file (NotFound when there is none or it is out of scope;
    ServiceConflict in plain words when the stored file is gone or no longer matches its frozen SHA-256)."""
    if which not in FILES:
        raise NotFound()
    document = document_get_for(user, pk)
    if not getattr(document, f"{which}_sha256"):
        raise NotFound()
    return document, document_file_bytes(document, which)


def documents_of(subject) -> QuerySet[Document]:
    """Every document attached to a record (inspection, hazard, handover …), newest first.

    Not scoped: call it only for a subject already fetched through a scoped selector.
    """
    return _base().filter(subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk)


def corrections_of(document: Document) -> QuerySet[Document]:
    return _base().filter(replaces=document).order_by("created_at")
