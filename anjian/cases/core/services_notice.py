"""告知 and 听证: the penalty notice (罚告; 听告 as well above the hearing thresholds), the party's statement and
defence, the hearing request (within the request period) and the hearing itself."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.cases.config import hearing_thresholds
from anjian.cases.core.documents import issue_for_step, step_context
from anjian.cases.core.guards import (
    calendar_and_limits,
    case_needs_discussion,
    not_future,
    require,
    require_status,
    rule_refusals,
    today_or,
)
from anjian.cases.core.selectors import case_facts
from anjian.cases.core.transitions import case_move, case_update
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceInvalid
from anjian.documents.selectors import documents_of
from anjian.domain.case_process import hearing_right
from anjian.domain.case_steps import hearing_request_refusal, hearing_schedule_problems, review_passed
from anjian.domain.permissions import Capability


def notice_refusal(case: PenaltyCase) -> str:
    """Why the penalty notice cannot be served yet ("" when it can)."""
    if case.status == "legal_review":
        if not review_passed(case.legal_result):
            return "法制审核尚未通过，不能告知"
        if case_needs_discussion(case):
            return "本案须经集体讨论后才能告知"
    elif case.status == "discussion":
        if case.discussed_on is None:
            return "集体讨论尚未记录，不能告知"
    else:
        return "只有审核（讨论）通过的案件可以告知"
    if not case.penalties:
        return "调查终结报告未提出处罚建议，无需告知"
    return ""


def case_has_hearing_right(case: PenaltyCase) -> bool:
    return hearing_right(party_kind=case.party_kind, penalties=case.penalties, fine=case.proposed_fine,
                         thresholds=hearing_thresholds())


def case_notify(*, actor, case: PenaltyCase, served_on: date | None) -> PenaltyCase:
    """行政处罚告知 (罚告), with 听证告知 (听告) when the proposed penalty gives the right to a hearing."""
    require(actor, Capability.CASE_EDIT, case, "告知当事人")
    require_status(case, {"legal_review", "discussion"}, "告知当事人")
    reason = notice_refusal(case)
    if reason:
        raise ServiceInvalid(reason)
    served_on = today_or(served_on)
    not_future(served_on, "送达日期")
    reviewed = timezone.localdate(case.legal_reviewed_at) if case.legal_reviewed_at else None
    earliest = max(d for d in (reviewed, case.discussed_on, case.filed_on) if d is not None)
    if served_on < earliest:
        raise ServiceInvalid(f"告知书送达日期不能早于{earliest.isoformat()}（审核或讨论日期）")
    hearing = case_has_hearing_right(case)
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="notified", verb="case_notify", notice_served_on=served_on,
                         hearing_notice_served_on=served_on if hearing else None, hearing_requested_on=None,
                         hearing_held_on=None, hearing_report="",
                         payload={"steps": ["notify", *(["notify_hearing"] if hearing else [])]})
        issue_for_step(actor, case, ["罚告", *(["听告"] if hearing else [])])
    return case


def case_statement_record(*, actor, case: PenaltyCase, on: date | None, statement: str) -> PenaltyCase:
    """当事人陈述申辩笔录: the party's statement and defence, kept with its date."""
    require(actor, Capability.CASE_EDIT, case, "记录陈述申辩")
    require_status(case, {"notified", "hearing"}, "记录陈述申辩")
    on = today_or(on)
    not_future(on, "陈述申辩日期")
    if case.notice_served_on and on < case.notice_served_on:
        raise ServiceInvalid("陈述申辩日期不能早于告知书送达日期")
    text = " ".join(statement.split())
    if not text:
        raise ServiceInvalid("请填写陈述申辩内容")
    note = "\n".join(filter(None, [case.statement_note, f"{on.isoformat()}：{text}"]))
    with transaction.atomic():
        case = case_update(actor=actor, case=case, verb="case_statement_record", statement_note=note,
                           payload={"steps": ["statement"], "on": on.isoformat()})
        issue_for_step(actor, case, ["申辩笔"])
    return case


def case_hearing_request(*, actor, case: PenaltyCase, on: date | None, hearing_on: date | None = None,
                         hearing_place: str = "", presiding: str = "") -> PenaltyCase:
    """The party asks for a hearing within the request period; with a date, the 听证会通知书 is issued too."""
    require(actor, Capability.CASE_EDIT, case, "登记听证申请")
    require_status(case, {"notified"}, "申请听证")
    on = today_or(on)
    not_future(on, "申请日期")
    cal, limits = calendar_and_limits()
    with rule_refusals():
        hearing_request_refusal(case_facts(case), on, cal, limits)
    problems = hearing_schedule_problems(requested_on=on, hearing_on=hearing_on)
    if problems:
        raise ServiceInvalid(problems)
    steps = ["hearing_notice"] if hearing_on else []
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="hearing", verb="case_hearing_request", hearing_requested_on=on,
                         payload={"steps": steps, "hearing_on": hearing_on.isoformat() if hearing_on else "",
                                  "hearing_place": hearing_place.strip(), "presiding": presiding.strip()})
        issue_for_step(actor, case, ["听通"] if hearing_on else [])
    return case


def case_hearing_hold(*, actor, case: PenaltyCase, on: date | None, report: str) -> PenaltyCase:
    """听证: the hearing held (听证笔录, 听证会报告书; the 听证会通知书 too if it was not issued on request)."""
    require(actor, Capability.CASE_EDIT, case, "记录听证")
    require_status(case, {"hearing"}, "记录听证")
    if case.hearing_held_on is not None:
        raise ServiceInvalid("本案听证已举行")
    on = today_or(on)
    not_future(on, "听证日期")
    if case.hearing_requested_on and on < case.hearing_requested_on:
        raise ServiceInvalid("听证日期不能早于申请日期")
    if not report.strip():
        raise ServiceInvalid("请填写听证情况及处理意见")
    invited = bool(step_context(case, "case_hearing_request").get("hearing_on")) or documents_of(case).filter(
        kind_id="听通", status__in=("draft", "issued")).exists()
    kinds = ([] if invited else ["听通"]) + ["听笔", "听报"]
    with transaction.atomic():
        case = case_update(actor=actor, case=case, verb="case_hearing_hold", hearing_held_on=on,
                           hearing_report=report.strip(),
                           payload={"steps": ([] if invited else ["hearing_notice"]) + ["hearing_hold"]})
        issue_for_step(actor, case, kinds)
    return case
