"""Evidence files: checked by content, stored once per SHA-256 in the file storage as evidence/<sha256> (ADR 0034).

Files are staged (written to a local temporary file and checked) before the database transaction; the service
that creates the rows calls `keep` inside its transaction and `discard` when anything fails, so a
failed save leaves neither rows nor stored files behind.
"""

import hashlib
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from anjian.common.errors import ServiceInvalid
from anjian.common.storage import EVIDENCE, forget, keep_file, open_stored, stored_exists, stored_name
from anjian.domain.inspection_rules import (
    EVIDENCE_LIMITS_DEFAULT,
    ZIP_MAGIC,
    evidence_problem,
    kind_of_mime,
    photo_dimensions_problem,
    sniff_media,
)
from anjian.inspections.models import Evidence

HEAD_BYTES = 64


def evidence_limits() -> dict[str, int]:
    return {**EVIDENCE_LIMITS_DEFAULT, **getattr(settings, "ANJIAN_EVIDENCE_LIMITS", {})}


def evidence_name(sha256: str) -> str:
    """The storage name of an evidence file (ValueError for anything but a SHA-256 digest)."""
    return stored_name(EVIDENCE, sha256)


@dataclass
class Staged:
    temp: Path
    name: str
    caption: str
    kind: str
    mime: str
    size: int
    sha256: str
    created: bool = field(default=False)  # True once `keep` created the stored file
    exif_time: str = ""  # a photo's own DateTimeOriginal, as written in it ("" when it has none)


def _photo_problem(path: Path, name: str) -> str | None:
    """Why a photo cannot be kept: its header declares more pixels than allowed (checked before anything is
    decoded), or it does not verify and decode as an image."""
    from PIL import Image

    broken = f"“{name}”不是有效的图片文件"
    try:
        with Image.open(path) as image:  # reads the header only
            problem = photo_dimensions_problem(name, *image.size)
            if problem:
                return problem
            image.verify()
        with Image.open(path) as image:  # verify() leaves the image unusable: open again to decode
            image.load()
    except Exception:  # Pillow raises many types for broken files
        return broken
    return None


def _exif_time(path: Path) -> str:
    """DateTimeOriginal (or DateTime) written in a checked photo, "" when absent or unreadable (many phones and
    every screenshot write none: a photo without EXIF is as good as any)."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            exif = image.getexif()
            value = exif.get_ifd(0x8769).get(0x9003) or exif.get(0x0132) or ""
    except Exception:  # Pillow raises many types for odd EXIF blocks
        return ""
    return str(value).strip("\x00 ")[:32] if isinstance(value, str) else ""


def _zip_names(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return []


def _stage_one(uploaded, caption: str, declared_kind: str, limits: dict[str, int]) -> Staged:
    name = os.path.basename(getattr(uploaded, "name", "") or "") or "未命名文件"
    size = getattr(uploaded, "size", None) or 0
    if size > max(limits.values()):
        problem = evidence_problem(name=name, declared_kind=declared_kind, mime=None, size=size, limits=limits)
        raise ServiceInvalid(problem or f"“{name}”超过上传大小上限")
    digest = hashlib.sha256()
    written = 0
    with tempfile.NamedTemporaryFile(prefix="anjian-evidence-", suffix=".part", delete=False) as out:
        temp = Path(out.name)
        try:
            for chunk in uploaded.chunks():
                digest.update(chunk)
                written += len(chunk)
                out.write(chunk)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
    try:
        with temp.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
        mime = sniff_media(head, _zip_names(temp) if head.startswith(ZIP_MAGIC) else ())
        problem = evidence_problem(name=name, declared_kind=declared_kind, mime=mime, size=written, limits=limits)
        if problem is None and kind_of_mime(mime) == "photo":
            problem = _photo_problem(temp, name)
        if problem:
            raise ServiceInvalid(problem)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    kind = kind_of_mime(mime)
    return Staged(temp, name[:255], caption.strip()[:255], kind, mime, written, digest.hexdigest(),
                  exif_time=_exif_time(temp) if kind == "photo" else "")


def stage(files, declared_kind: str = "") -> list[Staged]:
    """Write and check every upload ([(uploaded file, caption)]); all or none."""
    limits = evidence_limits()
    staged: list[Staged] = []
    try:
        for uploaded, caption in files:
            staged.append(_stage_one(uploaded, caption or "", declared_kind, limits))
    except BaseException:
        discard(staged)
        raise
    return staged


def keep(staged: list[Staged], *, actor, inspection, hazard=None, place: dict | None = None) -> list[Evidence]:
    """Inside the caller's transaction: the rows, then each file stored under its content's name. ``place``: where
    and when a phone took them (Evidence's place-and-time fields, ADR 0040)."""
    rows = Evidence.objects.bulk_create([
        Evidence(inspection=inspection, hazard=hazard, kind=s.kind, sha256=s.sha256, size=s.size, mime_type=s.mime,
                 original_name=s.name, caption=s.caption, uploaded_by=actor, exif_time=s.exif_time, **(place or {}))
        for s in staged])
    for s in staged:
        with s.temp.open("rb") as fh:
            s.created = keep_file(evidence_name(s.sha256), fh)
        s.temp.unlink(missing_ok=True)
    return rows


def discard(staged: list[Staged]) -> None:
    """After a failure: remove temporaries and any stored file this attempt created."""
    for s in staged:
        s.temp.unlink(missing_ok=True)
        if s.created and not Evidence.objects.filter(sha256=s.sha256).exists():
            forget(evidence_name(s.sha256))


def evidence_open(evidence: Evidence):
    """The stored file of an evidence row, opened for reading (the caller closes it), or None when it is gone."""
    name = evidence_name(evidence.sha256)
    if not stored_exists(name):
        return None
    return open_stored(name)
