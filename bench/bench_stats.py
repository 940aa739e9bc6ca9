"""Enforcement statistics: bulletins over 10,000,000 inspections (5 years) and ≈20,000,000 hazards.

Issue figures:
- a half-year bulletin for one city's counties with year-on-year change (驻马店市, 2025 H1 vs 2024 H1):
  median under 300 ms, and within 2× of the bare SQL aggregation (GROUP BY over the records) of the same
  numbers measured in the same run;
- the provincial bulletin over all cities: under 1 s.

The bulletin is `anjian.reports.metrics_bulletin.bulletin_from_records` (figures with 同比, ranking, headline,
data-quality findings), reading the roll-up kept exact by triggers. The bare aggregation computes the same
numbers (inspections, turnouts, documents, cases, fines and the data-quality counts, this period and last
year's) straight from the records with the roll-up's own SQL, grouped by agency. A further row changes a
hazard and a team, reads the bulletin again (the refresh is in the timing) and checks that every counter
equals the bare aggregation: the roll-up is exact, not just fast.

Data (generated in SQL with generate_series, triggers off, only where the rows are missing — reused by the
next run): `scale`/2 enterprises over every county (10 % key units), 20 officers per agency, 10 × `scale`
inspections (90 % by the county agency, 7 % the city, 3 % the province; 2 % cancelled) with 2–3 officers,
≈2 hazards each, a 现场检查记录 for every second inspection, a case for every twentieth. Then the roll-up
is rebuilt from the records (timed, reference). At the default scale (1,000,000) that is 10,000,000
inspections; the first load takes tens of minutes.

Run through bench/run.py: DATABASE_URL=postgres://…/anjian_bench python bench/run.py --only stats
"""

import statistics
import sys
import time
from datetime import date

from django.db import connection, transaction

from anjian.domain.metrics import half_year
from anjian.inspections.models import Hazard, InspectionOfficer
from anjian.regions.models import Agency
from anjian.reports.metrics import metrics_table_with_yoy, unit_agencies, units_below
from anjian.reports.metrics_bulletin import bulletin_from_records, bulletin_table
from anjian.reports.rollup import dialect, late_days, rollup_rebuild, rollup_refresh
from anjian.reports.rollup_sql import Filter, aggregate_sql
from bench.bench_list import percentile, time_calls

CITY, PROVINCE = "411700", "410000"
PERIOD = half_year(2025, 1)
MARK = "bench-stats"
FIRST_DAY, DAYS = date(2021, 1, 1), 1826  # 2021-01-01 … 2025-12-31
CHUNK = 1_000_000
OFFICERS_PER_AGENCY = 20
CITY_LIMIT_MS, RATIO_LIMIT, PROVINCE_LIMIT_MS = 300.0, 2.0, 1000.0
RUNS = 30
BULLETIN_COLUMNS = ("inspections", "turnouts", "documents", "cases_filed", "fines_fen", "q_no_rectification",
                    "q_missing_record", "q_late_entry", "q_no_penalty_document")
INDUSTRIES = ("non_coal_mine", "hazardous_chemicals", "fireworks", "metal_smelting", "combustible_dust",
              "confined_space", "industry_trade", "chemical", "pharmaceutical")
SOURCES = ("annual_plan", "random", "annual_plan", "complaint", "special_campaign", "assignment", "random")
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[bench_stats {time.monotonic() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


def _scalar(sql: str, params=()):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def _execute(sql: str, params=None) -> int:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.rowcount


def _array(values) -> str:
    return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"


_FILLERS = {"character varying": "''", "text": "''", "integer": "0", "bigint": "0", "smallint": "0",
            "numeric": "0", "boolean": "false", "jsonb": "'[]'::jsonb", "timestamp with time zone": "now()",
            "date": "CURRENT_DATE"}


def _insert(table: str, given: dict[str, str], source: str) -> int:
    """INSERT INTO table (given columns + every other NOT NULL column without a default) SELECT … source."""
    with connection.cursor() as cur:
        cur.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s "
                    "AND is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO'", [table])
        required = [(c, t) for c, t in cur.fetchall() if c not in given]
    columns = {**given, **{c: _FILLERS[t] for c, t in required}}
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns.values())} {source}"  # noqa: S608
    return _execute(sql)


def data_ensure(scale: int) -> dict:
    target = 10 * scale
    have = _scalar("SELECT count(*) FROM inspections_inspection WHERE place = %s", [MARK])
    if have >= target:
        log(f"已有 {have:,} 次基准检查，复用")
        return {"loaded": False}
    started = time.perf_counter()
    with transaction.atomic():
        _execute("SET LOCAL session_replication_role = replica")  # no triggers, no FK checks: bench data only
        _execute("SET LOCAL work_mem = '256MB'")
        _load(scale, target, have)
    log(f"数据生成用时 {time.perf_counter() - started:.0f} s；VACUUM ANALYZE")
    for table in ("enterprises_enterprise", "officers_officer", "inspections_inspection",
                  "inspections_inspectionofficer", "inspections_hazard", "documents_document", "cases_penaltycase",
                  "cases_casetransfer"):
        _execute(f"VACUUM (ANALYZE) {table}")
    return {"loaded": True, "seconds": time.perf_counter() - started}


def _load(scale: int, target: int, have: int) -> None:
    enterprises = max(scale // 2, 1000)
    if not _scalar("SELECT count(*) FROM enterprises_enterprise WHERE address = %s", [MARK]):
        _execute("CREATE TEMP TABLE bench_counties ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY r.code) - 1 "
                 "AS rn, r.code FROM regions_region r JOIN regions_region p ON p.code = r.parent_id "
                 "JOIN regions_agency a ON a.region_id = r.code JOIN regions_agency pa ON pa.region_id = p.code "
                 "WHERE r.level = 'county'")
        counties = _scalar("SELECT count(*) FROM bench_counties")
        log(f"生成 {enterprises:,} 家单位（{counties} 个县级区划）")
        _insert("enterprises_enterprise", {
            "uscc": "'BS' || lpad(g::text, 16, '0')", "name": "'基准单位' || g", "address": f"'{MARK}'",
            "region_id": "c.code", "industry": f"({_array(INDUSTRIES)})[1 + g % {len(INDUSTRIES)}]",
            "supervision_class": "CASE WHEN g % 10 = 0 THEN 'key' ELSE 'general' END", "risk_level": "'blue'",
            "status": "'operating'", "created_at": "now()", "updated_at": "now()"},
            f"FROM generate_series(1, {enterprises}) g JOIN bench_counties c ON c.rn = g % {counties}")
    if not _scalar("SELECT count(*) FROM officers_officer WHERE name LIKE %s", ["基准执法%"]):
        log("生成执法人员")
        _insert("officers_officer", {
            "certificate_number": "'BO' || a.id || '-' || k", "certificate_expires": "DATE '2035-12-31'",
            "name": "'基准执法' || k", "agency_id": "a.id", "region_id": "a.region_id", "status": "'active'",
            "in_post": "true", "specialties": "'[]'::jsonb", "created_at": "now()", "updated_at": "now()"},
            f"FROM regions_agency a CROSS JOIN generate_series(0, {OFFICERS_PER_AGENCY - 1}) k")
    _execute("CREATE TEMP TABLE bench_ents ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY e.id) - 1 AS rn, "
             "e.id, ca.id AS county_agency, cy.id AS city_agency, pa.id AS province_agency "
             "FROM enterprises_enterprise e JOIN regions_region r ON r.code = e.region_id "
             "JOIN regions_agency ca ON ca.region_id = e.region_id JOIN regions_agency cy ON cy.region_id = r.parent_id "
             "CROSS JOIN (SELECT id FROM regions_agency WHERE region_id = '410000') pa WHERE e.address = %s", [MARK])
    _execute("CREATE TEMP TABLE bench_officers ON COMMIT DROP AS SELECT agency_id, row_number() OVER "
             "(PARTITION BY agency_id ORDER BY id) - 1 AS rn, id, certificate_number FROM officers_officer "
             "WHERE name LIKE '基准执法%'")
    _execute("CREATE INDEX ON bench_officers (agency_id, rn)")
    ents = _scalar("SELECT count(*) FROM bench_ents")
    user = _scalar("SELECT min(id) FROM accounts_user") or _bench_user_id()
    inspection_ct = _scalar("SELECT id FROM django_content_type WHERE app_label = 'inspections' AND model = 'inspection'")
    case_ct = _scalar("SELECT id FROM django_content_type WHERE app_label = 'cases' AND model = 'penaltycase'")
    for lo in range(have + 1, target + 1, CHUNK):
        hi = min(lo + CHUNK - 1, target)
        first = _scalar("SELECT coalesce(max(id), 0) FROM inspections_inspection") + 1
        day = f"(DATE '{FIRST_DAY}' + ((g * 104729) % {DAYS})::int)"
        ended = f"(({day} + time '10:00') AT TIME ZONE 'Asia/Shanghai')"
        n = _insert("inspections_inspection", {
            "enterprise_id": "e.id",
            "agency_id": "CASE WHEN g % 100 < 90 THEN e.county_agency WHEN g % 100 < 97 THEN e.city_agency "
                         "ELSE e.province_agency END",
            "source": f"({_array(SOURCES)})[1 + (g * 13) % {len(SOURCES)}]",
            "status": "CASE WHEN g % 50 = 0 THEN 'cancelled' WHEN g % 50 = 1 THEN 'recorded' ELSE 'closed' END",
            "planned_date": day, "started_at": f"CASE WHEN g % 50 = 0 THEN NULL ELSE {ended} - interval '2 hours' END",
            "ended_at": f"CASE WHEN g % 50 = 0 THEN NULL ELSE {ended} END",
            "closed_at": f"CASE WHEN g % 50 > 1 THEN {ended} END", "place": f"'{MARK}'", "summary": "'检查情况'",
            "created_at": "now()", "updated_at": "now()"},
            f"FROM generate_series({lo}::bigint, {hi}::bigint) g JOIN bench_ents e ON e.rn = (g * 7919) % {ents}")
        last = first + n - 1
        window = f"i.place = '{MARK}' AND i.id BETWEEN {first} AND {last}"
        team = _insert("inspections_inspectionofficer", {
            "inspection_id": "i.id", "officer_id": "o.id", "role": "CASE WHEN k = 0 THEN 'leader' ELSE 'member' END",
            "certificate_number": "o.certificate_number"},
            f"FROM inspections_inspection i CROSS JOIN LATERAL generate_series(0, CASE WHEN i.id % 3 = 0 THEN 2 "
            f"ELSE 1 END) k JOIN bench_officers o ON o.agency_id = i.agency_id AND o.rn = (i.id + k) % "
            f"{OFFICERS_PER_AGENCY} WHERE {window}")
        hazards = _insert("inspections_hazard", HAZARD_COLUMNS,
                          f"FROM inspections_inspection i CROSS JOIN LATERAL (SELECT ((i.id * 2654435761 + n * 40503) "
                          f"% 1000003) AS k FROM generate_series(1, (i.id * 31 % 5)::int + CASE WHEN i.id % 25 = 0 "
                          f"THEN 1 ELSE 0 END) n) x WHERE {window} AND i.status <> 'cancelled'")
        documents = _insert("documents_document", {
            "agency_id": "i.agency_id", "kind_id": "CASE WHEN i.id % 10 = 1 THEN '现决' ELSE '检记' END",
            "enterprise_id": "i.enterprise_id", "subject_type_id": str(inspection_ct), "subject_id": "i.id",
            "status": "'issued'", "year": "extract(year FROM i.planned_date)::int", "content": "'{}'::jsonb",
            "issued_at": "i.ended_at", "created_by_id": str(user), "created_at": "now()", "updated_at": "now()"},
            f"FROM inspections_inspection i WHERE {window} AND i.status <> 'cancelled' AND i.id % 2 = 1")
        cases = _insert("cases_penaltycase", {
            "agency_id": "i.agency_id", "enterprise_id": "i.enterprise_id", "inspection_id": "i.id",
            "name": "'基准案件'", "cause": "'违法行为'", "source": "'inspection'", "party_name": "'基准单位'",
            "status": "CASE WHEN i.id % 40 = 0 THEN 'decided' ELSE 'investigating' END",
            "filed_on": "i.planned_date + 3", "decided_on": "CASE WHEN i.id % 40 = 0 THEN i.planned_date + 40 END",
            "fine_amount": "CASE WHEN i.id % 40 = 0 THEN ((i.id / 40) % 50 + 1) * 1000 + (i.id % 100) / 100.0 END",
            "result": "CASE WHEN i.id % 40 = 0 THEN 'penalized' ELSE '' END", "paid_amount": "0",
            "surcharge_paid": "0", "created_at": "now()", "updated_at": "now()"},
            f"FROM inspections_inspection i WHERE {window} AND i.status <> 'cancelled' AND i.id % 20 = 0")
        _insert("documents_document", {
            "agency_id": "c.agency_id", "kind_id": "'罚'", "enterprise_id": "c.enterprise_id",
            "subject_type_id": str(case_ct), "subject_id": "c.id", "status": "'issued'",
            "year": "extract(year FROM c.decided_on)::int", "content": "'{}'::jsonb",
            "issued_at": "(c.decided_on + time '15:00') AT TIME ZONE 'Asia/Shanghai'", "created_by_id": str(user),
            "created_at": "now()", "updated_at": "now()"},
            f"FROM cases_penaltycase c WHERE c.inspection_id BETWEEN {first} AND {last} AND c.decided_on IS NOT NULL "
            f"AND c.inspection_id % 80 = 0")
        _insert("cases_casetransfer", {
            "case_id": "c.id", "kind": "CASE WHEN c.id % 2 = 0 THEN 'public_security' ELSE 'agency' END",
            "receiver_name": "'公安机关'", "reason": "'涉嫌犯罪'", "sent_on": "c.filed_on + 20",
            "materials": "'[]'::jsonb"},
            f"FROM cases_penaltycase c WHERE c.inspection_id BETWEEN {first} AND {last} AND c.id % 50 = 0")
        log(f"  检查 {hi:,} / {target:,}：本批 {n:,} 次检查、{team:,} 名组员、{hazards:,} 项隐患、"
            f"{documents:,} 份文书、{cases:,} 起案件")


HAZARD_COLUMNS = {
    "inspection_id": "i.id", "enterprise_id": "i.enterprise_id", "agency_id": "i.agency_id", "description": "'基准隐患'",
    "is_major": "x.k % 40 = 0",
    "handling": "CASE WHEN x.k % 10 < 6 THEN 'deadline' WHEN x.k % 10 < 9 THEN 'on_spot' ELSE 'measures' END",
    "measures": "CASE WHEN x.k % 10 = 9 THEN '[\"halt\"]'::jsonb ELSE '[]'::jsonb END",
    "deadline": "CASE WHEN x.k % 10 < 6 OR (x.k % 10 = 9 AND x.k % 20 <> 19) THEN i.planned_date + (15 + x.k % 46)::int END",
    "status": "CASE WHEN x.k % 10 BETWEEN 6 AND 8 THEN 'corrected' WHEN x.k % 20 = 19 THEN 'measures' "
              "WHEN i.planned_date + 60 > DATE '2026-01-01' THEN 'rectifying' "
              "WHEN x.k % 100 < 92 THEN 'rectified' WHEN x.k % 100 < 95 THEN 'escalated' ELSE 'rectifying' END",
    "rectified_at": "CASE WHEN x.k % 10 < 6 AND x.k % 100 < 92 AND i.planned_date + 60 <= DATE '2026-01-01' "
                    "THEN i.planned_date + (10 + x.k % 5)::int END",
    "created_at": "now()", "updated_at": "now()",
}


def _bench_user_id() -> int:
    from anjian.accounts.models import User

    return User.objects.create(username="bench-stats").pk


def bare_counters(agency_ids: list[int], periods) -> list:
    """The bare aggregation: the bulletin's numbers straight from the records, GROUP BY agency."""
    out = []
    with connection.cursor() as cur:
        for p in periods:
            sql, params = aggregate_sql(dialect(), late_days(), Filter(agencies=tuple(agency_ids), start=p.start,
                                                                       end=p.end),
                                        group=("agency_id",), columns=BULLETIN_COLUMNS)
            cur.execute(sql, params)
            out.append(cur.fetchall())
    return out


def _samples(call, runs=RUNS, warmup=3) -> list[float]:
    return time_calls(call, runs, warmup=warmup)


def _row(label, samples, limit=None, unit="ms", note=""):
    median = statistics.median(samples)
    return {"benchmark": label, "value": round(median, 2), "limit": limit, "unit": unit,
            "ok": None if limit is None else median < limit, "note": note}


def _city_units_agencies(agency: Agency) -> list[int]:
    return list(unit_agencies(units_below(agency)))


def exactness_check(city: Agency) -> tuple[float, bool, str]:
    """Change one hazard and one team in the city's period, read the bulletin (timed, refresh included), and
    compare every counter of the roll-up with the records; then undo the changes."""
    hazard = (Hazard.objects.filter(inspection__agency__region__code__startswith="4117",
                                    inspection__status="closed", inspection__planned_date__gte=PERIOD.start,
                                    inspection__planned_date__lte=PERIOD.end, deadline__isnull=False,
                                    deadline__lte=PERIOD.end)
              .exclude(status="rectified").select_related("inspection").first())
    if hazard is None:
        return 0.0, False, "no hazard to change"
    inspection = hazard.inspection
    spare = (InspectionOfficer.objects.filter(inspection__agency_id=inspection.agency_id)
             .exclude(officer_id__in=inspection.team.values("officer_id")).values_list("officer_id", flat=True).first())
    old_status, old_rectified = hazard.status, hazard.rectified_at
    before = bulletin_table(city, PERIOD).total.counters
    hazard.status, hazard.rectified_at = "rectified", hazard.deadline
    hazard.save(update_fields=["status", "rectified_at"])
    member = InspectionOfficer.objects.create(inspection=inspection, officer_id=spare, certificate_number="BENCH")
    started = time.perf_counter()
    bulletin_from_records(city, PERIOD)
    seconds = (time.perf_counter() - started) * 1000
    units = units_below(city)
    rolled = metrics_table_with_yoy(units, PERIOD)
    bare = metrics_table_with_yoy(units, PERIOD, source="records")
    same = ([dict(u.counters) for u in rolled.units] == [dict(u.counters) for u in bare.units]
            and [dict(u.previous_counters) for u in rolled.units] == [dict(u.previous_counters) for u in bare.units])
    after = rolled.total.counters
    moved = (after["turnouts"] - before["turnouts"], after["hazards_rectified"] - before["hazards_rectified"])
    member.delete()
    hazard.status, hazard.rectified_at = old_status, old_rectified
    hazard.save(update_fields=["status", "rectified_at"])
    rollup_refresh()
    return seconds, same and moved == (1, 1), f"turnouts +{moved[0]}, rectified +{moved[1]}"


def run(scale: int) -> list[dict]:
    figures = data_ensure(scale)
    rows = []
    if figures["loaded"] or not _scalar("SELECT count(*) FROM reports_rollupstate WHERE built_at IS NOT NULL"):
        log("由记录重建汇总表")
        with connection.cursor() as cur:
            cur.execute("SET work_mem = '256MB'")
        started = time.perf_counter()
        rollup_rebuild()
        rebuild = time.perf_counter() - started
        with connection.cursor() as cur:
            cur.execute("RESET work_mem")
            cur.execute("VACUUM (ANALYZE) reports_dailyfigure")
        rows.append({"benchmark": "stats: roll-up rebuilt from the records", "value": round(rebuild, 1),
                     "limit": None, "unit": "s", "ok": None})
    rollup_refresh()
    counts = {t: _scalar(f"SELECT count(*) FROM {t}") for t in (  # noqa: S608
        "inspections_inspection", "inspections_hazard", "inspections_inspectionofficer", "documents_document",
        "cases_penaltycase", "reports_dailyfigure")}
    city, province = Agency.objects.get(region_id=CITY), Agency.objects.get(region_id=PROVINCE)
    periods = (PERIOD, PERIOD.previous_year())

    log("市级通报（县区排名，含同比）")
    city_samples = _samples(lambda: bulletin_from_records(city, PERIOD))
    city_agencies = _city_units_agencies(city)
    bare_samples = _samples(lambda: bare_counters(city_agencies, periods))
    city_median, bare_median = statistics.median(city_samples), statistics.median(bare_samples)
    ratio = city_median / bare_median if bare_median else None
    log("省级通报（各市排名，含同比）")
    province_samples = _samples(lambda: bulletin_from_records(province, PERIOD))
    province_agencies = _city_units_agencies(province)
    province_bare = _samples(lambda: bare_counters(province_agencies, periods), runs=3, warmup=1)
    full_city = _samples(lambda: metrics_table_with_yoy(units_below(city), PERIOD), runs=10, warmup=1)
    changed_ms, exact, moved = exactness_check(city)
    bulletin = bulletin_from_records(city, PERIOD)
    note = (f"{counts['inspections_inspection']:,} inspections, {counts['inspections_hazard']:,} hazards, "
            f"{counts['inspections_inspectionofficer']:,} team members, {counts['documents_document']:,} documents, "
            f"{counts['cases_penaltycase']:,} cases; roll-up {counts['reports_dailyfigure']:,} rows; "
            f"{city.name} {PERIOD.label}: {bulletin.headline_sentence}")
    rows += [
        _row(f"stats: city bulletin {CITY} {PERIOD.label} with 同比, median", city_samples, CITY_LIMIT_MS, note=note),
        {"benchmark": "stats: city bulletin p95", "value": round(percentile(city_samples, 95), 2), "limit": None,
         "unit": "ms", "ok": None},
        _row("stats: bare SQL GROUP BY over the records, same numbers, median", bare_samples),
        {"benchmark": "stats: city bulletin ÷ bare SQL", "value": round(ratio, 3) if ratio else None,
         "limit": RATIO_LIMIT, "unit": "×", "ok": ratio is not None and ratio <= RATIO_LIMIT},
        _row(f"stats: provincial bulletin (all cities) {PERIOD.label} with 同比, median", province_samples,
             PROVINCE_LIMIT_MS),
        _row("stats: provincial bare SQL GROUP BY over the records, median of 3", province_bare),
        _row("stats: city metrics table, all 17 metrics + coverage, median", full_city),
        {"benchmark": "stats: bulletin right after a change (refresh included)", "value": round(changed_ms, 2),
         "limit": None, "unit": "ms", "ok": None},
        {"benchmark": "stats: roll-up equals the records after the change", "value": exact, "limit": None,
         "unit": "", "ok": exact, "note": moved},
    ]
    return rows
