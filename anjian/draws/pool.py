"""Reading the two pools (库) from the database: enterprises per stratum and officers after recusal.

The enterprise pool is read with one ``values_list`` query per region scope (never model instances), the same scan as a
bare ``SELECT id, industry, supervision_class, status … WHERE region … AND industry IN (…)``.
"""

from datetime import date, timedelta
from itertools import pairwise

from django.db import connection

from anjian.domain.draw import pool_lines
from anjian.domain.identifiers import prefix_range, region_prefix
from anjian.domain.registry import ENTERPRISE_STATUSES, OFFICER_STATUSES, SUPERVISION_CLASSES
from anjian.draws.models import DrawTarget, OfficerConflict, RandomInspectionTask
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import InspectionOfficer
from anjian.officers.models import Officer


def _region_filter(prefix: str, column: str = "region_id") -> dict:
    if len(prefix) == 6:
        return {column: prefix}
    low, high = prefix_range(prefix)
    return {f"{column}__gte": low, f"{column}__lt": high}


def enterprise_pool(task: RandomInspectionTask) -> tuple[list[list[str]], list[dict]]:
    """``([[stratum, id], ...], [{"stratum", "id", "reason"}, ...])`` for the task's strata."""
    drawn = dict(DrawTarget.objects.filter(agency_id=task.agency_id, year=task.year, active=True)
                 .exclude(task_id=task.pk).values_list("enterprise_id", "task__name"))
    default_prefix = region_prefix(task.agency.region_id)
    by_prefix: dict[str, list[dict]] = {}
    for s in task.strata:
        by_prefix.setdefault(s.get("region_prefix") or default_prefix, []).append(s)
    seen: dict[int, str] = {}
    pool: list[list[str]] = []
    excluded: list[dict] = []
    for prefix, strata in by_prefix.items():
        # (industry, class) → the first stratum that takes it; class None = any class.
        rule: dict[tuple[str, str | None], str] = {}
        for s in strata:
            for ind in s.get("industries") or []:
                for cls in s.get("supervision_classes") or [None]:
                    rule.setdefault((ind, cls), str(s["label"]))
        industries = sorted({ind for ind, _ in rule})
        qs = Enterprise.objects.filter(industry__in=industries, **_region_filter(prefix)).values_list(
            "id", "industry", "supervision_class", "status")
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cur:  # one fetchall: no per-row ORM conversion for a 1,000,000-row pool
            cur.execute(sql, params)
            rows = cur.fetchall()
        rule = {(ind, cls): rule.get((ind, cls)) or rule.get((ind, None))
                for ind in industries for cls in [*SUPERVISION_CLASSES, None]}
        single = len(by_prefix) == 1  # one scan: an enterprise appears once, no cross-stratum duplicates
        for eid, industry, cls, status in rows:
            label = rule.get((industry, cls))
            if label is None:
                continue
            if status != "operating":
                excluded.append({"stratum": label, "id": str(eid),
                                 "reason": f"非正常生产经营（{ENTERPRISE_STATUSES.get(status, status)}）"})
            elif eid in drawn:
                excluded.append({"stratum": label, "id": str(eid), "reason": f"本年度已被抽取（任务{drawn[eid]}）"})
            elif not single and eid in seen:
                excluded.append({"stratum": label, "id": str(eid), "reason": f"已列入类别「{seen[eid]}」"})
            else:
                if not single:
                    seen[eid] = label
                pool.append([label, str(eid)])
    return pool, excluded


def enterprise_pool_text(task: RandomInspectionTask) -> tuple[str, dict[str, int], list[dict]]:
    """``(canonical pool text, {stratum: count}, exclusions)``: the pool as ``pool_lines`` would write it.

    On PostgreSQL (UTF-8) with one region scope the database builds the sorted text itself (``COLLATE "C"`` =
    byte order of UTF-8 = code-point order, the order of Python's ``sorted``); otherwise ``enterprise_pool``.
    """
    default_prefix = region_prefix(task.agency.region_id)
    prefixes = {s.get("region_prefix") or default_prefix for s in task.strata}
    if connection.vendor != "postgresql" or len(prefixes) != 1:
        return _pool_text_plain(task)
    with connection.cursor() as cur:
        cur.execute("SHOW server_encoding")
        if cur.fetchone()[0].upper() not in ("UTF8", "UTF-8"):
            return _pool_text_plain(task)
    prefix = prefixes.pop()
    rule: dict[tuple[str, str | None], str] = {}
    for s in task.strata:
        for ind in s.get("industries") or []:
            for cls in s.get("supervision_classes") or [None]:
                rule.setdefault((ind, cls), str(s["label"]))
    industries = sorted({ind for ind, _ in rule})
    mapping = [(ind, cls, label) for ind in industries for cls in SUPERVISION_CLASSES
               if (label := rule.get((ind, cls)) or rule.get((ind, None))) is not None]
    counts = {s["label"]: 0 for s in task.strata}
    if not mapping:
        return "", counts, []
    if len(prefix) == 6:
        region_sql, region_params = "e.region_id = %s", [prefix]
    else:
        region_sql, region_params = "e.region_id >= %s AND e.region_id < %s", list(prefix_range(prefix))
    ent, dt = Enterprise._meta.db_table, DrawTarget._meta.db_table
    values = ", ".join(["(%s, %s, %s)"] * len(mapping))
    source = (f"SELECT e.id, e.status, m.label FROM {ent} e JOIN (VALUES {values}) AS m(industry, cls, label) "  # noqa: S608
              f"ON e.industry = m.industry AND e.supervision_class = m.cls WHERE {region_sql}")
    drawn = dict(DrawTarget.objects.filter(agency_id=task.agency_id, year=task.year, active=True)
                 .exclude(task_id=task.pk).values_list("enterprise_id", "task__name"))
    params = [*[v for row in mapping for v in row], *region_params]
    # Rows already drawn this year are few: find them with an anti-join before the per-row subquery.
    drawn_ids = f"SELECT d.enterprise_id FROM {dt} d WHERE d.agency_id = %s AND d.year = %s AND d.active " \
                f"AND d.task_id <> %s"  # noqa: S608
    drawn_params = [task.agency_id, task.year, task.pk or 0]
    pool_sql = (f"SELECT m.label, count(*), string_agg(m.label || E'\\t' || e.id::text || E'\\n', '' "  # noqa: S608
                f"ORDER BY (m.label || E'\\t' || e.id::text || E'\\n') COLLATE \"C\") "
                f"FROM {ent} e JOIN (VALUES {values}) AS m(industry, cls, label) "
                f"ON e.industry = m.industry AND e.supervision_class = m.cls "
                f"WHERE {region_sql} AND e.status = 'operating' AND e.id NOT IN ({drawn_ids}) GROUP BY m.label")
    excl_sql = (f"SELECT id, status, label FROM ({source}) x "  # noqa: S608
                f"WHERE status <> 'operating' OR id IN ({drawn_ids}) ORDER BY id")
    with connection.cursor() as cur:
        cur.execute(pool_sql, [*[v for row in mapping for v in row], *region_params, *drawn_params])
        chunks = cur.fetchall()
        cur.execute(excl_sql, [*params, *drawn_params])
        rows = cur.fetchall()
    excluded = []
    for eid, status, label in rows:
        if status != "operating":
            excluded.append({"stratum": label, "id": str(eid),
                             "reason": f"非正常生产经营（{ENTERPRISE_STATUSES.get(status, status)}）"})
        else:
            excluded.append({"stratum": label, "id": str(eid), "reason": f"本年度已被抽取（任务{drawn.get(eid)}）"})
    for label, n, _ in chunks:
        counts[label] = n
    # Each chunk is one stratum's sorted lines; in order of their first lines they form the sorted text unless a
    # label makes strata interleave (then sort the lines here).
    chunks = sorted((c[2] for c in chunks if c[2]), key=lambda c: c[:c.index("\n") + 1])
    if any(a[a.rfind("\n", 0, len(a) - 1) + 1:] > b[:b.index("\n") + 1]
           for a, b in pairwise(chunks)):
        return "".join(sorted("".join(chunks).splitlines(keepends=True))), counts, excluded
    return "".join(chunks), counts, excluded


def _pool_text_plain(task: RandomInspectionTask) -> tuple[str, dict[str, int], list[dict]]:
    pool, excluded = enterprise_pool(task)
    counts = {s["label"]: 0 for s in task.strata}
    for p in pool:
        counts[p[0]] += 1
    return pool_lines(pool), counts, excluded


def officer_pool(task: RandomInspectionTask, target_ids: list[str], today: date
                 ) -> tuple[list[str], list[dict], dict[str, list[str]], dict[str, str]]:
    """Officers after recusal: ``(officers, exclusions, specialties, target industries)``.

    Exclusions name the target (``"*"`` for every target) and the reason.
    """
    prefix = region_prefix(task.agency.region_id)
    qs = Officer.objects.all()
    qs = qs.filter(**_region_filter(prefix)).exclude(agency_id=task.agency_id) if task.cross_region \
        else qs.filter(agency_id=task.agency_id)
    valid_until = max(today, task.period_from)
    officers: list[str] = []
    regions: dict[str, str] = {}
    specialties: dict[str, list[str]] = {}
    exclusions: list[dict] = []
    for oid, status, in_post, expires, region, specs in qs.values_list(
            "id", "status", "in_post", "certificate_expires", "region_id", "specialties"):
        o = str(oid)
        reason = ""
        if status != "active":
            reason = f"执法证{OFFICER_STATUSES.get(status, status)}"
        elif expires < valid_until:
            reason = f"执法证已过期（有效期至{expires.isoformat()}）"
        elif not in_post:
            reason = "不在岗"
        if reason:
            exclusions.append({"target": "*", "officer": o, "reason": reason})
            continue
        officers.append(o)
        regions[o] = region
        if specs:
            specialties[o] = list(specs)
    ids = [int(t) for t in target_ids]
    ent = {str(i): (r, ind) for i, r, ind in Enterprise.objects.filter(pk__in=ids).values_list(
        "id", "region_id", "industry")}
    valid = set(officers)
    if task.cross_region:
        by_prefix: dict[str, list[str]] = {}
        for o, r in regions.items():
            by_prefix.setdefault(region_prefix(r), []).append(o)
        for t in target_ids:
            for p, os_ in by_prefix.items():
                if ent[t][0].startswith(p):
                    exclusions += [{"target": t, "officer": o, "reason": "执法人员属地（异地抽取回避）"} for o in os_]
    since = today - timedelta(days=task.recent_window_days)
    label = "近一年" if task.recent_window_days == 365 else f"近{task.recent_window_days}天"
    recent = InspectionOfficer.objects.filter(
        inspection__enterprise_id__in=ids, inspection__planned_date__gte=since).exclude(
        inspection__status="cancelled").values_list("inspection__enterprise_id", "officer_id").distinct()
    exclusions += [{"target": str(e), "officer": str(o), "reason": f"{label}曾检查该单位"}
                   for e, o in recent if str(o) in valid]
    conflicts = OfficerConflict.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "officer_id",
                                                                                    "reason")
    exclusions += [{"target": str(e), "officer": str(o), "reason": f"利害关系回避：{r}"}
                   for e, o, r in conflicts if str(o) in valid]
    return officers, exclusions, specialties, {t: ent[t][1] for t in target_ids}
