"""同一违法行为罚款对比: for each benchmark violation (source + code), the decided fines of each agency in the
user's scope — number of cases, min / median / mean / max and the share outside the chosen level's range.

Everything is computed in the database with GROUP BY aggregates; the median uses window functions
(ROW_NUMBER and COUNT over each group, keeping only the one or two middle rows), which PostgreSQL and SQLite
(3.25+) both run, so at most two fines per group leave the database.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.db.models import Avg, Count, F, Max, Min, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from anjian.cases.core.selectors import case_list_for
from anjian.cases.models import DiscretionEntry, PenaltyCase
from anjian.common.tabular import write_xlsx
from anjian.domain.discretion_rules import median, money, share_text
from anjian.domain.input_bounds import digits

SOURCE, CODE = "discretion_entry__source", "discretion_entry__code"
OUTSIDE = Q(fine_amount__lt=F("discretion_entry__fine_min")) | Q(fine_amount__gt=F("discretion_entry__fine_max"))
CENT = Decimal("0.01")


@dataclass(frozen=True)
class ComparisonFilters:
    year: int | None = None  # year of the decision
    code: str = ""  # one violation (benchmark code)
    source: str = ""


@dataclass
class FineStats:
    agency_id: int | None  # None: all agencies in scope
    agency_name: str
    cases: int
    low: Decimal
    median: Decimal | None
    mean: Decimal
    high: Decimal
    outside: int

    @property
    def outside_share(self) -> str:
        return share_text(self.outside, self.cases)

    @property
    def text(self) -> dict[str, str]:
        """The amounts as shown on the page (40,000.00)."""
        return {"low": money(self.low), "median": money(self.median), "mean": money(self.mean),
                "high": money(self.high)}

    def as_dict(self) -> dict:
        return {"agency_id": self.agency_id, "agency": self.agency_name, "cases": self.cases, "min": self.low,
                "median": self.median, "mean": self.mean, "max": self.high, "outside_level": self.outside,
                "outside_share": self.outside_share}


@dataclass
class ViolationComparison:
    source: str
    code: str
    violation: str
    agencies: list[FineStats] = field(default_factory=list)
    total: FineStats | None = None

    @property
    def spread(self) -> Decimal | None:
        """Highest minus lowest agency median: how far apart agencies are on the same violation."""
        medians = [a.median for a in self.agencies if a.median is not None]
        return max(medians) - min(medians) if len(medians) > 1 else None

    @property
    def spread_text(self) -> str:
        return money(self.spread)


def decided_fines(user, filters: ComparisonFilters | None = None) -> QuerySet[PenaltyCase]:
    """Decided cases in the user's scope that carry a fine and a benchmark entry."""
    f = filters or ComparisonFilters()
    qs = case_list_for(user).filter(decided_on__isnull=False, fine_amount__isnull=False,
                                    discretion_entry__isnull=False)
    if f.year:
        qs = qs.filter(decided_on__gte=date(f.year, 1, 1), decided_on__lte=date(f.year, 12, 31))
    if f.code:
        qs = qs.filter(**{CODE: f.code})
    if f.source:
        qs = qs.filter(**{SOURCE: f.source})
    return qs.order_by()


def _medians(qs: QuerySet, group: list[str]) -> dict[tuple, Decimal | None]:
    partition = {"partition_by": [F(g) for g in group]}
    middle = (qs.annotate(rn=Window(RowNumber(), order_by=[F("fine_amount").asc(), F("id").asc()], **partition),
                          n=Window(Count("id"), **partition))
              .filter(Q(rn=(F("n") + 1) / 2) | Q(rn=(F("n") + 2) / 2))
              .values_list(*group, "fine_amount"))
    values: dict[tuple, list[Decimal]] = {}
    for *key, fine in middle:
        values.setdefault(tuple(key), []).append(Decimal(fine))
    return {key: median(v) for key, v in values.items()}


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def fine_comparison(user, filters: ComparisonFilters | None = None) -> list[ViolationComparison]:
    qs = decided_fines(user, filters)
    stats = dict(cases=Count("id"), low=Min("fine_amount"), high=Max("fine_amount"), mean=Avg("fine_amount"),
                 outside=Count("id", filter=OUTSIDE))
    by_agency = list(qs.values(SOURCE, CODE, "agency_id", "agency__name").annotate(**stats)
                     .order_by(SOURCE, CODE, "agency__region_id"))
    totals = {(r[SOURCE], r[CODE]): r for r in qs.values(SOURCE, CODE).annotate(**stats).order_by()}
    agency_medians = _medians(qs, [SOURCE, CODE, "agency_id"])
    total_medians = _medians(qs, [SOURCE, CODE])
    keys = list(totals)
    names: dict[tuple[str, str], str] = {}
    for source, code, violation in (DiscretionEntry.objects.filter(code__in={c for _, c in keys})
                                    .order_by("level_order", "id").values_list("source", "code", "violation")):
        names.setdefault((source, code), violation)
    groups: dict[tuple[str, str], ViolationComparison] = {}
    for r in by_agency:
        key = (r[SOURCE], r[CODE])
        group = groups.setdefault(key, ViolationComparison(key[0], key[1], names.get(key, "")))
        group.agencies.append(FineStats(r["agency_id"], r["agency__name"], r["cases"], _money(r["low"]),
                                        agency_medians.get((*key, r["agency_id"])), _money(r["mean"]),
                                        _money(r["high"]), r["outside"]))
    for key, group in groups.items():
        t = totals[key]
        group.total = FineStats(None, "合计", t["cases"], _money(t["low"]), total_medians.get(key), _money(t["mean"]),
                                _money(t["high"]), t["outside"])
    return sorted(groups.values(), key=lambda g: (g.source, _code_sort_key(g.code)))


def _code_sort_key(code: str) -> tuple:
    """AQ-97-1 before AQ-101-2: numbers compare as numbers."""
    return tuple((0, int(part), "") if digits(part) else (1, 0, part) for part in code.replace("_", "-").split("-"))


def decision_years(user) -> list[int]:
    return sorted({d.year for d in decided_fines(user).dates("decided_on", "year")}, reverse=True)


HEADER = ["出处", "编号", "违法行为", "办案机关", "决定案件数", "最低罚款（元）", "中位数（元）", "平均（元）",
          "最高罚款（元）", "超出所选阶次幅度（件）", "超出占比"]


def comparison_rows(groups: list[ViolationComparison]) -> list[list]:
    rows = []
    for g in groups:
        for s in [*g.agencies, g.total]:
            rows.append([g.source, g.code, g.violation, s.agency_name, s.cases, s.low, s.median if s.median is not None
                         else "", s.mean, s.high, s.outside, s.outside_share])
    return rows


def comparison_xlsx(groups: list[ViolationComparison]) -> bytes:
    buffer = BytesIO()
    write_xlsx(buffer, HEADER, comparison_rows(groups), title="同一违法行为罚款对比",
               widths=[18, 12, 40, 24, 10, 14, 14, 14, 14, 14, 10])
    return buffer.getvalue()

