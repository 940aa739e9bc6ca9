"""Step rules of a penalty case that need no database: what each step requires, which documents each step
produces and which of them a case still lacks. Pure Python (dates, calendars and limits are passed in).

The transition table, thresholds and time limits are in `case_process` and `case_deadlines`; this module adds
the checks the services make before a step (see docs/adr/0015-penalty-cases.md).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from anjian.domain.amount_words import amount_in_words
from anjian.domain.calendar import CalendarYearMissing, WorkCalendar
from anjian.domain.case_deadlines import CaseFacts, TimeLimits, hearing_request_until
from anjian.domain.case_process import (
    CASE_SOURCES,
    INVESTIGATION_KINDS,
    PARTY_KINDS,
    PENALTY_KINDS,
    StepRefused,
)

# Sources that must say where the case came from in words (a complaint's gist, the assigning body …).
NOTE_SOURCES = frozenset({"complaint", "assigned", "transferred_in", "other"})

DISCUSSION_CONCLUSIONS: dict[str, str] = {
    "penalize": "同意给予行政处罚",
    "no_penalty": "不予行政处罚",
    "reinvestigate": "退回补充调查",
}
SERVICE_METHODS: dict[str, str] = {
    "direct": "直接送达",
    "refused_witnessed": "留置送达",
    "post": "邮寄送达",
    "entrusted": "委托送达",
    "electronic": "电子送达（经当事人同意）",
    "public_notice": "公告送达",
}

# The documents each step produces (catalog codes). A step is recorded in the audit event's "steps" list;
# a case lacks a document when its steps call for more of a kind than it has drafted or issued.
STEP_DOCUMENTS: dict[str, tuple[str, ...]] = {
    "propose": ("立",),
    "investigation:inquiry": ("询笔",),
    "investigation:site_record": ("勘",),
    "investigation:sampling": ("抽",),
    "investigation:preservation": ("先保审", "先保通"),
    "investigation:appraisal": ("鉴",),
    "preservation_decide": ("先保处",),
    "extension": ("案延",),
    "conclude": ("终报",),
    "submit": ("处呈",),
    "legal_review": ("法审",),
    "discussion": ("罚集",),
    "close_no_penalty": ("结",),
    "notify": ("罚告",),
    "notify_hearing": ("听告",),
    "statement": ("申辩笔",),
    "hearing_notice": ("听通",),
    "hearing_hold": ("听笔", "听报"),
    "decide": ("罚",),
    "serve": ("回",),
}

FILING_REQUIRED = (("name", "案件名称"), ("cause", "案由"), ("facts", "案件基本情况"), ("party_name", "当事人"))


def filing_problems(*, source: str, source_note: str, name: str, cause: str, facts: str, party_kind: str,
                    party_name: str, hazards: int = 0) -> list[str]:
    """Why a filing proposal (立案申请) is incomplete; [] when it may be proposed."""
    problems = []
    if source not in CASE_SOURCES:
        problems.append("请选择案件来源")
    if source in NOTE_SOURCES and not source_note.strip():
        problems.append(f"案件来源为“{CASE_SOURCES[source]}”时须填写来源说明")
    if source == "hazard_unrectified" and hazards == 0:
        problems.append("案件来源为“隐患逾期未整改”时须选择涉及的隐患")
    values = {"name": name, "cause": cause, "facts": facts, "party_name": party_name}
    problems += [f"请填写{label}" for key, label in FILING_REQUIRED if not values[key].strip()]
    if party_kind not in PARTY_KINDS:
        problems.append("请选择当事人类型")
    return problems


def investigation_problems(*, kind: str, occurred_on: date | None, summary: str, filed_on: date | None,
                           today: date) -> list[str]:
    problems = []
    if kind not in INVESTIGATION_KINDS:
        problems.append("请选择调查取证类型")
    if occurred_on is None:
        problems.append("请填写调查取证日期")
    elif occurred_on > today:
        problems.append("调查取证日期不能晚于今天")
    elif filed_on is not None and occurred_on < filed_on:
        problems.append(f"调查取证日期不能早于立案日期{filed_on.isoformat()}")
    if not summary.strip():
        problems.append("请填写内容摘要")
    return problems


def conclusion_problems(*, report: str, violated_provision: str, penalty_provision: str,
                        penalties: Sequence[str], proposed_fine: Decimal | None) -> list[str]:
    """Why an investigation conclusion (调查终结报告) cannot be accepted. No penalties = 建议不予处罚."""
    problems = []
    if not report.strip():
        problems.append("请填写调查终结报告")
    unknown = [p for p in penalties if p not in PENALTY_KINDS]
    if unknown:
        problems.append("未知的处罚种类：" + "、".join(unknown))
    if penalties:
        if not violated_provision.strip():
            problems.append("请填写违反的法律规定")
        if not penalty_provision.strip():
            problems.append("请填写处罚依据")
    if "fine" in penalties and (proposed_fine is None or proposed_fine <= 0):
        problems.append("拟处罚种类含罚款，请填写拟罚款金额")
    if proposed_fine is not None and proposed_fine < 0:
        problems.append("罚款金额不能为负数")
    if proposed_fine and "fine" not in penalties:
        problems.append("拟处罚种类不含罚款，不能填写罚款金额")
    return problems


def review_passed(legal_result: str) -> bool:
    """法制审核 passed (同意, or 修改后同意 with the opinion recorded)."""
    return legal_result in ("pass", "amend")


def hearing_request_refusal(facts: CaseFacts, on: date, cal: WorkCalendar, limits: TimeLimits) -> None:
    """Raise StepRefused when a hearing request made on ``on`` cannot be accepted."""
    if facts.hearing_notice_served_on is None:
        raise StepRefused("本案未告知听证权利（未达到听证条件），不能申请听证")
    if facts.hearing_requested_on is not None:
        raise StepRefused("当事人已申请听证")
    if on < facts.hearing_notice_served_on:
        raise StepRefused("申请日期不能早于听证告知书送达日期")
    try:
        until = hearing_request_until(facts, cal, limits)
    except CalendarYearMissing as exc:
        raise StepRefused(str(exc)) from exc
    if on > until:
        raise StepRefused(f"听证申请期限已于{until.isoformat()}届满，不能再申请听证")


def hearing_schedule_problems(*, requested_on: date | None, hearing_on: date | None, min_days: int = 7) -> list[str]:
    """听证会通知书: the party is told at least seven days before the hearing (行政处罚法第六十四条)."""
    if hearing_on is None or requested_on is None:
        return []
    if (hearing_on - requested_on).days < min_days:
        return [f"听证会应在通知当事人{min_days}日后举行（行政处罚法第六十四条），听证日期不能早于"
                f"{date.fromordinal(requested_on.toordinal() + min_days).isoformat()}"]
    return []


def decision_fine_problems(*, fine: Decimal | None, penalties: Sequence[str],
                           notified_fine: Decimal | None) -> list[str]:
    """The decided fine against what the party was told (不得因陈述、申辩而给予更重的处罚, 第四十五条)."""
    problems = []
    if fine is not None and fine < 0:
        return ["罚款金额不能为负数"]
    if "fine" in penalties and not fine:
        problems.append("告知的处罚种类含罚款，请填写罚款金额")
    if fine and "fine" not in penalties:
        problems.append("告知的处罚种类不含罚款，不能决定罚款；如需罚款请重新告知")
    if fine and notified_fine is not None and fine > notified_fine:
        problems.append(f"决定罚款{fine}元高于告知的拟罚款{notified_fine}元；不得因当事人陈述、申辩而加重处罚，"
                        "如需加重请重新告知")
    return problems


def service_problems(*, decided_on: date | None, on: date | None, method: str, today: date) -> list[str]:
    problems = []
    if method not in SERVICE_METHODS:
        problems.append("请选择送达方式")
    if on is None:
        problems.append("请填写送达日期")
    elif decided_on is not None and on < decided_on:
        problems.append(f"送达日期不能早于决定日期{decided_on.isoformat()}")
    elif on > today:
        problems.append("送达日期不能晚于今天")
    return problems


def documents_missing(steps: Iterable[str], live_kinds: Iterable[str]) -> list[str]:
    """Kinds (with repeats) that the recorded steps call for beyond the documents drafted or issued, in step order."""
    expected: Counter[str] = Counter()
    order: list[str] = []
    for step in steps:
        for kind in STEP_DOCUMENTS.get(step, ()):
            expected[kind] += 1
            if kind not in order:
                order.append(kind)
    live = Counter(live_kinds)
    return [kind for kind in order for _ in range(expected[kind] - live[kind])]


rmb_upper = amount_in_words  # the capital numerals live in anjian.domain.amount_words
