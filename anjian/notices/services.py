"""Notices are derived state: sweeps (`anjian remind`) upsert them by key and resolve the ones no longer true."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.audit.services import audit_record
from anjian.notices.models import Notice


@dataclass(frozen=True)
class NoticeSpec:
    key: str
    agency_id: int
    region_id: str
    level: str
    title: str
    text: str = ""
    link: str = ""
    due_date: date | None = None


def notices_sync(*, prefix: str, specs: Iterable[NoticeSpec]) -> dict[str, int]:
    """Make the open notices whose key starts with `prefix` equal to `specs`. Idempotent.

    New keys are created, changed ones updated, and open notices not in `specs` are resolved.
    """
    wanted = {s.key: s for s in specs}
    counts = {"created": 0, "updated": 0, "resolved": 0}
    now = timezone.now()
    with transaction.atomic():
        existing = {n.key: n for n in Notice.objects.select_for_update().filter(key__startswith=prefix)}
        for key, spec in wanted.items():
            fields = {"agency_id": spec.agency_id, "region_id": spec.region_id, "level": spec.level,
                      "title": spec.title, "text": spec.text, "link": spec.link, "due_date": spec.due_date,
                      "resolved_at": None}
            notice = existing.get(key)
            if notice is None:
                Notice.objects.create(key=key, **fields)
                counts["created"] += 1
            elif any(getattr(notice, f) != v for f, v in fields.items()):
                Notice.objects.filter(pk=notice.pk).update(**fields)
                counts["updated"] += 1
        stale = [n.pk for key, n in existing.items() if key not in wanted and n.resolved_at is None]
        if stale:
            counts["resolved"] = Notice.objects.filter(pk__in=stale).update(resolved_at=now)
        if any(counts.values()):
            audit_record(actor=None, agency=None, verb="notices_sync", target_type="notices.notice",
                         target_id=prefix, target_repr="待办提醒", new=counts)
    return counts


def handoff_open(*, actor, user, agency, key: str, title: str, text: str = "", link: str = "",
                 due_date: date | None = None) -> Notice:
    """A record sent back to ``user`` (its sender): one open notice per ``key`` (e.g. ``returned:inspection:42``),
    in their to-do list until `handoff_close`. Call it inside the transaction of the step that sends back."""
    fields = {"agency": agency, "region_id": agency.region_id, "user": user, "level": Notice.Level.RETURNED,
              "title": title[:200], "text": text[:500], "link": link[:255], "due_date": due_date,
              "resolved_at": None}
    notice, _ = Notice.objects.update_or_create(key=key, defaults=fields)
    audit_record(actor=actor, agency=agency, verb="handoff_open", target_type="notices.notice", target_id=key,
                 target_repr=notice.title, new={"user": user.pk, "text": notice.text})
    return notice


def handoff_close(*, key: str) -> bool:
    """The record moved on (resubmitted, withdrawn …): its hand-off notice leaves the to-do list. Idempotent."""
    return Notice.objects.filter(key=key, resolved_at__isnull=True).update(resolved_at=timezone.now()) > 0
