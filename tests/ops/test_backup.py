"""`anjian backup` / `anjian restore` round-trip the demo (ADR 0035), each in its own process with its own database
and storage, as an operator runs them: on SQLite in the SQLite pass, on PostgreSQL (temporary databases named
anjian_restore_<random>) when DATABASE_URL is PostgreSQL. Bad archives and non-empty targets are refused with
nothing restored."""

import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = [pytest.mark.xdist_group("backup")]

ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_PG = DATABASE_URL.startswith(("postgres://", "postgresql://"))
ENTERPRISES = "40"
AUDIT_KEY = secrets.token_urlsafe(48)  # the key kept apart from the backups, given to both sides
LEFT_OUT = ("django_session", "accounts_loginthrottle")  # rows never backed up (live sign-ins, throttle counters)


class Target:
    """An empty place to run in: its own var dir (SQLite file, media folder) and, on PostgreSQL, its own database."""

    def __init__(self, base: Path, label: str):
        self.var = base / label
        self.var.mkdir()
        self.database = f"anjian_restore_{secrets.token_hex(4)}" if ON_PG else ""
        if ON_PG:
            _pg_admin(f'CREATE DATABASE "{self.database}"')

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ANJIAN_STORAGE", "ANJIAN_TASKS_BACKEND"}}
        env.update(ANJIAN_ENV="development", ANJIAN_VAR_DIR=str(self.var), ANJIAN_AUDIT_KEY=AUDIT_KEY,
                   ANJIAN_STORAGE="filesystem")
        if ON_PG:
            env["DATABASE_URL"] = _url(self.database)
        return env

    def run(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=ROOT, env=env or self.env(), capture_output=True,
                              text=True, timeout=300, check=False)

    def anjian(self, *args: str, **kwargs) -> subprocess.CompletedProcess:
        return self.run("-m", "anjian.cli", *args, **kwargs)

    def probe(self) -> dict:
        done = self.run("-m", "tests.ops.backup_probe")
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def untouched(self) -> bool:
        """No table in the database, no file in the storage."""
        media = self.var / "media"
        if media.exists() and any(p.is_file() for p in media.rglob("*")):
            return False
        if ON_PG:
            import psycopg

            with psycopg.connect(_url(self.database)) as conn:
                return conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
        sqlite = self.var / "anjian.sqlite3"
        if not sqlite.exists() or sqlite.stat().st_size == 0:
            return True
        import sqlite3

        with sqlite3.connect(sqlite) as conn:
            return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0



def _url(database: str) -> str:
    parts = urlsplit(DATABASE_URL)
    return urlunsplit(parts._replace(path=f"/{database}"))


def _pg_admin(*statements: str) -> None:
    import psycopg

    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    made: list[Target] = []
    base = tmp_path_factory.mktemp("backup")

    def make(label: str) -> Target:
        made.append(Target(base, label))
        return made[-1]

    yield base, make
    if ON_PG:
        _pg_admin(*(f'DROP DATABASE IF EXISTS "{t.database}" WITH (FORCE)' for t in made))


@pytest.fixture(scope="module")
def source(places):
    """The demo (bootstrap, small) with one evidence photo, probed, then backed up with `anjian backup`."""
    base, make = places
    demo = make("source")
    done = demo.run("-c", "import django; django.setup(); from django.core.management import call_command; "
                    "call_command('migrate', interactive=False, verbosity=0); "
                    f"call_command('bootstrap', enterprises={ENTERPRISES}); "
                    "from tests.ops.backup_probe import attach_evidence, sign_in_traces; attach_evidence(); "
                    "print(sign_in_traces())", env=demo.env() | {"DJANGO_SETTINGS_MODULE": "config.settings"})
    assert done.returncode == 0, done.stderr[-3000:]
    session_key = done.stdout.strip().splitlines()[-1]
    before = demo.probe()
    assert all(before["counts"][table] == 1 for table in LEFT_OUT)
    before["session_key"] = session_key
    archive = base / "demo.tar.gz"
    done = demo.anjian("backup", str(archive))
    assert done.returncode == 0, done.stderr[-3000:]
    return demo, archive, before, done.stdout


@pytest.fixture(scope="module")
def empty(places):
    """One empty target for the refusals: each leaves it as it found it (and checks so)."""
    return places[1]("empty")


def _manifest(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile("manifest.json"))


def test_restore_into_empty_database_and_storage_gives_back_the_demo(source, places):
    demo, archive, before, backup_output = source
    assert "审计密钥（ANJIAN_AUDIT_KEY）不在备份中" in backup_output
    assert before["pdf"] is not None and before["pdf"]["sha256"] == before["pdf"]["recorded_sha256"]
    assert any(name.startswith("evidence/") for name in before["files"])  # the photo the fixture attached
    manifest = _manifest(archive)
    expected = before["counts"] | dict.fromkeys(LEFT_OUT, 0)  # the tables are there, their rows are not
    assert manifest["counts"] == expected
    assert [manifest["audit"]["seq"], manifest["audit"]["hash"]] == before["audit_head"]
    assert manifest["audit"]["key_included"] is False
    assert {m["name"] for m in manifest["members"]} == (
        {manifest["database"]["member"]} | {f"storage/{name}" for name in before["files"]})

    # The source recorded the backup after taking it: one more event, by the system, the chain still whole.
    after = demo.probe()
    assert after["audit_head"][0] == before["audit_head"][0] + 1 and after["last_verb"] == "backup_make"

    target = places[1]("restored")
    done = target.anjian("restore", str(archive))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "审计链校验通过" in done.stdout and "审计链头与备份清单一致" in done.stdout
    assert "各表行数与备份清单一致" in done.stdout
    restored = target.probe()
    assert restored["counts"] == expected
    assert restored["audit_head"] == before["audit_head"]
    assert restored["files"] == before["files"]
    assert restored["pdf"] == before["pdf"]  # the same bytes, served by the app's own read path
    assert f"审计链完整：共 {before['audit_head'][0]} 条事件" in done.stdout  # `audit verify`, run by the restore


def test_no_live_session_key_is_in_the_archive(source):
    """Walk: backups carried django_session rows — a session key signs in whoever reads it."""
    _, archive, before, _ = source
    key = before["session_key"].encode()
    assert len(key) == 32
    with tarfile.open(archive) as tar:
        for member in tar:
            data = tar.extractfile(member).read()
            assert key not in data, member.name  # SQLite: not even in free pages (the copy is vacuumed)
            if member.name == "database/anjian.pgdump":
                listing = subprocess.run(["pg_restore", "--list"], input=data, capture_output=True, check=True)
                toc = listing.stdout.decode()
                assert "TABLE public django_session" in toc and "TABLE DATA public django_session" not in toc
                assert "TABLE DATA public accounts_loginthrottle" not in toc
                assert "TABLE DATA public accounts_user" in toc


def test_a_truncated_archive_is_refused_and_nothing_is_restored(source, empty):
    _, archive, _, _ = source
    cut = archive.with_name("cut.tar.gz")
    data = archive.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    target = empty
    done = target.anjian("restore", str(cut))
    assert done.returncode == 2
    assert "损坏或不完整" in done.stderr and "未恢复任何内容" in done.stderr
    assert target.untouched()


def _tampered(archive: Path, out: Path) -> str:
    """A copy of the archive with one byte of its last stored file (or the database) changed; manifest kept."""
    with tarfile.open(archive) as tar:
        members = [(info, tar.extractfile(info).read()) for info in tar.getmembers()]
    victim = [info.name for info, _ in members if info.name.startswith("storage/")][-1:] or [members[0][0].name]
    with tarfile.open(out, "w") as tar:
        for info, data in members:
            if info.name == victim[0]:
                data = bytes([data[0] ^ 1]) + data[1:]
            tar.addfile(info, io.BytesIO(data))
    return victim[0]


def test_an_altered_member_is_refused_before_anything_is_touched(source, empty):
    _, archive, _, _ = source
    altered = archive.with_name("altered.tar")
    name = _tampered(archive, altered)
    target = empty
    done = target.anjian("restore", str(altered))
    assert done.returncode == 2
    assert name in done.stderr and "SHA-256 与清单不符" in done.stderr and "未恢复任何内容" in done.stderr
    assert target.untouched()


def _forged(archive: Path, work: Path) -> Path:
    """The walker's forgery: the database member changed (on SQLite a business row edited, the audit tables left
    alone), its SHA-256 and size recomputed in manifest.json, re-tarred with the original manifest.sig."""
    import hashlib

    with tarfile.open(archive) as tar:
        members = {info.name: tar.extractfile(info).read() for info in tar.getmembers()}
    name = next(n for n in members if n.startswith("database/"))
    old = members[name]
    if name.endswith(".sqlite3"):
        import sqlite3

        db = work / "forged.sqlite3"
        db.write_bytes(old)
        with sqlite3.connect(db) as conn:
            assert conn.execute("UPDATE enterprises_enterprise SET name = 'forged' WHERE id = "
                                "(SELECT MIN(id) FROM enterprises_enterprise)").rowcount == 1
        new = db.read_bytes()
    else:
        new = old + b"\0"
    members[name] = new
    manifest = members["manifest.json"].decode()
    line = json.dumps({"name": name, "size": len(old), "sha256": hashlib.sha256(old).hexdigest()},
                      ensure_ascii=False, separators=(",", ":"))
    assert line in manifest
    members["manifest.json"] = manifest.replace(line, json.dumps(
        {"name": name, "size": len(new), "sha256": hashlib.sha256(new).hexdigest()},
        ensure_ascii=False, separators=(",", ":"))).encode()
    out = work / "forged.tar"
    with tarfile.open(out, "w") as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def test_a_forged_archive_with_recomputed_checksums_is_refused(source, empty, tmp_path):
    _, archive, _, _ = source
    target = empty
    done = target.anjian("restore", str(_forged(archive, tmp_path)))
    assert done.returncode == 2, done.stdout
    assert "签名不符" in done.stderr and "未恢复任何内容" in done.stderr, done.stderr
    assert target.untouched()


def test_a_database_that_is_not_empty_is_refused(source):
    demo, archive, _, _ = source
    done = demo.anjian("restore", str(archive))
    assert done.returncode == 2 and "数据库不是空的" in done.stderr, done.stderr
    assert demo.anjian("audit", "verify").returncode == 0  # the source's chain, with the backup's event, is whole


def test_a_storage_that_is_not_empty_is_refused_and_the_database_left_empty(source, empty):
    _, archive, _, _ = source
    target = empty
    (target.var / "media" / "evidence").mkdir(parents=True, exist_ok=True)
    (target.var / "media" / "evidence" / "left-over").write_bytes(b"x")
    done = target.anjian("restore", str(archive))
    assert done.returncode == 2 and "文件存储不是空的" in done.stderr, done.stderr
    (target.var / "media" / "evidence" / "left-over").unlink()
    assert target.untouched()


def test_another_audit_key_is_refused(source, empty):
    _, archive, _, _ = source
    target = empty
    env = target.env() | {"ANJIAN_AUDIT_KEY": secrets.token_urlsafe(48)}
    done = target.anjian("restore", str(archive), env=env)
    assert done.returncode == 2 and "审计密钥" in done.stderr and "不同" in done.stderr, done.stderr
    assert target.untouched()
