"""The to-do list (待办): what waits for one user's action, by when, and in which order. Pure Python.

Each app reads the records waiting for a capability its user holds and turns them into `TodoItem`s; the home app
merges them with `merge`. Urgency: overdue first (most days overdue first), then the soonest due, then undated.

Deadline kinds computed here (the others come from the records' own time limits):
- cross-region campaigns (seed 000, 豫应急办〔2023〕41号): inspection plans (方案) of the two rounds are reported
  before 5 May and 5 August, work summaries (总结) before 30 June and 30 September (`campaign_report_deadlines`);
- random inspections (seed 004): results are published within 5 working days of completing the task
  (`DRAW_DISCLOSURE_WORKDAYS`, computed by the draws app when the task completes);
- penalty decisions (seed 003): published within 20 working days of the decision (`domain.case_deadlines`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

# kind → what the user is asked to do (the verb shown on the list).
KINDS: dict[str, str] = {
    "inspection_approve": "审批检查方案",
    "extension_decide": "审批延期申请",
    "reinspection": "复查",
    "rectification_overdue": "督促逾期整改",
    "case_filing": "审批立案",
    "case_legal_review": "法制审核",
    "case_discussion": "集体讨论",
    "case_decide": "作出决定",
    "case_submit": "提交法制审核",
    "case_serve": "送达处罚决定书",
    "case_overdue": "案件超期",
    "case_disclose": "公开处罚决定",
    "document_issue": "签发文书",
    "handover_acknowledge": "签收移交单",
    "handover_act": "处理移交问题",
    "listing_due": "督办到期审核",
    "draw_disclose": "公开抽查结果",
    "plan_approve": "审批年度计划",
    "plan_file": "报上级备案",
    "plan_publish": "公示年度计划",
    "campaign_report": "报送行动方案/总结",
    "guidance_start": "开展执法指导",
    "guidance_letter": "下达指导意见书",
    "guidance_report": "报送整改报告",
    "guidance_close": "审核整改报告",
    "returned": "已退回",
    "account_locked": "处理锁定账号",
    "calendar_missing": "录入节假日安排",
    "security_review": "审查安全事件",
}

DEFAULT_LIMIT = 100  # items a to-do lists (a page a person reads); `total` counts the rest (ADR 0030, 0038)

# A draft whose record moved on is no longer a document to sign (签发): the inspection statuses past which a kind of
# draft is stale (a 现场检查方案 once the inspection is recorded; any draft of a cancelled inspection).
DRAFT_STALE_AFTER: dict[str, frozenset[str]] = {"检查": frozenset({"recorded", "closed"})}
DRAFT_STALE_ALWAYS = frozenset({"cancelled"})
DRAW_DISCLOSURE_WORKDAYS = 5

# Seed 000: (round, what, month, day): plans before 5/5 and 8/5, summaries before 6/30 and 9/30.
CAMPAIGN_REPORTS: tuple[tuple[int, str, int, int], ...] = (
    (1, "方案", 5, 5), (1, "总结", 6, 30), (2, "方案", 8, 5), (2, "总结", 9, 30))
_ROUND_NAMES = {1: "第一轮次", 2: "第二轮次"}
_REPORT_NAMES = {"方案": "异地执法检查方案上报", "总结": "异地执法检查工作总结上报"}


@dataclass(frozen=True)
class TodoItem:
    kind: str  # a key of KINDS
    title: str  # the record: enterprise, case or plan name
    link: str  # the page where the action is
    due: date | None = None
    overdue: bool = False
    days_overdue: int = 0
    record: str = ""  # the kind of record and its number, e.g. 检查 #12
    agency: str = ""  # set on a subordinate agency's item shown to its superiors
    note: str = ""  # a reason (a step sent back) or a detail
    supervise: bool = False  # read-only: the user presses others to act (督促), no form of theirs on the page

    @property
    def action(self) -> str:
        """The verb shown: the step itself, or 督促… on an item the user only presses others to act on."""
        verb = KINDS.get(self.kind, self.kind)
        return verb if not self.supervise or verb.startswith("督促") else f"督促{verb}"


def make_item(kind: str, *, title: str, link: str, today: date, due: date | None = None, record: str = "",
              agency: str = "", note: str = "", supervise: bool = False) -> TodoItem:
    """An item with its overdue flag computed against `today` (the due day itself is still in time). A
    subordinate agency's item (``agency`` named) is always one to press (督促), never to act on."""
    if kind not in KINDS:
        raise ValueError(f"unknown to-do kind: {kind}")
    late = (today - due).days if due is not None else 0
    return TodoItem(kind=kind, title=title, link=link, due=due, overdue=late > 0, days_overdue=max(late, 0),
                    record=record, agency=agency, note=note, supervise=supervise or bool(agency))


def urgency_key(item: TodoItem) -> tuple:
    """Overdue first (most days overdue first), then due soonest, then undated; ties by kind and title."""
    if item.overdue:
        return (0, -item.days_overdue, item.kind, item.title, item.link)
    if item.due is not None:
        return (1, item.due.toordinal(), item.kind, item.title, item.link)
    return (2, 0, item.kind, item.title, item.link)


@dataclass(frozen=True)
class Batch:
    """Items of one source (at most its limit) and how many there are in all (bounded by the source)."""

    items: Sequence[TodoItem] = ()
    total: int = 0


@dataclass(frozen=True)
class TodoList:
    items: list[TodoItem] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        """How many items are not shown."""
        return max(self.total - len(self.items), 0)

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.overdue)

    @property
    def own(self) -> list[TodoItem]:
        """The user's own agency's items (the subordinates' are listed apart, under 下级单位逾期)."""
        return [i for i in self.items if not i.agency]

    @property
    def below(self) -> list[TodoItem]:
        """Subordinate agencies' overdue items (督促)."""
        return [i for i in self.items if i.agency]


def merge(batches: Iterable[Batch], limit: int = DEFAULT_LIMIT) -> TodoList:
    """One list in urgency order, at most `limit` items, duplicates (same kind, link and due date) once; total
    counts all. A subordinate agency's item reaches a superior only once overdue: one that is not is dropped."""
    seen: set[tuple] = set()
    items: list[TodoItem] = []
    total = 0
    for batch in batches:
        total += max(batch.total, len(batch.items))
        for item in batch.items:
            key = (item.kind, item.link, item.due)
            if key in seen or (item.agency and not item.overdue):
                total -= 1
                continue
            seen.add(key)
            items.append(item)
    items.sort(key=urgency_key)
    return TodoList(items=items[:max(limit, 0)], total=max(total, len(items)))


def label_agency(items: Iterable[TodoItem], agency: str) -> list[TodoItem]:
    return [replace(i, agency=agency) for i in items]


def campaign_report_deadlines(year: int) -> list[dict]:
    """The four report deadlines of a year's campaign (seed 000), in the shape a campaign stores them."""
    return [{"name": f"{_ROUND_NAMES[rnd]}{_REPORT_NAMES[what]}", "date": date(year, month, day), "done": False}
            for rnd, what, month, day in CAMPAIGN_REPORTS]


def campaign_reports_open(deadlines: Iterable[dict], today: date, *, ahead_days: int = 30) -> list[dict]:
    """The reports not yet done whose date is past or within `ahead_days`, date order ({"name", "date"})."""
    out = [d for d in deadlines if not d.get("done") and (d["date"] - today).days <= ahead_days]
    return sorted(out, key=lambda d: (d["date"], d["name"]))


def month_end(year: int, month: int) -> date:
    """The last day of a month (a review scheduled for the month is due by then)."""
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def is_overdue(due: date | None, today: date) -> bool:
    return due is not None and due < today


def notice_level(due: date | None, today: date, soon_last_day: date) -> str | None:
    """The reminder (`anjian remind`) a deadline calls for: "overdue" once past, "due" up to `soon_last_day`
    (the due day itself included), None when further off or undated."""
    if due is None:
        return None
    if due < today:
        return "overdue"
    if due <= soon_last_day:
        return "due"
    return None
