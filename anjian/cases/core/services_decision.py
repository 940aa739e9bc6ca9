"""决定 and 送达: the penalty decision (行政处罚决定书) once the party's periods have run, within the legal range
and not above what the party was told; then service (文书送达回执), after which the case is executed."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from anjian.cases.core.documents import issue_for_step
from anjian.cases.core.documents_content import penalties_text
from anjian.cases.core.guards import (
    calendar_and_limits,
    case_needs_discussion,
    require,
    require_acting,
    require_status,
    rule_refusals,
    today_or,
)
from anjian.cases.core.selectors import case_facts
from anjian.cases.core.transitions import case_move
from anjian.cases.discretion.fines import fine_refusals
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceInvalid
from anjian.domain.case_deadlines import decision_refusal
from anjian.domain.case_steps import SERVICE_METHODS, decision_fine_problems, review_passed, service_problems
from anjian.domain.permissions import Capability


def decision_problems(case: PenaltyCase, on: date, fine: Decimal | None, summary: str) -> list[str]:
    """Every reason the decision cannot be made now (the first one of the time rules, then the others)."""
    problems = []
    if not review_passed(case.legal_result):
        problems.append("法制审核未通过，不能作出处罚决定")
    if case_needs_discussion(case) and case.discussed_on is None:
        problems.append("本案须经集体讨论决定")
    cal, limits = calendar_and_limits()
    try:
        with rule_refusals():
            decision_refusal(case_facts(case), on, cal, limits)
    except ServiceInvalid as exc:
        problems += exc.errors
    problems += decision_fine_problems(fine=fine, penalties=case.penalties, notified_fine=case.proposed_fine)
    if fine is not None and fine >= 0:
        problems += fine_refusals(case, fine)
    return list(dict.fromkeys(problems))


def case_decide(*, actor, case: PenaltyCase, on: date | None, fine: Decimal | None, summary: str) -> PenaltyCase:
    """行政处罚决定 (罚): refused before the statement / hearing periods end, outside the legal range, or without
    a passed legal review. ``summary`` adds to the penalties and the fine (optional): the decision states them, the
    amount in words computed from the figure; a blank summary is recorded as that computed text."""
    require_acting(actor, Capability.CASE_APPROVE, case, "作出处罚决定")
    require_status(case, {"notified", "hearing"}, "作出处罚决定")
    on = today_or(on)
    if on > today_or(None):
        raise ServiceInvalid("决定日期不能晚于今天")
    problems = decision_problems(case, on, fine, summary)
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="decided", verb="case_decide", decided_on=on, decided_by=actor,
                         fine_amount=fine if fine else None,
                         decision_summary=summary.strip() or penalties_text(case.penalties, fine), result="penalized",
                         payload={"steps": ["decide"]})
        issue_for_step(actor, case, ["罚"])
    return case


def case_serve(*, actor, case: PenaltyCase, on: date | None, method: str, recipient: str = "", place: str = ""
               ) -> PenaltyCase:
    """送达 (回): the decision served on the party; execution (payment, reminders, court) follows."""
    require(actor, Capability.CASE_EDIT, case, "登记送达")
    require_status(case, {"decided"}, "登记送达")
    on = today_or(on)
    problems = service_problems(decided_on=case.decided_on, on=on, method=method, today=today_or(None))
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="executing", verb="case_serve", served_on=on,
                         service_method=SERVICE_METHODS[method],
                         payload={"steps": ["serve"], "method": method, "recipient": recipient.strip(),
                                  "place": place.strip()})
        issue_for_step(actor, case, ["回"])
    return case
