"""Penalty cases: one county agency's case list page with each row's next deadline, and the whole file of a
20-document case as one PDF — with 1,000,000 inspections and 100,000 cases of demo data.

Issue figures: case list for an agency with its next deadlines, median under 100 ms; full case file (all
documents) to one PDF, under 3 s for a 20-document case.

- The list page is the real one (`/cases/`, core's `case_list`: scoped selector + one calendar load + the pure
  deadline rules per row), requested 200 times in-process through django.test.Client with force_login, as a
  泌阳县 officer; a reference row times the bare SQL (page of 20 + count) in the same run.
- The PDF is `anjian.cases.records.case_file_pdf.case_file_pdf` on a closed case with 20 issued documents (drafted and
  issued once through the documents services, reused on later runs): cover and table of contents rendered by
  WeasyPrint, the 20 stored PDFs counted and merged by pypdf, every page stamped with its number. Median and
  maximum of 10 runs.

Data (PostgreSQL only; rows already there are reused, so a second run starts at once):
- enterprises: `bench_list.enterprises_ensure(scale)` (the draw benchmark's 1,000,000 by default);
- inspections: topped up to 1,000,000 in the table with one INSERT … SELECT over the enterprises (place
  'bench-cases', closed, dates over the last two years);
- cases: topped up to 100,000 with COPY, one each for a hashed tenth of the enterprises (every county has its
  share, ≈550 in 泌阳县), statuses from 立案审批中 to 已归档 with the dates each status implies (filing, notice, decision,
  service, payment, disclosure, closing, archiving), 5 % of the open ones with a 先行登记保存 record.
The calendar (chinese-calendar years) is seeded first so that working days can be counted.

Run through bench/run.py (it prepares the database): python bench/run.py --only cases
"""

import json
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from io import BytesIO

from django.db import connection, models, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from anjian.calendars.services import calendar_seed_official
from anjian.cases.models import CaseInvestigation, PenaltyCase
from anjian.cases.records.case_file_pdf import case_file_pdf
from anjian.cases.records.selectors import case_documents
from anjian.documents.services import document_draft, document_issue
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import Inspection
from anjian.regions.models import Agency
from bench.bench_list import bench_user, enterprises_ensure, percentile, time_calls

COUNTY = "411726"  # 泌阳县
INSPECTIONS = 1_000_000
CASES = 100_000
REQUESTS = 200
PDF_RUNS = 10
LIST_LIMIT_MS = 100.0
PDF_LIMIT_S = 3.0
MARK = "bench-cases"
CASE_PREFIX = "基准案件"
PDF_CASE = "基准案卷：20件文书"
SEED = 20265
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[bench_cases {time.monotonic() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


def _scalar(sql: str, params=()) -> int:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchone()[0]


def _defaults(model, now: datetime) -> dict[str, object]:
    """Column → value for every concrete column, from the model's defaults (auto timestamps = now)."""
    out: dict[str, object] = {}
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        elif isinstance(f, models.CharField | models.TextField):
            value = ""
        else:
            value = None  # must be given by the caller
        out[f.column] = json.dumps(value, ensure_ascii=False) if isinstance(f, models.JSONField) else value
    return out


# ---------------------------------------------------------------- inspections


def inspections_ensure(target: int, today: date) -> dict:
    """Top the inspection table up to `target` rows with one INSERT … SELECT (one per enterprise, in id order)."""
    have = _scalar("SELECT count(*) FROM inspections_inspection")
    seconds = 0.0
    if have < target:
        n = target - have
        log(f"表中已有 {have:,} 次检查，INSERT … SELECT 追加 {n:,} 次")
        values = _defaults(Inspection, timezone.now())
        exprs = {"enterprise_id": "e.id", "agency_id": "a.id", "planned_date": "%(today)s::date - (e.id %% 730)::int",
                 "started_at": "(%(today)s::date - (e.id %% 730)::int) + time '09:00'",
                 "ended_at": "(%(today)s::date - (e.id %% 730)::int) + time '11:00'",
                 "closed_at": "(%(today)s::date - (e.id %% 730)::int) + time '17:00'"}
        values.update(source="annual_plan", status="closed", place=MARK, summary="检查情况：基准数据")
        columns = list(values)
        select = [exprs.get(c, f"%({c})s") for c in columns]
        params = {**values, "today": today, "n": n}
        sql = (f"INSERT INTO inspections_inspection ({', '.join(columns)}) SELECT {', '.join(select)} "
               f"FROM enterprises_enterprise e JOIN regions_agency a ON a.region_id = e.region_id "
               f"ORDER BY e.id LIMIT %(n)s")
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, params)
        seconds = time.perf_counter() - started
        log(f"INSERT {n:,} 次检查用时 {seconds:.1f} s")
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) inspections_inspection")
    return {"inspections": _scalar("SELECT count(*) FROM inspections_inspection"), "seconds": seconds}


# ---------------------------------------------------------------- cases

# status, weight, days after filing by which every date of that status has passed
STATUS_PLAN = (("filing", 2, 0), ("investigating", 8, 0), ("investigated", 3, 30), ("legal_review", 2, 35),
               ("notified", 3, 40), ("hearing", 1, 45), ("decided", 3, 52), ("executing", 10, 55),
               ("transferred", 2, 20), ("not_filed", 2, 0), ("closed", 40, 70), ("archived", 24, 80))
SOURCES = ("inspection", "inspection", "random_inspection", "hazard_unrectified", "complaint", "handover")
CAUSES = ("未按规定对从业人员进行安全生产教育和培训", "未按规定如实记录安全生产教育和培训情况", "未建立事故隐患排查治理制度",
          "未按规定设置安全警示标志", "特种作业人员未按规定持证上岗", "未按规定制定生产安全事故应急救援预案")


def _case_values(rng: random.Random, base: dict, enterprise: tuple, agency_id: int, today: date) -> dict:
    pk, name, uscc = enterprise
    age = rng.randrange(0, 730)
    filed = today - timedelta(days=age)
    possible = [(s, w) for s, w, need in STATUS_PLAN if need <= age]
    status = rng.choices([s for s, _ in possible], [w for _, w in possible])[0]
    cause = CAUSES[pk % len(CAUSES)]
    v = dict(base)
    v.update(agency_id=agency_id, enterprise_id=pk, name=f"{CASE_PREFIX}：{name}{cause}案", cause=cause,
             source=SOURCES[pk % len(SOURCES)], status=status, party_name=name, party_id_number=uscc,
             facts=f"经查，{name}{cause}。")
    if status == "filing":
        return v
    v["filed_on"] = filed
    if status == "not_filed":
        v.update(filed_on=None, result="not_filed")
        return v
    if status in ("investigated", "legal_review", "notified", "hearing", "decided", "executing", "closed",
                  "archived"):
        v["investigated_on"] = filed + timedelta(days=30)
    if status in ("notified", "hearing", "decided", "executing", "closed", "archived"):
        v["notice_served_on"] = filed + timedelta(days=40)
    fine = 10_000 + 1_000 * (pk % 40)
    v["proposed_fine"] = fine
    if status in ("decided", "executing", "closed", "archived"):
        v.update(decided_on=filed + timedelta(days=50), fine_amount=fine, decision_summary=f"罚款人民币{fine}元",
                 result="penalized")
    if status in ("executing", "closed", "archived"):
        v["served_on"] = filed + timedelta(days=52)
        if rng.random() < 0.9:
            v["disclosed_on"] = filed + timedelta(days=55)
            v["disclosure_text"] = f"被处罚单位：{name}"
    if status in ("closed", "archived"):
        v.update(paid_on=filed + timedelta(days=62), paid_amount=fine, closed_on=filed + timedelta(days=67))
    if status == "archived":
        v.update(archived_on=filed + timedelta(days=77), retention="30")
    if status in ("transferred",):
        v["result"] = "transferred"
    return v


def cases_ensure(target: int, today: date) -> dict:
    have = _scalar("SELECT count(*) FROM cases_penaltycase WHERE name LIKE %s", [f"{CASE_PREFIX}：%"])
    seconds = 0.0
    if have < target:
        n = target - have
        agency_of = dict(Agency.objects.values_list("region_id", "pk"))
        with connection.cursor() as cur:  # a hashed tenth of the enterprises (every county), none with a case yet
            cur.execute("SELECT e.id, e.name, e.uscc, e.region_id FROM enterprises_enterprise e "
                        "WHERE abs(hashtext(e.id::text)) %% 10 = 0 "
                        "AND NOT EXISTS (SELECT 1 FROM cases_penaltycase c WHERE c.enterprise_id = e.id) "
                        "ORDER BY e.id LIMIT %s", [n])
            chosen = [(pk, name, uscc, agency_of[region]) for pk, name, uscc, region in cur.fetchall()
                      if region in agency_of]
        log(f"已有 {have:,} 起基准案件，用 COPY 追加 {len(chosen):,} 起")
        base = _defaults(PenaltyCase, timezone.now())
        columns = list(base)
        rng = random.Random(SEED + have)
        started = time.perf_counter()
        connection.ensure_connection()
        pg = connection.connection
        with transaction.atomic():
            with pg.cursor() as cur, cur.copy(f"COPY cases_penaltycase ({', '.join(columns)}) FROM STDIN") as copy:
                for pk, name, uscc, agency_id in chosen:
                    v = _case_values(rng, base, (pk, name, uscc), agency_id, today)
                    copy.write_row([v[c] for c in columns])
            with connection.cursor() as cur:  # 先行登记保存 on 5 % of the open cases (never on archived ones)
                cur.execute(PRESERVATIONS_SQL, {"prefix": f"{CASE_PREFIX}：%", "now": timezone.now()})
        seconds = time.perf_counter() - started
        log(f"COPY {len(chosen):,} 起案件用时 {seconds:.1f} s")
    for table in ("cases_penaltycase", "cases_caseinvestigation"):
        with connection.cursor() as cur:
            cur.execute(f"VACUUM (ANALYZE) {table}")
    return {"cases": _scalar("SELECT count(*) FROM cases_penaltycase"), "seconds": seconds}


PRESERVATIONS_SQL = f"""
INSERT INTO {CaseInvestigation._meta.db_table} (case_id, kind, occurred_on, summary, preservation_decision,
    preservation_decided_on, created_at)
SELECT c.id, 'preservation', c.filed_on + 10, '先行登记保存：基准数据', '', CASE WHEN c.id %% 2 = 0 THEN c.filed_on + 15 END,
       %(now)s
FROM cases_penaltycase c
WHERE c.name LIKE %(prefix)s AND c.id %% 20 = 0 AND c.filed_on IS NOT NULL
  AND c.status IN ('investigating', 'investigated', 'legal_review', 'notified', 'hearing', 'decided', 'executing')
  AND NOT EXISTS (SELECT 1 FROM {CaseInvestigation._meta.db_table} i WHERE i.case_id = c.id)
"""


# ---------------------------------------------------------------- the 20-document case

PDF_KINDS = ("立", "询笔", "询笔", "询笔", "询笔", "勘", "抽", "鉴", "终报", "处呈", "法审", "罚集", "罚告", "申辩笔",
             "罚", "回", "催", "缴审", "缴批", "结")


def pdf_case_ensure(user) -> PenaltyCase:
    """A closed 泌阳县 case with the 20 documents of PDF_KINDS issued (made once, reused)."""
    agency = Agency.objects.get(region_id=COUNTY)
    enterprise = Enterprise.objects.filter(region_id=COUNTY).order_by("id").first()
    case = PenaltyCase.objects.filter(name=PDF_CASE).first()
    if case is None:
        d0 = timezone.localdate() - timedelta(days=120)
        case = PenaltyCase.objects.create(
            agency=agency, enterprise=enterprise, name=PDF_CASE, cause=CAUSES[0], source="inspection", status="closed",
            party_name=enterprise.name, party_id_number=enterprise.uscc, facts="基准：20件文书的案卷", filed_on=d0,
            decided_on=d0 + timedelta(days=50), fine_amount=20000, result="penalized", closed_on=d0 + timedelta(days=70),
            created_by=user)
    issued = [d for d in case_documents(case, with_pdfs=False)[0] if d.status == "issued"]
    todo = PDF_KINDS[len(issued):]
    if todo:
        log(f"签发 {len(todo)} 件案卷文书")
    for kind in todo:
        content = {"body": f"{case.name}：{kind}\n" + "本页为基准测试文书正文。" * 30}
        if kind == "回":
            content.update(served_document="行政处罚决定书", place="单位办公室", method="直接送达", served_at="当日",
                           recipient="张三")
        draft = document_draft(actor=user, agency=agency, kind_code=kind, enterprise=enterprise, subject=case,
                               content=content)
        document_issue(actor=user, document=draft)
    return case


# ---------------------------------------------------------------- run


BARE_PAGE = """SELECT c.id, c.name, c.party_name, c.status, c.filed_on, a.name FROM cases_penaltycase c
JOIN regions_agency a ON a.id = c.agency_id WHERE c.agency_id = %s ORDER BY c.created_at DESC, c.id DESC LIMIT 20"""
BARE_COUNT = "SELECT count(*) FROM cases_penaltycase WHERE agency_id = %s"


def run(scale: int) -> list[dict]:
    today = timezone.localdate()
    calendar_seed_official()
    ents = enterprises_ensure(scale)
    ins = inspections_ensure(INSPECTIONS, today)
    cs = cases_ensure(CASES, today)
    agency = Agency.objects.get(region_id=COUNTY)
    in_county = _scalar(BARE_COUNT, [agency.pk])
    user = bench_user(f"bench-cases-{COUNTY}", COUNTY)

    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        first = client.get("/cases/")
    if first.status_code != 200:
        raise RuntimeError(f"/cases/ HTTP {first.status_code}")
    body = first.content.decode()
    if f"{in_county:,}" not in body and str(in_county) not in body:
        raise RuntimeError(f"列表页未显示本县案件数 {in_county}")
    queries = len(ctx.captured_queries)

    def page() -> None:
        response = client.get("/cases/")
        assert response.status_code == 200

    samples = time_calls(page, REQUESTS, warmup=10)
    pg = connection.connection

    def bare() -> None:
        with pg.cursor() as cur:
            cur.execute(BARE_PAGE, [agency.pk])
            cur.fetchall()
            cur.execute(BARE_COUNT, [agency.pk])
            cur.fetchone()

    bare_samples = time_calls(bare, REQUESTS, warmup=10)

    case = pdf_case_ensure(user)
    pdf_samples, size, pages = [], 0, 0
    for _ in range(PDF_RUNS):
        started = time.perf_counter()
        data = case_file_pdf(case, today=today)
        pdf_samples.append(time.perf_counter() - started)
        size = len(data)
    pages = len(PdfReader(BytesIO(data)).pages)
    median = statistics.median(samples)
    pdf_median = statistics.median(pdf_samples)
    note = (f"{ents['total']:,} enterprises, {ins['inspections']:,} inspections, {cs['cases']:,} cases; "
            f"{agency.name}: {in_county:,} cases, {queries} queries/request (page of 20 with next deadlines)")
    return [
        {"benchmark": "cases: list page with next deadlines, one county, median", "value": round(median, 2),
         "limit": LIST_LIMIT_MS, "unit": "ms", "ok": median < LIST_LIMIT_MS, "note": note},
        {"benchmark": "cases: list page p99", "value": round(percentile(samples, 99), 2), "limit": None, "unit": "ms",
         "ok": None},
        {"benchmark": "cases: bare SQL page of 20 + count, median", "value": round(statistics.median(bare_samples), 2),
         "limit": None, "unit": "ms", "ok": None},
        {"benchmark": "cases: 20-document case file to one PDF, median", "value": round(pdf_median, 2),
         "limit": PDF_LIMIT_S, "unit": "s", "ok": pdf_median < PDF_LIMIT_S,
         "note": f"{pages} pages, {size / 1e6:.1f} MB; max of {PDF_RUNS} runs {max(pdf_samples):.2f} s"},
    ]
