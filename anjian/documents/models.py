"""Enforcement documents (执法文书): the catalog of kinds, number counters, documents and Word templates.

An issued document is frozen: the service refuses changes and a database trigger (migration 0003) refuses
any UPDATE that touches a frozen column of a non-draft row, on PostgreSQL and SQLite alike.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

STATUSES = (("draft", "草稿"), ("issued", "已签发"), ("voided", "已作废"), ("discarded", "已废弃"))

# Columns that never change once a document leaves the draft state (the trigger lists the same ones).
FROZEN_COLUMNS = (
    "agency_id", "kind_id", "enterprise_id", "subject_type_id", "subject_id", "year", "seq", "number",
    "content", "content_sha256", "docx_sha256", "pdf_sha256", "issued_at", "issued_by_id",
    "replaces_id", "correction_reason", "created_by_id", "created_at",
)


class DocumentKind(models.Model):
    """One kind of standard document; loaded from data/catalog.csv (never edited in code)."""

    code = models.CharField("文书代码", max_length=16, primary_key=True)  # 责改, 现决 …
    name = models.CharField("文书名称", max_length=64, unique=True)
    numbered = models.BooleanField("编号", default=True)
    has_remedy_clause = models.BooleanField("含救济条款", default=False)
    template = models.CharField("模板", max_length=32)
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = verbose_name_plural = "文书种类"

    def __str__(self) -> str:
        return self.name


class NumberCounter(models.Model):
    """Last sequence issued per (agency, kind, year); locked FOR UPDATE by the issuing transaction."""

    agency = models.ForeignKey("regions.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.ForeignKey(DocumentKind, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文书编号计数器"
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "year"], name="doc_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.kind_id}/{self.year}: {self.last_seq}"


class DocumentTemplate(models.Model):
    """A replacement Word template uploaded by an administrator; the newest active one for a kind is used."""

    kind = models.ForeignKey(DocumentKind, verbose_name="文书种类", on_delete=models.PROTECT,
                             related_name="templates")
    filename = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)  # the file: templates/<sha256>.docx in the storage
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["kind_id", "-uploaded_at", "-id"]
        verbose_name = verbose_name_plural = "文书模板"

    def __str__(self) -> str:
        return f"{self.kind_id} {self.filename}"


class Document(models.Model):
    agency = models.ForeignKey("regions.Agency", verbose_name="制作机关", on_delete=models.PROTECT,
                               related_name="documents")
    kind = models.ForeignKey(DocumentKind, verbose_name="文书种类", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("enterprises.Enterprise", verbose_name="生产经营单位", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="documents")
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    status = models.CharField("状态", max_length=10, choices=STATUSES, default="draft")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    seq = models.PositiveIntegerField("序号", null=True, blank=True)
    number = models.CharField("文书编号", max_length=64, blank=True)
    content = models.JSONField("内容", default=dict)
    content_sha256 = models.CharField(max_length=64, blank=True)
    # the issued files: documents/<sha256>.docx|pdf in the file storage (ADR 0034), read back only if they match
    docx_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    issued_at = models.DateTimeField("签发时间", null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    replaces = models.ForeignKey("self", verbose_name="更正的文书", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="replaced_by")
    correction_reason = models.TextField("更正理由", blank=True)
    void_reason = models.TextField("作废理由", blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="作废人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制作人", on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField("制作时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "执法文书"
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year", "seq"], condition=models.Q(seq__isnull=False),
                                    name="document_number_unique"),
            models.CheckConstraint(condition=models.Q(status__in=[s for s, _ in STATUSES]),
                                   name="document_status_valid"),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="document_subject_idx"),
            models.Index(fields=["agency", "status"], name="document_agency_status_idx"),
            models.Index(fields=["number"], name="document_number_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.kind_id}（{self.get_status_display()}）#{self.pk}"

    @property
    def title(self) -> str:
        return self.kind.name
