"""Many machines (issue 13, item 6): two app servers and a worker as separate processes on one PostgreSQL.

A fresh database `anjian_multi_<random>` is made, migrated and given one demo officer (tests/multi/prepare.py), two
app servers (gunicorn, as in production) and `manage.py worker` are started on it with the same keys and the same
file storage, and the database is dropped at the end. What an agency relies on when it adds machines:
a session made on one server works on the other; jobs submitted on one (an import, an export) run on the worker and
their results are read and downloaded on the other; two servers issuing documents at once still give gapless, unique numbers.

PostgreSQL only (the PostgreSQL pass of `make test`): SQLite is one machine's file.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
URL = os.environ.get("DATABASE_URL", "")
pytestmark = [
    pytest.mark.xdist_group("multi"),
    pytest.mark.skipif(urlsplit(URL).scheme not in {"postgres", "postgresql", "pgsql"},
                       reason="多台机器测试只在 PostgreSQL 上运行（DATABASE_URL 不是 PostgreSQL）"),
]
START_TIMEOUT = 40
JOB_ROWS = 30


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(line[:500] for line in path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Cluster:
    def __init__(self, url: str, var_dir: Path):
        self.url, self.var_dir, self.procs, self.logs = url, var_dir, [], {}
        self.env = {k: v for k, v in os.environ.items() if k not in {"ANJIAN_STORAGE", "PYTEST_VERSION",
                                                                      "PYTEST_XDIST_WORKER", "DJANGO_SETTINGS_MODULE"}}
        # Production settings, the same keys on every machine; files in one shared store (here one media folder).
        # Plain HTTP on loopback: TLS is the reverse proxy's (docs/operations.md), so no redirect, no Secure cookies.
        # Static files from the app folders (no collectstatic step: static serving is not what is tested here).
        self.env.update(SECURE_SSL_REDIRECT="false", SECURE_COOKIES="false", ANJIAN_STATIC_MANIFEST="false", DATABASE_URL=url, ANJIAN_VAR_DIR=str(var_dir), ANJIAN_ENV="production", DEBUG="false",
                        SECRET_KEY=secrets.token_urlsafe(40), ANJIAN_AUDIT_KEY=secrets.token_urlsafe(40),
                        ALLOWED_HOSTS="127.0.0.1,localhost", ANJIAN_STORAGE="filesystem",
                        ANJIAN_IMPORT_JOB_ROWS=str(JOB_ROWS - 1),  # an import of JOB_ROWS rows becomes a job
                        ANJIAN_EXPORT_JOB_ROWS=str(JOB_ROWS - 1),  # and so does an export of as many
                        DJANGO_SETTINGS_MODULE="config.settings", PYTHONUNBUFFERED="1")

    def run(self, *args: str, timeout: int = 120) -> str:
        done = subprocess.run([sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stderr[-3000:]}"
        return done.stdout

    def start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = self.var_dir / f"{name}.log"
        self.logs[name] = log
        with log.open("wb") as out:
            proc = subprocess.Popen(args, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        self.procs.append(proc)
        return proc

    def server(self, name: str) -> str:
        port = _free_port()
        # production's gunicorn settings (anjian/ops/gunicorn_conf.py), two processes each
        gunicorn = [sys.executable, "-m", "gunicorn", "-c", "python:anjian.ops.gunicorn_conf", "--bind",
                    f"127.0.0.1:{port}", "--workers", "2"]
        self.start(name, gunicorn)
        return f"http://127.0.0.1:{port}"

    def logs_text(self) -> str:
        return "\n".join(f"--- {name} ---\n{_tail(path)}" for name, path in self.logs.items())

    def stop(self) -> None:
        for name, proc in zip(self.logs, self.procs, strict=True):
            if proc.poll() is None:  # gunicorn: SIGINT is its quick shutdown; the worker finishes on SIGTERM
                proc.send_signal(signal.SIGINT if name.startswith("server") else signal.SIGTERM)
        deadline = time.monotonic() + 5
        for proc in self.procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # its own process group: gunicorn's workers go too
                proc.wait(5)


def _admin_conninfo(url: str, dbname: str = "postgres") -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(url, dbname=dbname)


def _wait_up(base: str, cluster: Cluster) -> None:
    import requests

    deadline, last = time.monotonic() + START_TIMEOUT, None
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in cluster.procs):
            break
        try:
            status = requests.get(f"{base}/accounts/login/", timeout=2).status_code
            if status == 200:
                return
            last = status
        except requests.RequestException as exc:
            last = exc
        time.sleep(0.2)
    pytest.fail(f"服务器 {base} 未能启动（{last}）\n{cluster.logs_text()}")


@pytest.fixture(scope="module")
def cluster():
    import psycopg
    from psycopg import sql

    name = f"anjian_multi_{secrets.token_hex(4)}"
    url = URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(_admin_conninfo(URL), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    var_dir = Path(tempfile.mkdtemp(prefix="anjian-multi-"))
    c = Cluster(url, var_dir)
    try:
        c.prepared = json.loads(c.run("-m", "tests.multi.prepare").strip().splitlines()[-1])
        c.a, c.b = c.server("server-a"), c.server("server-b")
        c.start("worker", [sys.executable, "manage.py", "worker"])
        _wait_up(c.a, c)
        _wait_up(c.b, c)
        yield c
    finally:
        c.stop()
        with psycopg.connect(_admin_conninfo(URL), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _login(base: str, username: str, password: str):
    import requests

    s = requests.Session()
    form = s.get(f"{base}/accounts/login/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = s.post(f"{base}/accounts/login/", data={"csrfmiddlewaretoken": token, "username": username,
                                                        "password": password, "next": ""},
                      allow_redirects=False, timeout=20)
    assert response.status_code == 302, response.text[-2000:]
    return s


def test_a_session_made_on_one_server_works_on_the_other(cluster):
    import requests

    p = cluster.prepared
    on_a = _login(cluster.a, p["username"], p["password"])
    assert on_a.get(f"{cluster.a}/home/", allow_redirects=False, timeout=10).status_code == 200
    # the same cookies on server B: signed in there too, as the same person
    on_b = requests.Session()
    on_b.cookies.update(on_a.cookies)
    home = on_b.get(f"{cluster.b}/home/", allow_redirects=False, timeout=10)
    assert home.status_code == 200 and p["full_name"] in home.text, cluster.logs_text()
    # a form of server B accepts the CSRF token of the session made on A: signing out on B ends it on A too
    page = on_b.get(f"{cluster.b}/accounts/profile/", timeout=10).text
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    assert on_b.post(f"{cluster.b}/accounts/logout/", data={"csrfmiddlewaretoken": csrf.group(1)},
                     allow_redirects=False, timeout=10).status_code == 302
    again = on_a.get(f"{cluster.a}/home/", allow_redirects=False, timeout=10)
    assert again.status_code == 302 and "/accounts/login/" in again.headers["Location"]
    # without the cookie server B does not know the caller
    assert requests.get(f"{cluster.b}/home/", allow_redirects=False, timeout=10).status_code == 302


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_job_submitted_on_one_server_runs_on_the_worker_and_shows_on_the_other(cluster):
    import csv
    import io

    import psycopg

    from anjian.domain.rows import ENTERPRISE_COLUMNS
    from anjian.enterprises.demo import enterprise_rows

    p = cluster.prepared
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([c.label for c in ENTERPRISE_COLUMNS])
    rows = list(enterprise_rows([("411726", "泌阳县")], JOB_ROWS, 77))
    for row in rows:
        writer.writerow([row[c.field] for c in ENTERPRISE_COLUMNS])
    on_a = _login(cluster.a, p["username"], p["password"])
    # upload and confirm on server A: above the threshold the confirm step hands the import to a job
    token = _csrf(on_a.get(f"{cluster.a}/enterprises/import/", timeout=10).text)
    preview = on_a.post(f"{cluster.a}/enterprises/import/", data={"csrfmiddlewaretoken": token},
                        files={"file": ("单位.csv", text.getvalue().encode(), "text/csv")}, timeout=30)
    assert preview.status_code == 200, preview.text[-1500:]
    digest = re.search(r'name="sha256" value="([0-9a-f]{64})"', preview.text).group(1)
    confirm = on_a.post(f"{cluster.a}/enterprises/import/confirm/",
                        data={"csrfmiddlewaretoken": _csrf(preview.text), "sha256": digest},
                        allow_redirects=False, timeout=30)
    assert confirm.status_code == 302 and "/jobs/" in confirm.headers["Location"], confirm.text[-1500:]
    job_id = confirm.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    # server B reports it: queued/running, then done — the worker (another process) ran it
    on_b = requests_session(on_a)
    job = _wait_done(on_b, cluster, job_id)
    assert job["progress_done"] == job["progress_total"] == JOB_ROWS and f"新增 {JOB_ROWS}" in job["result_message"]
    page = on_b.get(f"{cluster.b}/jobs/{job_id}/", timeout=10)
    assert page.status_code == 200 and "已完成" in page.text and f"新增 {JOB_ROWS}" in page.text
    # the imported enterprises are there for server B's pages, and the job names the worker that ran it
    found = on_b.get(f"{cluster.b}/enterprises/", params={"q": rows[0]["name"]}, timeout=10)
    assert rows[0]["name"] in found.text
    with psycopg.connect(cluster.url) as conn:
        worker, count = conn.execute(
            "SELECT j.worker, (SELECT count(*) FROM enterprises_enterprise WHERE uscc = ANY(%s)) FROM jobs_job j "
            "WHERE j.public_id = %s", [[r["uscc"] for r in rows], job_id]).fetchone()
    assert count == JOB_ROWS and worker  # a worker process took it, not a web server
    # an export above the threshold, submitted on A: its file, written by the worker, downloads from B
    page = on_a.get(f"{cluster.a}/enterprises/export/", params={"region": "411726"}, timeout=10)
    assert page.status_code == 200 and "csrfmiddlewaretoken" in page.text, page.text[-1500:]
    submitted = on_a.post(f"{cluster.a}/enterprises/export/?region=411726",
                          data={"csrfmiddlewaretoken": _csrf(page.text)}, allow_redirects=False, timeout=30)
    assert submitted.status_code == 302 and "/jobs/" in submitted.headers["Location"]
    export = _wait_done(on_b, cluster, submitted.headers["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert export["result_url"]
    download = on_b.get(f"{cluster.b}{export['result_url']}", timeout=30)
    assert download.status_code == 200 and download.content.startswith(b"PK")  # an XLSX


def _wait_done(session, cluster, job_id: str) -> dict:
    deadline, job = time.monotonic() + 45, {}
    while time.monotonic() < deadline:
        job = session.get(f"{cluster.b}/api/v1/jobs/{job_id}", timeout=10).json()
        if job.get("state") in {"done", "failed", "cancelled"}:
            break
        time.sleep(0.5)
    assert job.get("state") == "done", f"{job}\n{cluster.logs_text()}"
    return job


def requests_session(other):
    import requests

    s = requests.Session()
    s.cookies.update(other.cookies)
    return s


def test_two_servers_issuing_at_once_give_gapless_unique_numbers(cluster):
    import psycopg
    import requests

    p = cluster.prepared
    headers = {"Authorization": f"Bearer {p['token']}"}
    barrier, lock, answers = threading.Barrier(len(p["drafts"])), threading.Lock(), []

    def issue(base: str, document_id: int) -> None:
        barrier.wait()
        try:
            r = requests.post(f"{base}/api/v1/documents/{document_id}/issue", headers=headers, timeout=60)
            answer = (r.status_code, r.json())
        except Exception as exc:  # reported by the assertion below
            answer = (0, repr(exc))
        with lock:
            answers.append((base, document_id, answer))

    threads = [threading.Thread(target=issue, args=(cluster.a if i % 2 else cluster.b, pk))
               for i, pk in enumerate(p["drafts"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    failed = [a for a in answers if a[2][0] != 200]
    assert len(answers) == len(p["drafts"]) and not failed, f"{failed[:3]}\n{cluster.logs_text()}"
    with psycopg.connect(cluster.url) as conn:
        rows = conn.execute("SELECT d.seq, d.number, d.status FROM documents_document d WHERE d.id = ANY(%s)",
                            [p["drafts"]]).fetchall()
    assert {status for _, _, status in rows} == {"issued"}
    assert sorted(seq for seq, _, _ in rows) == list(range(1, len(p["drafts"]) + 1))
    assert len({number for _, number, _ in rows}) == len(rows)
    # each answer names the number the database holds
    assert sorted(a[2][1]["seq"] for a in answers) == list(range(1, len(p["drafts"]) + 1))
    # an issued document's PDF, stored by one server, downloads from the other
    pk = p["drafts"][0]
    got = requests.get(f"{cluster.b}/api/v1/documents/{pk}", headers=headers, timeout=10).json()
    session = _login(cluster.a, p["username"], p["password"])
    for base in (cluster.a, cluster.b):
        pdf = session.get(f"{base}{got['pdf_url']}", timeout=20)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
