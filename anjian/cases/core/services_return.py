"""Send back (退回) on a case's approval steps (ADR 0027): 立案审批 → the proposer corrects and resubmits the
filing; 法制审核, 集体讨论 and 处罚决定审批 → 补充调查 by the case officer who sent the case on. The sender finds a
hand-off with the reason in their to-do list; resubmitting closes it."""

from django.db import transaction

from anjian.cases.core.documents import draft_for_step
from anjian.cases.core.guards import officer_user_ids, require, require_acting, today_or
from anjian.cases.core.handoffs import case_sent_back
from anjian.cases.core.services_review import case_discussion_record, case_legal_review
from anjian.cases.core.transitions import case_move, refuse_if_archived
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceInvalid
from anjian.domain.case_process import OWN_CASE_FILING
from anjian.domain.case_steps import filing_problems
from anjian.domain.permissions import Capability
from anjian.notices.send_back import checked_reason, moved_on, require_open


def case_file_return(*, actor, case: PenaltyCase, reason: str) -> PenaltyCase:
    """立案审批 退回: the proposal goes back to its proposer (``created_by``) to be corrected."""
    require_acting(actor, Capability.CASE_APPROVE, case, "退回立案申请")
    refuse_if_archived(case)
    require_open(case.status, {"filing"}, "退回（仅立案审批中的案件可以退回立案申请）")
    if actor.pk in officer_user_ids(case):
        raise ServiceInvalid(OWN_CASE_FILING)
    reason = checked_reason(reason)
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="returned", verb="case_file_return", payload={"reason": reason})
        case_sent_back(actor=actor, case=case, kind="case_filing", reason=reason)
    return case


def case_filing_resubmit(*, actor, case: PenaltyCase, cause: str = "", facts: str = "") -> PenaltyCase:
    """The corrected proposal (案由, 案件基本情况) goes back to 立案审批; the proposer's hand-off closes."""
    require(actor, Capability.CASE_EDIT, case, "重新提交立案申请")
    refuse_if_archived(case)
    require_open(case.status, {"returned"}, "重新提交（仅已退回的立案申请可以重新提交）")
    cause, facts = cause.strip() or case.cause, facts.strip() or case.facts
    problems = filing_problems(source=case.source, source_note=case.source_note, name=case.name, cause=cause,
                               facts=facts, party_kind=case.party_kind, party_name=case.party_name,
                               hazards=case.hazards.count())
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="filing", verb="case_filing_resubmit", cause=cause, facts=facts)
        draft_for_step(actor, case, "立")  # the 立案审批表 draft shows the corrected proposal
        moved_on("case_filing", case.pk)
    return case


def case_review_return(*, actor, case: PenaltyCase, reason: str) -> PenaltyCase:
    """法制审核 退回补充调查, with the reason as the review's opinion (the same step as the review's 'return')."""
    require_acting(actor, Capability.CASE_LEGAL_REVIEW, case, "退回案件")
    refuse_if_archived(case)
    require_open(case.status if not case.legal_result else "", {"legal_review"},
                 "退回（仅待法制审核的案件可以退回）")
    return case_legal_review(actor=actor, case=case, result="return", opinion=checked_reason(reason))


def case_discussion_return(*, actor, case: PenaltyCase, reason: str) -> PenaltyCase:
    """集体讨论 退回补充调查, the reason recorded as the discussion."""
    require_acting(actor, Capability.CASE_APPROVE, case, "退回案件")
    refuse_if_archived(case)
    require_open(case.status if case.discussed_on is None else "", {"discussion"},
                 "退回（仅待集体讨论的案件可以退回）")
    return case_discussion_record(actor=actor, case=case, on=today_or(None), record=checked_reason(reason),
                                  conclusion="reinvestigate")


def case_decision_return(*, actor, case: PenaltyCase, reason: str) -> PenaltyCase:
    """处罚决定审批 退回补充调查: the case goes back to investigation; after it, review and notice run again."""
    require_acting(actor, Capability.CASE_APPROVE, case, "退回案件")
    refuse_if_archived(case)
    require_open(case.status, {"notified", "hearing"}, "退回（仅待作出处罚决定的案件可以退回）")
    reason = checked_reason(reason)
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="investigating", verb="case_decision_return",
                         payload={"reason": reason})
        case_sent_back(actor=actor, case=case, kind="case_decision", reason=reason)
    return case
