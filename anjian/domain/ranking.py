"""Competition ranking and scores for bulletins (通报). Pure.

The rule (ADR 14, seed 002): units are ranked per metric by competition ranking — equal values share a
rank and the next rank skips (1, 2, 2, 4); with N units a rank r scores N + 1 − r (first of ten gets 10,
tenth gets 1, two units sharing 3rd both get 8); a unit's total is the sum of its metric scores, and the
totals are ranked the same way (higher total is better). A metric may be lower-is-better (e.g. accidents).

Nothing here depends on the order units are given in: ranks, scores and totals are the same for every
order, and ties are named together (two units sharing the best total are both "best"). The only place
input order shows is the display order of rows with equal totals, which keeps the order given.

A tie among zeros is not an achievement: a unit whose every higher-is-better figure is zero is "idle" — never
named best, nor among the worst, but named apart as a problem (`idle_units`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from anjian.domain.figures import NumberLike, quantize, to_decimal

DEFAULT_LEADERS = 3  # seed 002 names three best and three worst


class RankingError(ValueError):
    """The input cannot be ranked; the message is for the user (Chinese)."""


@dataclass(frozen=True)
class Metric:
    """One ranked metric. `key` identifies it in the values mapping; `label` heads its table column.

    `places`: decimals the values are rounded to (half-up) before ranking and printing — 2 for 万元 — so
    that the ranking agrees with the printed figures; None keeps the values as given.
    """

    key: str
    label: str
    higher_is_better: bool = True
    places: int | None = None
    short_label: str = ""  # for sentences ("立案数"); defaults to label

    @property
    def phrase(self) -> str:
        return self.short_label or self.label


@dataclass(frozen=True)
class MetricResult:
    value: Decimal
    rank: int
    score: int


@dataclass(frozen=True)
class RankedRow:
    unit: str
    results: tuple[MetricResult, ...]  # in the order of RankedTable.metrics
    total: int
    total_rank: int


@dataclass(frozen=True)
class RankedTable:
    metrics: tuple[Metric, ...]
    rows: tuple[RankedRow, ...]  # by total rank; rows with equal totals keep the order given

    @property
    def size(self) -> int:
        return len(self.rows)

    def row(self, unit: str) -> RankedRow:
        for row in self.rows:
            if row.unit == unit:
                return row
        raise KeyError(unit)

    def has_ties(self) -> bool:
        ranks = [[r.results[i].rank for r in self.rows] for i in range(len(self.metrics))]
        ranks.append([r.total_rank for r in self.rows])
        return any(len(set(column)) < len(column) for column in ranks)


def competition_ranks(values: Sequence[NumberLike], *, higher_is_better: bool = True) -> list[int]:
    """Rank of each value: 1 + the number of values strictly better (1, 2, 2, 4)."""
    numbers = [to_decimal(v) for v in values]
    order = sorted(range(len(numbers)), key=lambda i: numbers[i], reverse=higher_is_better)
    ranks = [0] * len(numbers)
    for position, i in enumerate(order):
        if position and numbers[i] == numbers[order[position - 1]]:
            ranks[i] = ranks[order[position - 1]]
        else:
            ranks[i] = position + 1
    return ranks


def score_of(rank: int, size: int) -> int:
    """N + 1 − rank."""
    return size + 1 - rank


def rank_units(units: Sequence[str], metrics: Sequence[Metric],
               values: Mapping[str, Mapping[str, NumberLike]]) -> RankedTable:
    """Rank `units` on `metrics`; values[unit][metric.key] is each unit's figure (every one required)."""
    units = list(units)
    metrics = tuple(metrics)
    if not units:
        raise RankingError("没有参与排名的单位")
    if not metrics:
        raise RankingError("没有参与排名的指标")
    seen: set[str] = set()
    for unit in units:
        if unit in seen:
            raise RankingError(f"单位“{unit}”重复出现，每个单位只能有一行")
        seen.add(unit)
    keys = [m.key for m in metrics]
    if len(set(keys)) != len(keys):
        raise RankingError("指标重复")
    size = len(units)
    columns: list[list[MetricResult]] = []
    for metric in metrics:
        figures = []
        for unit in units:
            try:
                raw = values[unit][metric.key]
            except KeyError as exc:
                raise RankingError(f"单位“{unit}”缺少指标“{metric.label}”的数值") from exc
            number = to_decimal(raw)
            figures.append(quantize(number, metric.places) if metric.places is not None else number)
        ranks = competition_ranks(figures, higher_is_better=metric.higher_is_better)
        columns.append([MetricResult(v, r, score_of(r, size)) for v, r in zip(figures, ranks, strict=True)])
    totals = [sum(column[i].score for column in columns) for i in range(size)]
    total_ranks = competition_ranks(totals)
    rows = [RankedRow(unit, tuple(column[i] for column in columns), totals[i], total_ranks[i])
            for i, unit in enumerate(units)]
    rows.sort(key=lambda r: r.total_rank)  # stable: equal totals keep the order given
    return RankedTable(metrics, tuple(rows))


def idle_units(table: RankedTable) -> tuple[str, ...]:
    """Units with nothing to show: every higher-is-better figure is zero (in table order)."""
    keys = [i for i, m in enumerate(table.metrics) if m.higher_is_better]
    if not keys:
        return ()
    return tuple(r.unit for r in table.rows if all(r.results[i].value == 0 for i in keys))


def best_units(table: RankedTable, count: int = DEFAULT_LEADERS) -> tuple[str, ...]:
    """Units whose total rank is within the first `count` (all units sharing a boundary rank included); an idle
    unit never, however its zeros tie."""
    idle = set(idle_units(table))
    return tuple(r.unit for r in table.rows if r.total_rank <= count and r.unit not in idle)


def units_named(table: RankedTable, units: Sequence[str], count: int = DEFAULT_LEADERS) -> str:
    """`units` (best_units or worst_units, in their order) as a sentence names them: at most `count` names. A group
    sharing one total rank that would pass `count` is named by its first unit and its size rather than listed:
    焦作市，及并列第11位的安阳市等5个单位."""
    rank_of = {r.unit: r.total_rank for r in table.rows}
    order = {r.unit: i for i, r in enumerate(table.rows)}
    groups: list[list[str]] = []
    for unit in units:
        if groups and rank_of[groups[-1][0]] == rank_of[unit]:
            groups[-1].append(unit)
        else:
            groups.append([unit])
    named: list[str] = []
    for group in groups:
        if len(named) + len(group) <= count:
            named += group
            continue
        tied = f"并列第{rank_of[group[0]]}位的{min(group, key=order.get)}等{len(group)}个单位"
        return f"{'、'.join(named)}，及{tied}" if named else tied
    return "、".join(named)


def worst_units(table: RankedTable, count: int = DEFAULT_LEADERS) -> tuple[str, ...]:
    """Units within the last `count` by total among those with some activity, worst first; ties at the boundary
    included; never a best unit. Idle units are named apart (`idle_units`).

    A unit's place from the bottom is 1 + the number of active units with a strictly lower total.
    """
    best, idle = set(best_units(table, count)), set(idle_units(table))
    active = [r for r in table.rows if r.unit not in idle]
    bottom = competition_ranks([r.total for r in active], higher_is_better=False)
    picked = [(place, -i, row) for i, (row, place) in enumerate(zip(active, bottom, strict=True))
              if place <= count and row.unit not in best]
    picked.sort(key=lambda p: (p[0], p[1]))
    return tuple(row.unit for _, _, row in picked)
