"""A draft as it would print, before it is issued: the PDF watermarked 草稿 and headed 草稿预览, with a placeholder
where the number will be (（泌阳）应急责改〔2026〕—号) and the signer named. A read: nothing is stored, numbered or
audited."""

from django.utils import timezone

from anjian.common.errors import ServiceConflict
from anjian.documents.models import Document
from anjian.documents.rendering import render_context, render_pdf
from anjian.documents.selectors import document_get_for
from anjian.documents.services import signed_content
from anjian.domain.numbering import format_placeholder


def preview_number(document: Document, year: int) -> str:
    if not document.kind.numbered or not document.agency.short_name:
        return ""
    return format_placeholder(document.agency.short_name, document.kind.code, year)


def document_preview_pdf(user, pk: int) -> tuple[Document, bytes]:
    """NotFound when the user cannot see the document; ServiceConflict when it is no longer a draft (its issued PDF
    is the one to read); ServiceInvalid when the named signer may not sign."""
    document = document_get_for(user, pk)
    if document.status != "draft":
        raise ServiceConflict(f"只有草稿可以预览；文书 {document.number or document.pk} 已{document.get_status_display()}，"
                              "请下载其正式文件")
    today = timezone.localdate()
    context = render_context(kind=document.kind, agency=document.agency, enterprise=document.enterprise,
                             content=signed_content(document, user), number=preview_number(document, today.year),
                             issued_on=None, draft=True)
    return document, render_pdf(document.kind, context)


def preview_filename(document: Document) -> str:
    return f"草稿预览-{document.kind.name}-{document.pk}.pdf"
