"""Enforcement metrics per unit and period, computed from the records (never typed twice).

Attribution rule (ADR 0016). A record counts for the agency that did the work: an inspection, its team
(人次) and its hazards for the inspecting agency; a document for the issuing agency; a case, its fine and
its transfers for the case's agency. A *unit* is a region: its figures are those of every agency whose
region is the unit's region or lies below it. For a city's ranking of its counties, each unit is a
county, i.e. the county agency alone; the city agency's own inspections belong to no county. For the
province's ranking of its cities, each unit is a city's whole system (the city agency and its counties).
Units of one table never overlap, so a total (合计) is the sum of the units' counters, with rates derived
from the summed counters.

The figures come from the roll-up (reports.DailyFigure), refreshed from the records before every read so
they are exact; `source="records"` computes the same counters straight from the records with the same SQL
(the bare aggregation: tests compare the two, the benchmark times both). Key-unit coverage (distinct
enterprises) cannot be summed over days and is always computed from the records.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max, Q, Sum

from anjian.domain.identifiers import prefix_range, region_prefix
from anjian.domain.metrics import (
    ALL_COUNTERS,
    COUNTED_STATUSES,
    MetricsTable,
    Period,
    UnitMetrics,
    add_counters,
    metric_defs,
)
from anjian.domain.registry import INDUSTRIES
from anjian.regions.models import Agency, Region
from anjian.reports.models import ROLLUP_COLUMNS, DailyFigure
from anjian.reports.rollup import dialect, late_days, rollup_refresh, short_queries
from anjian.reports.rollup_sql import Filter, aggregate_sql

NO_INDUSTRY = "未关联单位"  # documents issued to no enterprise


@dataclass(frozen=True)
class Unit:
    """A unit of a statistics table: a region and every agency in or below it."""

    name: str
    code: str
    is_functional_zone: bool = False

    @property
    def prefix(self) -> str:
        return region_prefix(self.code)

    def covers(self, region_code: str) -> bool:
        return region_code.startswith(self.prefix)


def unit_of(thing) -> Unit:
    """A Unit from an Agency, a Region, a region code or a Unit."""
    if isinstance(thing, Unit):
        return thing
    if isinstance(thing, Agency):
        thing = thing.region
    if isinstance(thing, str):
        thing = Region.objects.get(code=thing)
    return Unit(thing.name, thing.code, thing.is_functional_zone)


def units_below(agency: Agency) -> list[Unit]:
    """The units a bulletin of `agency` ranks: the regions directly below its region that have an agency
    (a city's counties and zones; the province's cities)."""
    regions = Region.objects.filter(parent_id=agency.region_id, agency__isnull=False).order_by("code")
    return [Unit(r.name, r.code, r.is_functional_zone) for r in regions]


def unit_agencies(units: Sequence[Unit]) -> dict[int, int]:
    """agency id → index of the unit it belongs to (the unit with the longest prefix covering it)."""
    out: dict[int, int] = {}
    for agency_id, region in Agency.objects.values_list("id", "region_id"):
        best = None
        for i, unit in enumerate(units):
            if unit.covers(region) and (best is None or len(unit.prefix) > len(units[best].prefix)):
                best = i
        if best is not None:
            out[agency_id] = best
    return out


def _empty() -> dict[str, int]:
    return dict.fromkeys(ALL_COUNTERS, 0)


def _rollup_counters(agencies: dict[int, int], period: Period, industry: str | None,
                     by_industry: bool) -> dict:
    """{unit index or industry: counters} summed from the roll-up."""
    qs = DailyFigure.objects.filter(agency_id__in=list(agencies), day__gte=period.start, day__lte=period.end)
    if industry is not None:
        qs = qs.filter(industry=industry)
    keys = ["agency_id", "industry"] if by_industry else ["agency_id"]
    rows = qs.values(*keys).annotate(**{f"s_{c}": Sum(c) for c in ROLLUP_COLUMNS}).order_by()
    return _collect(rows, agencies, by_industry, lambda row, c: row[f"s_{c}"])


def _records_counters(agencies: dict[int, int], period: Period, industry: str | None,
                      by_industry: bool, late: int) -> dict:
    group = ("agency_id", "industry") if by_industry else ("agency_id",)
    sql, params = aggregate_sql(dialect(), late, Filter(agencies=tuple(agencies), start=period.start,
                                                        end=period.end, industry=industry), group=group)
    with connection.cursor() as cur:
        cur.execute(sql, params)
        names = [c[0] for c in cur.description]
        rows = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    return _collect(rows, agencies, by_industry, lambda row, c: row[c])


def _collect(rows, agencies, by_industry, get) -> dict:
    out: dict = {}
    for row in rows:
        key = row["industry"] if by_industry else agencies[row["agency_id"]]
        counters = out.setdefault(key, _empty())
        for c in ROLLUP_COLUMNS:
            counters[c] += int(get(row, c) or 0)
    return out


def _coverage(units: Sequence[Unit], agencies: dict[int, int], periods: Sequence[Period], industry: str | None,
              by_industry: bool) -> list[dict]:
    """Per period: {unit index or industry: (key enterprises, of them inspected)} from the records."""
    d = dialect()
    iday = d.inspection_day("i")
    statuses = ", ".join(f"'{s}'" for s in COUNTED_STATUSES)
    out: list[dict] = [{} for _ in periods]
    for index, unit in enumerate(units):
        own = [a for a, u in agencies.items() if u == index]
        if not own:
            continue
        low, high = prefix_range(unit.prefix)
        agency_list = ", ".join(["%s"] * len(own))
        sums, params = [], []
        for p in periods:
            sums.append(f"SUM(CASE WHEN EXISTS (SELECT 1 FROM inspections_inspection i "  # noqa: S608
                        f"WHERE i.enterprise_id = e.id "
                        f"AND i.status IN ({statuses}) AND {iday} BETWEEN %s AND %s AND i.agency_id IN "
                        f"({agency_list})) THEN 1 ELSE 0 END)")
            params += [p.start, p.end, *own]
        where = "e.supervision_class = 'key' AND e.status <> 'closed' AND e.region_id >= %s AND e.region_id < %s"
        params += [low, high]
        if industry is not None:
            where += " AND e.industry = %s"
            params.append(industry)
        if by_industry:
            sql = (f"SELECT e.industry, COUNT(*), {', '.join(sums)} FROM enterprises_enterprise e "  # noqa: S608
                   f"WHERE {where} GROUP BY e.industry")
        else:
            sql = f"SELECT '', COUNT(*), {', '.join(sums)} FROM enterprises_enterprise e WHERE {where}"  # noqa: S608
        with connection.cursor() as cur:
            cur.execute(sql, params)
            for key, total, *inspected in cur.fetchall():
                target = key if by_industry else index
                for k, value in enumerate(inspected):
                    have = out[k].get(target, (0, 0))
                    out[k][target] = (have[0] + int(total), have[1] + int(value or 0))
    return out


def _counters(units, period: Period, *, industry, previous: bool, source: str, coverage: bool,
              by_industry: bool, late: int) -> tuple[dict, dict | None]:
    agencies = unit_agencies(units)
    periods = [period, period.previous_year()] if previous else [period]
    with short_queries():
        return _counters_of(units, agencies, periods, industry=industry, previous=previous, source=source,
                            coverage=coverage, by_industry=by_industry, late=late)


def _counters_of(units, agencies, periods, *, industry, previous, source, coverage, by_industry, late):
    found = []
    for p in periods:
        if not agencies:
            found.append({})
        elif source == "records":
            found.append(_records_counters(agencies, p, industry, by_industry, late))
        else:
            found.append(_rollup_counters(agencies, p, industry, by_industry))
    if coverage and agencies:
        for counters, cover in zip(found, _coverage(units, agencies, periods, industry, by_industry), strict=True):
            for key, (total, inspected) in cover.items():
                counters.setdefault(key, _empty()).update(key_enterprises=total, key_inspected=inspected)
    return found[0], (found[1] if previous else None)


def _check_source(source: str) -> None:
    if source not in ("rollup", "records"):
        raise ValueError(f"source must be 'rollup' or 'records', not {source!r}")


def metrics_for(units: Iterable, period: Period, *, industry: str | None = None, metrics: Sequence[str] | None = None,
                previous: bool = False, source: str = "rollup", late_entry_days: int | None = None) -> MetricsTable:
    """The metrics of each unit (Agency, Region, region code or Unit) over `period`; with `previous`, also
    the same period a year earlier (同比). `industry` limits every figure to enterprises of one industry.
    `metrics` (keys of anjian.domain.metrics.METRICS) chooses the columns; key-unit coverage is only
    computed when it is among them."""
    _check_source(source)
    defs = metric_defs(metrics)
    units = [unit_of(u) for u in units]
    late = late_days() if late_entry_days is None else late_entry_days
    if source == "records" or late != late_days():
        source = "records"
    else:
        rollup_refresh()
    current, before = _counters(units, period, industry=industry, previous=previous, source=source,
                                coverage=any(m.key == "key_coverage" for m in defs), by_industry=False, late=late)
    rows = tuple(UnitMetrics(u.name, u.code, current.get(i, _empty()),
                             None if before is None else before.get(i, _empty())) for i, u in enumerate(units))
    return MetricsTable(period, defs, rows, period.previous_year() if previous else None, industry)


def metrics_table_with_yoy(units: Iterable, period: Period, *, industry: str | None = None,
                           metrics: Sequence[str] | None = None, source: str = "rollup") -> MetricsTable:
    """metrics_for with the same period last year (上年同期) for every unit: what a bulletin prints."""
    return metrics_for(units, period, industry=industry, metrics=metrics, previous=True, source=source)


def metrics_by_industry(units: Iterable, period: Period, *, metrics: Sequence[str] | None = None,
                        previous: bool = True, source: str = "rollup") -> MetricsTable:
    """The metrics of the given units together, one row per industry (行业领域), with 同比."""
    _check_source(source)
    defs = metric_defs(metrics)
    units = [unit_of(u) for u in units]
    if source == "rollup":
        rollup_refresh()
    current, before = _counters(units, period, industry=None, previous=previous, source=source,
                                coverage=any(m.key == "key_coverage" for m in defs), by_industry=True,
                                late=late_days())
    keys = [k for k in INDUSTRIES if k in current or (before and k in before)]
    keys += sorted(k for k in set(current) | set(before or {}) if k not in INDUSTRIES)
    rows = tuple(UnitMetrics(INDUSTRIES.get(k, k or NO_INDUSTRY), k, current.get(k, _empty()),
                             None if before is None else before.get(k, _empty())) for k in keys)
    return MetricsTable(period, defs, rows, period.previous_year() if previous else None)


def total_counters(table: MetricsTable) -> dict[str, int]:
    return add_counters([u.counters for u in table.units])


def latest_activity_day(agency: Agency):
    """The last day with an inspection, a document or a case of ``agency`` or an agency below it (None: none)."""
    rollup_refresh()
    lo, hi = prefix_range(region_prefix(agency.region_id))
    return (DailyFigure.objects.filter(agency__region_id__gte=lo, agency__region_id__lt=hi)
            .filter(Q(inspections__gt=0) | Q(documents__gt=0) | Q(cases_filed__gt=0) | Q(cases_decided__gt=0))
            .aggregate(day=Max("day"))["day"])
