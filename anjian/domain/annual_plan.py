"""Annual supervision-inspection plan (年度监督检查计划): pure drafting and coverage rules.

The plan must cover every key unit (重点检查单位全覆盖) and at least one third of the general units
(一般检查单位不少于三分之一), spread over the year. Inputs are plain values; `today` is passed in.

Priority of general units (highest first), ties broken by enterprise id ascending:
  1. risk level red > orange > yellow > blue;
  2. more major hazard installations (重大危险源);
  3. longer since the last inspection (never inspected counts as longest);
  4. more problems found at the last inspection.
Months: units are ordered by urgency (key units and red-risk units first, then by priority) and dealt
into the months from `start_month` to December in contiguous, balanced blocks (month counts differ
by at most one), so urgent units come earlier in the year. With a monthly capacity that the units fit
into, balanced blocks never exceed it; when they do not fit, the coverage check names the months.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from math import ceil

PLAN_STATUSES: dict[str, str] = {"draft": "草稿", "submitted": "报批中", "approved": "已批复", "filed": "已备案",
                                 "published": "已公示"}
PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted", "approved"}),  # submitted to the approver, or the approval registered at once
    "submitted": frozenset({"approved", "draft"}),  # approved, or sent back (退回) to its drafter
    "approved": frozenset({"filed"}),
    "filed": frozenset({"published"}),
    "published": frozenset(),
}
ENTRY_REASONS: dict[str, str] = {
    "key_unit": "重点检查单位",
    "risk": "安全风险等级高",
    "history": "上次检查发现问题",
    "time_since": "长期未检查",
    "manual": "人工添加",
}
ADJUSTMENT_KINDS: dict[str, str] = {"add": "增加检查对象", "remove": "移除检查对象", "move": "调整检查月份"}
RISK_ORDER: dict[str, int] = {"red": 0, "orange": 1, "yellow": 2, "blue": 3}
GENERAL_SHARE_NUM, GENERAL_SHARE_DEN = 1, 3
NEVER = 10**6  # days since the last inspection of a never-inspected unit


@dataclass(frozen=True)
class Candidate:
    """One operating enterprise of the plan's region, as the registry and inspections describe it."""

    id: int
    supervision_class: str  # "key" | "general"
    risk_level: str = "blue"
    major_hazards: int = 0
    last_inspected: date | None = None
    problems_last_time: int = 0


@dataclass(frozen=True)
class Selected:
    id: int
    month: int
    reason: str


def general_required(general_total: int) -> int:
    """At least one third of the general units, rounded up."""
    return ceil(general_total * GENERAL_SHARE_NUM / GENERAL_SHARE_DEN)


def _days_since(c: Candidate, today: date) -> int:
    return NEVER if c.last_inspected is None else max(0, (today - c.last_inspected).days)


def priority_key(c: Candidate, today: date) -> tuple:
    return (RISK_ORDER.get(c.risk_level, 9), -c.major_hazards, -_days_since(c, today), -c.problems_last_time, c.id)


def _reason(c: Candidate) -> str:
    if c.supervision_class == "key":
        return "key_unit"
    if c.risk_level in ("red", "orange") or c.major_hazards:
        return "risk"
    if c.problems_last_time:
        return "history"
    return "time_since"


def spread(count: int, start_month: int = 1) -> list[int]:
    """The month of each of `count` ordered units: contiguous balanced blocks over start_month..12."""
    months = 12 - start_month + 1
    return [start_month + (i * months) // count for i in range(count)] if count else []


def draft(candidates: Iterable[Candidate], *, today: date, year: int) -> list[Selected]:
    """Every key unit plus the top third (rounded up) of general units by priority, with their months."""
    units = sorted(candidates, key=lambda c: c.id)
    key = [c for c in units if c.supervision_class == "key"]
    general = sorted((c for c in units if c.supervision_class != "key"), key=lambda c: priority_key(c, today))
    chosen = key + general[:general_required(len(general))]

    def urgency(c: Candidate) -> tuple:
        return (0 if c.supervision_class == "key" or c.risk_level == "red" else 1, *priority_key(c, today))

    chosen.sort(key=urgency)
    start = today.month if today.year == year else 1
    return [Selected(c.id, m, _reason(c)) for c, m in zip(chosen, spread(len(chosen), start), strict=True)]


@dataclass(frozen=True)
class Unit:
    """An enterprise of the plan's region now: name, class and status (operating/suspended/closed)."""

    name: str
    supervision_class: str
    status: str = "operating"


@dataclass
class Coverage:
    missing_key: list[int] = field(default_factory=list)
    general_total: int = 0
    general_planned: int = 0
    general_required: int = 0
    month_counts: dict[int, int] = field(default_factory=dict)
    empty_months: list[int] = field(default_factory=list)
    overloaded_months: list[int] = field(default_factory=list)
    not_operating: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _names(ids: Sequence[int], units: Mapping[int, Unit], limit: int = 10) -> str:
    shown = "、".join(units[i].name if i in units else f"#{i}" for i in ids[:limit])
    return shown + (f"等 {len(ids)} 家" if len(ids) > limit else "")


def coverage_check(units: Mapping[int, Unit], entries: Sequence[tuple[int, int]], *,
                   capacity_per_month: int | None = None) -> Coverage:
    """Check a plan's entries [(enterprise id, month)] against the registry of its region.

    Fails on: a key unit missing, general units below one third (rounded up), a month with no entry
    while there are at least 12 entries, a month above the capacity (or, without one, above twice
    the balanced share), an entry whose unit is no longer operating.
    """
    planned = {e for e, _ in entries}
    operating = {i: u for i, u in units.items() if u.status == "operating"}
    cov = Coverage()
    cov.missing_key = sorted(i for i, u in operating.items() if u.supervision_class == "key" and i not in planned)
    general = [i for i, u in operating.items() if u.supervision_class != "key"]
    cov.general_total = len(general)
    cov.general_planned = sum(1 for i in general if i in planned)
    cov.general_required = general_required(len(general))
    counts = Counter(m for _, m in entries)
    cov.month_counts = {m: counts.get(m, 0) for m in range(1, 13)}
    if len(entries) >= 12:
        cov.empty_months = [m for m in range(1, 13) if not counts.get(m)]
    limit = capacity_per_month if capacity_per_month else max(2, 2 * ceil(len(entries) / 12))
    cov.overloaded_months = [m for m in range(1, 13) if counts.get(m, 0) > limit]
    cov.not_operating = sorted(e for e in planned if e not in operating)
    if cov.missing_key:
        cov.problems.append(f"重点检查单位未全覆盖，缺少：{_names(cov.missing_key, units)}")
    if cov.general_planned < cov.general_required:
        cov.problems.append(f"一般检查单位 {cov.general_total} 家，计划检查 {cov.general_planned} 家，"
                            f"不足三分之一（至少 {cov.general_required} 家）")
    if cov.empty_months:
        cov.problems.append(f"以下月份没有安排检查：{'、'.join(f'{m}月' for m in cov.empty_months)}")
    if cov.overloaded_months:
        cov.problems.append(f"以下月份安排过多（每月不超过 {limit} 家）："
                            f"{'、'.join(f'{m}月（{counts[m]}家）' for m in cov.overloaded_months)}")
    if cov.not_operating:
        cov.problems.append(f"以下单位已停产、关闭或不在辖区，应移出计划：{_names(cov.not_operating, units)}")
    return cov


def progress(entries: Sequence[tuple[int, str | None]]) -> dict[int, tuple[int, int]]:
    """Per month (done, planned) from [(month, inspection status or None)]; done = recorded or closed."""
    out = {m: [0, 0] for m in range(1, 13)}
    for month, status in entries:
        out[month][1] += 1
        if status in ("recorded", "closed"):
            out[month][0] += 1
    return {m: (d, p) for m, (d, p) in out.items()}
