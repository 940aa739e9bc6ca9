"""Administrators replace a kind's Word template: validated by a test render, stored, audited."""

from django.db import transaction

from anjian.accounts.access import acting_grant, has_capability
from anjian.audit.services import audit_record
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.common.storage import forget
from anjian.documents.files import template_file_name, template_keep
from anjian.documents.models import DocumentKind, DocumentTemplate
from anjian.documents.rendering import template_check
from anjian.domain.permissions import Capability
from anjian.regions.models import Agency

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def _actor_agency(actor) -> Agency:
    if not has_capability(actor, Capability.DOCUMENT_TEMPLATE_MANAGE):
        raise ServiceDenied("无权管理文书模板")
    return Agency.objects.select_related("region__parent").get(pk=acting_grant(actor).agency_id)


def document_template_upload(*, actor, kind_code: str, filename: str, data: bytes) -> DocumentTemplate:
    """Store a replacement template after rendering it with sample content (ServiceInvalid when it fails)."""
    agency = _actor_agency(actor)
    kind = DocumentKind.objects.filter(code=kind_code).first()
    if kind is None:
        raise ServiceInvalid(("kind", f"未知的文书种类：{kind_code}"))
    if not filename.lower().endswith(".docx"):
        raise ServiceInvalid(("file", "请上传 .docx 格式的 Word 模板"))
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ServiceInvalid(("file", "模板文件不得超过 5 MB"))
    template_check(kind, agency, data)  # ServiceInvalid at "file", the reason in Chinese
    digest, created = template_keep(data)  # templates/<sha256>.docx in the storage (ADR 0034)
    try:
        with transaction.atomic():
            template = DocumentTemplate.objects.create(kind=kind, filename=filename[:200], sha256=digest,
                                                       uploaded_by=actor)
            audit_record(actor=actor, agency=agency, verb="document_template_upload", target=template,
                         new={"kind": kind.code, "filename": template.filename, "sha256": template.sha256})
    except BaseException:
        if created:
            forget(template_file_name(digest))
        raise
    return template


def document_template_reset(*, actor, kind_code: str) -> int:
    """Deactivate every uploaded template of a kind: the shipped template is used again."""
    agency = _actor_agency(actor)
    with transaction.atomic():
        count = DocumentTemplate.objects.filter(kind_id=kind_code, active=True).update(active=False)
        audit_record(actor=actor, agency=agency, verb="document_template_reset", target_type="documents.documentkind",
                     target_id=kind_code, target_repr=kind_code, new={"deactivated": count})
    return count
