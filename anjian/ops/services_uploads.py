"""Pruning uploaded tables (issue 13 review): `imports/<sha256>.<ext>` files hold names and phone numbers and are
needed only between upload, preview and confirm (a session's lifetime) or while a job imports them."""

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from anjian.audit.services import audit_record
from anjian.common.storage import IMPORTS, stored_names

MAX_DAYS = 3650


def _names_in(value) -> Iterator[str]:
    if isinstance(value, str):
        if value.startswith(f"{IMPORTS}/"):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _names_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _names_in(item)


def _uploads_in_use() -> set[str]:
    """Uploads named anywhere in the parameters of a queued or running job (read only; jobs app untouched)."""
    from anjian.jobs.models import Job

    params = Job.objects.filter(state__in=[Job.State.QUEUED, Job.State.RUNNING]).values_list("params", flat=True)
    return {name for value in params.iterator() for name in _names_in(value)}


def uploads_prune(*, actor=None, older_than_days: int, now: datetime | None = None) -> list[str]:
    """Delete uploaded tables last written more than `older_than_days` days ago, through the storage API, except
    those a queued or running job still names; one audit event ("uploads_prune") when any was deleted."""
    if not 0 <= older_than_days <= MAX_DAYS:
        raise ValueError(f"older_than_days must be 0..{MAX_DAYS}")
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    in_use = _uploads_in_use()
    deleted = []
    for name in list(stored_names(IMPORTS)):
        if name in in_use:
            continue
        try:
            modified = default_storage.get_modified_time(name)
        except FileNotFoundError:
            continue
        if modified < cutoff:
            default_storage.delete(name)
            deleted.append(name)
    if deleted:
        with transaction.atomic():
            audit_record(actor=actor, agency=None, verb="uploads_prune", target_type="ops.uploads",
                         target_id=IMPORTS, target_repr=f"删除 {len(deleted)} 个上传的导入文件",
                         extra={"files": len(deleted), "older_than_days": older_than_days})
    return deleted
