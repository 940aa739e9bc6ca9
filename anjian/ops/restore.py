"""Reading a backup archive and restoring it (`anjian restore FILE`; ADR 0035): every member checked against
the signed manifest before anything is written, then the database and the stored files, then `audit verify`.
Writing an archive and what both halves share are in `anjian.ops.backup`."""

import hashlib
import hmac
import io
import json
import os
import re
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections

from anjian.ops.backup import (
    _MEMBERS_CLOSE,
    _MEMBERS_OPEN,
    CHUNK,
    DATABASE_MEMBERS,
    FORMAT,
    MANIFEST,
    SIGNATURE,
    SPOOL_BYTES,
    STORAGE_PREFIX,
    BackupRefused,
    Log,
    _pg_env,
    _pg_server_major,
    _sqlite_tables,
    _tool_major,
    database_counts,
    manifest_mac,
    storage_is_memory,
    storage_names,
)

# --- reading an archive ---------------------------------------------------------------------------------------

_BROKEN = "备份文件损坏或不完整（可能被截断），未恢复任何内容"

_TAR_ERRORS = (tarfile.TarError, EOFError, zlib.error, OSError)


def _name_ok(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or "\\" in name or any(part in {"", ".", ".."} for part in name.split("/")):
        return False
    return name in {MANIFEST, SIGNATURE} or name in DATABASE_MEMBERS.values() or (
        name.startswith(STORAGE_PREFIX) and len(name) > len(STORAGE_PREFIX))


def _read_archive(path: Path, visit: Callable[[tarfile.TarInfo, IO[bytes]], None], broken: str = _BROKEN) -> None:
    """Stream every member to `visit`; a damaged or truncated archive, or a member that is not a plain file
    with a name of this format, is refused (BackupRefused raised by `visit` passes through)."""
    if not path.is_file():
        raise BackupRefused(f"找不到备份文件：{path}")
    try:
        with path.open("rb") as raw, tarfile.open(fileobj=raw, mode="r|*") as tar:
            for info in tar:
                if not info.isfile() or not _name_ok(info.name):
                    raise BackupRefused(f"备份文件含有不属于本系统备份格式的成员：{info.name[:200]}，未恢复任何内容")
                visit(info, tar.extractfile(info))
    except BackupRefused:
        raise
    except _TAR_ERRORS as exc:
        raise BackupRefused(broken.format(error=exc)) from exc


def _copy_hashing(src: IO[bytes], out: IO[bytes]) -> tuple[int, str]:
    sha, size = hashlib.sha256(), 0
    while chunk := src.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return size, sha.hexdigest()


class _Index:
    """Names, sizes and SHA-256s of the members found and of those the manifest lists, in a temporary SQLite
    file: a restore's memory stays bounded however many files the archive holds."""

    def __init__(self, directory: str):
        self.db = sqlite3.connect(Path(directory) / "index.sqlite3")
        for table in ("seen", "expected"):
            self.db.execute(f"CREATE TABLE {table} (name TEXT PRIMARY KEY, size INTEGER, sha256 TEXT)")

    def add(self, table: str, name: str, size: int, sha256: str) -> None:
        try:
            self.db.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (name, size, sha256))  # noqa: S608
        except sqlite3.IntegrityError as exc:
            where = "清单中" if table == "expected" else "备份文件中"
            raise BackupRefused(f"{where}成员重复：{name[:200]}，未恢复任何内容") from exc

    def expected(self, name: str) -> tuple[int, str] | None:
        return self.db.execute("SELECT size, sha256 FROM expected WHERE name = ?", (name,)).fetchone()

    def first(self, sql: str) -> tuple[int, str | None]:
        """(how many, the first name) of a query over the two tables."""
        count, first = self.db.execute(f"SELECT COUNT(*), MIN(name) FROM ({sql})").fetchone()  # noqa: S608
        return count, first

    def close(self) -> None:
        self.db.close()


_FORMAT_WRONG = "备份清单（manifest.json）内容不完整或格式不对，未恢复任何内容"
MAX_SUMMARY_BYTES = 16 << 20
MAX_LINE_BYTES = 1 << 20


def _manifest_read(fh: IO[bytes], index: _Index) -> dict:
    """The manifest's summary; its member lines go into the index as they are read."""
    head: list[str] = []
    tail: list[str] = []
    state, summary_bytes = "head", 0
    try:
        for raw in iter(lambda: fh.readline(MAX_LINE_BYTES), b""):
            if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise BackupRefused(_FORMAT_WRONG)
            line = raw.decode("utf-8")
            bare = line.rstrip("\n")
            if state == "members":
                if bare == _MEMBERS_CLOSE:
                    state = "tail"
                    continue
                member = json.loads(bare.rstrip(","))
                index.add("expected", str(member["name"]), int(member["size"]), str(member["sha256"]))
                continue
            summary_bytes += len(line)
            if summary_bytes > MAX_SUMMARY_BYTES:
                raise BackupRefused(_FORMAT_WRONG)
            if state == "head" and bare == _MEMBERS_OPEN:
                state = "members"
            else:
                (head if state == "head" else tail).append(line)
        if state != "tail":
            raise BackupRefused(_FORMAT_WRONG)
        summary = json.loads("".join(head) + _MEMBERS_OPEN + "]\n" + "".join(tail))
        if summary.get("format") != FORMAT:
            raise BackupRefused(f"不是本系统可读的备份格式：{str(summary.get('format'))[:60]}（应为 {FORMAT}）")
        engine = summary["database"]["engine"]
        if summary["database"]["member"] != DATABASE_MEMBERS[engine] or index.expected(DATABASE_MEMBERS[engine]) is None:
            raise BackupRefused(_FORMAT_WRONG)
        for key in ("counts", "migrations", "audit", "storage"):
            if not isinstance(summary[key], dict):
                raise BackupRefused(_FORMAT_WRONG)
        int(summary["audit"]["seq"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:  # UnicodeDecodeError and JSON errors too
        raise BackupRefused(_FORMAT_WRONG) from exc
    summary.pop("members", None)
    return summary


class _MacReader:
    """readline/read over a member that feeds every byte read to an HMAC."""

    def __init__(self, raw: IO[bytes], mac):
        self.raw, self.mac = raw, mac

    def readline(self, limit: int = -1) -> bytes:
        data = self.raw.readline(limit)
        self.mac.update(data)
        return data

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.mac.update(data)
        return data


_UNSIGNED = ("备份清单没有有效签名（manifest.sig 缺失或格式不对）：备份文件可能被改动过，或不是本系统制作的；"
             "未恢复任何内容")


def _signature_read(fh: IO[bytes]) -> dict:
    raw = fh.read(4097)
    try:
        signature = json.loads(raw.decode("utf-8")) if len(raw) <= 4096 else None
        if not (isinstance(signature, dict) and signature.get("alg") == "HMAC-SHA256"
                and isinstance(signature.get("mac"), str)):
            raise ValueError
    except ValueError as exc:  # UnicodeDecodeError and JSON errors too
        raise BackupRefused(_UNSIGNED) from exc
    return signature


def _signature_check(manifest: dict, signature: dict | None, mac: str) -> None:
    """The manifest was signed with this installation's audit key; else refused in plain words."""
    from anjian.audit.keys import audit_key

    if signature is None:
        raise BackupRefused(_UNSIGNED)
    if hmac.compare_digest(signature["mac"], mac):
        return
    key_id = str(manifest.get("audit", {}).get("key_id", ""))[:16]
    if key_id and key_id != audit_key().key_id:
        raise BackupRefused(f"当前审计密钥（ANJIAN_AUDIT_KEY，标识 {audit_key().key_id}）与制作备份时（标识 {key_id}）"
                            "不同，备份清单的签名无法核对：请先配置制作备份时使用的审计密钥（它不在备份中，"
                            "应已另行保管），再恢复；未恢复任何内容")
    raise BackupRefused("备份清单（manifest.json）的签名不符：清单在制作备份之后被改动过（或被伪造），"
                        "不能据此恢复；未恢复任何内容")


def archive_verify(path: Path, index: _Index) -> dict:
    """Read the whole archive once and check every member against the manifest; touches nothing.
    Returns the manifest's summary (its member list is left in `index`); BackupRefused, in plain words, for a
    damaged, truncated or altered archive."""
    path = Path(path)
    manifests: list[dict] = []
    macs: list[str] = []
    signatures: list[dict] = []

    def visit(info: tarfile.TarInfo, fh: IO[bytes]) -> None:
        if info.name == MANIFEST:
            if manifests:
                raise BackupRefused("备份文件中成员重复：manifest.json，未恢复任何内容")
            reader = _MacReader(fh, manifest_mac())
            manifests.append(_manifest_read(reader, index))
            while reader.read(CHUNK):  # anything after the JSON is signed too
                pass
            macs.append(reader.mac.hexdigest())
        elif info.name == SIGNATURE:
            if signatures:
                raise BackupRefused(f"备份文件中成员重复：{SIGNATURE}，未恢复任何内容")
            signatures.append(_signature_read(fh))
        else:
            index.add("seen", info.name, *_copy_hashing(fh, None))

    _read_archive(path, visit)
    if not manifests:
        raise BackupRefused("备份文件中没有清单（manifest.json）：文件可能被截断，或不是本系统的备份；未恢复任何内容")
    _signature_check(manifests[0], signatures[0] if signatures else None, macs[0])
    count, first = index.first("SELECT name FROM expected EXCEPT SELECT name FROM seen")
    if count:
        raise BackupRefused(f"备份文件不完整：缺少清单所列的 {count} 个成员（如 {first[:200]}），未恢复任何内容")
    count, first = index.first("SELECT e.name FROM expected e JOIN seen s ON s.name = e.name "
                               "WHERE s.size != e.size OR s.sha256 != e.sha256")
    if count:
        raise BackupRefused(f"备份文件已损坏或被改动：{first[:200]} 的大小或 SHA-256 与清单不符"
                            f"（共 {count} 个成员），未恢复任何内容")
    count, first = index.first("SELECT name FROM seen EXCEPT SELECT name FROM expected")
    if count:
        raise BackupRefused(f"备份文件含清单之外的成员：{first[:200]}，未恢复任何内容")
    return manifests[0]


# --- restoring ------------------------------------------------------------------------------------------------

ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _sqlite_target() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupRefused("当前配置的是内存数据库，无法恢复到其中：请用 DATABASE_URL 或 ANJIAN_VAR_DIR 指定数据库文件")
    return Path(name)


def _sqlite_table_count(path: Path) -> int:
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
            return len(_sqlite_tables(conn))
    except sqlite3.DatabaseError as exc:
        raise BackupRefused(f"数据库文件 {path} 已存在且无法读取，不覆盖：请换一个新的路径") from exc


def _check_database_empty() -> None:
    if connection.vendor == "sqlite":
        path = _sqlite_target()
        tables = _sqlite_table_count(path)
        if tables:
            raise BackupRefused(f"数据库不是空的（{path} 已有 {tables} 张表）：恢复只写入空数据库，不覆盖现有数据；"
                                "请让数据库指向一个新的文件，或先把这个文件移走")
        return
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupRefused(f"数据库不是空的（{connection.settings_dict['NAME']} 已有 {len(tables)} 张表）："
                            "恢复只写入空数据库，不覆盖现有数据；请新建一个空数据库（createdb）并让 DATABASE_URL 指向它")


def _check_pg_tools(manifest: dict) -> None:
    found = re.search(r"(\d+)(?:\.\d+)?", manifest["database"].get("dump_tool", ""))
    dumped_by = int(found.group(1)) if found else 0
    source = re.search(r"(\d+)", manifest["database"].get("server_version", ""))
    client, _line = _tool_major("pg_restore")
    if client < dumped_by:
        raise BackupRefused(f"pg_restore 版本（{client}）低于制作备份的 pg_dump（{dumped_by}）："
                            f"请安装 PostgreSQL {dumped_by} 或更新版本的客户端工具")
    server = _pg_server_major()
    if source and server < int(source.group(1)):
        raise BackupRefused(f"数据库服务器版本（{server}）低于备份来源（{source.group(1)}），不能恢复："
                            "请使用相同或更新版本的 PostgreSQL")


def _check_target_empty() -> None:
    """The database and the storage hold nothing (checked first: a refusal needs no pass over the archive)."""
    if storage_is_memory():
        raise BackupRefused("文件存储是内存存储（ANJIAN_STORAGE=memory），恢复的文件会随进程消失：请配置磁盘或对象存储")
    _check_database_empty()
    first = next(storage_names(), None)
    if first is not None:
        raise BackupRefused(f"文件存储不是空的（已有文件，如 {first[:200]}）：恢复只写入空的文件存储，不覆盖现有文件；"
                            "请配置一个空的文件存储位置")


def _check_target(manifest: dict) -> None:
    """What the verified archive needs of this installation, before the first byte is written."""
    from django.db.migrations.loader import MigrationLoader

    from anjian.audit.keys import audit_key

    engine = manifest["database"]["engine"]
    if connection.vendor != engine:
        raise BackupRefused(f"备份来自 {ENGINE_NAMES.get(engine, engine)} 数据库，当前配置的是 "
                            f"{ENGINE_NAMES.get(connection.vendor, connection.vendor)}：请让 DATABASE_URL 指向同类的空数据库")
    key_id = manifest["audit"].get("key_id")
    if key_id and key_id != audit_key().key_id:
        raise BackupRefused(f"当前审计密钥（ANJIAN_AUDIT_KEY，标识 {audit_key().key_id}）与制作备份时（标识 {key_id}）"
                            "不同：请先配置制作备份时使用的审计密钥（它不在备份中，应已另行保管），再恢复")
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    unknown = sorted(f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known)
    if unknown:
        raise BackupRefused(f"备份来自更新版本的程序（本程序没有迁移 {unknown[0]}）：请用相同或更新版本的程序恢复")
    if engine == "postgresql":
        _check_pg_tools(manifest)
    _check_target_empty()  # again: nothing may have been written while the archive was read


def _changed_since_check(name: str) -> BackupRefused:
    return BackupRefused(f"备份文件在校验之后被改动（{name[:200]} 与清单不符）：恢复已中断，数据库和文件存储中"
                         "可能只恢复了一部分；请清空它们后用完好的备份文件重试")


def _load_sqlite(fh: IO[bytes], expected: tuple[int, str], name: str) -> None:
    target = _sqlite_target()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".restore-", delete=False) as out:
        staged = Path(out.name)
        try:
            got = _copy_hashing(fh, out)
            out.flush()
            os.fsync(out.fileno())
        except BaseException:
            staged.unlink(missing_ok=True)
            raise
    try:
        if got != expected:
            raise _changed_since_check(name)
        with sqlite3.connect(staged) as conn:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise BackupRefused(f"备份中的 SQLite 数据库未通过完整性检查（{result}），未恢复")
        connections.close_all()
        if _sqlite_table_count(target):  # filled by someone since the check
            raise BackupRefused(f"数据库 {target} 在恢复过程中被写入，已停止")
        for suffix in ("-wal", "-shm", "-journal"):  # left by an empty database
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)


def _load_pg(fh: IO[bytes], expected: tuple[int, str], name: str) -> None:
    with tempfile.TemporaryDirectory(prefix="anjian-restore-") as work:
        staged = Path(work) / "database.pgdump"
        with staged.open("wb") as out:
            got = _copy_hashing(fh, out)
        if got != expected:
            raise _changed_since_check(name)
        settings_dict = connection.settings_dict
        connections.close_all()
        done = subprocess.run(["pg_restore", "--exit-on-error", "--single-transaction", "--no-owner",
                               "--no-privileges", f"--dbname={settings_dict['NAME']}", str(staged)],
                              env=_pg_env(settings_dict), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BackupRefused(f"pg_restore 失败，数据库未作改动（整体在一个事务中）：{done.stderr.strip()[-2000:]}")


def _restore_members(path: Path, manifest: dict, index: _Index, log: Log) -> int:
    database_member = manifest["database"]["member"]
    files = 0

    def visit(info: tarfile.TarInfo, fh: IO[bytes]) -> None:
        nonlocal files
        if info.name in {MANIFEST, SIGNATURE}:
            return
        expected = index.expected(info.name)
        if expected is None:
            raise _changed_since_check(info.name)
        if info.name == database_member:
            log("正在恢复数据库……")
            (_load_sqlite if manifest["database"]["engine"] == "sqlite" else _load_pg)(fh, expected, info.name)
            log("数据库已恢复；正在恢复文件……")
            return
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
            if _copy_hashing(fh, spool) != expected:
                raise _changed_since_check(info.name)
            spool.seek(0)
            name = info.name[len(STORAGE_PREFIX):]
            try:
                saved = default_storage.save(name, File(spool, name=name))
            except Exception as exc:
                raise BackupRefused(f"写入文件存储失败（{name[:200]}）：{exc}；数据库已恢复，文件只恢复了 {files} 个") from exc
            if saved != name:
                raise BackupRefused(f"文件存储中已有同名文件（{name[:200]}，存为 {saved}）：恢复已停止")
        files += 1

    _read_archive(path, visit, broken="恢复中断（{error}）：数据库和文件存储可能只恢复了一部分；请清空它们后重试")
    return files


@dataclass
class RestoreResult:
    manifest: dict
    files: int
    audit_ok: bool
    audit_report: str
    head_ok: bool
    head: tuple[int, str]
    count_differences: list[str]
    migrations_pending: bool

    @property
    def ok(self) -> bool:
        return self.audit_ok and self.head_ok and not self.count_differences


def _audit_check() -> tuple[bool, str]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as exc:
        return False, str(exc)
    return True, out.getvalue().strip()


def _migrations_pending() -> bool:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def restore_run(path: Path, log: Log = lambda _line: None) -> RestoreResult:
    """Verify the archive, check the target is empty, restore the database then the files through the storage
    API, then check: `audit verify`, the audit head and the rows per table against the manifest."""
    from anjian.audit.models import AuditHead

    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"找不到备份文件：{path}")
    _check_target_empty()
    log("正在校验备份文件……")
    with tempfile.TemporaryDirectory(prefix="anjian-restore-") as work:
        index = _Index(work)
        try:
            manifest = archive_verify(path, index)
            log(f"备份文件完好：{manifest['storage']['files'] + 1} 个成员的 SHA-256 均与清单相符"
                f"（制作于 {manifest['created_at']}）")
            _check_target(manifest)
            files = _restore_members(path, manifest, index, log)
        finally:
            index.close()
    connections.close_all()
    audit_ok, report = _audit_check()
    row = AuditHead.objects.filter(id=1).values_list("seq", "hash").first() or (0, "")
    head_ok = (row[0], row[1]) == (int(manifest["audit"]["seq"]), manifest["audit"]["hash"])
    counts = database_counts()
    expected = manifest["counts"]
    differences = [f"{table}：备份中 {expected.get(table, '无此表')}，恢复后 {counts.get(table, '无此表')}"
                   for table in sorted(expected.keys() | counts.keys()) if expected.get(table) != counts.get(table)]
    return RestoreResult(manifest, files, audit_ok, report, head_ok, (row[0], row[1]), differences,
                         _migrations_pending())
