"""Reading the two pools (库) from the database: enterprises per stratum and officers after recusal.

The enterprise pool is read with one scan of the enterprises of the region and industries (never model instances),
the same rows as a bare ``SELECT id, industry, supervision_class, status … WHERE region … AND industry IN (…)``.
"""

from datetime import date, timedelta

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from anjian.domain.draw_pool import canonical_runs
from anjian.domain.draw_scope import pool_prefix
from anjian.domain.identifiers import prefix_range, region_prefix
from anjian.domain.registry import ENTERPRISE_STATUSES, OFFICER_STATUSES, SUPERVISION_CLASSES
from anjian.draws.models import DrawTarget, OfficerConflict, RandomInspectionTask
from anjian.enterprises.models import Enterprise
from anjian.inspections.models import InspectionOfficer
from anjian.officers.models import Officer


def _among(column: str, field: str, ids: list[int]):
    """A filter ``field IN ids``; on PostgreSQL ``column = ANY(array)``: one parameter and an index scan, instead of
    thousands of placeholders (``column`` is the quoted table.column of ``field`` in the query)."""
    if connection.vendor == "postgresql" and len(ids) > 100:  # one text parameter: quoting a list costs per item
        return RawSQL(f"{column} = ANY(string_to_array(%s, ',')::bigint[])", [",".join(map(str, ids))],  # noqa: S611
                      output_field=BooleanField())
    return Q(**{f"{field}__in": ids})


def _region_filter(prefix: str, column: str = "region_id") -> dict:
    if len(prefix) == 6:
        return {column: prefix}
    low, high = prefix_range(prefix)
    return {f"{column}__gte": low, f"{column}__lt": high}


def enterprise_pool(task: RandomInspectionTask) -> tuple[list[list[str]], list[dict]]:
    """``([[stratum, id], ...], [{"stratum", "id", "reason"}, ...])`` for the task's strata."""
    drawn = _drawn_this_year(task)
    by_prefix: dict[str, list[dict]] = {}
    for s, prefix in zip(task.strata, _stratum_prefixes(task), strict=True):
        if prefix is not None:  # outside the jurisdiction: nothing (task_commit refuses such a task anyway)
            by_prefix.setdefault(prefix, []).append(s)
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
                excluded.append({"stratum": label, "id": str(eid), "reason": _not_operating(status)})
            elif eid in drawn:
                excluded.append({"stratum": label, "id": str(eid), "reason": f"本年度已被抽取（任务{drawn[eid]}）"})
            elif not single and eid in seen:
                excluded.append({"stratum": label, "id": str(eid), "reason": f"已列入类别「{seen[eid]}」"})
            else:
                if not single:
                    seen[eid] = label
                pool.append([label, str(eid)])
    return pool, excluded


def _stratum_prefixes(task: RandomInspectionTask) -> list[str | None]:
    """Per stratum, the region prefix its pool is read under: always inside the agency's jurisdiction."""
    jurisdiction = region_prefix(task.agency.region_id)
    return [pool_prefix(str(s.get("region_prefix") or ""), jurisdiction) for s in task.strata]


def _drawn_this_year(task: RandomInspectionTask) -> dict[int, str]:
    """Enterprises already drawn by another task of the same agency and year → that task's name."""
    return dict(DrawTarget.objects.filter(agency_id=task.agency_id, year=task.year, active=True)
                .exclude(task_id=task.pk).values_list("enterprise_id", "task__name"))


def _not_operating(status: str) -> str:
    return f"非正常生产经营（{ENTERPRISE_STATUSES.get(status, status)}）"


def enterprise_pool_runs(task: RandomInspectionTask
                         ) -> tuple[list[tuple[str, list[str]]], dict[str, int], list[tuple[str, str, str]]]:
    """``(runs in canonical order, {stratum: count}, exclusions as (stratum, id, reason))``: the pool as
    ``draw_pool.canonical_runs``.

    On PostgreSQL with one region scope, one grouped scan returns each (industry, class, status, drawn) group's
    ids as one string (no row objects for a 1,000,000-row pool), exclusions in id order; otherwise
    ``enterprise_pool``.
    """
    prefixes = set(_stratum_prefixes(task))
    counts = {s["label"]: 0 for s in task.strata}
    if connection.vendor != "postgresql" or len(prefixes) != 1 or None in prefixes:
        pool, excluded = enterprise_pool(task)
        by_label: dict[str, list[str]] = {}
        for label, eid in pool:
            by_label.setdefault(label, []).append(eid)
        counts.update({label: len(ids) for label, ids in by_label.items()})
        return canonical_runs(by_label), counts, [(x["stratum"], x["id"], x["reason"]) for x in excluded]
    prefix = prefixes.pop()
    rule: dict[tuple[str, str | None], str] = {}
    for s in task.strata:
        for ind in s.get("industries") or []:
            for cls in s.get("supervision_classes") or [None]:
                rule.setdefault((ind, cls), str(s["label"]))
    industries = sorted({ind for ind, _ in rule})
    mapping = {(ind, cls): label for ind in industries for cls in SUPERVISION_CLASSES
               if (label := rule.get((ind, cls)) or rule.get((ind, None))) is not None}
    if len(prefix) == 6:
        region_sql, region_params = "e.region_id = %s", [prefix]
    else:
        region_sql, region_params = "e.region_id >= %s AND e.region_id < %s", list(prefix_range(prefix))
    ent, dt = Enterprise._meta.db_table, DrawTarget._meta.db_table
    sql = (f"SELECT e.industry, e.supervision_class, e.status, e.id IN (SELECT d.enterprise_id FROM {dt} d "  # noqa: S608
           f"WHERE d.agency_id = %s AND d.year = %s AND d.active AND d.task_id <> %s), string_agg(e.id::text, ',') "
           f"FROM {ent} e WHERE {region_sql} AND e.industry = ANY(%s) GROUP BY 1, 2, 3, 4")
    with connection.cursor() as cur:
        cur.execute(sql, [task.agency_id, task.year, task.pk or 0, *region_params, industries])
        groups = cur.fetchall()
    drawn = _drawn_this_year(task) if any(g[3] and g[2] == "operating" for g in groups) else {}
    by_label = {}
    out: list[tuple[int, str, str]] = []
    for industry, cls, status, was_drawn, ids in groups:
        label = mapping.get((industry, cls))
        if label is None:
            continue
        if status != "operating":
            reason = _not_operating(status)
            out += [(i, label, reason) for i in map(int, ids.split(","))]
        elif was_drawn:
            out += [(i, label, f"本年度已被抽取（任务{drawn.get(i)}）") for i in map(int, ids.split(","))]
        else:
            by_label.setdefault(label, []).extend(ids.split(","))
    out.sort()
    excluded = [(label, str(i), reason) for i, label, reason in out]
    counts.update({label: len(ids) for label, ids in by_label.items()})
    return canonical_runs(by_label), counts, excluded


def officer_pool(task: RandomInspectionTask, target_ids: list[str], today: date
                 ) -> tuple[list[str], list[dict], dict[str, list[str]], dict[str, str]]:
    """Officers after recusal: ``(officers, exclusions, specialties, target industries)``.

    Exclusions name the target (``"*"`` for every target) and the reason.
    """
    officers, exclusions, specialties, regions = officer_base(task, today)
    more, industries = officer_recusals(task, target_ids, officers, regions, today)
    return officers, exclusions + more, specialties, industries


def officer_base(task: RandomInspectionTask, today: date
                 ) -> tuple[list[str], list[dict], dict[str, list[str]], dict[str, str]]:
    """The officers who may be drawn at all: ``(officers, exclusions for "*", specialties, home regions)``."""
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
    return officers, exclusions, specialties, regions


def officer_recusals(task: RandomInspectionTask, target_ids: list[str], officers: list[str], regions: dict[str, str],
                     today: date) -> tuple[list[dict], dict[str, str]]:
    """Recusal per target (own home region in a cross-region task, recent inspection, declared conflict) and the
    targets' industries."""
    exclusions: list[dict] = []
    ids = [int(t) for t in target_ids]
    ent = {str(i): (r, ind) for i, r, ind in Enterprise.objects.filter(
            _among('"enterprises_enterprise"."id"', "pk", ids)).order_by().values_list(
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
        _among('"inspections_inspection"."enterprise_id"', "inspection__enterprise_id", ids),
        inspection__planned_date__gte=since).exclude(
        inspection__status="cancelled").values_list("inspection__enterprise_id", "officer_id").distinct()
    exclusions += [{"target": str(e), "officer": str(o), "reason": f"{label}曾检查该单位"}
                   for e, o in recent if str(o) in valid]
    conflicts = OfficerConflict.objects.filter(
        _among('"draws_officerconflict"."enterprise_id"', "enterprise_id", ids)).values_list(
        "enterprise_id", "officer_id", "reason")
    exclusions += [{"target": str(e), "officer": str(o), "reason": f"利害关系回避：{r}"}
                   for e, o, r in conflicts if str(o) in valid]
    return exclusions, {t: ent[t][1] for t in target_ids}


SHORT_SHOWN = 5  # enterprises named when officers run short
PREVIEW_TARGETS_MAX = 50_000  # the preview checks every enterprise of a pool up to this size


def officer_shortage(task: RandomInspectionTask, target_ids: list[str], officers: list[str], everywhere: list[dict],
                     recusals: list[dict]) -> tuple[int, list[str]]:
    """The targets left with fewer than ``officers_per_target`` officers after recusal, as the draw refuses them:
    ``(how many, messages)`` naming each enterprise and which officers are recused for it and why (recent
    inspection, declared conflict, home region), and who cannot be drawn at all (certificate, not in post)."""
    per = max(int(task.officers_per_target), 2)
    valid = set(officers)
    recused: dict[str, dict[str, str]] = {}
    for x in recusals:
        if str(x["officer"]) in valid:
            recused.setdefault(str(x["target"]), {}).setdefault(str(x["officer"]), x["reason"])
    short = [t for t in target_ids if len(valid) - len(recused.get(t, {})) < per]
    if not short:
        return 0, []
    shown = short[:SHORT_SHOWN]
    enterprises = dict(Enterprise.objects.filter(pk__in=[int(t) for t in shown]).values_list("id", "name"))
    people = {str(o) for t in shown for o in recused.get(t, {})} | {str(x["officer"]) for x in everywhere[:10]}
    names = {str(i): n for i, n in Officer.objects.filter(pk__in=[int(o) for o in people]).values_list("id", "name")}
    need = "两" if per == 2 else str(per)
    messages = []
    for t in shown:
        out = recused.get(t, {})
        why = "、".join(f"{names.get(o, o)}（{r}）" for o, r in sorted(out.items(), key=lambda p: names.get(p[0], "")))
        messages.append(f"{enterprises.get(int(t), '检查对象')}：可抽取执法人员不足{need}名——可抽取的 {len(valid)} 名中"
                        + (f"{why}须回避，" if why else "") + f"仅余 {len(valid) - len(out)} 名")
    if len(short) > SHORT_SHOWN:
        messages.append(f"共 {len(short)} 个检查对象可抽取执法人员不足{need}名")
    if everywhere:
        listed = "、".join(f"{names.get(str(x['officer']), x['officer'])}（{x['reason']}）" for x in everywhere[:10])
        messages.append(f"另有 {len(everywhere)} 名执法人员不参加抽取：{listed}" + ("等" if len(everywhere) > 10 else ""))
    messages.append("可缩短近期检查回避天数、改为异地抽取、减少每组人数或增加执法人员后再抽取")
    return len(short), messages
