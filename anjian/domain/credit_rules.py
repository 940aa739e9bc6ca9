"""Rules of the blacklist (黑名单 / 失信联合惩戒): list kinds, the sanction period, "in force on a date", lifting.

Pure: `today` / `on` are passed in. A sanction is stored as "active" or "lifted" (提前移出); whether it is in
force on a date follows from its period and the day it was lifted, so expiry needs no sweep.
"""

from collections.abc import Mapping
from datetime import date

from anjian.domain.lifecycle import can_move

LIST_KINDS: dict[str, str] = {
    "serious_dishonesty": "严重失信主体名单",
    "joint_sanction": "安全生产领域失信联合惩戒对象",
    "watch": "重点关注名单",
}

# Stored status; "lifted" is final.
SANCTION_STATUSES: dict[str, str] = {"active": "有效", "lifted": "已提前移出"}
SANCTION_MOVES: Mapping[str, frozenset[str]] = {"active": frozenset({"lifted"}), "lifted": frozenset()}

# What a user is shown on a given day.
SANCTION_STATES: dict[str, str] = {
    "pending": "尚未开始",
    "in_force": "惩戒中",
    "expired": "已到期",
    "lifted": "已提前移出",
}

PERIOD_MISSING = "请填写惩戒期间（开始日期和结束日期）"
PERIOD_REVERSED = "惩戒期间的结束日期不能早于开始日期"
REASON_MISSING = "请填写列入事由"
KIND_INVALID = "请选择名单类别：" + "、".join(LIST_KINDS.values())
LIFT_REASON_MISSING = "请填写移出理由"
ALREADY_LIFTED = "该记录已提前移出"
ALREADY_EXPIRED = "该记录惩戒期间已届满，无需移出"


def period_problems(start: date | None, end: date | None) -> list[str]:
    """Why (start, end) is not a valid sanction period ([] = it is). Both ends are inclusive."""
    if start is None or end is None:
        return [PERIOD_MISSING]
    if end < start:
        return [PERIOD_REVERSED]
    return []


def in_force(*, start: date, end: date, on: date, lifted_on: date | None = None) -> bool:
    """True when the sanction applies on day `on`: inside its period and not yet lifted (lifted that day = no)."""
    return start <= on <= end and (lifted_on is None or on < lifted_on)


def sanction_state(*, status: str, start: date, end: date, today: date) -> str:
    """pending / in_force / expired / lifted (see SANCTION_STATES)."""
    if status == "lifted":
        return "lifted"
    if today < start:
        return "pending"
    if today > end:
        return "expired"
    return "in_force"


def periods_overlap(a_start: date, a_end: date, b_start: date, b_end: date) -> bool:
    """True when the two inclusive periods share at least one day."""
    return a_start <= b_end and b_start <= a_end


def record_problems(*, list_kind: str, reason: str, start: date | None, end: date | None) -> list[str]:
    """Why a sanction may not be recorded ([] = it may)."""
    problems: list[str] = []
    if list_kind not in LIST_KINDS:
        problems.append(KIND_INVALID)
    if not reason.strip():
        problems.append(REASON_MISSING)
    problems += period_problems(start, end)
    return problems


def lift_problems(*, status: str, end: date, today: date, reason: str) -> list[str]:
    """Why a sanction may not be lifted early ([] = it may). A sanction not yet started may be lifted."""
    problems: list[str] = []
    if not can_move(SANCTION_MOVES, status, "lifted"):
        problems.append(ALREADY_LIFTED)
    elif end < today:
        problems.append(ALREADY_EXPIRED)
    if not reason.strip():
        problems.append(LIFT_REASON_MISSING)
    return problems
