"""Penalty cases (行政处罚案件): vocabularies, the status transition table and the step rules. Pure Python.

General procedure (一般程序), after 《行政处罚法》(2021) and the emergency-management penalty rules:
立案 (approval) → 调查取证 → 调查终结报告 → 案件审理: 法制审核 (every case) and 集体讨论 (major cases) →
告知 (罚告; 听告 above the hearing thresholds) → 听证 (when asked for) → 决定 → 送达 → 执行 → 结案 → 归档.
A case may instead be transferred (移送) or end without a penalty (不予处罚 / 不予立案).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

CASE_SOURCES: dict[str, str] = {
    "hazard_unrectified": "隐患逾期未整改",
    "inspection": "执法检查发现",
    "random_inspection": "双随机抽查发现",
    "handover": "异地检查移交",
    "complaint": "举报投诉",
    "assigned": "上级交办",
    "transferred_in": "其他机关移送",
    "other": "其他",
}

CASE_STATUSES: dict[str, str] = {
    "filing": "立案审批中",
    "returned": "立案申请已退回",
    "investigating": "调查取证",
    "investigated": "调查终结",
    "legal_review": "法制审核",
    "discussion": "集体讨论",
    "notified": "已告知",
    "hearing": "听证",
    "decided": "已决定",
    "executing": "执行中",
    "transferred": "已移送",
    "closed": "已结案",
    "archived": "已归档",
    "not_filed": "不予立案",
}

CASE: Mapping[str, frozenset[str]] = {
    "filing": frozenset({"investigating", "not_filed", "returned"}),
    "returned": frozenset({"filing"}),  # sent back to its proposer: corrected and resubmitted
    "investigating": frozenset({"investigated", "transferred"}),
    "investigated": frozenset({"legal_review", "investigating", "transferred"}),
    "legal_review": frozenset({"discussion", "notified", "investigating", "closed"}),
    "discussion": frozenset({"notified", "investigating", "closed"}),
    "notified": frozenset({"hearing", "decided", "investigating"}),
    "hearing": frozenset({"decided", "investigating"}),
    "decided": frozenset({"executing"}),
    "executing": frozenset({"closed"}),
    "transferred": frozenset({"closed"}),
    "closed": frozenset({"archived"}),
    "archived": frozenset(),
    "not_filed": frozenset(),
}

# Statuses in which the case is still open (counts toward the 90-day decision limit).
UNDECIDED = frozenset({"filing", "returned", "investigating", "investigated", "legal_review", "discussion", "notified", "hearing"})
PRE_FILING = frozenset({"filing", "returned"})  # not filed yet: no time limit runs
FINISHED = frozenset({"closed", "archived", "not_filed"})

CASE_RESULTS: dict[str, str] = {
    "penalized": "给予行政处罚",
    "no_penalty": "不予行政处罚",
    "transferred": "移送处理",
    "not_filed": "不予立案",
}

PARTY_KINDS: dict[str, str] = {"unit": "单位", "individual": "个人"}

PENALTY_KINDS: dict[str, str] = {
    "warning": "警告",
    "fine": "罚款",
    "confiscation": "没收违法所得、没收非法财物",
    "suspension": "责令停产停业",
    "licence_suspension": "暂扣许可证件",
    "licence_revocation": "吊销许可证件",
    "qualification_limit": "限制从业",
    "detention": "行政拘留（移送公安）",
}
# Penalties that always give the party the right to a hearing (行政处罚法 第六十三条).
HEARING_PENALTIES = frozenset({"suspension", "licence_suspension", "licence_revocation", "qualification_limit",
                               "confiscation"})

INVESTIGATION_KINDS: dict[str, str] = {
    "inquiry": "询问笔录",
    "site_record": "勘验笔录",
    "sampling": "抽样取证",
    "preservation": "先行登记保存",
    "appraisal": "鉴定委托",
    "other": "其他证据",
}
# Document kind drafted for each investigation step (catalog codes).
INVESTIGATION_DOCUMENTS: dict[str, str] = {
    "inquiry": "询笔", "site_record": "勘", "sampling": "抽", "preservation": "先保通", "appraisal": "鉴",
}

TRANSFER_KINDS: dict[str, str] = {
    "agency": "其他行政机关（不属本机关管辖）",
    "public_security": "公安机关（涉嫌犯罪）",
    "procuratorate": "人民检察院（涉嫌犯罪）",
    "discipline": "纪检监察机关（涉嫌职务违法）",
}
CRIMINAL_TRANSFERS = frozenset({"public_security", "procuratorate"})

LEGAL_REVIEW_RESULTS: dict[str, str] = {"pass": "同意", "amend": "修改后同意", "return": "退回补充调查"}

RETENTION_PERIODS: dict[str, str] = {"permanent": "永久", "30": "定期30年", "10": "定期10年"}

# Messages for refused steps.
OWN_CASE_REVIEW = "法制审核人员不能审核本人承办或立案的案件"
OWN_CASE_FILING = "立案审批人不能是本案承办人"
ARCHIVED_FROZEN = "案件已归档，案卷不得增加、抽取或修改"


class StepRefused(ValueError):
    """A step that the rules forbid now; the message says why (Chinese)."""


@dataclass(frozen=True)
class HearingThresholds:
    """Fines at or above these amounts (yuan) give the right to a hearing (较大数额罚款; configuration)."""

    unit: Decimal = Decimal("50000")
    individual: Decimal = Decimal("20000")


def hearing_right(*, party_kind: str, penalties: frozenset[str] | set[str], fine: Decimal | None,
                  thresholds: HearingThresholds) -> bool:
    """True when the party must be told of the right to a hearing (听证告知)."""
    if set(penalties) & HEARING_PENALTIES:
        return True
    if fine is None:
        return False
    limit = thresholds.unit if party_kind == "unit" else thresholds.individual
    return fine >= limit


def needs_discussion(*, is_major: bool, party_kind: str, penalties, fine: Decimal | None,
                     thresholds: HearingThresholds) -> bool:
    """Collective discussion (集体讨论) for major cases; a penalty giving a hearing right counts as major."""
    return is_major or hearing_right(party_kind=party_kind, penalties=penalties, fine=fine, thresholds=thresholds)


def surcharge(*, fine: Decimal, days_late: int, rate: Decimal = Decimal("0.03")) -> Decimal:
    """加处罚款: 3 % of the fine per day late, never above the fine itself (行政强制法 第四十五条)."""
    if days_late <= 0 or fine <= 0:
        return Decimal("0.00")
    return min(fine, (fine * rate * days_late)).quantize(Decimal("0.01"))


def fine_problems(*, fine: Decimal | None, statutory_min: Decimal | None, statutory_max: Decimal | None,
                  level_min: Decimal | None = None, level_max: Decimal | None = None, level_label: str = "") -> list[str]:
    """Why a fine is outside the legal range (法定幅度) or the chosen discretion level (裁量阶次)."""
    if fine is None:
        return []
    out = []
    if fine < 0:
        out.append("罚款金额不能为负数")
    if statutory_min is not None and fine < statutory_min:
        out.append(f"罚款{fine}元低于法定下限{statutory_min}元")
    if statutory_max is not None and fine > statutory_max:
        out.append(f"罚款{fine}元超过法定上限{statutory_max}元")
    if not out and level_min is not None and fine < level_min:
        out.append(f"罚款{fine}元低于所选裁量阶次「{level_label}」的下限{level_min}元")
    if not out and level_max is not None and fine > level_max:
        out.append(f"罚款{fine}元超过所选裁量阶次「{level_label}」的上限{level_max}元")
    return out
