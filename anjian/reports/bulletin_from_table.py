"""A bulletin from an uploaded per-unit table (the demo of the upload page): the table's own figures only.

The headline sums each metric over the units (with last year's sum where the table has 上年同期 columns
for every unit); columns that are rates or averages (their name says 率, %, 平均 or 每) are not summed.
A unit whose every figure is 0 is listed as a data-quality finding: it may not have reported.
"""

import re
from datetime import date

from anjian.domain.bulletin import Bulletin, Finding, UnitFigures, headline_sums
from anjian.domain.ranking import Metric
from anjian.domain.ranking_input import RankInput

NOT_SUMMED = re.compile(r"率|%|％|平均|每")
ZERO_FINDING = "全部指标均为0，请核实是否漏报或未按时录入"


def default_title(period: str) -> str:
    return f"关于{period}安全生产行政执法情况的通报" if period else "关于安全生产行政执法情况的通报"


def bulletin_from_input(parsed: RankInput, *, agency: str, period: str, issued_on: date,
                        title: str = "") -> Bulletin:
    ranked = set(m.key for m in parsed.metrics)
    others = tuple(Metric(key=c, label=c) for c in parsed.columns if c not in ranked)
    units = tuple(UnitFigures(u, parsed.values[u], parsed.previous.get(u, {})) for u in parsed.units)
    every = parsed.metrics + others
    headline = headline_sums(every, units, skip=[m.key for m in every if NOT_SUMMED.search(m.label)])
    findings = tuple(Finding(ZERO_FINDING, unit=u.unit) for u in units
                     if all(v.is_zero() for v in u.values.values()))
    return Bulletin(
        title=title or default_title(period),
        agency=agency,
        period=period,
        issued_on=issued_on,
        metrics=parsed.metrics,
        other_metrics=others,
        units=units,
        headline=headline,
        subject="各单位",
        results_heading=f"{period}各单位执法情况及排名" if period else "各单位执法情况及排名",
        table_title=f"各单位{period}综合执法成效统计表",
        findings=findings,
    )
