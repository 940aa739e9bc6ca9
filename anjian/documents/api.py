from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Query, Router, Schema

from anjian.accounts.api_access import api_requires
from anjian.common.api_errors import ERRORS, ErrorOut
from anjian.common.api_types import Code, Content, Id, PageIn, Text, Year, page_of
from anjian.common.api_types import Query as Words
from anjian.common.openapi import binary
from anjian.documents.preview import document_preview_pdf, preview_filename
from anjian.documents.selectors import (
    DocumentFilters,
    document_get_for,
    document_get_for_issue,
    document_list_for,
)
from anjian.documents.services import document_correct, document_issue, document_void
from anjian.domain.permissions import Capability

router = Router(tags=["执法文书"])


class DocumentOut(Schema):
    id: int
    kind: str
    kind_name: str
    status: str
    number: str
    year: int | None
    seq: int | None
    agency_id: int
    agency_name: str
    enterprise_id: int | None
    enterprise_name: str
    content: dict
    signer: str  # 签发人: who took the decision (recorded when issued; a draft names the one it will record)
    issued_at: datetime | None
    content_sha256: str
    docx_sha256: str
    pdf_sha256: str
    replaces_id: int | None
    correction_reason: str
    void_reason: str
    docx_url: str | None
    pdf_url: str | None


class DocumentPage(Schema):
    count: int
    page: int
    size: int
    results: list[DocumentOut]


class DocumentFilterIn(PageIn):
    kind: Code = ""
    status: Literal["", "draft", "issued", "voided", "discarded"] = ""
    year: Year | None = None
    q: Words = ""


class VoidIn(Schema):
    reason: Text


class CorrectIn(Schema):
    content: Content
    reason: Text


def _out(d) -> DocumentOut:
    files = d.status in {"issued", "voided"}
    return DocumentOut(
        id=d.pk, kind=d.kind_id, kind_name=d.kind.name, status=d.status, number=d.number, year=d.year, seq=d.seq,
        agency_id=d.agency_id, agency_name=d.agency.name, enterprise_id=d.enterprise_id,
        enterprise_name=d.enterprise.name if d.enterprise_id else "", content=d.content,
        signer=str(d.content.get("signer") or "") if isinstance(d.content, dict) else "", issued_at=d.issued_at,
        content_sha256=d.content_sha256, docx_sha256=d.docx_sha256, pdf_sha256=d.pdf_sha256,
        replaces_id=d.replaces_id, correction_reason=d.correction_reason, void_reason=d.void_reason,
        docx_url=f"/documents/{d.pk}/docx" if files else None, pdf_url=f"/documents/{d.pk}/pdf" if files else None,
    )


def _fresh(request, pk: int):
    return _out(document_get_for(request.user, pk))


@router.get("/", response={200: DocumentPage, 422: ErrorOut})
@api_requires(Capability.DOCUMENT_VIEW)
def list_documents(request: HttpRequest, filters: Query[DocumentFilterIn]):
    qs = document_list_for(request.user, DocumentFilters(kind=filters.kind, status=filters.status,
                                                         year=filters.year, q=filters.q))
    count, rows = page_of(qs, filters)
    return DocumentPage(count=count, page=filters.page, size=filters.size, results=[_out(d) for d in rows])


@router.get("/{int:document_id}", response={200: DocumentOut, 404: ErrorOut})
@api_requires(Capability.DOCUMENT_VIEW)
def get_document(request: HttpRequest, document_id: Id):
    return _out(document_get_for(request.user, document_id))


@router.get("/{int:document_id}/preview.pdf", response={200: None, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
            openapi_extra=binary("application/pdf"))
@api_requires(Capability.DOCUMENT_VIEW)
def preview_document(request: HttpRequest, document_id: Id):
    """A draft as it would print: watermarked 草稿, a placeholder instead of the number, the signer named. Nothing is
    stored, numbered or audited. 409 when the document is no longer a draft (download its issued PDF instead)."""
    document, data = document_preview_pdf(request.user, document_id)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, preview_filename(document))
    return response


@router.post("/{int:document_id}/issue", response={200: DocumentOut, **ERRORS})
@api_requires(Capability.DOCUMENT_ISSUE)
def issue_document(request: HttpRequest, document_id: Id):
    document_issue(actor=request.user, document=document_get_for_issue(request.user, document_id))
    return _fresh(request, document_id)


@router.post("/{int:document_id}/void", response={200: DocumentOut, **ERRORS})
@api_requires(Capability.DOCUMENT_ISSUE)
def void_document(request: HttpRequest, document_id: Id, payload: VoidIn):
    document_void(actor=request.user, document=document_get_for_issue(request.user, document_id),
                  reason=payload.reason)
    return _fresh(request, document_id)


@router.post("/{int:document_id}/correct", response={201: DocumentOut, **ERRORS})
@api_requires(Capability.DOCUMENT_ISSUE)
def correct_document(request: HttpRequest, document_id: Id, payload: CorrectIn):
    correction = document_correct(actor=request.user, document=document_get_for_issue(request.user, document_id),
                                  content=payload.content, reason=payload.reason)
    return 201, _fresh(request, correction.pk)
