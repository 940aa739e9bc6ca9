"""Load: 50 concurrent users on the production server (gunicorn) over `scale` enterprises and 10 × `scale`
inspections (issue 13, item 7; ADR 0036).

Issue figures: p95 under 300 ms for every kind of request and zero errors, with requests per second reported
beside a template-only page (the sign-in form: a template, no database query) measured in the same run.

Data (only where missing; reused by the next run):
- enterprises topped up to `scale` with bench_list's COPY (validated rows over every county of Henan);
- 20 officers per agency (the rows bench_stats makes, shared);
- 10 × `scale` inspections marked place='bench-load', made in SQL (generate_series, 1 M rows a statement,
  triggers off): over 2022–2026, 90 % by the county's own agency, 7 % the city's, 3 % the province's; 2 %
  cancelled, 1 % planned or in progress (the last three weeks' only: `settle`), the rest closed; a team of 2
  officers of the inspecting agency each, and a hazard for every tenth inspection (deadline 15–60 days on; 92 %
  rectified, of the others overdue by 90 days six in seven escalated, the rest open);
- a few real documents (责改, issued through the service: numbered, rendered, stored) for the document pages.
Generation time is printed, never held against a limit.

Load: `anjian/ops/gunicorn_conf.py` (production settings: CPU+1 processes × 4 threads) with ANJIAN_ENV=production,
static files collected (manifest), on 127.0.0.1. The client is this module's own asyncio HTTP/1.1 client (kept-alive
connections, one per user, no third-party load tool): USERS virtual users (half a county officer, half a city
agency leader, each with a database session; API calls with the user's bearer token) each pick a request by weight,
time it, then wait a think time drawn from THINK seconds. Each request kind gets its p50/p95/p99, errors and
requests/s, and the time it took alone (one request at a time, before the load: "alone"); the sign-in page is
one kind of the same mix (the reference). The first BENCH_LOAD_WARMUP seconds (15) of the load are a ramp-up, not
counted: each server process's first requests compile templates and open connections. Environment:
BENCH_LOAD_USERS (50), BENCH_LOAD_SECONDS (60), BENCH_LOAD_THINK ("1-3"), BENCH_LOAD_WORKERS (gunicorn processes;
default from anjian/ops/gunicorn_conf.py).

Then the comparison item 1 asks for ("under load the same page answers at least as fast as today"): the county
officer's enterprise list under ten clients without think time, for BENCH_LOAD_COMPARE_SECONDS (20; 0 skips it)
on Django's development server (what `make run` served before issue 13) and then on gunicorn, same settings and
data: each one's p95 and requests/s, and their ratio.
"""

import asyncio
import os
import secrets
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from anjian.regions.models import Agency
from bench.bench_list import (
    DATA_DIR,
    ROOT,
    bench_user,
    enterprises_ensure,
    free_port,
    percentile,
    session_cookie,
)
from bench.bench_stats import _execute, _scalar  # the statistics bench's SQL helpers
from bench.load_client import load, warm

MARK = "bench-load"
COUNTY, CITY = "411726", "411700"  # 泌阳县, 驻马店市
CHUNK = 1_000_000
OFFICERS_PER_AGENCY = 20
FIRST_DAY, DAYS = date(2022, 1, 1), 1826
P95_LIMIT_MS = 300.0
DOCUMENTS = 6
FIRST_PORT = int(os.environ.get("BENCH_LOAD_PORT", "8150"))  # the first port tried (a free one from there)
STARTED = time.monotonic()
SOURCES = ("annual_plan", "random", "annual_plan", "complaint", "special_campaign", "assignment", "random")


def log(message: str) -> None:
    print(f"[bench_load {time.monotonic() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- data


def inspections_ensure(scale: int) -> dict:
    """Top the bench inspections up to 10 × scale (with teams and hazards) in SQL. → figures."""
    from bench.bench_stats import _insert  # every NOT NULL column filled; shared with the statistics bench

    target = 10 * scale
    have = _scalar("SELECT count(*) FROM inspections_inspection WHERE place = %s", [MARK])
    if have >= target:
        log(f"已有 {have:,} 次基准检查，复用")
        settle()
        return {"loaded": 0, "seconds": 0.0, "total": have}
    started = time.perf_counter()
    with transaction.atomic():
        _execute("SET LOCAL session_replication_role = replica")  # no triggers, no FK checks: bench data only
        _execute("SET LOCAL work_mem = '256MB'")
        if not _scalar("SELECT count(*) FROM officers_officer WHERE name LIKE %s", ["基准执法%"]):
            log("生成执法人员（每个机构 20 名）")
            _insert("officers_officer", {
                "certificate_number": "'BO' || a.id || '-' || k", "certificate_expires": "DATE '2035-12-31'",
                "name": "'基准执法' || k", "agency_id": "a.id", "region_id": "a.region_id", "status": "'active'",
                "in_post": "true", "specialties": "'[]'::jsonb", "created_at": "now()", "updated_at": "now()"},
                f"FROM regions_agency a CROSS JOIN generate_series(0, {OFFICERS_PER_AGENCY - 1}) k")
        _execute("CREATE TEMP TABLE load_ents ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY e.id) - 1 AS rn, "
                 "e.id, ca.id AS county_agency, cy.id AS city_agency, pa.id AS province_agency "
                 "FROM enterprises_enterprise e JOIN regions_region r ON r.code = e.region_id "
                 "JOIN regions_agency ca ON ca.region_id = e.region_id "
                 "JOIN regions_agency cy ON cy.region_id = r.parent_id "
                 "CROSS JOIN (SELECT id FROM regions_agency WHERE region_id = '410000') pa")
        _execute("CREATE TEMP TABLE load_officers ON COMMIT DROP AS SELECT agency_id, row_number() OVER "
                 "(PARTITION BY agency_id ORDER BY id) - 1 AS rn, id, certificate_number FROM officers_officer "
                 "WHERE name LIKE '基准执法%'")
        _execute("CREATE INDEX ON load_officers (agency_id, rn)")
        ents = _scalar("SELECT count(*) FROM load_ents")
        officers = _scalar(f"SELECT least(min(c), {OFFICERS_PER_AGENCY}) FROM (SELECT count(*) c FROM load_officers "
                           f"GROUP BY agency_id) x")
        for lo in range(have + 1, target + 1, CHUNK):
            hi = min(lo + CHUNK - 1, target)
            first = _scalar("SELECT coalesce(max(id), 0) FROM inspections_inspection") + 1
            day = f"(DATE '{FIRST_DAY}' + ((g * 104729) % {DAYS})::int)"
            # g (and the id) of one enterprise's inspections differ by multiples of the enterprise count, so g % 100
            # was the same for a whole county (泌阳: no hazard, no planned inspection, 2 of 20 officers on every
            # team); a Lehmer step scatters them again (the team from other digits than the hazard's, or only two
            # officers of twenty would ever have hazards to re-check)
            mix, mixed_id = "((g * 48271) % 2147483647)", "((i.id * 48271) % 2147483647)"
            ended = f"(({day} + time '10:00') AT TIME ZONE 'Asia/Shanghai')"
            n = _insert("inspections_inspection", {
                "enterprise_id": "e.id",
                "agency_id": f"CASE WHEN {mix} % 100 < 90 THEN e.county_agency WHEN {mix} % 100 < 97 THEN e.city_agency "
                             "ELSE e.province_agency END",
                "source": "(ARRAY[" + ", ".join(f"'{s}'" for s in SOURCES) + f"])[1 + {mix} % {len(SOURCES)}]",
                "status": f"CASE WHEN {mix} % 50 = 0 THEN 'cancelled' WHEN {mix} % 100 = 1 THEN 'planned' "
                          f"WHEN {mix} % 100 = 51 THEN 'in_progress' ELSE 'closed' END",
                "planned_date": day,
                "started_at": f"CASE WHEN {mix} % 50 = 0 OR {mix} % 100 = 1 THEN NULL "
                              f"ELSE {ended} - interval '2 hours' END",
                "ended_at": f"CASE WHEN {mix} % 50 = 0 OR {mix} % 100 IN (1, 51) THEN NULL ELSE {ended} END",
                "closed_at": f"CASE WHEN {mix} % 50 = 0 OR {mix} % 100 IN (1, 51) THEN NULL ELSE {ended} END",
                "place": f"'{MARK}'", "summary": "'检查情况'", "created_at": "now()", "updated_at": "now()"},
                f"FROM generate_series({lo}::bigint, {hi}::bigint) g JOIN load_ents e ON e.rn = (g * 7919) % {ents}")
            window = f"i.place = '{MARK}' AND i.id >= {first}"
            team = _insert("inspections_inspectionofficer", {
                "inspection_id": "i.id", "officer_id": "o.id",
                "role": "CASE WHEN k = 0 THEN 'leader' ELSE 'member' END", "certificate_number": "o.certificate_number"},
                f"FROM inspections_inspection i CROSS JOIN generate_series(0, 1) k JOIN load_officers o "
                f"ON o.agency_id = i.agency_id AND o.rn = ({mixed_id} / 1000 + k) % {officers} WHERE {window}")
            hazards = _insert("inspections_hazard", {
                "inspection_id": "i.id", "enterprise_id": "i.enterprise_id", "agency_id": "i.agency_id", "description": "'基准隐患'",
                "is_major": f"{mixed_id} % 400 = 0", "handling": "'deadline'", "measures": "'[]'::jsonb",
                "deadline": f"i.planned_date + (15 + {mixed_id} % 46)::int",
                "status": "CASE WHEN i.planned_date + 60 > CURRENT_DATE THEN 'rectifying' "
                          f"WHEN {mixed_id} % 100 < 92 THEN 'rectified' ELSE 'rectifying' END",
                "rectified_at": f"CASE WHEN i.planned_date + 60 <= CURRENT_DATE AND {mixed_id} % 100 < 92 "
                                f"THEN i.planned_date + (10 + {mixed_id} % 5)::int END",
                "created_at": "now()", "updated_at": "now()"},
                f"FROM inspections_inspection i WHERE {window} AND i.status = 'closed' AND {mixed_id} % 10 = 3")
            log(f"  检查 {hi:,} / {target:,}：本批 {n:,} 次检查、{team:,} 名组员、{hazards:,} 项隐患")
    seconds = time.perf_counter() - started
    settle()
    log(f"检查数据生成用时 {seconds:.0f} s；VACUUM ANALYZE")
    for table in ("officers_officer", "inspections_inspection", "inspections_inspectionofficer", "inspections_hazard"):
        _execute(f"VACUUM (ANALYZE) {table}")
    return {"loaded": target - have, "seconds": seconds,
            "total": _scalar("SELECT count(*) FROM inspections_inspection WHERE place = %s", [MARK])}


def settle() -> None:
    """As an agency's records look after years of work (idempotent): plans and inspections older than three weeks
    are closed, not still awaiting approval or under way; a hazard overdue by more than 90 days was escalated (移交)
    except one in seven, still open — the backlog the leaders' to-do lists show."""
    closed = _execute(
        "UPDATE inspections_inspection SET status = 'closed', "
        "started_at = coalesce(started_at, (planned_date + time '08:00') AT TIME ZONE 'Asia/Shanghai'), "
        "ended_at = (planned_date + time '10:00') AT TIME ZONE 'Asia/Shanghai', "
        "closed_at = (planned_date + time '10:00') AT TIME ZONE 'Asia/Shanghai' "
        "WHERE place = %s AND status IN ('planned', 'in_progress') AND planned_date < CURRENT_DATE - 20", [MARK])
    escalated = _execute(
        "UPDATE inspections_hazard SET status = 'escalated' WHERE description = '基准隐患' AND status = 'rectifying' "
        "AND deadline < CURRENT_DATE - 90 AND id % 7 <> 0")
    if closed or escalated:
        log(f"旧的待审批/进行中检查改为已办结 {closed:,} 次，逾期 90 天以上的隐患改为已移交 {escalated:,} 项")


def _officer_on_teams(user) -> None:
    """The county officer signs in as the county's first bench officer, a member of ≈1/10 of its inspection teams:
    their to-do (复查 due) and "my inspections" carry an officer's real work, not an empty list."""
    from anjian.officers.models import Officer

    if Officer.objects.filter(user=user).exists():
        return
    first = (Officer.objects.filter(agency__region_id=COUNTY, name__startswith="基准执法", user__isnull=True)
             .order_by("pk").first())
    if first is not None:
        Officer.objects.filter(pk=first.pk).update(user=user)


def users_ensure():
    from anjian.accounts.models import User
    from anjian.accounts.services import user_create, user_issue_api_token
    from anjian.accounts.services_security import api_token_revoke
    from anjian.domain.permissions import Role

    officer = bench_user("bench-county-officer", COUNTY)
    _officer_on_teams(officer)
    leader = User.objects.filter(username="bench-city-leader").first()
    if leader is None:
        leader = user_create(actor=None, username="bench-city-leader", full_name="bench-city-leader",
                             password=secrets.token_urlsafe(24), agency=Agency.objects.get(region_id=CITY),
                             roles=[Role.AGENCY_LEADER])
    for user in (officer, leader):  # an account keeps at most 20 live tokens: the earlier runs' are revoked
        for token in user.api_tokens.filter(name__startswith="bench-load", revoked_at__isnull=True):
            api_token_revoke(actor=user, token_id=token.pk)
    return [(who, user, session_cookie(user), user_issue_api_token(actor=user, name=f"bench-load {int(time.time())}"))
            for who, user in (("officer", officer), ("leader", leader))]


def documents_ensure(officer) -> list[int]:
    """A few issued 责改 of 泌阳县 about bench enterprises: numbered, rendered and stored like any other."""
    from anjian.documents.models import Document
    from anjian.documents.services import document_draft, document_issue
    from anjian.enterprises.models import Enterprise

    agency = Agency.objects.get(region_id=COUNTY)
    # Only documents whose PDF is in this run's storage: another ANJIAN_VAR_DIR has none of the earlier files.
    from django.core.files.storage import default_storage

    from anjian.documents.files import document_file_name

    issued = (Document.objects.filter(agency=agency, kind_id="责改", status="issued", created_by=officer)
              .exclude(pdf_sha256="").order_by("-id")[:DOCUMENTS * 4])
    ids = [d.pk for d in issued if default_storage.exists(document_file_name(d.pdf_sha256, "pdf"))][:DOCUMENTS]
    content = {"inspection_date": "2026-06-01", "problems": [{"text": "配电箱未接地", "deadline": "2026-06-30"}],
               "inspectors": [{"name": "张执法", "certificate": "41172600000001"},
                              {"name": "李执法", "certificate": "41172600000002"}]}
    enterprises = list(Enterprise.objects.filter(region_id=COUNTY).order_by("id")[:DOCUMENTS])
    for enterprise in enterprises[len(ids):]:
        draft = document_draft(actor=officer, agency=agency, kind_code="责改", enterprise=enterprise, content=content)
        ids.append(document_issue(actor=officer, document=draft).pk)
    return ids


def targets() -> dict:
    agency = Agency.objects.get(region_id=COUNTY)
    inspection = _scalar("SELECT id FROM inspections_inspection WHERE agency_id = %s AND place = %s "
                         "AND status = 'closed' ORDER BY id DESC LIMIT 1", [agency.pk, MARK])
    enterprise = _scalar("SELECT enterprise_id FROM inspections_inspection WHERE id = %s", [inspection])
    return {"inspection": inspection, "enterprise": enterprise}


# ---------------------------------------------------------------- the server


def server_env(var_dir: Path) -> dict:
    return {**os.environ, "ANJIAN_ENV": "production", "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY,
            "ANJIAN_AUDIT_KEY": settings.ANJIAN_AUDIT_KEY, "ANJIAN_VAR_DIR": str(var_dir),
            "SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "ANJIAN_STATIC_MANIFEST": "true", "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONUNBUFFERED": "1"}


def server_start(port: int, kind: str = "gunicorn") -> tuple[subprocess.Popen, Path]:
    """The production server (gunicorn), or Django's development server as `make run` served before issue 13
    (``kind="runserver"``, same settings: DEBUG off, production keys) for the comparison."""
    import http.client

    var_dir = Path(settings.VAR_DIR)  # the same stored files (documents' PDFs) as this process
    env = server_env(var_dir)
    if kind == "gunicorn":
        log("collectstatic（生产静态文件：哈希文件名、gzip/brotli）")
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                       check=True)
        command = [sys.executable, "-m", "gunicorn", "-c", "python:anjian.ops.gunicorn_conf",
                   "--bind", f"127.0.0.1:{port}"]
        if os.environ.get("BENCH_LOAD_WORKERS"):
            command += ["--workers", os.environ["BENCH_LOAD_WORKERS"]]
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    log_path = DATA_DIR / f"load_{kind}.log"
    with open(log_path, "wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{kind} 退出（{proc.returncode}）：{log_path.read_text(errors='replace')[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return proc, log_path
            conn.close()
        except OSError:
            pass
        time.sleep(0.25)
    server_stop(proc)
    raise RuntimeError(f"{kind} 120 秒内未就绪")


def server_shape() -> str:
    """The gunicorn processes and threads the run used (anjian/ops/gunicorn_conf.py and BENCH_LOAD_WORKERS)."""
    from anjian.ops import gunicorn_conf

    workers = os.environ.get("BENCH_LOAD_WORKERS") or gunicorn_conf.workers
    if gunicorn_conf.worker_class == "sync":
        return f"{workers} sync processes"
    return f"{workers} processes × {gunicorn_conf.threads} threads ({gunicorn_conf.worker_class})"


def server_stop(proc: subprocess.Popen) -> None:
    import signal

    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# ---------------------------------------------------------------- the mix

def request_mix(t: dict, documents: list[int]) -> dict[str, list[tuple[str, str, int, str]]]:
    """Per user kind: (label, path, weight, auth) with auth 'session', 'token' or 'none'."""
    doc = documents[0]
    common = [
        ("home (to-do)", "/home/", 4, "session"),
        ("inspection list", "/inspections/", 3, "session"),
        ("inspection detail", f"/inspections/{t['inspection']}/", 2, "session"),
        ("enterprise detail", f"/enterprises/{t['enterprise']}/", 1, "session"),
        ("document page", f"/documents/{doc}/", 1, "session"),
        ("document PDF", f"/documents/{doc}/pdf", 1, "session"),
        ("API enterprises ?region", f"/api/v1/enterprises/?region={COUNTY}", 1, "token"),
        ("API inspections", "/api/v1/inspections/", 1, "token"),
        ("API my to-do", "/api/v1/me/todo", 1, "token"),
        ("template-only: sign-in page", "/accounts/login/", 2, "none"),
    ]
    return {
        "officer": [("enterprise list ?region", f"/enterprises/?region={COUNTY}", 2, "session"), *common],
        "leader": [("enterprise list ?region&class", f"/enterprises/?region={COUNTY}&supervision_class=key", 2,
                    "session"), ("documents list", "/documents/", 1, "session"), *common],
    }


def compare_servers(logins, mix) -> list[dict]:
    """Issue 13 item 1: the same page under ten clients without think time (closed loop), on Django's development
    server (what `make run` served before) and on gunicorn: requests/s and p95 of each, one after the other."""
    users, seconds = 10, float(os.environ.get("BENCH_LOAD_COMPARE_SECONDS", "20"))
    who = "officer"
    label, path = mix[who][0][0], mix[who][0][1]  # the officer's enterprise list of the county
    pick = [m for m in mix[who] if m[0] == label]
    rows, rates = [], {}
    for kind in ("runserver", "gunicorn"):
        port = free_port(FIRST_PORT + 10)
        proc, _ = server_start(port, kind)
        try:
            warm(port, [login for login in logins if login[0] == who], {who: pick})
            started = time.monotonic()
            samples = asyncio.run(load(port, users, seconds, (0.0, 0.0), {who: pick},
                                       [login for login in logins if login[0] == who]))
            elapsed = time.monotonic() - started
        finally:
            server_stop(proc)
        times = [sample[2] for sample in samples]
        errors = sum(1 for sample in samples if sample[3])
        rates[kind] = len(samples) / elapsed
        rows.append({"benchmark": f"compare: {label} {path}, {users} clients, no think time — {kind} p95 (p50 "
                                  f"{percentile(times, 50):.0f} ms; {rates[kind]:.1f} req/s; n={len(samples):,}; "
                                  f"errors {errors})", "value": percentile(times, 95), "limit": None, "unit": "ms",
                     "ok": None})
    rows.append({"benchmark": "compare: gunicorn requests/s ÷ development server requests/s (same page, same run)",
                 "value": rates["gunicorn"] / max(rates["runserver"], 1e-9), "limit": 1.0, "unit": "×",
                 "ok": rates["gunicorn"] >= rates["runserver"]})
    return rows


# ---------------------------------------------------------------- rows


def result_rows(samples: list, seconds: float, alone: dict[str, float]) -> list[dict]:
    """One row per kind of request: p95 against the limit, with p50, p99, requests/s and errors in its label."""
    rows = []
    labels = sorted({s[0] for s in samples}, key=lambda label: (label.startswith("template-only"), label))

    def row(label: str, picked: list) -> dict:
        times = [s[2] for s in picked]
        errors = sum(1 for s in picked if s[3])
        p50, p95, p99 = (percentile(times, p) for p in (50, 95, 99))
        single = f"; alone {alone[label]:.0f} ms" if label in alone else ""
        return {"benchmark": f"load: {label} — p95 (p50 {p50:.1f} / p99 {p99:.1f} ms; {len(picked) / seconds:.1f} "
                             f"req/s; n={len(picked):,}; errors {errors}{single})",
                "value": p95, "limit": P95_LIMIT_MS, "unit": "ms", "ok": p95 < P95_LIMIT_MS and errors == 0}

    for label in labels:
        rows.append(row(label, [s for s in samples if s[0] == label]))
    rows.append(row("all requests but the reference", [s for s in samples if not s[0].startswith("template-only")]))
    errors = [s for s in samples if s[3]]
    rows.append({"benchmark": "load: errors (all requests)", "value": len(errors), "limit": 0, "unit": "",
                 "ok": not errors})
    if errors:
        rows[-1]["note"] = "; ".join(sorted({f"{s[0]}: {s[3]}" for s in errors}))[:400]
    rows.append({"benchmark": "load: requests per second (all requests)", "value": len(samples) / seconds,
                 "limit": None, "unit": "req/s", "ok": None})
    return rows


def run(scale: int) -> list[dict]:
    users = int(os.environ.get("BENCH_LOAD_USERS", "50"))
    seconds = float(os.environ.get("BENCH_LOAD_SECONDS", "60"))
    warmup = float(os.environ.get("BENCH_LOAD_WARMUP", "15"))
    low, _, high = os.environ.get("BENCH_LOAD_THINK", "1-3").partition("-")
    think = (float(low), float(high or low))
    rows = []
    ents = enterprises_ensure(scale)
    inspections = inspections_ensure(scale)
    rows.append({"benchmark": "load: enterprises / inspections in the tables", "value": ents["total"], "limit": None,
                 "unit": "enterprises", "ok": None,
                 "note": f"{inspections['total']:,} bench inspections; generated this run: {ents['loaded']:,} "
                         f"enterprises in {ents['seconds']:.0f} s, {inspections['loaded']:,} inspections (with teams "
                         f"and hazards) in {inspections['seconds']:.0f} s"})
    logins = users_ensure()
    documents = documents_ensure(logins[0][1])
    mix = request_mix(targets(), documents)
    port = free_port(FIRST_PORT)
    proc, log_path = server_start(port)
    try:
        alone = warm(port, logins, mix)
        log(f"{users} 个并发用户，预热 {warmup:.0f} s（不计）后测 {seconds:.0f} s，思考时间 {think[0]}–{think[1]} s（gunicorn 日志：{log_path}）")
        started = time.monotonic()
        samples = asyncio.run(load(port, users, warmup + seconds, think, mix, logins))
        measured_from = started + warmup  # the ramp-up (every process's first templates, connections) not counted
        warm_count = sum(1 for sample in samples if sample[4] < measured_from)
        samples = [sample for sample in samples if sample[4] >= measured_from]
        elapsed = time.monotonic() - measured_from
    finally:
        server_stop(proc)
    rows += result_rows(samples, elapsed, alone)
    rows[-1]["note"] = (f"{users} users ({users - users // 2} county officer, {users // 2} city leader), "
                        f"think {think[0]}–{think[1]} s, {elapsed:.0f} s measured after a {warmup:.0f}-s ramp-up "
                        f"({warm_count:,} requests not counted), gunicorn {server_shape()}, {os.cpu_count()} CPU")
    if float(os.environ.get("BENCH_LOAD_COMPARE_SECONDS", "20")) > 0:
        rows += compare_servers(logins, mix)
    return rows
