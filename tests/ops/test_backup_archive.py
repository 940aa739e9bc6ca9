"""What `anjian restore` accepts as an archive (ADR 35), checked without a database: anything but the members the
manifest lists, with their sizes and SHA-256s, is refused before anything is touched."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from anjian.audit.keys import audit_key
from anjian.ops.backup import (
    FORMAT,
    BackupRefused,
    _manifest_write,
    _member_line,
    signature_bytes,
)
from anjian.ops.restore import _Index, archive_verify

DB = "database/anjian.sqlite3"


def _summary(**changes) -> dict:
    summary = {"format": FORMAT, "created_at": "2026-12-07T00:00:00+00:00", "app_version": "0.1.0",
               "database": {"engine": "sqlite", "server_version": "3", "dump_tool": "sqlite3", "member": DB},
               "migrations": {}, "counts": {}, "audit": {"seq": 0, "hash": "", "key_id": audit_key().key_id, "key_included": False},
               "storage": {"files": 1, "bytes": 3}}
    summary.update(changes)
    return summary


def _archive(tmp_path: Path, members: dict[str, bytes], listed: dict[str, bytes] | None = None,
             summary: dict | None = None, extra: list[tarfile.TarInfo] = (), manifest: bool = True,
             signature: bytes | None = None) -> Path:
    """A tar with `members`, and a manifest listing `listed` (default: the same members), signed with this
    installation's audit key unless `signature` (b"" = none) is given."""
    listing = tmp_path / "listing.jsonl"
    with listing.open("w", encoding="utf-8") as out:
        for name, data in (members if listed is None else listed).items():
            out.write(_member_line({"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}))
    _manifest_write(tmp_path / "manifest.json", summary or _summary(), listing)
    path = tmp_path / "backup.tar"
    with tarfile.open(path, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in extra:
            tar.addfile(info)
        if manifest:
            tar.add(tmp_path / "manifest.json", "manifest.json")
            sig = signature_bytes(tmp_path / "manifest.json", "x") if signature is None else signature
            if sig:
                info = tarfile.TarInfo("manifest.sig")
                info.size = len(sig)
                tar.addfile(info, io.BytesIO(sig))
    return path


GOOD = {DB: b"db!", "storage/documents/a.pdf": b"pdf"}


def _verify(tmp_path: Path, path: Path) -> dict:
    index = _Index(str(tmp_path))
    try:
        return archive_verify(path, index)
    finally:
        index.close()


def test_a_whole_archive_passes_and_its_manifest_is_plain_json(tmp_path):
    path = _archive(tmp_path, GOOD)
    assert _verify(tmp_path, path)["storage"] == {"files": 1, "bytes": 3}
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert [m["name"] for m in manifest["members"]] == list(GOOD)


@pytest.mark.parametrize(("build", "words"), [
    (lambda p: _archive(p, GOOD, manifest=False), "没有清单"),
    (lambda p: _archive(p, {DB: b"db!"}, listed=GOOD), "缺少清单所列的 1 个成员（如 storage/documents/a.pdf）"),
    (lambda p: _archive(p, GOOD, listed={DB: b"db!"}), "清单之外的成员：storage/documents/a.pdf"),
    (lambda p: _archive(p, {**GOOD, "storage/documents/a.pdf": b"PDF"}, listed=GOOD),
     "storage/documents/a.pdf 的大小或 SHA-256 与清单不符"),
    (lambda p: _archive(p, {DB: b"db!", "../outside": b"x"}), "不属于本系统备份格式的成员：../outside"),
    (lambda p: _archive(p, {DB: b"db!", "notes.txt": b"x"}), "不属于本系统备份格式的成员：notes.txt"),
    (lambda p: _archive(p, GOOD, summary=_summary(format="other/9")), "不是本系统可读的备份格式"),
    (lambda p: _archive(p, {"storage/documents/a.pdf": b"pdf"}), "格式不对"),  # no database in it
    (lambda p: _archive(p, GOOD, signature=b""), "备份清单没有有效签名"),
    (lambda p: _archive(p, GOOD, signature=b"not json"), "备份清单没有有效签名"),
])
def test_a_bad_archive_is_refused_in_plain_words(tmp_path, build, words):
    path = build(tmp_path)
    with pytest.raises(BackupRefused) as refused:
        _verify(tmp_path, path)
    assert words in str(refused.value)


def test_a_link_or_a_repeated_member_is_refused(tmp_path):
    link = tarfile.TarInfo("storage/documents/b.pdf")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    (tmp_path / "link").mkdir()
    with pytest.raises(BackupRefused, match="不属于本系统备份格式的成员：storage/documents/b.pdf"):
        _verify(tmp_path / "link", _archive(tmp_path / "link", GOOD, extra=[link]))
    (tmp_path / "again").mkdir()
    again = tarfile.TarInfo("storage/documents/a.pdf")
    with pytest.raises(BackupRefused, match="备份文件中成员重复：storage/documents/a.pdf"):
        _verify(tmp_path / "again", _archive(tmp_path / "again", GOOD, extra=[again]))


def test_something_that_is_not_an_archive_is_refused(tmp_path):
    path = tmp_path / "backup.tar.gz"
    path.write_bytes(b"\x1f\x8b" + b"not really gzip" * 100)
    with pytest.raises(BackupRefused, match="损坏或不完整"):
        _verify(tmp_path, path)


def test_a_manifest_signed_with_another_key_is_refused(tmp_path):
    """Members and manifest agree (SHA-256s recomputed by whoever changed them), but the signature is not this
    installation's: a forger without the audit key cannot make one."""
    other = tmp_path / "other.json"
    other.write_bytes(b"{}")
    wrong = signature_bytes(other, "x", secret="k" * 40)
    with pytest.raises(BackupRefused, match="签名不符：清单在制作备份之后被改动过"):
        _verify(tmp_path, _archive(tmp_path, GOOD, signature=wrong))
    audit = {"seq": 0, "hash": "", "key_id": "0ther1d", "key_included": False}
    (tmp_path / "again").mkdir()
    with pytest.raises(BackupRefused, match="审计密钥.*不同"):
        _verify(tmp_path / "again", _archive(tmp_path / "again", GOOD, summary=_summary(audit=audit), signature=wrong))
