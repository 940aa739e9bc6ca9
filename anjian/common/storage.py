"""Stored files (ADR 0034): every file the app keeps goes through Django's storage API (`default_storage`,
settings STORAGES["default"]: the local disk, Django's in-memory storage in tests, or an S3-compatible store).
No code builds paths under a media directory.

Names are content-addressed — `<folder>/<sha256>[.<ext>]` — so a file is written once however many rows name it,
a reader can check what it got against the SHA-256 its row holds, and a backup walks the folders below.
"""

import hashlib
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

# Top-level folders the app writes (a backup walks them; `stored_names` lists every file below them).
EVIDENCE = "evidence"  # inspection evidence: evidence/<sha256>
IMPORTS = "imports"  # uploaded tables awaiting preview → confirm: imports/<sha256>.<ext>
DOCUMENTS = "documents"  # issued documents' files: documents/<sha256>.pdf|docx
TEMPLATES = "templates"  # uploaded Word templates: templates/<sha256>.docx
WAIVERS = "waivers"  # scanned written waivers: waivers/<sha256>
JOBS = "jobs"  # background jobs' result files: jobs/<job id>/result.<ext> (anjian.jobs)
SIGNATURES = "signatures"  # on-the-spot signature images: signatures/<sha256>.png (anjian.signatures)
FOLDERS = (EVIDENCE, IMPORTS, DOCUMENTS, TEMPLATES, WAIVERS, JOBS, SIGNATURES)

CHUNK = 1 << 20
log = logging.getLogger("anjian.storage")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_EXT = re.compile(r"[a-z0-9]{1,8}")


class StoredFileProblem(Exception):
    """A stored file is missing or its bytes no longer match the SHA-256 recorded when it was kept."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_name(folder: str, sha256: str, ext: str = "") -> str:
    """The storage name of a content-addressed file; ValueError for anything but a digest and a plain extension."""
    if folder not in FOLDERS or not _DIGEST.fullmatch(sha256 or "") or (ext and not _EXT.fullmatch(ext)):
        raise ValueError("bad stored-file name")
    return f"{folder}/{sha256}.{ext}" if ext else f"{folder}/{sha256}"


def keep_bytes(name: str, data: bytes) -> bool:
    """Store `data` under `name` unless a file already has that name; True when this call created it."""
    return keep_file(name, ContentFile(data))


def keep_file(name: str, content: IO[bytes] | File) -> bool:
    """Store a file object under `name` (content-addressed: an existing file is the same bytes and is kept)."""
    if default_storage.exists(name):
        return False
    saved = default_storage.save(name, content if isinstance(content, File) else File(content))
    if saved != name:  # a concurrent writer stored the same bytes first: keep theirs, drop our copy
        default_storage.delete(saved)
        return False
    return True


def forget(name: str) -> None:
    """Delete a stored file if it is there."""
    if name and default_storage.exists(name):
        default_storage.delete(name)


def stored_exists(name: str) -> bool:
    return bool(name) and default_storage.exists(name)


def open_stored(name: str):
    """The stored file opened for reading (binary); the caller closes it (FileResponse does)."""
    return default_storage.open(name, "rb")


def read_verified(name: str, sha256: str, what: str = "文件") -> bytes:
    """The stored bytes, checked against their recorded SHA-256; StoredFileProblem in plain words otherwise."""
    try:
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
    except (FileNotFoundError, OSError) as exc:
        raise StoredFileProblem(f"{what}在文件存储中找不到，请联系系统管理员从备份恢复") from exc
    actual = sha256_of(data)
    if actual != sha256:  # tell IT (the user is only told to call them): which file, what was kept, what is there
        log.error("stored file does not match its recorded SHA-256: %s (%s) expected %s, found %s",
                  name, what, sha256, actual,
                  extra={"storage_name": name, "what": what, "expected_sha256": sha256, "actual_sha256": actual})
        raise StoredFileProblem(f"{what}与签存时记录的 SHA-256 不一致，可能已被篡改，系统拒绝提供；请联系系统管理员")
    return data


@contextmanager
def local_copy(name: str, suffix: str = "") -> Iterator[Path]:
    """A stored file as a local path for readers that need one (calamine, openpyxl); a temporary copy, removed
    afterwards, whatever the storage (a local disk's own path is not assumed)."""
    with tempfile.TemporaryDirectory(prefix="anjian-") as directory:
        path = Path(directory) / f"file{suffix}"
        with default_storage.open(name, "rb") as src, path.open("wb") as out:
            shutil.copyfileobj(src, out, CHUNK)
        yield path


def stored_names(folder: str = "") -> Iterator[str]:
    """Every stored name under `folder` (all of FOLDERS when blank), walking the storage's directories."""
    for top in ((folder,) if folder else FOLDERS):
        yield from _walk(top)


def every_stored_name() -> Iterator[str]:
    """Every file in the storage, in the app's folders or not (a backup takes them all)."""
    yield from _walk("")


def _walk(directory: str) -> Iterator[str]:
    try:
        dirs, files = default_storage.listdir(directory)
    except (FileNotFoundError, NotADirectoryError):
        return
    prefix = f"{directory}/" if directory else ""
    for name in sorted(files):
        yield f"{prefix}{name}"
    for sub in sorted(dirs):
        yield from _walk(f"{prefix}{sub}")
