"""Send back (退回): an approver returns a record to its sender with a reason. Pure.

Every approval step offers it beside approve and cancel; the record goes back to the state where its sender can
edit and resubmit, and the sender gets a hand-off notice keyed ``returned:<kind>:<id>`` (ADR 0027).
"""

REASON_MIN = 2
REASON_MAX = 500
REASON_MISSING = "请填写退回理由"
REASON_SHORT = f"退回理由不少于{REASON_MIN}个字"
REASON_LONG = f"退回理由不能超过{REASON_MAX}个字"

# What each kind of record is called in a hand-off title ("检查方案已退回").
KINDS: dict[str, str] = {
    "inspection": "检查方案",
    "case_filing": "立案申请",
    "case_review": "案件（法制审核）",
    "case_discussion": "案件（集体讨论）",
    "case_decision": "案件（处罚决定审批）",
    "extension": "延期申请",
    "plan": "年度监督检查计划",
    "guidance": "整改报告",
}


def reason_problem(reason: str | None) -> str | None:
    """Why ``reason`` cannot be a send-back reason (spaces at the ends do not count), or None."""
    text = (reason or "").strip()
    if not text:
        return REASON_MISSING
    if len(text) < REASON_MIN:
        return REASON_SHORT
    if len(text) > REASON_MAX:
        return REASON_LONG
    return None


def handoff_key(kind: str, record_id: int) -> str:
    """The notice key of a record sent back: one open hand-off per record and step."""
    if kind not in KINDS:
        raise ValueError(f"unknown send-back kind {kind!r}")
    return f"returned:{kind}:{int(record_id)}"


def handoff_title(kind: str, name: str) -> str:
    return f"{KINDS[kind]}已退回：{name}"[:200]
