"""Overdue-rectification list: one county agency's 已逾期 tab with 100,000 enterprises and 1,000,000 inspections.

Issue figure: median under 100 ms. The page (selector + template) is requested 200 times in-process through
django.test.Client with force_login; a reference row times the bare SQL (page of 20 + count) in the same run,
and the hazard queries are EXPLAINed into bench/data/rectification_explain.txt (the row "uses an index" says
whether every hazard query plan uses an index rather than a sequential scan of the hazard table).

Data: enterprises are topped up to 100,000 with bench_list's COPY (rows already there are reused); inspections
are topped up to 10 per enterprise (1,000,000) with COPY, marked place='bench-rect'; their hazards (≈0.7 per
inspection) are derived in one INSERT … SELECT: deadlines 15–60 days after the inspection, almost all old ones
rectified, ~40% of those due in the last 90 days still open (overdue), recent ones open.

Run through bench/run.py (it prepares the database); needs `("bench_rectification", "rectification")` in
run.py's MODULES.
"""

import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from anjian.regions.models import Agency
from bench.bench_list import DATA_DIR, bench_user, enterprises_ensure, percentile, time_calls

COUNTY = "411726"  # 泌阳县
ENTERPRISES = 100_000
PER_ENTERPRISE = 10
REQUESTS = 200
MEDIAN_LIMIT_MS = 100.0
MARK = "bench-rect"
SEED = 20261
STARTED = time.monotonic()
INSPECTION_COLUMNS = ("enterprise_id", "agency_id", "source", "status", "planned_date", "started_at", "ended_at",
                      "closed_at", "approval_opinion", "place", "kickoff_notes", "summary", "feedback_notes",
                      "cancel_reason", "created_at", "updated_at")
SOURCES = ("annual_plan", "random", "complaint", "special_campaign", "assignment")


def log(message: str) -> None:
    print(f"[bench_rectification {time.monotonic() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


def _scalar(sql: str, params=()) -> int:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def inspections_ensure(target: int, today: date) -> dict:
    """Top bench inspections up to `target` with COPY, then derive their hazards. → figures."""
    have = _scalar("SELECT count(*) FROM inspections_inspection WHERE place = %s", [MARK])
    loaded, seconds = 0, 0.0
    if have < target:
        n = target - have
        agency_of = dict(Agency.objects.values_list("region_id", "pk"))
        with connection.cursor() as cur:
            cur.execute("SELECT id, region_id FROM enterprises_enterprise ORDER BY id")
            enterprises = [(pk, agency_of[region]) for pk, region in cur.fetchall() if region in agency_of]
        max_id = _scalar("SELECT coalesce(max(id), 0) FROM inspections_inspection")
        log(f"已有 {have:,} 次基准检查，用 COPY 追加 {n:,} 次（{len(enterprises):,} 家单位）")
        rng = random.Random(SEED + have)
        now = timezone.now()
        started = time.perf_counter()
        connection.ensure_connection()
        pg = connection.connection
        with transaction.atomic():
            with pg.cursor() as cur, cur.copy(
                    f"COPY inspections_inspection ({', '.join(INSPECTION_COLUMNS)}) FROM STDIN") as copy:
                for k in range(n):
                    enterprise_id, agency_id = enterprises[(have + k) % len(enterprises)]
                    day = today - timedelta(days=rng.randrange(1, 3 * 365))
                    at = timezone.make_aware(datetime(day.year, day.month, day.day, 9))
                    copy.write_row((enterprise_id, agency_id, rng.choice(SOURCES), "closed", day, at, at, at, "",
                                    MARK, "", "检查情况", "", "", now, now))
                    loaded += 1
                    if loaded % 200_000 == 0:
                        log(f"  {loaded:,} / {n:,}")
            with connection.cursor() as cur:
                cur.execute(HAZARDS_SQL, {"mark": MARK, "after": max_id, "today": today})
                hazards = cur.rowcount
        seconds = time.perf_counter() - started
        log(f"COPY {loaded:,} 次检查 + {hazards:,} 项隐患用时 {seconds:.1f} s")
    for table in ("inspections_inspection", "inspections_hazard"):
        with connection.cursor() as cur:
            cur.execute(f"VACUUM (ANALYZE) {table}")
    return {"inspections": _scalar("SELECT count(*) FROM inspections_inspection"),
            "hazards": _scalar("SELECT count(*) FROM inspections_hazard"), "loaded": loaded, "seconds": seconds}


# k: a deterministic pseudo-random number per (inspection, n); 0–2 hazards per inspection (avg 0.7).
HAZARDS_SQL = """
INSERT INTO inspections_hazard (inspection_id, enterprise_id, description, legal_basis, is_major, location, handling,
    measures, deadline, status, rectified_at, rectification_note, created_at, updated_at)
SELECT i.id, i.enterprise_id, '基准隐患：消防通道堵塞', '', h.k %% 50 = 0, '', 'deadline', '[]'::jsonb, h.deadline,
       CASE WHEN h.deadline >= %(today)s THEN 'rectifying'
            WHEN h.deadline >= %(today)s - 90 THEN CASE WHEN h.k %% 10 < 6 THEN 'rectified' ELSE 'rectifying' END
            ELSE CASE WHEN h.k %% 100 < 95 THEN 'rectified' WHEN h.k %% 100 < 98 THEN 'escalated'
                      ELSE 'rectifying' END END,
       NULL, '', now(), now()
FROM inspections_inspection i
CROSS JOIN LATERAL (
    SELECT x.k, i.planned_date + (15 + x.k %% 46) AS deadline
    FROM (SELECT ((i.id::bigint * 2654435761 + n * 40503) %% 1000003)::int AS k
          FROM generate_series(1, CASE WHEN i.id %% 10 < 5 THEN 0 WHEN i.id %% 10 < 8 THEN 1 ELSE 2 END) n) x
) h
WHERE i.place = %(mark)s AND i.id > %(after)s
"""


def explain(user) -> tuple[int, bool]:
    """EXPLAIN ANALYZE the page's hazard queries → (queries per request, every hazard plan uses an index)."""
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/inspections/rectification/?state=overdue")
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}")
    out, indexed = [], True
    with connection.cursor() as cur:
        for q in ctx.captured_queries:
            if "inspections_hazard" not in q["sql"]:
                continue
            cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {q['sql']}")
            plan = [line for (line,) in cur.fetchall()]
            out += [q["sql"], *plan, ""]
            if any("Seq Scan on inspections_hazard" in line for line in plan):
                indexed = False
    (DATA_DIR / "rectification_explain.txt").write_text("\n".join(out), encoding="utf-8")
    return len(ctx.captured_queries), indexed


BARE_PAGE = """SELECT h.id, h.deadline, h.description, e.name, a.name FROM inspections_hazard h
JOIN inspections_inspection i ON i.id = h.inspection_id JOIN regions_agency a ON a.id = i.agency_id
JOIN enterprises_enterprise e ON e.id = h.enterprise_id
WHERE i.agency_id = %s AND h.status IN ('rectifying', 'measures') AND h.deadline < %s
ORDER BY h.deadline, h.id LIMIT 20"""
BARE_COUNT = """SELECT count(*) FROM inspections_hazard h JOIN inspections_inspection i ON i.id = h.inspection_id
WHERE i.agency_id = %s AND h.status IN ('rectifying', 'measures') AND h.deadline < %s"""


def run(scale: int) -> list[dict]:
    today = timezone.localdate()
    target = min(scale, ENTERPRISES)
    ents = enterprises_ensure(target)
    figures = inspections_ensure(target * PER_ENTERPRISE, today)
    agency = Agency.objects.get(region_id=COUNTY)
    user = bench_user(f"bench-rect-{COUNTY}", COUNTY)
    overdue = _scalar(BARE_COUNT, [agency.pk, today])
    queries, indexed = explain(user)

    client = Client()
    client.force_login(user)

    def page() -> None:
        response = client.get("/inspections/rectification/?state=overdue")
        assert response.status_code == 200

    samples = time_calls(page, REQUESTS, warmup=10)
    with connection.cursor() as cur:  # the usual SSD setting; the default 4 makes the planner hash-join
        cur.execute("SET random_page_cost = 1.1")  # all open hazards instead of probing the partial index
    ssd_samples = time_calls(page, REQUESTS, warmup=10)
    with connection.cursor() as cur:
        cur.execute("RESET random_page_cost")
    pg = connection.connection

    def bare() -> None:
        with pg.cursor() as cur:
            cur.execute(BARE_PAGE, [agency.pk, today])
            cur.fetchall()
            cur.execute(BARE_COUNT, [agency.pk, today])
            cur.fetchone()

    bare_samples = time_calls(bare, REQUESTS, warmup=10)
    median = statistics.median(samples)
    note = (f"{ents['total']:,} enterprises, {figures['inspections']:,} inspections, {figures['hazards']:,} hazards; "
            f"{agency.name}: {overdue:,} overdue; {queries} queries/request; plans in bench/data/"
            f"rectification_explain.txt")
    return [
        {"benchmark": "rectification: overdue list page median", "value": round(median, 2),
         "limit": MEDIAN_LIMIT_MS, "unit": "ms", "ok": median < MEDIAN_LIMIT_MS, "note": note},
        {"benchmark": "rectification: overdue list page median, random_page_cost=1.1",
         "value": round(statistics.median(ssd_samples), 2), "limit": MEDIAN_LIMIT_MS, "unit": "ms",
         "ok": statistics.median(ssd_samples) < MEDIAN_LIMIT_MS},
        {"benchmark": "rectification: overdue list page p99", "value": round(percentile(samples, 99), 2),
         "limit": None, "unit": "ms", "ok": None},
        {"benchmark": "rectification: bare SQL page + count median", "value": round(statistics.median(bare_samples), 2),
         "limit": None, "unit": "ms", "ok": None},
        {"benchmark": "rectification: hazard queries use an index", "value": indexed, "limit": None, "unit": "",
         "ok": indexed},
    ]
