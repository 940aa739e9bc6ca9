"""A bulletin (通报) as data: what every rendering (web page, Word, XLSX) takes. Pure.

Whoever computes the figures — from the records or from a table a lower agency sent in — fills a
`Bulletin`; the renderers never compute a figure of their own. Everything derived (ranks, scores,
best and worst units, the sentences) is computed here by the rule of anjian.domain.ranking, so all
renderings agree with each other and with seed 002.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from anjian.domain.figures import Change, chinese_numeral, format_value, to_decimal, yoy_change
from anjian.domain.ranking import (
    DEFAULT_LEADERS,
    Metric,
    RankedTable,
    best_units,
    idle_units,
    rank_units,
    units_named,
    worst_units,
)


@dataclass(frozen=True)
class HeadlineFigure:
    """One figure of the opening sentence: 检查生产经营单位 1117 家次（同比减少40.3%）."""

    phrase: str  # 检查生产经营单位, 出动行政执法人员, 立案, 处罚款
    value: Decimal
    unit: str = ""  # 家次, 人次, 份, 起, 万元
    previous: Decimal | None = None  # the same period a year before; None: not known, no change printed
    places: int = 0  # decimals printed (万元: 2)
    change_places: int = 1  # decimals of the year-on-year percentage (seed 002: 1; 2 for 万元)

    @property
    def change(self) -> Change:
        return yoy_change(self.value, self.previous, places=self.change_places)

    @property
    def value_text(self) -> str:
        return format_value(self.value, self.places, fixed=True)

    @property
    def text(self) -> str:
        change = self.change.text
        return f"{self.phrase}{self.value_text}{self.unit}" + (f"（{change}）" if change else "")


@dataclass(frozen=True)
class UnitFigures:
    """One unit's figures: metric key → value this period, and (where known) the same period last year."""

    unit: str
    values: Mapping[str, Decimal]
    previous: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    """A data-quality finding: 有现场检查、有立案处罚，但无整改记录; `unit` "" means the whole system."""

    problem: str
    unit: str = ""
    count: int | None = None
    detail: str = ""

    @property
    def text(self) -> str:
        out = f"{self.unit}：{self.problem}" if self.unit else self.problem
        if self.count is not None:
            out += f"（{self.count}条）"
        return out + (f"。{self.detail}" if self.detail else "")


@dataclass(frozen=True)
class Section:
    """A section of free text written by staff (存在问题, 工作要求): heading and paragraphs."""

    heading: str
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bulletin:
    """Everything a bulletin prints. `metrics` are the ranked ones, in table order; `units` carry their values."""

    title: str  # 2020年1-6月全市应急管理系统安全生产行政执法情况通报
    agency: str  # 驻马店市应急管理局 (signature)
    period: str  # 2020年1-6月
    issued_on: date
    metrics: tuple[Metric, ...]
    units: tuple[UnitFigures, ...]
    headline: tuple[HeadlineFigure, ...] = ()
    addressee: str = ""  # 各县区应急管理（安全监管）局：
    intro: tuple[str, ...] = ()  # paragraphs before section one
    results_heading: str = ""  # 1-6月各县区安全生产执法检查情况
    subject: str = "各单位共"  # 各县区局共 — the subject of the headline sentence
    criteria: str = ""  # 执法检查数、立案数、处罚数 — defaults to the metrics' short labels
    findings: tuple[Finding, ...] = ()
    sections: tuple[Section, ...] = ()  # further sections after the results and the findings
    table_title: str = ""  # 各县区1-6月安全生产监管综合执法成效统计表
    total_label: str = ""  # 三项执法总得分 — defaults to 三项总得分
    leaders: int = DEFAULT_LEADERS  # how many best and worst units are named
    other_metrics: tuple[Metric, ...] = ()  # shown per unit with their change, not ranked (人次, 文书份数)
    unpraised: tuple[str, ...] = ()  # never named best whatever their rank (e.g. no inspection this period)

    @cached_property
    def ranked(self) -> RankedTable:
        values = {u.unit: {k: to_decimal(v) for k, v in u.values.items()} for u in self.units}
        return rank_units([u.unit for u in self.units], self.metrics, values)

    @property
    def best(self) -> tuple[str, ...]:
        return tuple(u for u in best_units(self.ranked, self.leaders) if u not in self.unpraised)

    @property
    def worst(self) -> tuple[str, ...]:
        return worst_units(self.ranked, self.leaders)

    @property
    def best_text(self) -> str:
        """The best units as sentences name them: at most `leaders`, a tie crossing the cut told in words."""
        return units_named(self.ranked, self.best, self.leaders)

    @property
    def worst_text(self) -> str:
        return units_named(self.ranked, self.worst, self.leaders)

    @property
    def idle(self) -> tuple[str, ...]:
        """Units whose every ranked figure is zero: named as a problem, never best (a tie among zeros)."""
        return idle_units(self.ranked)

    @property
    def total_heading(self) -> str:
        return self.total_label or f"{chinese_numeral(len(self.metrics))}项总得分"

    @property
    def table_heading(self) -> str:
        return self.table_title or f"{self.period}各单位排名统计表"

    @property
    def criteria_text(self) -> str:
        return self.criteria or "、".join(_without_unit(m.phrase) for m in self.metrics)

    @property
    def headline_sentence(self) -> str:
        """2020年1-6月，各县区局共检查生产经营单位1117家次（同比减少40.3%），…。"""
        if not self.headline:
            return ""
        lead = f"{self.period}，" if self.period else ""
        return lead + self.subject + "，".join(f.text for f in self.headline) + "。"

    @property
    def comparison_sentence(self) -> str:
        """从…等综合执法成效来看，执法力度大、成效突出的是…；力度较小、成效较差的是…；…本期…均为零，….

        A part with no unit is left out; units with nothing at all are named apart, never praised."""
        parts = []
        if self.best:
            parts.append(f"执法力度大、成效突出的是{self.best_text}")
        if self.worst:
            parts.append(f"力度较小、成效较差的是{self.worst_text}")
        if self.idle:
            parts.append(f"{'、'.join(self.idle)}本期{self.criteria_text}均为零，执法工作亟待加强")
        if not parts:
            return ""
        return f"从{self.criteria_text}等综合执法成效来看，" + "；".join(parts) + "。"

    @property
    def score_note(self) -> str:
        return score_note(self.ranked.size) + (TIE_NOTE if self.ranked.has_ties() else "")

    @property
    def numbered_metrics(self) -> list[tuple[str, Metric]]:
        """(一, metric), (二, metric)… — the merged headings over each metric's columns."""
        return [(chinese_numeral(i), m) for i, m in enumerate(self.metrics, 1)]

    def table_rows(self) -> list[list[str]]:
        """The ranking table as printed (seed 002's layout): 名次, 单位, 总得分, then value, 排名, 得分 per metric."""
        out = []
        for row in self.ranked.rows:
            cells = [str(row.total_rank), row.unit, str(row.total)]
            for metric, result in zip(self.metrics, row.results, strict=True):
                cells += [format_value(result.value, metric.places), str(result.rank), str(result.score)]
            out.append(cells)
        return out

    @property
    def figure_metrics(self) -> tuple[Metric, ...]:
        """The metrics shown per unit: the ranked ones, then the others."""
        return self.metrics + self.other_metrics

    def unit_changes(self) -> list[tuple[str, list[Change]]]:
        """Each unit's value and year-on-year change per shown metric (text "" where last year is unknown)."""
        out = []
        for u in self.units:
            changes = []
            for m in self.figure_metrics:
                places = 2 if (m.places or 0) >= 2 else 1
                changes.append(yoy_change(u.values.get(m.key, 0), u.previous.get(m.key), places=places))
            out.append((u.unit, changes))
        return out

    @property
    def has_previous(self) -> bool:
        return any(u.previous for u in self.units)


TIE_NOTE = "；数值相同的并列同一名次、得分相同，其后名次顺延"


def score_note(size: int) -> str:
    """得分说明 as seed 002 prints it (for ten units: 第一名得10分，第十名得1分)."""
    return (f"得分说明：每一项得分满分{size}分，按照该项排名顺序依次递减，第一名得{size}分，"
            f"第{chinese_numeral(size)}名得1分")


def headline_sums(metrics: Sequence[Metric], units: Sequence[UnitFigures], *,
                  skip: Sequence[str] = ()) -> tuple[HeadlineFigure, ...]:
    """Headline figures that are the sum over units (检查家次, 立案起数, 罚款万元), with last year's sum where
    every unit has one. A unit in the label's closing brackets is printed after the figure (罚款（万元） →
    罚款合计1.75万元). Metrics in `skip` (rates, averages — sums of them mean nothing) are left out."""
    out = []
    for m in metrics:
        if m.key in skip:
            continue
        total = sum((to_decimal(u.values[m.key]) for u in units), Decimal(0))
        known = [u.previous.get(m.key) for u in units]
        previous = sum((to_decimal(v) for v in known), Decimal(0)) if known and None not in known else None
        places = m.places or 0
        if m.places is None:
            places = max((_places(to_decimal(u.values[m.key])) for u in units), default=0)
        match = _LABEL_UNIT.match(m.phrase)
        phrase, unit = (match.group(1).strip(), match.group(2).strip()) if match else (m.phrase, "")
        out.append(HeadlineFigure(phrase=f"{phrase}合计", value=total, unit=unit, previous=previous, places=places,
                                  change_places=2 if places >= 2 else 1))
    return tuple(out)


_LABEL_UNIT = re.compile(r"^(.+?)\s*[（(]\s*([^（）()]{1,6})\s*[）)]$")  # 罚款（万元） → 罚款, 万元


def _without_unit(label: str) -> str:
    match = _LABEL_UNIT.match(label)
    return match.group(1).strip() if match else label


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
