"""The step bar of an inspection and of a case: which steps a record goes through and where it stands. Pure.

``inspection_steps`` and ``case_steps`` map a record's status (and the few facts that decide the path) to a list
of steps, each ``done``, ``current`` or ``todo``. At most one step is current; every step before it is done and
every step after it is to do. A finished record has no current step (all done); a record that left the path
(cancelled, not filed) says so in ``ended`` and keeps the steps it had done.
"""

from dataclasses import dataclass

DONE, CURRENT, TODO = "done", "current", "todo"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    state: str  # DONE | CURRENT | TODO


@dataclass(frozen=True)
class StepBar:
    steps: tuple[Step, ...]
    ended: str = ""  # why the record left the path ("已取消" …), else ""

    @property
    def current(self) -> Step | None:
        return next((s for s in self.steps if s.state == CURRENT), None)


INSPECTION_STEPS: tuple[tuple[str, str], ...] = (
    ("plan", "检查方案"),
    ("approval", "审批"),
    ("onsite", "现场检查"),
    ("hazards", "隐患"),
    ("rectification", "整改/复查"),
    ("done", "完成"),
)

CASE_STEPS: tuple[tuple[str, str], ...] = (
    ("filing", "立案"),
    ("investigation", "调查取证"),
    ("concluded", "调查终结"),
    ("legal_review", "法制审核"),
    ("discussion", "集体讨论"),
    ("notice", "告知"),
    ("decision", "决定"),
    ("execution", "执行"),
    ("closing", "结案"),
    ("archive", "归档"),
)


def _bar(steps: tuple[tuple[str, str], ...], current: str | None, ended: str = "") -> StepBar:
    """``current``: the key of the current step; None with ``ended`` empty: all done."""
    keys = [k for k, _ in steps]
    at = keys.index(current) if current is not None else len(keys)
    out = tuple(Step(k, label, DONE if n < at else CURRENT if n == at and not ended else TODO)
                for n, (k, label) in enumerate(steps))
    return StepBar(out, ended)


def inspection_steps(status: str, *, open_hazards: int = 0) -> StepBar:
    """检查方案 → 审批 → 现场检查 → 隐患 → 整改/复查 → 完成.

    planned: waiting for approval; returned: the plan is with its planner again; approved: on site next (出示证件);
    in_progress: hazards and the record; recorded / closed: rectification while hazards are open, else 办结.
    """
    if status == "returned":
        return _bar(INSPECTION_STEPS, "plan")
    if status == "planned":
        return _bar(INSPECTION_STEPS, "approval")
    if status == "approved":
        return _bar(INSPECTION_STEPS, "onsite")
    if status == "in_progress":
        return _bar(INSPECTION_STEPS, "hazards")
    if status in ("recorded", "closed") and open_hazards > 0:
        return _bar(INSPECTION_STEPS, "rectification")
    if status == "recorded":
        return _bar(INSPECTION_STEPS, "done")
    if status == "closed":
        return _bar(INSPECTION_STEPS, None)
    if status == "cancelled":
        return _bar(INSPECTION_STEPS, "approval", ended="已取消")
    raise ValueError(f"unknown inspection status {status!r}")


def case_steps(status: str, *, needs_discussion: bool = False, reviewed: bool = False, discussed: bool = False
               ) -> StepBar:
    """立案 → 调查取证 → 调查终结 → 法制审核 → (集体讨论) → 告知 → 决定 → 执行 → 结案 → 归档.

    ``needs_discussion``: a major case (集体讨论 shown); ``reviewed``: the legal review passed while the case is still
    in legal_review (告知 is next); ``discussed``: the discussion was recorded (告知 is next).
    """
    needs_discussion = needs_discussion or status == "discussion"  # a case in discussion needs it
    steps = CASE_STEPS if needs_discussion else tuple(s for s in CASE_STEPS if s[0] != "discussion")
    current = {
        "filing": "filing", "returned": "filing",
        "investigating": "investigation", "investigated": "concluded",
        "legal_review": "notice" if reviewed else "legal_review",
        "discussion": "notice" if discussed else "discussion",
        "notified": "decision", "hearing": "decision",
        "decided": "execution", "executing": "execution",
        "transferred": "closing", "closed": "archive",
    }
    if status in current:
        return _bar(steps, current[status])
    if status == "archived":
        return _bar(steps, None)
    if status == "not_filed":
        return _bar(steps, "filing", ended="不予立案")
    raise ValueError(f"unknown case status {status!r}")
