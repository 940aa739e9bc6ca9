"""A bulletin (通报) built from the records: the units below an agency, ranked on chosen metrics, with the
headline sentence and year-on-year changes of seed 002 and the data-quality findings.

Everything derived (ranks, scores, best and worst units, sentences) is anjian.domain.bulletin's; this module
only supplies the figures. A functional zone (经开区 …) with no activity in the period is left out — zones
are units only where they enforce — while a county with no activity stays in, ranks last and is named as a
problem (本期无执法检查), never among the best however the zeros tie.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.utils import timezone

from anjian.domain.bulletin import Bulletin, Finding, HeadlineFigure, UnitFigures
from anjian.domain.figures import chinese_numeral
from anjian.domain.metrics import (
    HEADLINE,
    METRICS,
    SEED_RANKED,
    MetricError,
    MetricsTable,
    Period,
    metric_defs,
)
from anjian.regions.models import Agency
from anjian.reports.metrics import metrics_table_with_yoy, unit_of, units_below
from anjian.reports.metrics_quality import table_findings

LEVEL = {"province": ("全省", "各省辖市、济源示范区应急管理局：", "各省辖市局共", "各省辖市"),
         "city": ("全市", "各县区应急管理（安全监管）局：", "各县区局共", "各县区"),
         "county": ("全县", "各乡镇（街道）：", "各单位共", "各单位")}
OTHER_SHOWN = ("turnouts", "documents")  # shown per unit with their change, not ranked (seed 002's headline)


def short_period(period: Period) -> str:
    """2020年1-6月 → 1-6月 (the seed's table title and section heading)."""
    prefix = f"{period.start.year}年"
    label = period.label
    return label[len(prefix):] if label.startswith(prefix) and period.start.year == period.end.year else label


def bulletin_table(agency: Agency, period: Period, metrics_to_rank: Sequence[str] = SEED_RANKED, *,
                   units=None) -> MetricsTable:
    """The figures a bulletin of `agency` prints: its units' metrics with 同比."""
    units = [unit_of(u) for u in units] if units is not None else units_below(agency)
    if not units:
        raise MetricError(f"{agency.name}没有下级单位，无法生成排名通报")
    keys = list(dict.fromkeys([*metrics_to_rank, *HEADLINE]))
    table = metrics_table_with_yoy(units, period, metrics=keys)
    kept = [u for u, unit in zip(table.units, units, strict=True) if not unit.is_functional_zone or u.has_data]
    if len(kept) != len(table.units):
        table = MetricsTable(table.period, table.metrics, tuple(kept), table.previous_period, table.industry)
    return table


def bulletin_from_records(agency: Agency, period: Period, metrics_to_rank: Sequence[str] = SEED_RANKED, *,
                          issued_on: date | None = None, units=None, leaders: int = 3,
                          table: MetricsTable | None = None) -> Bulletin:
    """The bulletin of `agency` over `period`, ranking its units on `metrics_to_rank` (default: seed 002's
    inspections, cases and fines). A period with no data at all is refused with 本期无数据."""
    ranked_defs = metric_defs(metrics_to_rank)
    if not ranked_defs:
        raise MetricError("请至少选择一项参与排名的指标")
    table = table or bulletin_table(agency, period, metrics_to_rank, units=units)
    if not table.has_data:
        raise MetricError(f"{table.empty_message}，无法生成通报")
    level = agency.region.level
    whole, addressee, subject, plural = LEVEL.get(level, LEVEL["county"])
    shown = [METRICS[k] for k in OTHER_SHOWN if k not in metrics_to_rank]
    figures, findings, no_inspections = [], [], []
    for u in table.units:
        values, previous = u.values, u.previous_values or {}
        if values.get("inspections") is not None and values["inspections"] == 0:
            no_inspections.append(u.unit)  # a problem to name, never a best unit (issue 12)
            findings.append(Finding("本期无执法检查", unit=u.unit))
        row, before = {}, {}
        for m in (*ranked_defs, *shown):
            value = values[m.key]
            if value is None:  # a rate with no base ranks as 0, and the bulletin says why
                findings.append(Finding(f"本期{m.label}无可比数据，排名按0计", unit=u.unit))
                value = Decimal(0)
            row[m.key] = value
            if previous.get(m.key) is not None:
                before[m.key] = previous[m.key]
        figures.append(UnitFigures(u.unit, row, before))
    findings = [f.as_finding() for f in table_findings(table)] + findings
    total, total_before = table.total.values, table.total.previous_values or {}
    headline = tuple(
        HeadlineFigure(METRICS[k].phrase, total[k], METRICS[k].unit, total_before.get(k), places=METRICS[k].places,
                       change_places=2 if METRICS[k].places >= 2 else 1) for k in HEADLINE)
    short = short_period(period)
    return Bulletin(
        title=f"{period.label}{whole}应急管理系统安全生产行政执法情况通报",
        agency=agency.name,
        period=period.label,
        issued_on=issued_on or timezone.localdate(),
        metrics=tuple(m.ranking_metric() for m in ranked_defs),
        other_metrics=tuple(m.ranking_metric() for m in shown),
        units=tuple(figures),
        headline=headline,
        addressee=addressee,
        results_heading=f"{short}{plural}安全生产执法检查情况",
        subject=subject,
        findings=tuple(findings),
        table_title=f"{plural}{short}安全生产监管综合执法成效统计表",
        total_label=f"{chinese_numeral(len(ranked_defs))}项执法总得分",
        leaders=leaders,
        unpraised=tuple(no_inspections),
    )
