"""Execution, closing and transfer of a penalty case: amounts owed, what may be done next, why a step is refused.

Pure Python; dates are passed in. The payment deadline (15 calendar days after service, moved to the next working
day) and the reminder period (10 days after the reminder is served) come from `case_deadlines`; an approved
deferral or instalment plan (延期、分期缴纳) moves the payment deadline to its last day. The surcharge (加处罚款)
is 3 % of the fine per day late, never above the fine (行政处罚法 第七十二条, 行政强制法 第四十五条); it stops
growing on the day the fine is paid in full.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from anjian.domain.case_deadlines import days_late_for_payment
from anjian.domain.case_process import (
    CASE_STATUSES,
    CRIMINAL_TRANSFERS,
    TRANSFER_KINDS,
    StepRefused,
    surcharge,
)

ZERO = Decimal("0.00")
PAYMENT_KINDS: dict[str, str] = {"fine": "罚款", "surcharge": "加处罚款"}
# Statuses from which the whole case goes to another authority (CASE table: → transferred).
TRANSFER_MOVES = frozenset({"investigating", "investigated"})
# After a decision a suspected crime is still transferred (行政处罚 + 移送); the case keeps its status.
TRANSFER_ALONGSIDE = frozenset({"decided", "executing"})


@dataclass(frozen=True)
class Execution:
    """The facts of a case that execution rules need (money in yuan, Decimal)."""

    status: str
    result: str = ""
    fine: Decimal = ZERO
    paid: Decimal = ZERO
    surcharge_paid: Decimal = ZERO
    decided_on: date | None = None
    served_on: date | None = None
    payment_due: date | None = None  # 15 days after service, moved to a working day (None: unknown)
    installment_until: date | None = None
    fine_paid_on: date | None = None  # the day the fine was paid in full
    reminder_served_on: date | None = None
    reminder_until: date | None = None  # last day of the reminder period
    enforcement_applied_on: date | None = None
    surcharge_decided: bool = False
    calendar_error: str = ""

    @property
    def due(self) -> date | None:
        """The payment deadline in force: the statutory one, or the approved deferral if later."""
        if self.installment_until and (self.payment_due is None or self.installment_until > self.payment_due):
            return self.installment_until
        return self.payment_due

    @property
    def has_fine(self) -> bool:
        return self.fine > 0

    @property
    def fine_left(self) -> Decimal:
        return max(ZERO, self.fine - self.paid)


@dataclass(frozen=True)
class Owed:
    """What the party owes on a given day."""

    on: date
    days_late: int
    fine_left: Decimal
    surcharge_total: Decimal  # accrued so far (fixed once the fine is paid)
    surcharge_left: Decimal

    @property
    def total(self) -> Decimal:
        return self.fine_left + self.surcharge_left


def owed(x: Execution, on: date) -> Owed:
    """Amounts owed on ``on``: the fine still unpaid and the surcharge accrued up to the payment (or ``on``)."""
    paid_on = x.fine_paid_on if x.fine_paid_on is not None and x.fine_paid_on <= on else None
    days = days_late_for_payment(x.due, paid_on, on) if x.has_fine else 0
    total = surcharge(fine=x.fine, days_late=days)
    return Owed(on=on, days_late=days, fine_left=x.fine_left, surcharge_total=total,
                surcharge_left=max(ZERO, total - x.surcharge_paid))


def _money(amount) -> Decimal:
    return Decimal(amount).quantize(Decimal("0.01"))


def payment_problems(x: Execution, *, kind: str, amount: Decimal, paid_on: date, today: date) -> list[str]:
    """Why recording this payment would be wrong (overpayment, a date in the future …)."""
    if x.status != "executing":
        return [f"案件处于“{CASE_STATUSES.get(x.status, x.status)}”，执行阶段才能登记缴款"]
    if kind not in PAYMENT_KINDS:
        return ["缴款类型无效"]
    out = []
    if amount is None or amount <= 0:
        out.append("缴款金额必须大于零")
    if amount is not None and amount != _money(amount):
        out.append("缴款金额最多保留两位小数")
    if paid_on > today:
        out.append("缴款日期不能晚于今天")
    if x.decided_on and paid_on < x.decided_on:
        out.append(f"缴款日期不能早于处罚决定日期{x.decided_on.isoformat()}")
    if not x.has_fine:
        out.append("本案没有罚款，无需登记缴款")
    if out:
        return out
    if kind == "fine":
        if x.fine_left <= 0:
            return ["罚款已缴清，不能再登记罚款"]
        if amount > x.fine_left:
            return [f"缴款金额{amount}元超过尚欠罚款{x.fine_left}元"]
        return []
    if x.due is None:
        return [x.calendar_error or "缴款期限无法计算"]
    left = owed(x, paid_on).surcharge_left
    if left <= 0:
        return [f"截至{paid_on.isoformat()}没有应缴的加处罚款"]
    if amount > left:
        return [f"缴款金额{amount}元超过截至{paid_on.isoformat()}应缴的加处罚款{left}元"]
    return []


def fine_paid_on_after(previous: Sequence[date], paid_on: date) -> date:
    """The day the fine counts as paid in full: the latest of its payments."""
    return max([*previous, paid_on])


def _step_date(on: date, today: date, after: date | None, after_label: str) -> list[str]:
    out = []
    if on > today:
        out.append("日期不能晚于今天")
    if after is not None and on < after:
        out.append(f"日期不能早于{after_label}{after.isoformat()}")
    return out


def _unpaid_executing(x: Execution) -> list[str]:
    if x.status != "executing":
        return [f"案件处于“{CASE_STATUSES.get(x.status, x.status)}”，执行阶段才能办理"]
    if not x.has_fine:
        return ["本案没有罚款"]
    if x.fine_left <= 0:
        return ["罚款已缴清"]
    if x.due is None:
        return [x.calendar_error or "缴款期限无法计算"]
    return []


def installment_problems(x: Execution, *, until: date, reason: str, on: date, today: date) -> list[str]:
    """延期（分期）缴纳罚款: the new last day must be later than the deadline in force."""
    out = _unpaid_executing(x)
    if out:
        return out
    out = _step_date(on, today, x.served_on, "决定书送达日期")
    if not reason.strip():
        out.append("请填写延期（分期）缴纳的理由")
    if until <= x.due:
        out.append(f"延期（分期）缴纳期限须晚于现缴款期限{x.due.isoformat()}")
    return out


def reminder_problems(x: Execution, *, on: date, today: date) -> list[str]:
    """催告: only after the payment deadline has passed without payment, and only once."""
    out = _unpaid_executing(x)
    if out:
        return out
    if x.reminder_served_on is not None:
        return [f"催告书已于{x.reminder_served_on.isoformat()}送达"]
    out = _step_date(on, today, None, "")
    if on <= x.due:
        out.append(f"缴款期限至{x.due.isoformat()}届满，期满后仍未缴纳的才能催告")
    return out


def surcharge_decision_problems(x: Execution, *, on: date, today: date) -> list[str]:
    """加处罚款决定: when the fine is overdue and a surcharge has accrued."""
    out = _unpaid_executing(x)
    if out:
        return out
    if x.surcharge_decided:
        return ["本案已作出加处罚款决定"]
    out = _step_date(on, today, None, "")
    if not out and owed(x, on).surcharge_total <= 0:
        out.append(f"缴款期限至{x.due.isoformat()}届满，逾期后才产生加处罚款")
    return out


def enforcement_problems(x: Execution, *, on: date, court: str, today: date) -> list[str]:
    """申请人民法院强制执行: after the reminder period (行政强制法 第五十四条) has passed without payment."""
    if x.status != "executing":
        return [f"案件处于“{CASE_STATUSES.get(x.status, x.status)}”，执行阶段才能申请强制执行"]
    if x.has_fine and x.fine_left <= 0 and owed(x, on).surcharge_left <= 0:
        return ["罚款已缴清，无需申请强制执行"]
    if x.enforcement_applied_on is not None:
        return [f"已于{x.enforcement_applied_on.isoformat()}申请法院强制执行"]
    if x.reminder_served_on is None:
        return ["尚未送达催告书，催告期满后才能申请法院强制执行"]
    if x.reminder_until is None:
        return [x.calendar_error or "催告期限无法计算"]
    out = _step_date(on, today, None, "")
    if on <= x.reminder_until:
        out.append(f"催告期限至{x.reminder_until.isoformat()}届满，"
                   f"{(x.reminder_until + timedelta(days=1)).isoformat()}起才能申请法院强制执行")
    if not court.strip():
        out.append("请填写受理申请的人民法院")
    return out


def close_problems(x: Execution, *, on: date, note: str, today: date, transfer_acknowledged: bool | None,
                   pending_transfers: int = 0) -> list[str]:
    """结案: the fine (and any surcharge) paid in full, or enforcement applied for and the court's outcome
    written in the note, or no penalty, or a transfer that the receiver acknowledged."""
    out = _step_date(on, today, None, "")
    if x.result == "no_penalty":
        pass
    elif x.status == "transferred":
        if not transfer_acknowledged:
            out.append("移送尚未签收，受移送机关签收后才能结案")
    elif x.status == "executing":
        money = owed(x, on)
        if x.has_fine and money.total > 0:
            if x.enforcement_applied_on is None:
                parts = [f"罚款{money.fine_left}元"] if money.fine_left > 0 else []
                parts += [f"加处罚款{money.surcharge_left}元"] if money.surcharge_left > 0 else []
                out.append(f"尚欠{'、'.join(parts)}未缴清，缴清或申请法院强制执行后才能结案")
            elif len(note.strip()) < 4:
                out.append("已申请法院强制执行但罚款未缴清的，结案说明须写明法院的执行（裁定）结果")
    else:
        out.append(f"案件处于“{CASE_STATUSES.get(x.status, x.status)}”，不能结案")
    if pending_transfers and x.status != "transferred":
        out.append("本案的移送尚未签收，受移送机关签收后才能结案")
    for after, label in ((x.fine_paid_on, "罚款缴清日期"), (x.enforcement_applied_on, "申请强制执行日期")):
        if after is not None and on < after:
            out.append(f"结案日期不能早于{label}{after.isoformat()}")
    return out


NEXT_ACTIONS: dict[str, str] = {
    "payment": "登记缴款", "installment": "批准延期（分期）缴纳", "reminder": "送达催告书",
    "surcharge": "作出加处罚款决定", "enforcement": "申请法院强制执行", "close": "结案",
}


def next_actions(x: Execution, today: date, *, transfer_acknowledged: bool | None = None,
                 pending_transfers: int = 0) -> list[str]:
    """The execution steps that make sense today, most urgent first (keys of NEXT_ACTIONS)."""
    if x.status == "transferred":
        return ["close"] if transfer_acknowledged else []
    if x.status != "executing":
        return []
    money = owed(x, today)
    out = []
    if not close_problems(x, on=today, note="已执行完毕", today=today, transfer_acknowledged=transfer_acknowledged,
                          pending_transfers=pending_transfers):
        out.append("close")
    if x.has_fine and money.total > 0:
        out.append("payment")
        if not enforcement_problems(x, on=today, court="法院", today=today):
            out.append("enforcement")
        if not reminder_problems(x, on=today, today=today):
            out.append("reminder")
        if not surcharge_decision_problems(x, on=today, today=today):
            out.append("surcharge")
        if not x.reminder_served_on and x.fine_left > 0:
            out.append("installment")
    return out


# ---------------------------------------------------------------- transfers


def transfer_mode(status: str, kind: str) -> str:
    """"move" (the case goes to the receiver: status → transferred) or "alongside" (a suspected crime found
    after the decision: the case keeps its status). StepRefused otherwise."""
    if kind not in TRANSFER_KINDS:
        raise StepRefused("移送类型无效")
    if status in TRANSFER_MOVES:
        return "move"
    if status in TRANSFER_ALONGSIDE:
        if kind in CRIMINAL_TRANSFERS:
            return "alongside"
        raise StepRefused("已作出处罚决定的案件只能移送涉嫌犯罪（公安机关、人民检察院）")
    raise StepRefused(f"案件处于“{CASE_STATUSES.get(status, status)}”，不能移送；"
                      "调查取证、调查终结阶段可以移送，作出处罚决定后仅可移送涉嫌犯罪")


_SEP = re.compile(r"\s*[|｜]\s*")
_PAGES = re.compile(r"^(?:共)?(\d+)\s*(?:页)?$")


def materials_parse(text: str) -> tuple[list[dict], list[str]]:
    """Attached materials, one a line: "名称｜页数" (页数 a whole number ≥ 1). Returns (items, errors)."""
    items, errors = [], []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = _SEP.split(line)
        if len(parts) != 2 or not parts[0]:
            errors.append(f"第{n}行格式应为“材料名称｜页数”")
            continue
        m = _PAGES.match(parts[1])
        if not m or int(m[1]) < 1:
            errors.append(f"第{n}行的页数应为正整数")
            continue
        items.append({"name": parts[0], "pages": int(m[1])})
    return items, errors


def materials_summary(materials: Sequence[dict]) -> str:
    pages = sum(int(m.get("pages", 0)) for m in materials)
    return f"共{len(materials)}项{pages}页"


def transfer_problems(*, kind: str, receiver_name: str, internal_receiver: bool, reason: str, legal_basis: str,
                      materials: Sequence[dict], sent_on: date, today: date, filed_on: date | None) -> list[str]:
    out = []
    if kind not in TRANSFER_KINDS:
        out.append("移送类型无效")
    if not receiver_name.strip():
        out.append("请填写受移送机关")
    if kind in CRIMINAL_TRANSFERS and internal_receiver:
        out.append("涉嫌犯罪案件移送公安机关或人民检察院，不能选择本系统内的应急管理部门")
    if not reason.strip():
        out.append("请填写移送理由")
    if not legal_basis.strip():
        out.append("请填写移送依据")
    if not materials:
        out.append("请列明移送的材料（至少一项）")
    for m in materials:
        try:
            pages = int(m.get("pages", 0))
        except (TypeError, ValueError, InvalidOperation):
            pages = 0
        if not str(m.get("name", "")).strip() or pages < 1:
            out.append("每项移送材料须有名称和页数（正整数）")
            break
    if sent_on > today:
        out.append("移送日期不能晚于今天")
    if filed_on is not None and sent_on < filed_on:
        out.append(f"移送日期不能早于立案日期{filed_on.isoformat()}")
    return out


def acknowledgement_problems(*, sent_on: date, on: date, today: date, acknowledged_on: date | None,
                             signer: str, signer_required: bool) -> list[str]:
    if acknowledged_on is not None:
        return [f"该移送已于{acknowledged_on.isoformat()}签收"]
    out = []
    if on > today:
        out.append("签收日期不能晚于今天")
    if on < sent_on:
        out.append(f"签收日期不能早于移送日期{sent_on.isoformat()}")
    if signer_required and not signer.strip():
        out.append("请填写签收人")
    return out


def days_waiting(sent_on: date, acknowledged_on: date | None, today: date) -> int | None:
    """Days an unacknowledged transfer has waited (None once acknowledged)."""
    if acknowledged_on is not None:
        return None
    return max(0, (today - sent_on).days)
