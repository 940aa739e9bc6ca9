"""Files of documents in the file storage (ADR 0034): an issued document's Word and PDF files as
documents/<sha256>.docx|pdf, uploaded Word templates as templates/<sha256>.docx. The frozen row keeps the SHA-256;
a reader gets the bytes only when they still match it."""

from anjian.common.errors import ServiceConflict
from anjian.common.storage import (
    DOCUMENTS,
    TEMPLATES,
    StoredFileProblem,
    forget,
    keep_bytes,
    read_verified,
    sha256_of,
    stored_name,
)

FILES = ("docx", "pdf")
LABELS = {"docx": "Word 文件", "pdf": "PDF 文件"}


def document_file_name(sha256: str, which: str) -> str:
    if which not in FILES:
        raise ValueError("bad document file kind")
    return stored_name(DOCUMENTS, sha256, which)


def document_files_keep(files: dict[str, bytes]) -> tuple[dict[str, str], list[str]]:
    """Store {"docx"|"pdf": bytes}: ({which: sha256}, names this call created — `document_files_discard` them
    when the transaction that names them fails)."""
    digests, created = {}, []
    for which, data in files.items():
        digests[which] = sha256_of(data)
        name = document_file_name(digests[which], which)
        if keep_bytes(name, data):
            created.append(name)
    return digests, created


def document_files_discard(created: list[str]) -> None:
    for name in created:
        forget(name)


def document_file_bytes(document, which: str) -> bytes:
    """The issued file's bytes, checked against the SHA-256 frozen in its row (ServiceConflict in plain words when
    the stored file is missing or no longer matches)."""
    digest = getattr(document, f"{which}_sha256")
    label = f"文书 {document.number or document.pk} 的{LABELS[which]}"
    try:
        return read_verified(document_file_name(digest, which), digest, label)
    except StoredFileProblem as exc:
        raise ServiceConflict(str(exc)) from exc


def template_file_name(sha256: str) -> str:
    return stored_name(TEMPLATES, sha256, "docx")


def template_keep(data: bytes) -> tuple[str, bool]:
    """Store an uploaded Word template: (sha256, whether this call created the file)."""
    digest = sha256_of(data)
    return digest, keep_bytes(template_file_name(digest), data)


def template_bytes(sha256: str, filename: str) -> bytes:
    try:
        return read_verified(template_file_name(sha256), sha256, f"文书模板“{filename}”")
    except StoredFileProblem as exc:
        raise ServiceConflict(str(exc)) from exc
