"""What a backup must carry over, read in its own process (tests/ops/test_backup.py):

    DATABASE_URL=… ANJIAN_VAR_DIR=… python -m tests.ops.backup_probe

Prints one JSON line: rows per table, the audit head and its last verb, every stored file's SHA-256 (walking
the storage API), and one issued document's PDF as the app serves it (documents.selectors.document_file_for,
read as the first user allowed to see it).
"""

import hashlib
import json
import os


def _walk(storage, directory=""):
    try:
        dirs, files = storage.listdir(directory)
    except FileNotFoundError:  # a disk storage whose folder was never made
        return
    prefix = f"{directory}/" if directory else ""
    for name in files:
        yield prefix + name
    for sub in dirs:
        yield from _walk(storage, prefix + sub)


def _as_first_allowed(service, **kwargs):
    """`service` called by the first demo user it does not deny."""
    from anjian.accounts.models import User
    from anjian.common.errors import ServiceDenied

    for user in User.objects.filter(is_active=True).order_by("pk"):
        try:
            return service(actor=user, **kwargs)
        except ServiceDenied:
            continue
    raise AssertionError(f"no demo user may call {service.__name__}")


def attach_evidence() -> str:
    """The demo's planned inspection approved, started and given a photo through the app's own services (the
    photo goes to the storage), so the backup carries stored files whatever else the demo stores. Returns its
    SHA-256."""
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from anjian.inspections.models import Inspection
    from anjian.inspections.services import inspection_approve, inspection_start
    from anjian.inspections.services_hazards import evidence_attach

    inspection = Inspection.objects.filter(status="planned").order_by("pk").first()
    inspection = _as_first_allowed(inspection_approve, inspection=inspection)
    inspection = _as_first_allowed(inspection_start, inspection=inspection)
    photo = BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(photo, "PNG")
    [row] = _as_first_allowed(evidence_attach, inspection=inspection, kind="",
                              uploads=[(SimpleUploadedFile("现场.png", photo.getvalue()), "现场照片")])
    return row.sha256


def sign_in_traces() -> str:
    """What signing in leaves in the database: a live session (its key signs in whoever holds it) and a login
    throttle counter. Returns the session key."""
    from datetime import timedelta

    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from anjian.accounts.models import LoginThrottle

    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    LoginThrottle.objects.create(scope=LoginThrottle.PAIR, username="county-officer", address="192.0.2.7",
                                 failures=2, expires_at=timezone.now() + timedelta(hours=1))
    return session.session_key


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.files.storage import default_storage
    from django.db import connection

    from anjian.accounts.models import User
    from anjian.audit.models import AuditEvent, AuditHead
    from anjian.common.errors import NotFound
    from anjian.documents.models import Document
    from anjian.documents.selectors import document_file_for

    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    head = AuditHead.objects.values_list("seq", "hash").get(id=1)
    last_verb = AuditEvent.objects.order_by("-seq").values_list("verb", flat=True).first()
    files = {}
    for name in sorted(_walk(default_storage)):
        with default_storage.open(name, "rb") as fh:
            files[name] = hashlib.sha256(fh.read()).hexdigest()
    pdf = None
    document = Document.objects.filter(status="issued").exclude(pdf_sha256="").order_by("pk").first()
    if document is not None:
        for user in User.objects.filter(is_active=True).order_by("pk"):
            try:
                _, data = document_file_for(user, document.pk, "pdf")
            except NotFound:
                continue
            pdf = {"pk": document.pk, "number": document.number, "recorded_sha256": document.pdf_sha256,
                   "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "user": user.username}
            break
    print(json.dumps({"counts": counts, "audit_head": list(head), "last_verb": last_verb, "files": files,
                      "pdf": pdf}))


if __name__ == "__main__":
    main()
