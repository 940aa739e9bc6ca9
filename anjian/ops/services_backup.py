"""The audit record of a backup (ADR 0035): written by the system actor once the archive is complete."""

from django.db import transaction

from anjian.audit.services import audit_record


def backup_record(*, actor=None, file_name: str, size: int, manifest_sha256: str, audit_seq: int,
                  members: int, created_at: str) -> None:
    """Append "backup_make" to the audit chain. The archive holds the chain up to `audit_seq`, before this event."""
    with transaction.atomic():
        audit_record(actor=actor, agency=None, verb="backup_make", target_type="ops.backup",
                     target_id=manifest_sha256, target_repr=file_name[:255],
                     extra={"size": size, "members": members, "audit_seq": audit_seq, "created_at": created_at})
