"""The inspection's side of on-the-spot signatures (anjian.signatures sits below this app and does not import it):
which documents a signature may name, scoped reads for pages and the API, and the source that gives an issued
on-site document its signatures (registered with the documents app in InspectionsConfig.ready; ADR 0039)."""

from anjian.common.errors import NotFound, ServiceInvalid
from anjian.documents.selectors import documents_of
from anjian.domain.signature_rules import DOCUMENT_KINDS
from anjian.inspections import selectors as sel
from anjian.signatures.images import signature_image
from anjian.signatures.selectors import document_entries, signature_of

NOT_THIS_INSPECTIONS = "所选文书不是本次检查的现场检查记录、现场处理措施决定书或责令限期整改指令书草稿"


def document_signatures(inspection_id: int, document) -> list[dict] | None:
    """The signatures an on-site document of the inspection carries at issue (documents.site_signatures); None for
    the inspection's other documents (the plan, the re-inspection opinion), whose content stays as it was."""
    if document.kind_id not in DOCUMENT_KINDS:
        return None
    return document_entries(inspection_id=inspection_id, document_id=document.pk, kind_code=document.kind_id)


def signable_documents(inspection) -> list:
    """The inspection's on-site documents still drafts: a signature may be taken for one of them."""
    return list(documents_of(inspection).filter(status="draft", kind_id__in=list(DOCUMENT_KINDS)))


def signable_document(inspection, document_id: int | None):
    """The draft a signature names (None for none); an id naming anything else — another inspection's document, an
    issued one, a missing one — is refused alike at field "document"."""
    if document_id is None:
        return None
    found = next((d for d in signable_documents(inspection) if d.pk == document_id), None)
    if found is None:
        raise ServiceInvalid(("document", NOT_THIS_INSPECTIONS))
    return found


def signature_image_for(user, inspection_id: int, signature_id: int) -> bytes:
    """A signature's PNG for a user who may see its inspection; NotFound otherwise, for a refusal (no image) and for
    a missing one alike. ServiceConflict in plain words when the stored file is gone or altered."""
    inspection = sel.inspection_get_for(user, inspection_id)
    signature = signature_of(inspection, signature_id)
    if not signature.image_sha256:
        raise NotFound()
    return signature_image(signature)
