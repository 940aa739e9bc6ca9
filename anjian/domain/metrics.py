"""Enforcement metrics (执法统计指标): what each one counts, its Chinese label and unit, how rates and
year-on-year changes are derived. Pure: the database layer (anjian.reports.metrics) supplies counters.

Every metric is derived from a small set of additive counters (COUNTERS) summed over a unit's agencies and
days, so a unit's figure, a total over units and a figure by industry are all the same computation: sum
the counters, then derive. Rates are never summed or averaged — a total's rate is derived from the
total's counters.

Units: 家次 (inspections carried out), 人次 (officer turnouts), 份 (documents), 起 (cases, transfers),
项 (hazards), 万元 with two decimals (fines, counted in fen and converted half-up), and % with
one decimal (rates). Year-on-year change (同比): the relative change in percent for counts, amounts and ratios
in their own unit (每千家次检查发现隐患, as figures.yoy_change prints it, seed 002), the difference in percentage
points only for rates in %.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from anjian.domain.figures import format_value, quantize, yoy_change
from anjian.domain.input_bounds import digits
from anjian.domain.ranking import Metric

# Additive counters, summed over (agency, day, industry); see anjian.reports.rollup for how each is counted.
COUNTERS: tuple[str, ...] = (
    "inspections",  # inspections carried out (status recorded/closed), by the day they ended
    "planned_inspections",  # … of them from the annual plan or a random draw (双随机)
    "turnouts",  # team members over those inspections
    "hazards",  # hazards found in those inspections
    "major_hazards",  # … of them major (重大事故隐患)
    "measure_hazards",  # … of them with on-site measures (现场处理措施)
    "hazards_due",  # hazards due in the period: deadline in the period, or corrected on the spot that day
    "hazards_rectified",  # … of them rectified or corrected (as of now)
    "documents",  # documents issued, by the day issued
    "measure_decisions",  # … of them 现场处理措施决定书 (现决)
    "cases_filed",  # penalty cases filed (立案), by filing date
    "cases_decided",  # penalty cases decided, by decision date
    "fines_fen",  # fines decided, in fen (分, yuan × 100: exact integers on every database), by decision date
    "transfers",  # case transfers (移送), by the day sent
    "criminal_transfers",  # … of them to public security or the procuratorate (涉嫌犯罪)
    "key_enterprises",  # key enterprises (重点检查单位) in the unit's region (not a per-day counter)
    "key_inspected",  # … of them inspected at least once in the period by the unit's agencies
)
DAILY_COUNTERS: tuple[str, ...] = COUNTERS[:-2]  # the ones kept per (agency, day, industry)
# Data-quality counters (数据质量), additive like the others and kept per (agency, day, industry) too.
QUALITY_COUNTERS: tuple[str, ...] = (
    "q_no_rectification",  # inspections (by their day) with a hazard that has no deadline, is not rectified
    #                        or corrected and was not escalated (有隐患，无整改记录)
    "q_missing_record",  # inspections of the agency's own region with no issued 现场检查记录 (检记)
    "q_late_entry",  # inspections recorded more than `late_days` days after they ended (录入不及时)
    "q_no_penalty_document",  # decided cases (by decision day), not 不予处罚/移送, with no issued 处罚决定书
)
ALL_COUNTERS: tuple[str, ...] = COUNTERS + QUALITY_COUNTERS
DEFAULT_LATE_DAYS = 7
PLANNED_SOURCES: tuple[str, ...] = ("annual_plan", "random")  # 计划检查; every other source is 触发 (triggered)
COUNTED_STATUSES: tuple[str, ...] = ("recorded", "closed")  # an inspection carried out
RECTIFIED_STATUSES: tuple[str, ...] = ("corrected", "rectified")
NO_DATA = "本期无数据"

KIND_COUNT, KIND_AMOUNT, KIND_RATE = "count", "amount", "rate"


@dataclass(frozen=True)
class MetricDef:
    """One metric: `label` heads a column, `unit` follows the figure, `phrase` opens a headline clause
    (检查生产经营单位1117家次), `short_label` names it in sentences (执法检查数)."""

    key: str
    label: str
    unit: str
    kind: str = KIND_COUNT
    places: int = 0
    short_label: str = ""
    phrase: str = ""
    higher_is_better: bool = True

    @property
    def heading(self) -> str:
        return f"{self.label}({self.unit})" if self.unit else self.label

    def ranking_metric(self) -> Metric:
        """The metric as anjian.domain.ranking ranks it (values rounded to `places` first)."""
        return Metric(self.key, self.heading, higher_is_better=self.higher_is_better, places=self.places,
                      short_label=self.short_label or self.label)


def _m(key, label, unit, kind=KIND_COUNT, places=0, short="", phrase="", higher=True) -> MetricDef:
    return MetricDef(key, label, unit, kind, places, short, phrase or label, higher)


METRICS: dict[str, MetricDef] = {m.key: m for m in (
    _m("inspections", "检查生产经营单位", "家次", short="执法检查数", phrase="检查生产经营单位"),
    _m("turnouts", "出动行政执法人员", "人次", short="出动执法人员数", phrase="出动行政执法人员"),
    _m("documents", "使用执法文书", "份", short="执法文书数", phrase="使用执法文书"),
    _m("cases", "立案数", "起", short="立案数", phrase="立案"),
    _m("fines", "罚款", "万元", KIND_AMOUNT, 2, short="处罚数", phrase="处罚款"),
    _m("hazards", "发现事故隐患", "项", short="隐患数", phrase="发现事故隐患"),
    _m("major_hazards", "发现重大事故隐患", "项", short="重大隐患数", phrase="发现重大事故隐患"),
    _m("rectification_rate", "隐患整改率", "%", KIND_RATE, 1, short="整改率"),
    _m("hazards_per_1000", "每千家次检查发现隐患", "项", KIND_RATE, 1, short="千次检查隐患数"),
    _m("key_coverage", "重点检查单位覆盖率", "%", KIND_RATE, 1, short="重点单位覆盖率"),
    _m("planned_inspections", "计划检查", "家次", short="计划检查数", phrase="计划检查"),
    _m("triggered_inspections", "触发检查", "家次", short="触发检查数", phrase="触发检查"),
    _m("planned_share", "计划检查占比", "%", KIND_RATE, 1, short="计划检查占比"),
    _m("measure_hazards", "采取现场处理措施的隐患", "项", short="现场处理措施数", phrase="采取现场处理措施"),
    _m("measure_decisions", "现场处理措施决定书", "份", short="现场处理措施决定数", phrase="下达现场处理措施决定书"),
    _m("transfers", "移送案件", "起", short="移送数", phrase="移送案件"),
    _m("criminal_transfers", "涉嫌犯罪移送", "起", short="涉嫌犯罪移送数", phrase="移送涉嫌犯罪案件"),
)}
SEED_RANKED: tuple[str, ...] = ("inspections", "cases", "fines")  # seed 002's three ranked metrics
HEADLINE: tuple[str, ...] = ("inspections", "turnouts", "documents", "cases", "fines")  # seed 002's sentence


class MetricError(ValueError):
    """A metric or period the user asked for does not exist; the message is Chinese."""


def metric_defs(keys: Sequence[str] | None = None) -> tuple[MetricDef, ...]:
    if keys is None:
        return tuple(METRICS.values())
    unknown = [k for k in keys if k not in METRICS]
    if unknown:
        raise MetricError(f"没有指标“{unknown[0]}”；可选：{'、'.join(METRICS)}")
    return tuple(METRICS[k] for k in dict.fromkeys(keys))


def _rate(numerator, denominator, scale: int = 100) -> Decimal | None:
    if not denominator:
        return None
    return quantize(Decimal(numerator) * scale / Decimal(denominator), 1)


def derive(counters: Mapping[str, int]) -> dict[str, Decimal | None]:
    """Every metric's value from a unit's counters; a rate with no base (no inspections, nothing due, no
    key enterprises) is None — "—" in tables, never a made-up 0 or 100%."""
    c = {k: counters.get(k, 0) or 0 for k in COUNTERS}
    inspections = int(c["inspections"])
    return {
        "inspections": Decimal(inspections),
        "turnouts": Decimal(int(c["turnouts"])),
        "documents": Decimal(int(c["documents"])),
        "cases": Decimal(int(c["cases_filed"])),
        "fines": quantize(Decimal(int(c["fines_fen"])) / 1_000_000, 2),
        "hazards": Decimal(int(c["hazards"])),
        "major_hazards": Decimal(int(c["major_hazards"])),
        "rectification_rate": _rate(c["hazards_rectified"], c["hazards_due"]),
        "hazards_per_1000": _rate(c["hazards"], inspections, 1000),
        "key_coverage": _rate(c["key_inspected"], c["key_enterprises"]),
        "planned_inspections": Decimal(int(c["planned_inspections"])),
        "triggered_inspections": Decimal(inspections - int(c["planned_inspections"])),
        "planned_share": _rate(c["planned_inspections"], inspections),
        "measure_hazards": Decimal(int(c["measure_hazards"])),
        "measure_decisions": Decimal(int(c["measure_decisions"])),
        "transfers": Decimal(int(c["transfers"])),
        "criminal_transfers": Decimal(int(c["criminal_transfers"])),
    }


def add_counters(rows: Sequence[Mapping[str, int]]) -> dict[str, int]:
    total: dict[str, int] = dict.fromkeys(ALL_COUNTERS, 0)
    for row in rows:
        for k in ALL_COUNTERS:
            total[k] += row.get(k, 0) or 0
    return total


def has_activity(counters: Mapping[str, int]) -> bool:
    """True when anything happened (key_enterprises is a fact about the region, not activity)."""
    return any(counters.get(k) for k in DAILY_COUNTERS)


def value_text(metric: MetricDef, value: Decimal | None) -> str:
    if value is None:
        return "—"
    return format_value(value, metric.places, fixed=metric.kind != KIND_COUNT)


@dataclass(frozen=True)
class MetricChange:
    """同比 of one metric: `percent` (counts, amounts) or `points` (rates, 百分点); text is what is printed."""

    direction: str  # 增加/减少 (counts), 提高/下降 (rates), 持平, or "" when it cannot be said
    text: str
    percent: Decimal | None = None
    points: Decimal | None = None


def metric_change(metric: MetricDef, current: Decimal | None, previous: Decimal | None) -> MetricChange:
    """Percentages (unit %) change by percentage points (个百分点); every other figure, a ratio in its own unit
    such as 每千家次检查发现隐患 (项) included, by the relative change in percent (同比增加x%)."""
    if metric.kind == KIND_RATE and (current is None or previous is None):
        return MetricChange("", "上年同期无可比数据" if previous is None and current is not None else "")
    if metric.kind == KIND_RATE and metric.unit == "%":
        points = quantize(current - previous, metric.places)
        if points.is_zero():
            return MetricChange("持平", "同比持平", points=points)
        direction = "提高" if points > 0 else "下降"
        return MetricChange(direction, f"同比{direction}{format_value(abs(points), metric.places, fixed=True)}个百分点",
                            points=points)
    if current is None:
        return MetricChange("", "")
    change = yoy_change(current, previous, places=2 if metric.places >= 2 else 1)
    return MetricChange(change.direction, change.text, percent=change.percent)


def quality_problem(key: str, late_days: int = DEFAULT_LATE_DAYS) -> str:
    """The finding as a bulletin names it (seed 002: 有现场检查、有立案处罚，但无整改记录)."""
    return {
        "q_no_rectification": "有现场检查、发现隐患，但无整改记录",
        "q_missing_record": "有现场检查，但无现场检查记录",
        "q_late_entry": f"检查结束超过{late_days}日才录入检查记录，录入数据不及时",
        "q_no_penalty_document": "已作出处罚决定，但无行政处罚决定书",
    }[key]


# ---- periods -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A date range, both ends included, with the label a bulletin prints (2020年1-6月)."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self):
        if self.end < self.start:
            raise MetricError(f"统计期间的结束日期{self.end:%Y-%m-%d}早于开始日期{self.start:%Y-%m-%d}")
        if not self.label:
            object.__setattr__(self, "label", period_label(self.start, self.end))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous_year(self) -> "Period":
        """The same period a year earlier (上年同期); 29 February becomes 28 February."""
        return Period(_year_earlier(self.start), _year_earlier(self.end))

    @property
    def key(self) -> str:
        return f"{self.start:%Y-%m-%d}..{self.end:%Y-%m-%d}"


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 Feb
        return date(day.year - 1, 2, 28)


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def period_label(start: date, end: date) -> str:
    """2020年1-6月, 2020年3月, 2020年, or 2020年3月5日至2020年4月1日 for ranges that are not whole months."""
    whole = start.day == 1 and end == _month_end(end.year, end.month)
    if whole and start.year == end.year:
        if start.month == 1 and end.month == 12:
            return f"{start.year}年"
        if start.month == end.month:
            return f"{start.year}年{start.month}月"
        return f"{start.year}年{start.month}-{end.month}月"
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def half_year(year: int, half: int = 1) -> Period:
    """H1 = January–June (上半年), H2 = July–December."""
    if half not in (1, 2):
        raise MetricError("半年只能是上半年（H1）或下半年（H2）")
    return Period(date(year, 1, 1), date(year, 6, 30)) if half == 1 else Period(date(year, 7, 1), date(year, 12, 31))


def period_parse(text: str) -> Period:
    """2020H1 / 2020H2, 2020Q1…Q4, 2020 (year), 2020-03 (month), 2020-01-01..2020-06-30 (any range)."""
    raw = (text or "").strip().upper().replace("—", "..").replace("~", "..")
    try:
        if ".." in raw:
            a, b = (part.strip() for part in raw.split("..", 1))
            return Period(date.fromisoformat(a), date.fromisoformat(b))
        if len(raw) == 6 and raw[4] == "H" and digits(raw[:4]):
            return half_year(int(raw[:4]), int(raw[5]))
        if len(raw) == 6 and raw[4] == "Q" and digits(raw[:4]) and raw[5] in "1234":
            year, quarter = int(raw[:4]), int(raw[5])
            return Period(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))
        if len(raw) == 4 and digits(raw):
            return Period(date(int(raw), 1, 1), date(int(raw), 12, 31))
        if len(raw) == 7 and raw[4] == "-":
            year, month = int(raw[:4]), int(raw[5:])
            return Period(date(year, month, 1), _month_end(year, month))
    except ValueError as exc:
        if isinstance(exc, MetricError):
            raise
        raise MetricError(f"统计期间“{text}”无法识别（日期无效）") from exc
    raise MetricError(f"统计期间“{text}”无法识别；请写作 2020H1（上半年）、2020Q2、2020、2020-03 "
                      f"或 2020-01-01..2020-06-30")


PERIOD_KINDS = {"year": "全年", "half": "半年", "quarter": "季度", "month": "月份", "range": "起止日期"}
HALVES = {1: "上半年（1-6月）", 2: "下半年（7-12月）"}
QUARTERS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def period_choice(kind: str, year: int | None = None, part: int | None = None, start: date | None = None,
                  end: date | None = None) -> Period:
    """The period picked on the form: a year, a half (part 1–2), a quarter (1–4), a month (1–12), or a range."""
    if kind == "range":
        if start is None or end is None:
            raise MetricError("请选择开始日期和结束日期")
        return Period(start, end)
    if kind not in PERIOD_KINDS:
        raise MetricError("请选择统计期间的类型（全年、半年、季度、月份或起止日期）")
    if year is None:
        raise MetricError("请选择年份")
    if kind == "year":
        return Period(date(year, 1, 1), date(year, 12, 31))
    limit = {"half": 2, "quarter": 4, "month": 12}[kind]
    if part is None or not 1 <= part <= limit:
        raise MetricError(f"请选择{PERIOD_KINDS[kind]}")
    if kind == "half":
        return half_year(year, part)
    if kind == "quarter":
        return Period(date(year, 3 * part - 2, 1), _month_end(year, 3 * part))
    return Period(date(year, part, 1), _month_end(year, part))


def period_fields(period: Period) -> dict:
    """The form's fields for ``period`` (kind, year, part, start, end) — the inverse of `period_choice`."""
    s, e = period.start, period.end
    out = {"kind": "range", "year": s.year, "part": None, "start": s, "end": e}
    if s.day != 1 or e != _month_end(e.year, e.month) or s.year != e.year:
        return out
    months = e.month - s.month + 1
    if months == 12:
        out["kind"] = "year"
    elif months == 6 and s.month in (1, 7):
        out.update(kind="half", part=1 if s.month == 1 else 2)
    elif months == 3 and s.month % 3 == 1:
        out.update(kind="quarter", part=(s.month + 2) // 3)
    elif months == 1:
        out.update(kind="month", part=s.month)
    return out


def period_code(period: Period) -> str:
    """The compact code `period_parse` reads back (links between the statistics pages carry it)."""
    f = period_fields(period)
    return {"year": f"{f['year']}", "half": f"{f['year']}H{f['part']}", "quarter": f"{f['year']}Q{f['part']}",
            "month": f"{f['year']}-{f['part']:02d}" if f["part"] else "",
            "range": f"{period.start.isoformat()}..{period.end.isoformat()}"}[f["kind"]]


def latest_half_with_data(latest_activity: date | None, today: date) -> Period:
    """The default period: the half-year of the latest recorded activity (not an empty current month); with no
    activity at all, the last half-year that has ended."""
    if latest_activity is None or latest_activity > today:
        return half_year(today.year, 1) if today.month > 6 else half_year(today.year - 1, 2)
    return half_year(latest_activity.year, 1 if latest_activity.month <= 6 else 2)


# ---- a table of units ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitMetrics:
    """One unit's counters this period and (when asked) the same period last year."""

    unit: str
    code: str  # region code ("" for a total or an industry row)
    counters: Mapping[str, int]
    previous_counters: Mapping[str, int] | None = None

    @property
    def values(self) -> dict[str, Decimal | None]:
        return derive(self.counters)

    @property
    def previous_values(self) -> dict[str, Decimal | None] | None:
        return None if self.previous_counters is None else derive(self.previous_counters)

    @property
    def has_data(self) -> bool:
        return has_activity(self.counters)

    def change(self, metric: MetricDef) -> MetricChange:
        previous = self.previous_values
        return metric_change(metric, self.values[metric.key], None if previous is None else previous[metric.key])


@dataclass(frozen=True)
class MetricsTable:
    """Metrics for units over one period; `total` is derived from the summed counters (合计)."""

    period: Period
    metrics: tuple[MetricDef, ...]
    units: tuple[UnitMetrics, ...]
    previous_period: Period | None = None
    industry: str | None = None
    total: UnitMetrics = field(init=False)

    def __post_init__(self):
        previous = None
        if self.previous_period is not None:
            previous = add_counters([u.previous_counters or {} for u in self.units])
        object.__setattr__(self, "total", UnitMetrics("合计", "", add_counters([u.counters for u in self.units]),
                                                      previous))

    @property
    def has_data(self) -> bool:
        return self.total.has_data

    @property
    def empty_message(self) -> str:
        """"2020年1-6月本期无数据" when nothing was recorded for any unit, else ""."""
        return "" if self.has_data else f"{self.period.label}{NO_DATA}"

    def unit(self, name: str) -> UnitMetrics:
        for u in self.units:
            if u.unit == name or (u.code and u.code == name):
                return u
        raise KeyError(name)

    def value(self, unit: str, key: str) -> Decimal | None:
        return self.unit(unit).values[key]

    def rows(self) -> list[tuple[UnitMetrics, list[tuple[str, str]]]]:
        """Each unit (then 合计) with (value text, change text) per metric, for tables."""
        out = []
        for u in (*self.units, self.total):
            values = u.values
            cells = [(value_text(m, values[m.key]), u.change(m).text if self.previous_period else "")
                     for m in self.metrics]
            out.append((u, cells))
        return out
