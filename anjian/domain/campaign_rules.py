"""Cross-region enforcement campaigns (异地执法检查): groups → (inspecting, inspected) pairs, checks, deadlines.

Pure: units are plain strings (region codes in the app), `today` is passed in.

- ring (局域式)       A→B→C→A: each member inspects the next, the last inspects the first;
- mutual (互查式)     A↔B: a group of exactly two that inspect each other;
- in_city (单元式)    a city rotates its own counties: county i inspects county i+1 (the last the first);
- demonstration (示范式) a provincial team (`team`) inspects every listed unit.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

MODES: dict[str, str] = {
    "ring": "局域式",
    "mutual": "互查式",
    "in_city": "单元式",
    "demonstration": "示范式",
}
MODE_ORDER = tuple(MODES)

# 局域式、互查式每轮次不少于12家；示范式不少于10家；单元式结合本地实际确定（no minimum）.
MIN_ENTERPRISES: dict[str, int | None] = {"ring": 12, "mutual": 12, "in_city": None, "demonstration": 10}

DEADLINE_SOON_DAYS = 7
DEADLINE_LABELS = {"done": "已完成", "overdue": "已逾期", "due": "即将到期", "upcoming": "未到期"}


@dataclass(frozen=True)
class Group:
    mode: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    group: int  # 1-based position of the group among the round's groups
    mode: str
    inspecting: str
    inspected: str


def _name(unit: str, names: Mapping[str, str]) -> str:
    return names.get(unit, unit)


def group_problems(groups: Sequence[Group], names: Mapping[str, str] | None = None) -> list[str]:
    """Why the groups of ONE round cannot be paired ([] = they can). Messages are Chinese, per group."""
    names = names or {}
    problems: list[str] = []
    seen: dict[str, int] = {}  # unit → group number, over the non-demonstration groups
    seen_demo: dict[str, int] = {}
    for number, group in enumerate(groups, start=1):
        label = f"第{number}组（{MODES.get(group.mode, group.mode)}）"
        if group.mode not in MODES:
            problems.append(f"第{number}组：请选择执法模式：局域式、互查式、单元式或示范式")
            continue
        members = list(group.members)
        if not members:
            problems.append(f"{label}为空，请至少选择一个单位")
            continue
        doubled = sorted({m for m in members if members.count(m) > 1})
        for unit in doubled:
            problems.append(f"{label}中{_name(unit, names)}重复出现，单位不能检查自己")
        if group.mode == "mutual" and len(members) != 2:
            problems.append(f"{label}须恰好由两个单位组成（A↔B 互查），现有{len(members)}个")
        elif group.mode in ("ring", "in_city") and len(set(members)) == 1:
            problems.append(f"{label}只有一个单位，会检查自己；局域式、单元式每组至少两个单位")
        if group.mode == "in_city":
            cities = {m[:4] for m in members}
            if len(cities) > 1 or any(m.endswith("00") for m in members):
                problems.append(f"{label}须由同一市所辖县（区）组成")
        registry = seen_demo if group.mode == "demonstration" else seen
        for unit in dict.fromkeys(members):
            if unit in registry:
                problems.append(f"{_name(unit, names)}同时在本轮次第{registry[unit]}组和第{number}组中，"
                                f"一个单位每轮次只能在一个组")
            else:
                registry[unit] = number
    return problems


def group_pairs(group: Group, number: int = 1, team: str = "") -> list[Pair]:
    """The pairs of one (valid) group."""
    m = list(group.members)
    if group.mode == "demonstration":
        return [Pair(number, group.mode, team, unit) for unit in m]
    if group.mode == "mutual":
        return [Pair(number, group.mode, m[0], m[1]), Pair(number, group.mode, m[1], m[0])]
    return [Pair(number, group.mode, m[i], m[(i + 1) % len(m)]) for i in range(len(m))]


class CampaignInvalid(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


def round_pairs(groups: Sequence[Group], *, team: str = "", names: Mapping[str, str] | None = None
                ) -> list[Pair]:
    """All pairs of a round, group by group; raises CampaignInvalid with every problem found."""
    names = names or {}
    problems = group_problems(groups, names)
    if problems:
        raise CampaignInvalid(problems)
    pairs = [p for n, g in enumerate(groups, start=1) for p in group_pairs(g, n, team)]
    if any(p.inspected == team for p in pairs if p.mode == "demonstration"):
        problems.append(f"示范式检查组由{_name(team, names)}组织，不能检查{_name(team, names)}自己")
    # A safety net: duplicates are refused above, so this only catches a slip in group_pairs.
    problems += [f"{_name(p.inspecting, names)}不能检查自己" for p in pairs
                 if p.inspecting == p.inspected and p.mode != "demonstration"]
    if problems:
        raise CampaignInvalid(list(dict.fromkeys(problems)))
    return pairs


def enterprise_count_problems(mode: str, count: int, label: str = "") -> list[str]:
    """A warning when a pair plans fewer enterprises than the round's minimum (12; 10 for demonstration)."""
    minimum = MIN_ENTERPRISES.get(mode)
    if minimum is None or count >= minimum:
        return []
    prefix = f"{label}：" if label else ""
    return [f"{prefix}{MODES[mode]}异地执法检查每轮次检查企业数不少于{minimum}家，现为{count}家"]


def arrangement_text(pairs: Sequence[Pair], names: Mapping[str, str]) -> str:
    """One cell of the 统一安排表: "安阳检查鹤壁、鹤壁检查濮阳、…", one line per group."""
    lines: dict[int, list[str]] = {}
    for p in pairs:
        lines.setdefault(p.group, []).append(f"{_name(p.inspecting, names)}检查{_name(p.inspected, names)}")
    return "\n".join("、".join(items) for _, items in sorted(lines.items()))


def deadline_status(deadline: date, today: date, done: bool = False, soon_days: int = DEADLINE_SOON_DAYS) -> str:
    """done / overdue (past and not done) / due (within `soon_days`) / upcoming."""
    if done:
        return "done"
    if deadline < today:
        return "overdue"
    if (deadline - today).days <= soon_days:
        return "due"
    return "upcoming"


def deadline_statuses(deadlines: Sequence[Mapping], today: date) -> list[dict]:
    """[{"name", "date": date, "done": bool}] → the same with "status" and "label", in date order."""
    out = []
    for d in sorted(deadlines, key=lambda d: (d["date"], d["name"])):
        status = deadline_status(d["date"], today, bool(d.get("done")))
        out.append({**d, "status": status, "label": DEADLINE_LABELS[status]})
    return out
