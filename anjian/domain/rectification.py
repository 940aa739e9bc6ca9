"""Rules of rectification follow-up (整改复查): deadlines, extension requests, re-inspection, escalation.

Pure: `today` and dates are passed in.

Extension requests (延期申请). The source rule reads "因不可抗力无法在规定期限内完成整改的，应当在整改期限
届满前10日内提出书面延期申请". We read it as *no later than 10 days before the deadline*: a request
submitted on day D is in time when D <= deadline - 10 days (natural days). A request submitted later
(including after the deadline) is refused; the agency then re-inspects on the deadline as usual.
The lead time is `EXTENSION_LEAD_DAYS`; only one request per hazard may be pending at a time.

Re-inspection (复查). Allowed on or after the deadline; earlier only when the enterprise has reported
that it completed the rectification (整改完成报告). Never before the inspection itself nor in the future.

Escalation. A hazard still being rectified (rectifying / measures) that was found not rectified at a
re-inspection, or whose deadline has passed, may be escalated: to compulsory measures (强制措施, e.g.
查封扣押、停产停业) or to a penalty case (立案处罚).
"""

from dataclasses import dataclass
from datetime import date, timedelta

OPEN_STATUSES = ("rectifying", "measures")  # hazards whose rectification is being followed up
EXTENSION_LEAD_DAYS = 10
DUE_SOON_DAYS = 7  # the "7日内到期" tab
REMIND_WORKDAYS = 3  # `anjian remind`: due within 3 working days

EXTENSION_STATUSES: dict[str, str] = {"pending": "待审批", "approved": "已批准", "rejected": "未批准",
                                      "returned": "已退回"}
EXTENSION: dict[str, frozenset[str]] = {
    "pending": frozenset({"approved", "rejected", "returned"}),
    "returned": frozenset(),  # sent back: the enterprise's corrected request is recorded as a new one
    "approved": frozenset(),
    "rejected": frozenset(),
}

ESCALATION_ROUTES: dict[str, str] = {"measures": "采取强制措施", "penalty_case": "立案处罚"}
RESULT_LABELS: dict[bool, str] = {True: "已整改", False: "未整改"}

EXTENSION_TOO_LATE = "延期申请须在整改期限届满10日前提出（最迟{latest}），已逾时限，不予受理"
EXTENSION_NOT_LATER = "申请延长后的期限须晚于原整改期限（{deadline}）"
EXTENSION_IN_FUTURE = "申请日期不能晚于今天"
REINSPECTION_TOO_EARLY = "整改期限（{deadline}）未到，单位未报告整改完成的，不能提前复查"
REINSPECTION_BEFORE_INSPECTION = "复查日期不能早于检查日期"
REINSPECTION_IN_FUTURE = "复查日期不能晚于今天"


@dataclass(frozen=True)
class DeadlineStatus:
    state: str  # "due" | "due_today" | "overdue"
    days: int  # days left (due), 0 (due_today), days overdue (overdue)

    @property
    def label(self) -> str:
        if self.state == "overdue":
            return f"已逾期{self.days}日"
        if self.state == "due_today":
            return "今日到期"
        return f"{self.days}日后到期"


def deadline_status(deadline: date, today: date) -> DeadlineStatus:
    """Where a hazard's deadline stands on `today`: the deadline day itself is still in time."""
    delta = (deadline - today).days
    if delta > 0:
        return DeadlineStatus("due", delta)
    if delta == 0:
        return DeadlineStatus("due_today", 0)
    return DeadlineStatus("overdue", -delta)


def extension_latest_day(deadline: date) -> date:
    """The last day on which an extension of `deadline` may be requested."""
    return deadline - timedelta(days=EXTENSION_LEAD_DAYS)


def extension_in_time(requested_at: date, deadline: date) -> bool:
    return requested_at <= extension_latest_day(deadline)


def extension_problems(*, requested_at: date, deadline: date, requested_deadline: date | None,
                       today: date) -> list[str]:
    """Why an extension request may not be recorded ([] = it may)."""
    problems: list[str] = []
    if requested_at > today:
        problems.append(EXTENSION_IN_FUTURE)
    if not extension_in_time(requested_at, deadline):
        problems.append(EXTENSION_TOO_LATE.format(latest=extension_latest_day(deadline).isoformat()))
    if requested_deadline is None or requested_deadline <= deadline:
        problems.append(EXTENSION_NOT_LATER.format(deadline=deadline.isoformat()))
    return problems


def reinspection_date_problem(*, on: date, deadline: date | None, completion_reported: bool,
                              inspection_date: date, today: date) -> str | None:
    """Why a hazard may not be re-inspected on `on` (None = it may)."""
    if on > today:
        return REINSPECTION_IN_FUTURE
    if on < inspection_date:
        return REINSPECTION_BEFORE_INSPECTION
    if deadline is not None and on < deadline and not completion_reported:
        return REINSPECTION_TOO_EARLY.format(deadline=deadline.isoformat())
    return None


def escalation_options(*, status: str, deadline: date | None, failed_reinspection: bool,
                       today: date) -> list[str]:
    """The escalation routes open to a hazard ([] = none: rectified, closed, or not yet due)."""
    if status not in OPEN_STATUSES:
        return []
    overdue = deadline is not None and deadline < today
    if not (failed_reinspection or overdue):
        return []
    return list(ESCALATION_ROUTES)


def due_soon_limit(today: date, days: int = DUE_SOON_DAYS) -> date:
    """Last deadline counted as "due soon" on the list page (natural days, inclusive)."""
    return today + timedelta(days=days)
