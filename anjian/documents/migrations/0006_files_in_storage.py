"""Issued documents' files and uploaded templates move from the database to the file storage (ADR 0034):
documents/<sha256>.docx|pdf and templates/<sha256>.docx, named by the SHA-256 their rows keep.

The issued-document guard names the frozen columns, so it is taken off while the blobs are copied out and the
columns dropped, then put back (now without the dropped columns). A stored file is named by the digest its row
recorded, whatever its bytes: a blob altered in the database before this migration stays detectable, because a
download checks the bytes against that digest.
"""

from django.db import migrations, models

from anjian.audit.guard import guard_install, guard_uninstall
from anjian.documents.guard_sql import GUARD

BATCH = 200


def _name(folder: str, digest: str, ext: str) -> str:
    return f"{folder}/{digest}.{ext}"


def files_out(apps, schema_editor):
    from anjian.common.storage import keep_bytes, sha256_of

    guard_uninstall(GUARD, schema_editor.connection)
    Document = apps.get_model("documents", "Document")
    rows = (Document.objects.using(schema_editor.connection.alias).filter(models.Q(docx__isnull=False)
                                                                          | models.Q(pdf__isnull=False))
            .values_list("docx", "docx_sha256", "pdf", "pdf_sha256").order_by("pk"))
    for docx, docx_sha256, pdf, pdf_sha256 in rows.iterator(chunk_size=BATCH):
        for ext, data, digest in (("docx", docx, docx_sha256), ("pdf", pdf, pdf_sha256)):
            if data is not None:
                keep_bytes(_name("documents", digest or sha256_of(bytes(data)), ext), bytes(data))
    Template = apps.get_model("documents", "DocumentTemplate")
    for data, digest in (Template.objects.using(schema_editor.connection.alias).values_list("data", "sha256")
                         .order_by("pk").iterator(chunk_size=BATCH)):
        keep_bytes(_name("templates", digest, "docx"), bytes(data))


def files_in(apps, schema_editor):
    """Backwards: the blobs back into their rows, then the guard again."""
    from django.core.files.storage import default_storage

    def read(name: str):
        if not default_storage.exists(name):
            return None
        with default_storage.open(name, "rb") as fh:
            return fh.read()

    guard_uninstall(GUARD, schema_editor.connection)
    alias = schema_editor.connection.alias
    Document = apps.get_model("documents", "Document")
    for doc in Document.objects.using(alias).exclude(pdf_sha256="", docx_sha256="").only("docx_sha256", "pdf_sha256"):
        Document.objects.using(alias).filter(pk=doc.pk).update(
            docx=read(_name("documents", doc.docx_sha256, "docx")) if doc.docx_sha256 else None,
            pdf=read(_name("documents", doc.pdf_sha256, "pdf")) if doc.pdf_sha256 else None)
    Template = apps.get_model("documents", "DocumentTemplate")
    for t in Template.objects.using(alias).only("sha256"):
        Template.objects.using(alias).filter(pk=t.pk).update(data=read(_name("templates", t.sha256, "docx")) or b"")
    guard_install(GUARD, schema_editor.connection)  # the hashes, which pin the files, stay frozen


def guard_back(apps, schema_editor):
    guard_install(GUARD, schema_editor.connection)


def guard_off(apps, schema_editor):
    guard_uninstall(GUARD, schema_editor.connection)


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("documents", "0005_delete_guard")]

    operations = [
        migrations.RunPython(files_out, files_in),
        migrations.RemoveField(model_name="document", name="docx"),
        migrations.RemoveField(model_name="document", name="pdf"),
        migrations.RemoveField(model_name="documenttemplate", name="data"),
        migrations.RunPython(guard_back, guard_off),
    ]
