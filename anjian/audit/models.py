from django.conf import settings
from django.db import models


def event_content(event) -> dict:
    """The fields the hash covers (also used by migrations on their historical model)."""
    return {
        "seq": event.seq,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "actor_agency_id": event.actor_agency_id,
        "verb": event.verb,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "payload": event.payload,
    }


class AuditEvent(models.Model):
    """Append-only record of every write made through a service, chained by a keyed hash (ADR 0019)."""

    seq = models.BigIntegerField("序号", unique=True)
    occurred_at = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", db_constraint=False)
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    actor_agency = models.ForeignKey("regions.Agency", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", db_constraint=False)
    verb = models.CharField("操作", max_length=64)
    target_type = models.CharField("对象类型", max_length=64)
    target_id = models.CharField("对象标识", max_length=64)
    target_repr = models.CharField("对象", max_length=255, blank=True)
    payload = models.JSONField("内容", default=dict)  # {"old": {...}, "new": {...}, ...}
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = verbose_name_plural = "审计事件"
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.target_repr}"

    def content(self) -> dict:
        return event_content(self)


class AuditHead(models.Model):
    """Single row holding the latest seq and hash; locked while an event is appended.

    Lets `audit verify` notice events deleted from the tail of the chain.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"head #{self.seq}"
