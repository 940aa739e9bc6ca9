"""案件审理: submission (案件处理呈批表), 法制审核 by a legal reviewer on every case, and 集体讨论 for major cases.

A legal reviewer never reviews a case they proposed or handle as a case officer. A case whose investigation
proposed no penalty closes as 不予行政处罚 once the review (and, for a major case, the discussion) agrees.
"""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from anjian.cases.core.documents import issue_for_step
from anjian.cases.core.guards import (
    case_needs_discussion,
    is_own_case,
    not_future,
    require,
    require_acting,
    require_status,
    today_or,
)
from anjian.cases.core.handoffs import case_review_resubmitted, case_sent_back
from anjian.cases.core.transitions import case_move, case_update
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceInvalid
from anjian.domain.case_process import LEGAL_REVIEW_RESULTS, OWN_CASE_REVIEW
from anjian.domain.case_steps import DISCUSSION_CONCLUSIONS, review_passed
from anjian.domain.permissions import Capability


def case_submit_for_review(*, actor, case: PenaltyCase) -> PenaltyCase:
    """调查终结 → 法制审核 (案件处理呈批表). A new submission starts a new review and discussion."""
    require(actor, Capability.CASE_EDIT, case, "提交审核")
    require_status(case, {"investigated"}, "提交法制审核")
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="legal_review", verb="case_submit_for_review", legal_result="",
                         legal_opinion="", legal_reviewer=None, legal_reviewed_at=None, discussed_on=None,
                         discussion_record="", payload={"steps": ["submit"]})
        issue_for_step(actor, case, ["处呈"])
        case_review_resubmitted(case)
    return case


def _close_without_penalty(actor, case: PenaltyCase, *, verb: str, on: date, note: str, fields: dict,
                           payload: dict) -> PenaltyCase:
    payload = {**payload, "steps": [*payload["steps"], "close_no_penalty"]}
    return case_move(actor=actor, case=case, new="closed", verb=verb, result="no_penalty", closed_on=on,
                     closing_note=note, payload=payload, **fields)


def case_legal_review(*, actor, case: PenaltyCase, result: str, opinion: str, on: date | None = None) -> PenaltyCase:
    """法制审核 (法审): pass → 集体讨论 when the case needs it, else ready for notice (or closed when no penalty is
    proposed); amend = pass with the changes required in the opinion; return → 补充调查."""
    require_acting(actor, Capability.CASE_LEGAL_REVIEW, case, "进行法制审核")
    require_status(case, {"legal_review"}, "进行法制审核")
    if is_own_case(actor, case):
        raise ServiceInvalid(OWN_CASE_REVIEW)
    if case.legal_result:
        raise ServiceInvalid("本案已完成法制审核")
    if result not in LEGAL_REVIEW_RESULTS:
        raise ServiceInvalid("请选择审核结论：同意、修改后同意或退回补充调查")
    if not opinion.strip():
        raise ServiceInvalid("请填写法制审核意见")
    on = today_or(on)
    not_future(on, "审核日期")
    if case.investigated_on and on < case.investigated_on:
        raise ServiceInvalid("审核日期不能早于调查终结日期")
    at = timezone.now() if on == timezone.localdate() else timezone.make_aware(datetime.combine(on, time(10)))
    fields = {"legal_reviewer": actor, "legal_reviewed_at": at, "legal_result": result,
              "legal_opinion": opinion.strip()}
    with transaction.atomic():
        if not review_passed(result):
            case = case_move(actor=actor, case=case, new="investigating", verb="case_legal_review",
                             payload={"steps": ["legal_review"], "result": result}, **fields)
            issue_for_step(actor, case, ["法审"])
            case_sent_back(actor=actor, case=case, kind="case_review", reason=opinion.strip())
        elif case_needs_discussion(case):
            case = case_move(actor=actor, case=case, new="discussion", verb="case_legal_review",
                             payload={"steps": ["legal_review"], "result": result}, **fields)
            issue_for_step(actor, case, ["法审"])
        elif not case.penalties:
            case = _close_without_penalty(actor, case, verb="case_legal_review", on=on,
                                          note=f"经调查和法制审核，不予行政处罚。{opinion.strip()}", fields=fields,
                                          payload={"steps": ["legal_review"], "result": result})
            issue_for_step(actor, case, ["法审", "结"])
        else:
            case = case_update(actor=actor, case=case, verb="case_legal_review",
                               payload={"steps": ["legal_review"], "result": result}, **fields)
            issue_for_step(actor, case, ["法审"])
    return case


def case_discussion_record(*, actor, case: PenaltyCase, on: date | None, record: str, conclusion: str
                           ) -> PenaltyCase:
    """集体讨论 (罚集) by the agency's leaders: penalize (then notice), no penalty (closed) or reinvestigate."""
    require_acting(actor, Capability.CASE_APPROVE, case, "记录集体讨论")
    require_status(case, {"discussion"}, "记录集体讨论")
    if case.discussed_on is not None:
        raise ServiceInvalid("本案已记录集体讨论")
    if conclusion not in DISCUSSION_CONCLUSIONS:
        raise ServiceInvalid("请选择讨论结论")
    if not record.strip():
        raise ServiceInvalid("请填写集体讨论记录")
    on = today_or(on)
    not_future(on, "讨论日期")
    if case.legal_reviewed_at and on < timezone.localdate(case.legal_reviewed_at):
        raise ServiceInvalid("集体讨论日期不能早于法制审核日期")
    if conclusion == "penalize" and not case.penalties:
        raise ServiceInvalid("调查终结报告未提出处罚建议，不能决定给予处罚；请退回补充调查")
    fields = {"discussed_on": on, "discussion_record": record.strip()}
    payload = {"steps": ["discussion"], "conclusion": conclusion}
    with transaction.atomic():
        if conclusion == "no_penalty":
            case = _close_without_penalty(actor, case, verb="case_discussion_record", on=on,
                                          note=f"经集体讨论，不予行政处罚。{record.strip()}", fields=fields,
                                          payload=payload)
            issue_for_step(actor, case, ["罚集", "结"])
        elif conclusion == "reinvestigate":
            case = case_move(actor=actor, case=case, new="investigating", verb="case_discussion_record",
                             payload=payload, **fields)
            issue_for_step(actor, case, ["罚集"])
            case_sent_back(actor=actor, case=case, kind="case_discussion", reason=record.strip())
        else:
            case = case_update(actor=actor, case=case, verb="case_discussion_record", payload=payload, **fields)
            issue_for_step(actor, case, ["罚集"])
    return case

