"""List latency: the enterprise list page and API filtered by a county, with `scale` enterprises loaded.

Issue limits: median under 50 ms and p99 under 200 ms over 1,000 sequential requests from one client.
The requests go through a real HTTP server (`manage.py runserver --noreload`, DEBUG=false) on 127.0.0.1;
the page is read with a session cookie, the API with a bearer token. A reference row times the bare SQL
(page of 20 + count) in the same run, so the framework overhead is visible.

Run through bench/run.py (it prepares the database): python bench/run.py --only list --scale 20000
"""

import http.client
import json
import math
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anjian.accounts.models import User
from anjian.accounts.services import user_create, user_issue_api_token
from anjian.domain.permissions import Role
from anjian.domain.rows import validate_enterprise
from anjian.enterprises.demo import enterprise_rows, make_uscc
from anjian.regions.models import Agency, Region

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "bench" / "data"
TABLE = "enterprises_enterprise"
COUNTY = "411726"  # 泌阳县
CITY = "411700"  # 驻马店市
REQUESTS = 1000
WARMUP = 20
MEDIAN_LIMIT_MS = 50.0
P99_LIMIT_MS = 200.0
FIRST_PORT = 8765
QUICKACK = getattr(socket, "TCP_QUICKACK", None)  # Linux
SEED = 20260
STARTED = time.monotonic()
# USCC serials of bench rows start far above those of the demo data and of enterprise_rows (< 31**6 + n),
# offset by the table's max(id) so that repeated partial loads never collide.
SERIAL_BASE = 2 * 31**8
COLUMNS = ("uscc", "name", "address", "region_id", "industry", "supervision_class", "risk_level", "scale",
           "legal_representative", "contact_person", "contact_phone", "liability_insured", "insurance_expires",
           "longitude", "latitude", "status", "is_central_branch", "is_provincially_managed",
           "created_at", "updated_at")


def log(message: str) -> None:
    print(f"[bench_list {time.monotonic() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data


def _table_size() -> tuple[int, int]:
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*), coalesce(max(id), 0) FROM {TABLE}")
        count, max_id = cur.fetchone()
    return count, max_id


def _copy_values(counties: list[tuple[str, str]], n: int, offset: int) -> Iterator[tuple]:
    levels = {code: "county" for code, _ in counties}
    now = timezone.now()
    for i, row in enumerate(enterprise_rows(counties, n, SEED + offset)):
        row["uscc"] = make_uscc(row["region"], SERIAL_BASE + offset + i)
        clean, errors = validate_enterprise(row, levels)  # the rows a real import would accept
        if errors:
            raise ValueError(f"generated row invalid: {errors}")
        clean["region_id"] = clean.pop("region")
        clean["created_at"] = clean["updated_at"] = now
        yield tuple(clean.get(column) for column in COLUMNS)


def enterprises_ensure(scale: int) -> dict:
    """Top the table up to `scale` rows with COPY (rows already there are reused), then VACUUM ANALYZE."""
    count, max_id = _table_size()
    loaded, seconds = 0, 0.0
    if count < scale:
        n = scale - count
        log(f"表中已有 {count:,} 家，用 COPY 追加 {n:,} 家")
        # Read everything needed before COPY: the connection is busy until the COPY ends.
        counties = list(Region.objects.filter(level="county").order_by("code").values_list("code", "name"))
        if not counties:
            raise RuntimeError("没有县级区划：先运行 manage.py load_regions")
        started = time.perf_counter()
        connection.ensure_connection()
        pg = connection.connection  # the psycopg connection under Django's
        with transaction.atomic(), pg.cursor() as cur, \
                cur.copy(f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for values in _copy_values(counties, n, max_id):
                copy.write_row(values)
                loaded += 1
                if loaded % 100_000 == 0:
                    log(f"  {loaded:,} / {n:,}（{loaded / (time.perf_counter() - started):,.0f} 行/秒）")
        seconds = time.perf_counter() - started
        log(f"COPY {loaded:,} 行用时 {seconds:.1f} s")
    else:
        log(f"表中已有 {count:,} 家 ≥ {scale:,}，直接使用")
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(f"VACUUM (ANALYZE) {TABLE}")  # statistics, and the visibility map for index-only counts
    log(f"VACUUM ANALYZE 用时 {time.perf_counter() - started:.1f} s")
    total, _ = _table_size()
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {TABLE} WHERE region_id = %s", [COUNTY])
        in_county = cur.fetchone()[0]
    return {"total": total, "loaded": loaded, "seconds": seconds, "in_county": in_county}


def bench_user(username: str, region_code: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(actor=None, username=username, full_name=username, password=secrets.token_urlsafe(24),
                           agency=Agency.objects.get(region_id=region_code), roles=[Role.OFFICER])
    return user


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)  # a database session the server reads like any other
    return client.cookies[settings.SESSION_COOKIE_NAME].value


# ---------------------------------------------------------------- measuring


def percentile(samples: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def time_calls(call: Callable[[], None], n: int, warmup: int = WARMUP) -> list[float]:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(n):
        started = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


SQL_PAGE = (f"SELECT id, uscc, name, region_id, industry, supervision_class, risk_level, status, liability_insured "
            f"FROM {TABLE} WHERE region_id = %s ORDER BY name LIMIT 20")
SQL_COUNT = f"SELECT count(*) FROM {TABLE} WHERE region_id = %s"


def bare_sql_samples() -> tuple[list[float], int]:
    connection.ensure_connection()
    pg = connection.connection
    result = {}

    def call() -> None:
        with pg.cursor() as cur:
            cur.execute(SQL_PAGE, [COUNTY])
            cur.fetchall()
            cur.execute(SQL_COUNT, [COUNTY])
            result["count"] = cur.fetchone()[0]

    samples = time_calls(call, REQUESTS)
    return samples, result["count"]


def explain_queries(requests: list[tuple[User, str, dict]]) -> list[int]:
    """Run each (user, path, headers) once in-process; EXPLAIN ANALYZE the enterprise queries into
    bench/data/list_explain.txt. → the number of SQL queries of each request."""
    out, counts = [], []
    for user, path, headers in requests:
        client = Client()
        if "Authorization" not in headers:
            client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{path} → HTTP {response.status_code}")
        counts.append(len(ctx.captured_queries))
        out += [f"# GET {path} as {user.username} {sorted(headers)}: {len(ctx.captured_queries)} queries", ""]
        out += [f"-- {q['time']}s  {q['sql']}" for q in ctx.captured_queries]
        with connection.cursor() as cur:
            for q in ctx.captured_queries:
                if TABLE in q["sql"]:
                    cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {q['sql']}")
                    out += ["", q["sql"], *(line for (line,) in cur.fetchall())]
        out += ["", ""]
    (DATA_DIR / "list_explain.txt").write_text("\n".join(out), encoding="utf-8")
    return counts


# ---------------------------------------------------------------- the HTTP server


def free_port(first: int = FIRST_PORT, tries: int = 50) -> int:
    for port in range(first, first + tries):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as runserver does
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"127.0.0.1:{first}–{first + tries - 1} 均被占用")


def server_start(port: int) -> tuple[subprocess.Popen, Path]:
    log_path = DATA_DIR / "runserver.log"
    env = {**os.environ, "DEBUG": "false", "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                                cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"runserver 退出（{proc.returncode}）：{log_path.read_text(errors='replace')[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            conn.close()
            return proc, log_path
        except OSError:
            time.sleep(0.25)
    server_stop(proc)
    raise RuntimeError("runserver 120 秒内未就绪")


def server_stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


class HttpClient:
    """One client on loopback; keeps the connection alive, like a browser.

    runserver (wsgiref) writes the response headers and body in two sends without TCP_NODELAY, so Nagle
    holds the body until the client ACKs the headers, and Linux delays that ACK by up to 40 ms: every
    kept-alive request would then measure ~40 ms of TCP, not the application. Production servers set
    TCP_NODELAY (gunicorn, nginx); here the client asks for an immediate ACK (TCP_QUICKACK) instead.
    """

    def __init__(self, port: int, headers: dict[str, str]):
        self.port = port
        self.headers = {"Host": f"127.0.0.1:{port}", **headers}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.conn.request("GET", path, headers=self.headers)
                if QUICKACK is not None:
                    self.conn.sock.setsockopt(socket.IPPROTO_TCP, QUICKACK, 1)
                response = self.conn.getresponse()
                body = response.read()
                if response.will_close:
                    self.conn.close()
                return response.status, body
            except (http.client.RemoteDisconnected, ConnectionError):
                self.conn.close()  # a kept-alive connection the server dropped: reconnect once
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


def http_samples(client: HttpClient, path: str, check: Callable[[int, bytes], None]) -> list[float]:
    check(*client.get(path))  # correctness once, outside the timing

    def call() -> None:
        status, _ = client.get(path)
        if status != 200:
            raise RuntimeError(f"GET {path} → HTTP {status}")

    return time_calls(call, REQUESTS)


def _page_check(expected: int) -> Callable[[int, bytes], None]:
    def check(status: int, body: bytes) -> None:
        if status != 200:
            raise RuntimeError(f"list page → HTTP {status}（会话无效？）")
        shown = re.search(r"共 ([\d,.\s\u00a0]+) 家", body.decode())  # intcomma follows the locale
        if shown is None or int(re.sub(r"\D", "", shown.group(1))) != expected:
            raise RuntimeError(f"list page shows {shown and shown.group(0)!r}, expected {expected} enterprises")
    return check


def _api_check(expected: int) -> Callable[[int, bytes], None]:
    def check(status: int, body: bytes) -> None:
        if status != 200:
            raise RuntimeError(f"API → HTTP {status}: {body[:200]!r}")
        data = json.loads(body)
        if data["count"] != expected or len(data["results"]) != min(20, expected):
            raise RuntimeError(f"API count {data['count']} / {len(data['results'])} rows, expected {expected}")
    return check


# ---------------------------------------------------------------- the benchmark


def latency_rows(label: str, samples: list[float], note: str = "", limits: bool = True) -> list[dict]:
    median, p99 = statistics.median(samples), percentile(samples, 99)
    rows = [
        {"benchmark": f"{label}: median", "value": median, "limit": MEDIAN_LIMIT_MS if limits else None,
         "unit": "ms", "ok": (median < MEDIAN_LIMIT_MS) if limits else None},
        {"benchmark": f"{label}: p99", "value": p99, "limit": P99_LIMIT_MS if limits else None,
         "unit": "ms", "ok": (p99 < P99_LIMIT_MS) if limits else None},
    ]
    if note:
        rows[0]["note"] = note
    log(f"{label}: median {median:.2f} ms, p99 {p99:.2f} ms, max {max(samples):.2f} ms")
    return rows


def run(scale: int) -> list[dict]:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    data = enterprises_ensure(scale)
    county_user = bench_user("bench-county-officer", COUNTY)
    city_user = bench_user("bench-city-officer", CITY)
    page_path = f"/enterprises/?region={COUNTY}"
    api_path = f"/api/v1/enterprises/?region={COUNTY}"

    rows: list[dict] = [{
        "benchmark": "list: enterprises in table", "value": data["total"], "limit": None, "unit": "rows",
        "ok": None,
        "note": (f"{data['in_county']:,} in county {COUNTY}; "
                 + (f"{data['loaded']:,} loaded by COPY in {data['seconds']:.0f} s"
                    if data["loaded"] else "reused the rows already loaded")),
    }]

    sql, sql_count = bare_sql_samples()
    if sql_count != data["in_county"]:
        raise RuntimeError(f"bare SQL count {sql_count} ≠ {data['in_county']}")
    token = user_issue_api_token(actor=county_user)
    page_queries, api_queries = explain_queries([
        (county_user, page_path, {}), (county_user, api_path, {"Authorization": f"Bearer {token}"})])

    port = free_port()
    log(f"runserver 127.0.0.1:{port}（DEBUG=false）")
    proc, server_log = server_start(port)
    clients: list[HttpClient] = []
    try:
        timings = {}
        for who, user in (("county user", county_user), ("city user", city_user)):
            page = HttpClient(port, {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}"})
            api = HttpClient(port, {"Authorization": f"Bearer {user_issue_api_token(actor=user)}"})
            clients += [page, api]
            log(f"GET {page_path} ×{REQUESTS}（{who}, session）")
            timings[("page", who)] = http_samples(page, page_path, _page_check(data["in_county"]))
            log(f"GET {api_path} ×{REQUESTS}（{who}, bearer token）")
            timings[("api", who)] = http_samples(api, api_path, _api_check(data["in_county"]))
    finally:
        for client in clients:
            client.close()
        server_stop(proc)

    sql_median = statistics.median(sql)
    rows += latency_rows(f"list page ?region={COUNTY}, county user", timings[("page", "county user")],
                         note=(f"{page_queries} SQL queries per page; overhead over bare SQL "
                               f"{statistics.median(timings[('page', 'county user')]) - sql_median:.1f} ms median; "
                               f"EXPLAIN ANALYZE in bench/data/list_explain.txt"))
    rows += latency_rows(f"API /api/v1/enterprises/?region={COUNTY}, county user", timings[("api", "county user")],
                         note=f"{api_queries} SQL queries per call (bearer token)")
    rows += latency_rows(f"list page ?region={COUNTY}, city user", timings[("page", "city user")],
                         note=(f"HTTP: runserver --noreload, DEBUG=false, {REQUESTS} sequential kept-alive requests "
                               f"per row after {WARMUP} warm-up, client TCP_QUICKACK (see HttpClient)"))
    rows += latency_rows(f"API /api/v1/enterprises/?region={COUNTY}, city user", timings[("api", "city user")])
    rows += latency_rows(f"reference: bare SQL page of 20 + count(*), region {COUNTY}", sql, limits=False,
                         note="same queries without Django/HTTP, psycopg on one open connection")
    log(f"服务器日志：{server_log}")
    return rows

