"""双随机抽取 at province scale: a pool of 1,000,000 enterprises, 10,000 targets in strata, officers with recusal.

Figures: task_commit (pool read by one grouped scan + exclusions + digest + pool snapshot stored), task_draw (seed,
HMAC order over the whole pool, officer recusal and assignment, record stored) and their sum, against 5 s and
against 3 × a bare SQL scan of the same pool (SELECT id, industry, supervision_class, status … ) timed in the same
run. The published record (the bytes a download gives) is then re-verified from its JSON alone (reference row).

Exclusions in play: enterprises not operating (from the generated data), enterprises drawn by an earlier task of
the same agency and year (2,000, "本年度已被抽取"), declared conflicts (1,000) and officers with invalid
certificates / not in post. Each run uses a fresh year (2030, 2031, …) so figures do not drift as rows accumulate.

Run through bench/run.py (it prepares the database); needs `("bench_draws", "draws")` in run.py's MODULES.
"""

import json
import random
import sys
import time
from datetime import date

from django.db import connection

from anjian.accounts.models import User
from anjian.accounts.services import user_create
from anjian.domain.draw import verify
from anjian.domain.permissions import Role
from anjian.draws import services
from anjian.draws.models import OfficerConflict, RandomInspectionTask
from anjian.officers.models import Officer
from anjian.regions.models import Agency
from bench.bench_list import enterprises_ensure

PROVINCE = "410000"
TARGETS = 10_000
PRIOR = 2_000
OFFICERS = 300
CONFLICTS = 1_000
LIMIT_S = 5.0
FACTOR = 3.0
SECRET = "bench-draw-secret-0001"
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[bench_draws {time.monotonic() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


def _actor(agency: Agency) -> User:
    user = User.objects.filter(username="bench-draws").first()
    return user or user_create(actor=None, username="bench-draws", full_name="bench-draws",
                               password="Bench-Draws-42x", agency=agency, roles=[Role.DEPARTMENT_HEAD])


def _officers(agency: Agency) -> None:
    have = Officer.objects.filter(certificate_number__startswith="BD").count()
    rng = random.Random(7)
    industries = ["non_coal_mine", "hazardous_chemicals", "industry_trade", "chemical", "training_agency"]
    rows = []
    for i in range(have, OFFICERS):
        rows.append(Officer(
            certificate_number=f"BD{i:06d}", name=f"基准执法{i}", agency=agency, region_id=PROVINCE,
            certificate_expires=date(2020, 1, 1) if i % 30 == 0 else date(2099, 12, 31),
            status="suspended" if i % 60 == 1 else "active", in_post=i % 60 != 2,
            specialties=[rng.choice(industries)]))
    Officer.objects.bulk_create(rows)


def _strata() -> list[dict]:
    with connection.cursor() as cur:
        cur.execute("SELECT industry, count(*) FROM enterprises_enterprise WHERE status = 'operating' "
                    "GROUP BY industry ORDER BY industry")
        counts = dict(cur.fetchall())
    total = sum(counts.values())
    strata = [{"label": f"类别-{ind}", "industries": [ind], "quota": max(1, TARGETS * n // total)}
              for ind, n in counts.items()]
    strata[0]["quota"] += TARGETS - sum(s["quota"] for s in strata)
    return strata


def _bare_sql(industries: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT id, industry, supervision_class, status FROM enterprises_enterprise "
                    "WHERE region_id >= %s AND region_id < %s AND industry = ANY(%s)", ["41", "42", industries])
        n = len(cur.fetchall())
    return time.perf_counter() - started, n


def run(scale: int) -> list[dict]:
    figures = enterprises_ensure(scale)
    agency = Agency.objects.get(region_id=PROVINCE)
    actor = _actor(agency)
    _officers(agency)
    year = 2030 + RandomInspectionTask.objects.filter(name__startswith="基准抽取").count()
    strata = _strata()
    industries = sorted({i for s in strata for i in s["industries"]})
    fields = {"agency": agency, "year": year, "period_from": date(year, 1, 1), "period_to": date(year, 12, 31)}
    # An earlier task of the same year: its targets are excluded from the measured one (once a year).
    prior = services.task_create(actor=actor, name=f"基准抽取-前序-{year}", strata=[
        {**strata[0], "quota": PRIOR}], **fields)
    services.task_commit(actor=actor, task=prior, secret=SECRET)
    services.task_draw(actor=actor, task=prior, secret=SECRET)
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM enterprises_enterprise ORDER BY id LIMIT %s", [CONFLICTS * 50])
        ids = [r[0] for r in cur.fetchall()][::50]
    officer_ids = list(Officer.objects.filter(certificate_number__startswith="BD").values_list("id", flat=True))
    OfficerConflict.objects.bulk_create([OfficerConflict(officer_id=officer_ids[i % len(officer_ids)],
                                                         enterprise_id=e, reason="基准：声明利害关系")
                                         for i, e in enumerate(ids)], ignore_conflicts=True)
    task = services.task_create(actor=actor, name=f"基准抽取-{year}", strata=strata, **fields)
    bare, pool_rows = _bare_sql(industries)
    log(f"bare SQL scan {pool_rows:,} rows in {bare:.2f} s")
    t0 = time.perf_counter()
    services.task_commit(actor=actor, task=task, secret=SECRET)
    t1 = time.perf_counter()
    d = services.task_draw(actor=actor, task=task, secret=SECRET, witness_entropy="bench")
    t2 = time.perf_counter()
    bare2, _ = _bare_sql(industries)
    bare = min(bare, bare2)
    record = json.loads(d.record_text())
    t3 = time.perf_counter()
    problems = verify(record)
    t4 = time.perf_counter()
    total = t2 - t0
    once = sum("本年度已被抽取" in x["reason"] for x in d.excluded)
    note = (f"pool {len(d.pool):,} after {len(d.excluded):,} exclusions ({once:,} drawn earlier this year); "
            f"{len(d.targets):,} targets in {len(strata)} strata; {len(d.officer_exclusions):,} officer exclusions; "
            f"enterprise table {figures['total']:,} rows")
    return [
        {"benchmark": "draws: bare SQL scan of the pool", "value": bare * 1000, "limit": None, "unit": "ms",
         "ok": None, "note": f"{pool_rows:,} rows"},
        {"benchmark": "draws: task_commit (pool + exclusions + digest)", "value": (t1 - t0) * 1000, "limit": None,
         "unit": "ms", "ok": None},
        {"benchmark": "draws: task_draw (targets + officers + record)", "value": (t2 - t1) * 1000, "limit": None,
         "unit": "ms", "ok": None},
        {"benchmark": "draws: end-to-end commit + draw", "value": total * 1000, "limit": LIMIT_S * 1000,
         "unit": "ms", "ok": total <= LIMIT_S, "note": note},
        {"benchmark": "draws: end-to-end vs 3 × bare SQL", "value": total * 1000, "limit": FACTOR * bare * 1000,
         "unit": "ms", "ok": total <= FACTOR * bare},
        {"benchmark": "draws: verify the record from JSON", "value": (t4 - t3) * 1000, "limit": None, "unit": "ms",
         "ok": not problems, "note": "；".join(problems) or "校验通过"},
    ]
