"""Checks shared by the case-step services of every part: capability over the case's agency, the actor's own
cases, dates, the calendar/limits a rule needs, and the locked case row. Every step service calls these before it
writes."""

from contextlib import contextmanager
from datetime import date

from django.utils import timezone

from anjian.accounts.access import agencies_for, can
from anjian.calendars.selectors import work_calendar
from anjian.cases.config import hearing_thresholds, time_limits
from anjian.cases.core.transitions import refuse_if_archived
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.calendar import CalendarYearMissing
from anjian.domain.case_process import CASE_STATUSES, StepRefused, needs_discussion
from anjian.domain.permissions import Capability


def require(actor, capability: Capability, case: PenaltyCase, what: str) -> None:
    if not can(actor, capability, case.agency.region_id):
        raise ServiceDenied(f"您无权{what}（{case.agency.name}的案件）")


def acts_for(actor, capability: Capability, case: PenaltyCase) -> bool:
    """The actor holds ``capability`` at the case's own agency: the case is handled in that agency's name, so its
    approvals and reviews are taken by its own staff, never by an agency above (which may view; ADR 0031)."""
    return any(g.agency_id == case.agency_id for g in agencies_for(actor, capability))


def require_acting(actor, capability: Capability, case: PenaltyCase, what: str) -> None:
    """``require`` for the steps taken in the agency's name (立案审批, 法制审核, 集体讨论, 决定 and their send-backs,
    extensions, preservation decisions): a superior agency's staff are refused like anyone without the role."""
    require(actor, capability, case, what)
    if not acts_for(actor, capability, case):
        raise ServiceDenied(f"您无权{what}：本案以{case.agency.name}名义办理，须由该局具有相应权限的人员办理")


def require_status(case: PenaltyCase, allowed: set[str] | frozenset[str], what: str) -> None:
    refuse_if_archived(case)
    if case.status not in allowed:
        raise ServiceInvalid(f"案件当前为“{CASE_STATUSES[case.status]}”，不能{what}")


def officer_user_ids(case: PenaltyCase) -> set[int]:
    return {uid for uid in case.team.values_list("officer__user_id", flat=True) if uid is not None}


def is_own_case(actor, case: PenaltyCase) -> bool:
    """The actor proposed the case or is the login of one of its case officers (承办人)."""
    return case.created_by_id == actor.pk or actor.pk in officer_user_ids(case)


def today_or(on: date | None) -> date:
    return on or timezone.localdate()


def refuse(problems: list[str]) -> None:
    """ServiceInvalid with every reason a pure rule found (nothing when there is none)."""
    if problems:
        raise ServiceInvalid(problems)


def not_future(on: date, label: str) -> None:
    if on > timezone.localdate():
        raise ServiceInvalid(f"{label}不能晚于今天")


@contextmanager
def rule_refusals():
    """A pure rule's StepRefused, or a missing calendar year, becomes ServiceInvalid with its Chinese reason."""
    try:
        yield
    except (StepRefused, CalendarYearMissing) as exc:
        raise ServiceInvalid(str(exc)) from exc


def calendar_and_limits():
    return work_calendar(), time_limits()


def case_needs_discussion(case: PenaltyCase) -> bool:
    return needs_discussion(is_major=case.is_major, party_kind=case.party_kind, penalties=case.penalties,
                            fine=case.proposed_fine, thresholds=hearing_thresholds())


def locked(case: PenaltyCase) -> PenaltyCase:
    """The case row as it is now, locked for the rest of the transaction (steps that check it and write child rows);
    refused when it is archived."""
    refuse_if_archived(case)
    row = PenaltyCase.objects.select_for_update(of=("self",)).select_related("agency__region", "enterprise").get(
        pk=case.pk)
    refuse_if_archived(row)
    return row
