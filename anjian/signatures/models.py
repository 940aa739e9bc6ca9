"""On-the-spot signatures (现场签名) of an inspection: the party's people, the officers and witnesses sign on a
screen; a refusal to sign is recorded with its witness. Frozen once written (guard_sql.py).

The image is a PNG in the file storage as signatures/<sha256>.png (ADR 0034); the row keeps its SHA-256 and size.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from anjian.domain.registry import choices
from anjian.domain.signature_rules import DOCUMENT_KINDS, NAME_MAX, NOTE_MAX, PARTY_ROLES, ROLES, clock_flag


class Signature(models.Model):
    inspection = models.ForeignKey("inspections.Inspection", verbose_name="执法检查", on_delete=models.PROTECT,
                                   related_name="signatures")
    # the document it was taken for (a draft at the time), and/or the kind; neither: every on-site document
    document = models.ForeignKey("documents.Document", verbose_name="文书", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    kind_code = models.CharField("文书种类", max_length=16, blank=True, choices=choices(DOCUMENT_KINDS))
    role = models.CharField("签名人身份", max_length=16, choices=choices(ROLES))
    officer = models.ForeignKey("officers.Officer", verbose_name="执法人员", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField("签名人", max_length=NAME_MAX, blank=True)
    refused = models.BooleanField("拒绝签字", default=False)
    witness_name = models.CharField("见证人", max_length=NAME_MAX, blank=True)
    note = models.CharField("说明", max_length=NOTE_MAX, blank=True)
    image_sha256 = models.CharField("签名图像 SHA-256", max_length=64, blank=True)
    image_size = models.PositiveIntegerField("签名图像大小（字节）", null=True, blank=True)
    image_width = models.PositiveSmallIntegerField("宽（像素）", null=True, blank=True)
    image_height = models.PositiveSmallIntegerField("高（像素）", null=True, blank=True)
    device_time = models.DateTimeField("签名时间（设备）")
    received_at = models.DateTimeField("接收时间（服务器）")
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.DecimalField("定位精度（米）", max_digits=9, decimal_places=1, null=True, blank=True)
    client_id = models.UUIDField("客户端编号", unique=True)  # made by the device: a retried upload finds its record
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["inspection_id", "device_time", "id"]
        verbose_name = verbose_name_plural = "现场签名"
        indexes = [models.Index(fields=["inspection", "device_time"], name="signature_inspection_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=list(ROLES)), name="signature_role_valid"),
            # a signature has its image; a refusal has none, has a witness, and is the party's
            models.CheckConstraint(
                condition=(Q(refused=False) & ~Q(image_sha256="") & Q(image_size__isnull=False))
                | (Q(refused=True) & Q(image_sha256="") & ~Q(witness_name="") & Q(role__in=sorted(PARTY_ROLES))),
                name="signature_image_or_refusal"),
            models.CheckConstraint(condition=Q(role="officer", officer__isnull=False)
                                   | (~Q(role="officer") & Q(officer__isnull=True)),
                                   name="signature_officer_role"),
            models.CheckConstraint(condition=Q(latitude__isnull=True, longitude__isnull=True)
                                   | Q(latitude__isnull=False, longitude__isnull=False),
                                   name="signature_position_whole"),
        ]

    def __str__(self) -> str:
        who = self.signer_name or self.get_role_display()
        return f"{who}{'（拒绝签字）' if self.refused else ''}"

    @property
    def clock_note(self) -> str:
        """Says so when the device time and the server's receipt are more than ten minutes apart ("" otherwise)."""
        return clock_flag(self.device_time, self.received_at)
