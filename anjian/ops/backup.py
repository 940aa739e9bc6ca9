"""Backups and restores (ADR 0035): one tar archive holding the database dump, every stored file and a manifest.

Archive `anjian-backup/1` (plain tar, or gzip when the file name ends in .gz/.tgz), members in this order:
  database/anjian.sqlite3 | database/anjian.pgdump   the database, taken first (SQLite's online backup API;
                                                     pg_dump --format=custom inside one exported snapshot)
  storage/<name>                                     every file of default_storage, read through the storage API
  manifest.json                                      format, time, versions, migrations, per-table counts, the
                                                     audit head and the SHA-256 and size of every member above
                                                     (its last key, one member per line)
  manifest.sig                                       HMAC-SHA256 of manifest.json's bytes under a key derived from
                                                     ANJIAN_AUDIT_KEY ("anjian-backup-manifest/1"): a restore
                                                     refuses an unsigned or wrongly signed manifest (ADR 0035)
Everything streams in chunks, and member lists go through temporary files (a JSON-lines listing when writing, a
temporary SQLite index when restoring): memory stays bounded whatever the size of the database or the number of
files.

Files are content-addressed and only ever added, and a row names a file only after the file is kept, so a dump
taken before the file walk finds every file it names; files kept after the dump are harmless extras. The other
order would lose files named by rows written between the walk and the dump.

The audit key is not in the archive (ADR 0019): it is kept apart, and a restore needs the same key. Neither are the
rows of the live sessions and the login throttle counters (``LEFT_OUT``): a session key in a backup signs in
whoever reads it, and the counters only matter for minutes. Their tables are in the dump, empty, and counted 0.
"""

import hashlib
import hmac
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from anjian.common.storage import every_stored_name

FORMAT = "anjian-backup/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
MANIFEST_KEY_LABEL = b"anjian-backup-manifest/1"
DATABASE_MEMBERS = {"sqlite": "database/anjian.sqlite3", "postgresql": "database/anjian.pgdump"}
STORAGE_PREFIX = "storage/"
CHUNK = 1 << 20
SPOOL_BYTES = 8 << 20  # a restored file is held in memory up to this size, on disk beyond it
MAX_MANIFEST_BYTES = 512 << 20
KEY_NOTE = ("审计密钥（ANJIAN_AUDIT_KEY）不在备份中：请另行妥善保管（与备份分开存放）；"
            "恢复时必须配置同一密钥，否则审计链无法校验")

Log = Callable[[str], None]


class BackupRefused(Exception):
    """Why a backup or restore did nothing (or stopped), in plain words for the operator."""


def manifest_mac(secret: str | None = None):
    """A fresh HMAC-SHA256 for manifest.json, keyed with a subkey of the audit key (its own purpose label, so a
    manifest signature is never an audit event hash or a checkpoint signature)."""
    from django.conf import settings

    key = (settings.ANJIAN_AUDIT_KEY if secret is None else secret).encode()
    return hmac.new(hmac.new(key, MANIFEST_KEY_LABEL, hashlib.sha256).digest(), digestmod=hashlib.sha256)


# --- reading the database ------------------------------------------------------------------------------------

@dataclass
class DatabaseState:
    engine: str  # "sqlite" | "postgresql"
    server_version: str
    dump_tool: str
    counts: dict[str, int]
    migrations: dict[str, str]  # app → its latest applied migration
    audit_seq: int
    audit_hash: str


def left_out_tables() -> tuple[str, ...]:
    """Tables whose rows are not backed up (the tables themselves are): live sessions and login throttling."""
    from django.contrib.sessions.models import Session

    from anjian.accounts.models import LoginThrottle

    return Session._meta.db_table, LoginThrottle._meta.db_table


def _audit_tables() -> tuple[str, str]:
    from anjian.audit.models import AuditHead

    return AuditHead._meta.db_table, "django_migrations"


def _state(cursor, tables: list[str], quote: Callable[[str], str]) -> tuple[dict, dict, int, str]:
    """Counts per table, migrations and the audit head, read through one DB-API cursor (one snapshot)."""
    counts, left_out = {}, left_out_tables()
    for table in sorted(tables):
        if table in left_out:
            counts[table] = 0  # in the dump, empty
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from the catalog, quoted)
        counts[table] = int(cursor.fetchone()[0])
    head_table, migrations_table = _audit_tables()
    migrations: dict[str, str] = {}
    if migrations_table in tables:
        cursor.execute(f"SELECT app, name FROM {quote(migrations_table)}")  # noqa: S608
        for app, name in cursor.fetchall():
            migrations[app] = max(name, migrations.get(app, ""))
    seq, head = 0, ""
    if head_table in tables:
        cursor.execute(f"SELECT seq, hash FROM {quote(head_table)} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
        if row:
            seq, head = int(row[0]), row[1]
    return counts, dict(sorted(migrations.items())), seq, head


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
                        "ESCAPE '\\'").fetchall()
    return [name for (name,) in rows]


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_dump(target: Path) -> DatabaseState:
    """The online backup API: one consistent copy while the app keeps writing (WAL)."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables = _sqlite_tables(copy)
        for table in left_out_tables():
            if table in tables:
                copy.execute(f"DELETE FROM {_sqlite_quote(table)}")  # noqa: S608 (a model's table name)
        copy.commit()
        copy.execute("VACUUM")  # the deleted rows' bytes leave the file too, not just its index
        cursor = copy.cursor()
        counts, migrations, seq, head = _state(cursor, _sqlite_tables(copy), _sqlite_quote)
        version = copy.execute("SELECT sqlite_version()").fetchone()[0]
    finally:
        copy.close()
    return DatabaseState("sqlite", version, f"sqlite3 {version} (online backup API)", counts, migrations, seq, head)


def _pg_env(settings_dict: dict) -> dict[str, str]:
    """libpq's environment for pg_dump/pg_restore: the password never appears on a command line."""
    env = dict(os.environ)
    pairs = {"PGHOST": settings_dict.get("HOST"), "PGPORT": settings_dict.get("PORT"),
             "PGUSER": settings_dict.get("USER"), "PGPASSWORD": settings_dict.get("PASSWORD"),
             "PGDATABASE": settings_dict.get("NAME")}
    options = settings_dict.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"),
                             ("sslcert", "PGSSLCERT"), ("sslkey", "PGSSLKEY")):
        pairs[variable] = options.get(option)
    env.update({name: str(value) for name, value in pairs.items() if value})
    return env


def _tool_major(tool: str) -> tuple[int, str]:
    """(major version, version line) of a PostgreSQL client tool on PATH."""
    if shutil.which(tool) is None:
        raise BackupRefused(f"找不到 {tool}：请安装 PostgreSQL 客户端工具（如 postgresql-client），并确保它在 PATH 中")
    line = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    found = re.search(r"(\d+)(?:\.\d+)?", line)
    if not found:
        raise BackupRefused(f"无法识别 {tool} 的版本：{line or '（无输出）'}")
    return int(found.group(1)), line


def _pg_server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def _pg_dump(target: Path) -> DatabaseState:
    """pg_dump --format=custom of the snapshot this transaction exports; counts and heads from that snapshot."""
    server = _pg_server_major()
    client, line = _tool_major("pg_dump")
    if client < server:
        raise BackupRefused(f"pg_dump 版本（{client}）低于数据库服务器版本（{server}）："
                            f"请安装 PostgreSQL {server} 或更新版本的客户端工具")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
        snapshot, server_version = cursor.fetchone()
        left_out = [f"--exclude-table-data={connection.ops.quote_name(table)}" for table in left_out_tables()]
        done = subprocess.run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", *left_out, f"--file={target}"],
                              env=_pg_env(connection.settings_dict), capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BackupRefused(f"pg_dump 失败：{done.stderr.strip()[-2000:]}")
        tables = connection.introspection.table_names(cursor)
        counts, migrations, seq, head = _state(cursor, tables, connection.ops.quote_name)
    return DatabaseState("postgresql", server_version, line, counts, migrations, seq, head)


def _database_dump(target: Path) -> DatabaseState:
    if connection.vendor == "sqlite":
        return _sqlite_dump(target)
    if connection.vendor == "postgresql":
        return _pg_dump(target)
    raise BackupRefused(f"不支持备份此数据库：{connection.vendor}")


def database_counts() -> dict[str, int]:
    """Rows per table of the database the app is configured for (after a restore)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _state(cursor, tables, connection.ops.quote_name)[0]


# --- stored files ---------------------------------------------------------------------------------------------

def storage_names() -> Iterator[str]:
    """Every file name in default_storage, walking its directories from the top (storage API only)."""
    return every_stored_name()


def storage_is_memory() -> bool:
    from django.core.files.storage import InMemoryStorage

    return isinstance(getattr(default_storage, "_wrapped", default_storage), InMemoryStorage)


# --- writing the archive --------------------------------------------------------------------------------------

class _Hashing(io.RawIOBase):
    """A reader that hashes and counts what passes through it."""

    def __init__(self, raw: IO[bytes]):
        super().__init__()
        self.raw, self.sha, self.size = raw, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.sha.update(data)
        self.size += len(data)
        return data


def _tarinfo(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o600
    return info


def _add(tar: tarfile.TarFile, name: str, size: int, fh: IO[bytes], mtime: float) -> dict[str, Any]:
    reader = _Hashing(fh)
    tar.addfile(_tarinfo(name, size, mtime), reader)  # OSError when the source ends before `size`
    return {"name": name, "size": size, "sha256": reader.sha.hexdigest()}


def _app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("anjian")
    except PackageNotFoundError:
        return "unknown"


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict
    manifest_sha256: str
    skipped: list[str] = field(default_factory=list)


def backup_write(path: Path, log: Log = lambda _line: None) -> BackupResult:
    """Write the archive to `path` (refused if it exists); it appears only once complete."""
    from anjian.audit.keys import audit_key

    path = Path(path)
    if path.exists():
        raise BackupRefused(f"文件已存在，不覆盖：{path}")
    if not path.parent.is_dir():
        raise BackupRefused(f"目录不存在：{path.parent}")
    mode = "w|gz" if path.name.endswith((".gz", ".tgz")) else "w|"
    now = timezone.now()
    with tempfile.TemporaryDirectory(prefix=".anjian-backup-", dir=path.parent) as work:
        partial = Path(work) / "archive.part"
        listing = Path(work) / "members.jsonl"  # one line per member: memory stays bounded for millions of files
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, listing.open("w", encoding="utf-8") as lines:
            with tarfile.open(fileobj=out, mode=mode, format=tarfile.PAX_FORMAT) as tar:
                dump = Path(work) / "database"
                log("正在导出数据库……")
                state = _database_dump(dump)
                member = DATABASE_MEMBERS[state.engine]
                with dump.open("rb") as fh:
                    lines.write(_member_line(_add(tar, member, dump.stat().st_size, fh, now.timestamp())))
                dump.unlink()
                log("正在复制文件存储中的文件……")
                skipped, files, total = [], 0, 0
                for name in storage_names():
                    try:
                        size = default_storage.size(name)
                        with default_storage.open(name, "rb") as fh:
                            lines.write(_member_line(_add(tar, STORAGE_PREFIX + name, size, fh, now.timestamp())))
                    except FileNotFoundError:
                        skipped.append(name)  # deleted since the walk listed it (see the module's docstring)
                        continue
                    files, total = files + 1, total + size
                lines.close()
                summary = {
                    "format": FORMAT,
                    "created_at": now.isoformat(),
                    "app_version": _app_version(),
                    "database": {"engine": state.engine, "server_version": state.server_version,
                                 "dump_tool": state.dump_tool, "member": member},
                    "migrations": state.migrations,
                    "counts": state.counts,
                    "audit": {"seq": state.audit_seq, "hash": state.audit_hash, "key_id": audit_key().key_id,
                              "key_included": False},
                    "storage": {"files": files, "bytes": total},
                }
                manifest_file = Path(work) / MANIFEST
                _manifest_write(manifest_file, summary, listing)
                with manifest_file.open("rb") as fh:
                    manifest_sha256 = _add(tar, MANIFEST, manifest_file.stat().st_size, fh, now.timestamp())["sha256"]
                signature = signature_bytes(manifest_file, audit_key().key_id)
                tar.addfile(_tarinfo(SIGNATURE, len(signature), now.timestamp()), io.BytesIO(signature))
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    return BackupResult(path, path.stat().st_size, summary, manifest_sha256, skipped)


# manifest.json is one JSON object whose last key, "members", lists one member per line, so that a restore reads
# it line by line (bounded memory) while any JSON tool still reads it whole.
_MEMBERS_OPEN, _MEMBERS_CLOSE = ' "members": [', " ]"


def _member_line(member: dict) -> str:
    return json.dumps(member, ensure_ascii=False, separators=(",", ":")) + "\n"


def _manifest_write(target: Path, summary: dict, listing: Path) -> None:
    head = json.dumps(summary, ensure_ascii=False, indent=1)
    with target.open("w", encoding="utf-8") as out, listing.open(encoding="utf-8") as lines:
        out.write(head[:-2] + ",\n" + _MEMBERS_OPEN + "\n")  # head ends with "\n}"
        previous = None
        for line in lines:
            if previous is not None:
                out.write(previous + ",\n")
            previous = line.rstrip("\n")
        out.write((previous or "") + "\n" + _MEMBERS_CLOSE + "\n}\n")


def signature_bytes(manifest_file: Path, key_id: str, secret: str | None = None) -> bytes:
    """manifest.sig: one JSON line naming the algorithm, the audit key's id and the MAC of manifest.json."""
    mac = manifest_mac(secret)
    with manifest_file.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            mac.update(chunk)
    return (json.dumps({"alg": "HMAC-SHA256", "label": MANIFEST_KEY_LABEL.decode(), "key_id": key_id,
                        "mac": mac.hexdigest()}) + "\n").encode()
