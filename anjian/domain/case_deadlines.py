"""Time limits of a penalty case, counted with the working-day calendar or in calendar days as the law says.

《行政处罚法》(2021) 第八十五条: its "二日、三日、五日、七日" are working days. So the statement period after the
penalty notice (3), the hearing request period (5, 第六十四条), the preservation decision (7, 第五十六条) and
service of the decision (7, 第六十一条) count working days. The 90-day decision limit (第六十条), the 15-day payment
period (第六十七条) and the 10 days after a reminder (行政强制法 第五十四条) are calendar days; a calendar-day period
whose last day is a holiday ends on the next working day. Disclosure: 20 working days after the decision
(7 for penalties found by random inspection), both configurable. See docs/adr/0015-penalty-cases.md.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from anjian.domain.calendar import CalendarYearMissing, WorkCalendar, provisional_note
from anjian.domain.case_process import UNDECIDED, StepRefused


@dataclass(frozen=True)
class TimeLimits:
    statement_workdays: int = 3
    hearing_request_workdays: int = 5
    preservation_workdays: int = 7
    service_workdays: int = 7
    decision_days: int = 90
    payment_days: int = 15
    reminder_days: int = 10
    disclosure_workdays: int = 20
    disclosure_workdays_random: int = 7


@dataclass(frozen=True)
class CaseFacts:
    status: str
    source: str = "inspection"
    filed_on: date | None = None
    extension_days: int = 0
    preservations: Sequence[tuple[date, date | None]] = ()  # (notice served, decision made)
    notice_served_on: date | None = None
    hearing_notice_served_on: date | None = None
    rights_waived_on: date | None = None  # the party waived the statement (and hearing) periods in writing
    hearing_requested_on: date | None = None
    hearing_held_on: date | None = None
    decided_on: date | None = None
    served_on: date | None = None
    fine: Decimal | None = None
    paid_on: date | None = None
    installment_until: date | None = None  # approved deferral (延期缴纳) replaces the 15-day payment deadline
    reminder_served_on: date | None = None
    enforcement_applied_on: date | None = None
    transferred_on: date | None = None
    transfer_acknowledged_on: date | None = None
    closed_on: date | None = None
    disclosed_on: date | None = None
    disclosure_required: bool = True


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due: date | None
    done_on: date | None = None
    basis: str = ""
    error: str = ""
    extra: dict = field(default_factory=dict, compare=False)
    provisional_year: int | None = None  # counted with this year's statutory holidays only (ADR 0028)

    @property
    def provisional(self) -> bool:
        return self.provisional_year is not None

    @property
    def provisional_note(self) -> str:
        """暂按法定节假日计算，待YYYY年放假安排公布后更新 — or ""."""
        return provisional_note(self.provisional_year)

    def state(self, today: date) -> str:
        """done / late (done after the due date) / overdue / due_today / open / unknown (calendar missing)."""
        if self.due is None:
            if self.done_on is not None:
                return "done"
            return "unknown" if self.error else "waiting"
        if self.done_on is not None:
            return "late" if self.done_on > self.due else "done"
        if today > self.due:
            return "overdue"
        return "due_today" if today == self.due else "open"


STATE_LABELS = {"done": "按期完成", "late": "超期完成", "overdue": "已逾期", "due_today": "今日到期", "open": "未到期",
                "waiting": "等待中", "unknown": "无法计算"}


def _workdays(cal: WorkCalendar, start: date, n: int) -> tuple[date | None, str, int | None]:
    """(due, error, provisional year)."""
    try:
        due = cal.add_workdays(start, n)
    except CalendarYearMissing as exc:
        return None, str(exc), None
    return due, "", cal.provisional_year(start, due)


def _days(cal: WorkCalendar, start: date, n: int) -> tuple[date | None, str, int | None]:
    """Calendar days; a last day falling on a rest day moves to the next working day."""
    end = start + timedelta(days=n)
    try:
        due = cal.next_workday_on_or_after(end)
    except CalendarYearMissing as exc:
        return None, str(exc), None
    return due, "", cal.provisional_year(end, due)


def decision_due(facts: CaseFacts, limits: TimeLimits) -> date | None:
    """Last day to decide: filing + 90 days + approved extensions (calendar days, not moved)."""
    if facts.filed_on is None:
        return None
    return facts.filed_on + timedelta(days=limits.decision_days + facts.extension_days)


def statement_until(facts: CaseFacts, cal: WorkCalendar, limits: TimeLimits) -> date | None:
    if facts.notice_served_on is None:
        return None
    return cal.add_workdays(facts.notice_served_on, limits.statement_workdays)


def hearing_request_until(facts: CaseFacts, cal: WorkCalendar, limits: TimeLimits) -> date | None:
    if facts.hearing_notice_served_on is None:
        return None
    return cal.add_workdays(facts.hearing_notice_served_on, limits.hearing_request_workdays)


def decision_refusal(facts: CaseFacts, on: date, cal: WorkCalendar, limits: TimeLimits) -> None:
    """Raise StepRefused when a decision on ``on`` would cut the party's rights short. A written waiver of the
    statement (and hearing) periods lets the decision be taken at once, from the waiver's date on — unless the party
    has requested a hearing after all."""
    if facts.notice_served_on is None:
        raise StepRefused("行政处罚告知书尚未送达，不能作出处罚决定")
    waived = facts.rights_waived_on is not None and facts.hearing_requested_on is None
    if waived and on < facts.rights_waived_on:
        raise StepRefused(f"当事人于{facts.rights_waived_on.isoformat()}书面放弃陈述申辩，决定日期不能早于该日")
    until = statement_until(facts, cal, limits)
    if not waived and on <= until:
        raise StepRefused(f"陈述申辩期限至{until.isoformat()}届满，期满前不能作出处罚决定")
    if facts.hearing_notice_served_on is not None:
        h_until = hearing_request_until(facts, cal, limits)
        if not waived and facts.hearing_requested_on is None and on <= h_until:
            raise StepRefused(f"听证申请期限至{h_until.isoformat()}届满，期满前不能作出处罚决定")
        if facts.hearing_requested_on is not None and facts.hearing_held_on is None:
            raise StepRefused("当事人已申请听证，听证结束前不能作出处罚决定")
    if facts.decided_on is not None:
        raise StepRefused("本案已作出处罚决定")


def waiver_problems(facts: CaseFacts, on: date) -> list[str]:
    """Why the party's written waiver of the statement (and hearing) periods cannot be recorded on ``on``."""
    problems = []
    if facts.notice_served_on is None:
        problems.append("行政处罚告知书尚未送达，不能登记放弃陈述申辩")
    elif on < facts.notice_served_on:
        problems.append(f"放弃声明日期不能早于告知书送达日期{facts.notice_served_on.isoformat()}")
    if facts.hearing_requested_on is not None:
        problems.append("当事人已申请听证，不能登记放弃陈述申辩")
    if facts.rights_waived_on is not None:
        problems.append("已登记当事人书面放弃陈述申辩")
    if facts.decided_on is not None:
        problems.append("本案已作出处罚决定")
    return problems


def disclosure_workdays(facts: CaseFacts, limits: TimeLimits) -> int:
    return limits.disclosure_workdays_random if facts.source == "random_inspection" else limits.disclosure_workdays


def case_deadlines(facts: CaseFacts, cal: WorkCalendar, limits: TimeLimits) -> list[Deadline]:
    """Every time limit that applies to the case as it stands, in the order they arise."""
    out: list[Deadline] = []
    for i, (served, decided) in enumerate(facts.preservations, 1):
        due, err, prov = _workdays(cal, served, limits.preservation_workdays)
        out.append(Deadline(f"preservation-{i}", f"先行登记保存处理决定（第{i}次）", due, decided,
                            f"{limits.preservation_workdays}个工作日（行政处罚法第五十六条）", err, provisional_year=prov))
    if facts.filed_on is not None:
        done = facts.decided_on or facts.transferred_on
        if done is None and facts.status not in UNDECIDED:
            done = facts.closed_on
        basis = f"立案之日起{limits.decision_days}日（行政处罚法第六十条）"
        if facts.extension_days:
            basis += f"，经批准延长{facts.extension_days}日"
        out.append(Deadline("decision", "作出处罚决定", decision_due(facts, limits), done, basis))
    if facts.notice_served_on is not None:
        due, err, prov = _workdays(cal, facts.notice_served_on, limits.statement_workdays)
        basis = f"告知送达后{limits.statement_workdays}个工作日"
        if facts.rights_waived_on is not None:
            basis += f"；当事人已于{facts.rights_waived_on.isoformat()}书面放弃陈述申辩"
        out.append(Deadline("statement", "陈述申辩期满", due, None, basis, err, {"period": True}, prov))
    if facts.hearing_notice_served_on is not None:
        due, err, prov = _workdays(cal, facts.hearing_notice_served_on, limits.hearing_request_workdays)
        out.append(Deadline("hearing_request", "听证申请期满", due, None,
                            f"听证告知送达后{limits.hearing_request_workdays}个工作日（行政处罚法第六十四条）", err,
                            {"period": True}, prov))
    if facts.decided_on is not None:
        due, err, prov = _workdays(cal, facts.decided_on, limits.service_workdays)
        out.append(Deadline("service", "送达处罚决定书", due, facts.served_on,
                            f"决定后{limits.service_workdays}个工作日（行政处罚法第六十一条）", err, provisional_year=prov))
        if facts.disclosure_required:
            n = disclosure_workdays(facts, limits)
            due, err, prov = _workdays(cal, facts.decided_on, n)
            out.append(Deadline("disclosure", "公开处罚决定", due, facts.disclosed_on, f"决定后{n}个工作日", err, provisional_year=prov))
    if facts.served_on is not None and facts.fine:
        if facts.installment_until is not None:
            out.append(Deadline("payment", "缴纳罚款", facts.installment_until, facts.paid_on, "经批准延期（分期）缴纳"))
        else:
            due, err, prov = _days(cal, facts.served_on, limits.payment_days)
            out.append(Deadline("payment", "缴纳罚款", due, facts.paid_on,
                                f"送达之日起{limits.payment_days}日（行政处罚法第六十七条）", err, provisional_year=prov))
    if facts.reminder_served_on is not None:
        due, err, prov = _days(cal, facts.reminder_served_on, limits.reminder_days)
        out.append(Deadline("reminder", "催告期满（此后可申请法院强制执行）", due, None,
                            f"催告书送达后{limits.reminder_days}日（行政强制法第五十四条）", err, {"period": True}, prov))
    if facts.transferred_on is not None:
        out.append(Deadline("transfer_ack", "移送回执", None, facts.transfer_acknowledged_on, "受移送机关签收"))
    return out


def due_next(deadlines: Sequence[Deadline], today: date) -> Deadline | None:
    """The earliest deadline still to be met (periods that run for the party are not duties and are skipped)."""
    pending = [d for d in deadlines if d.done_on is None and d.due is not None and not d.extra.get("period")]
    return min(pending, key=lambda d: d.due) if pending else None


def late_steps(deadlines: Sequence[Deadline], today: date) -> list[Deadline]:
    """Deadlines missed (done late, or overdue and still open); periods for the party are not counted."""
    return [d for d in deadlines if not d.extra.get("period") and d.state(today) in ("late", "overdue")]


def undecided_too_long(facts: CaseFacts, today: date, limits: TimeLimits) -> bool:
    """Flag: still undecided after the decision limit (90 days plus approved extensions)."""
    due = decision_due(facts, limits)
    return due is not None and facts.status in UNDECIDED and today > due


def days_late_for_payment(due: date | None, paid_on: date | None, today: date) -> int:
    if due is None:
        return 0
    end = paid_on or today
    return max(0, (end - due).days)
