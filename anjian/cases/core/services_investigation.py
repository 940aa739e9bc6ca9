"""调查取证: evidence steps with their documents, 先行登记保存 with its approval and 7-working-day decision,
extensions of the decision limit, and the investigation report (调查终结) that ends the stage."""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from anjian.cases.config import time_limits
from anjian.cases.core.documents import issue_for_step
from anjian.cases.core.guards import (
    acts_for,
    locked,
    not_future,
    require,
    require_acting,
    require_status,
    today_or,
)
from anjian.cases.core.transitions import case_move, case_update
from anjian.cases.discretion.fines import fine_refusals
from anjian.cases.models import CaseExtension, CaseInvestigation, PenaltyCase
from anjian.common.errors import ServiceConflict, ServiceInvalid
from anjian.domain.case_process import INVESTIGATION_DOCUMENTS, PRE_FILING, UNDECIDED
from anjian.domain.case_steps import conclusion_problems, investigation_problems
from anjian.domain.permissions import Capability

PRESERVATION_APPROVAL = "先行登记保存证据须经行政机关负责人批准（行政处罚法第五十六条），请由有审批权限的负责人登记"
MAX_EXTENSION_DAYS = 90


def case_investigation_add(*, actor, case: PenaltyCase, kind: str, occurred_on: date | None, summary: str
                           ) -> CaseInvestigation:
    """One evidence step (询问、勘验、抽样、先行登记保存、鉴定) and its document.

    先行登记保存 is approved by a CASE_APPROVE holder, who registers it: its 审批表 and 通知书 are issued together and
    the 7-working-day decision limit runs from the notice.
    """
    require(actor, Capability.CASE_EDIT, case, "调查取证")
    require_status(case, {"investigating"}, "登记调查取证")
    if kind == "preservation" and not acts_for(actor, Capability.CASE_APPROVE, case):
        raise ServiceInvalid(PRESERVATION_APPROVAL)
    problems = investigation_problems(kind=kind, occurred_on=occurred_on, summary=summary, filed_on=case.filed_on,
                                      today=today_or(None))
    if problems:
        raise ServiceInvalid(problems)
    kinds = ["先保审", "先保通"] if kind == "preservation" else [c for c in [INVESTIGATION_DOCUMENTS.get(kind)] if c]
    with transaction.atomic():
        case = locked(case)
        require_status(case, {"investigating"}, "登记调查取证")
        row = CaseInvestigation.objects.create(case=case, kind=kind, occurred_on=occurred_on, summary=summary.strip(),
                                               created_by=actor)
        case = case_update(actor=actor, case=case, verb="case_investigation_add",
                           payload={"steps": [f"investigation:{kind}"], "investigation": row.pk, "kind": kind,
                                    "occurred_on": occurred_on.isoformat()})
        issue_for_step(actor, case, kinds, row=row)
    row.refresh_from_db()
    return row


def case_preservation_decide(*, actor, investigation: CaseInvestigation, on: date | None, decision: str
                             ) -> CaseInvestigation:
    """先行登记保存证据处理决定 (先保处): within 7 working days of the notice; a late one is recorded as late."""
    case = investigation.case
    require_acting(actor, Capability.CASE_APPROVE, case, "作出先行登记保存处理决定")
    require_status(case, frozenset(UNDECIDED) | {"decided", "executing"}, "作出先行登记保存处理决定")
    if investigation.kind != "preservation":
        raise ServiceInvalid("只有先行登记保存的证据需要作出处理决定")
    if investigation.preservation_decided_on is not None:
        raise ServiceInvalid("该先行登记保存的证据已作出处理决定")
    on = today_or(on)
    not_future(on, "处理决定日期")
    if on < investigation.occurred_on:
        raise ServiceInvalid("处理决定日期不能早于先行登记保存日期")
    if not decision.strip():
        raise ServiceInvalid("请填写处理决定（如：解除先行登记保存、移送、没收等）")
    with transaction.atomic():
        updated = CaseInvestigation.objects.filter(pk=investigation.pk, preservation_decided_on__isnull=True).update(
            preservation_decided_on=on, preservation_decision=decision.strip())
        if not updated:
            raise ServiceConflict("该先行登记保存已被他人处理，请刷新后重试")
        investigation.refresh_from_db()
        case = case_update(actor=actor, case=case, verb="case_preservation_decide",
                           payload={"steps": ["preservation_decide"], "investigation": investigation.pk,
                                    "decided_on": on.isoformat(), "decision": decision.strip()})
        issue_for_step(actor, case, ["先保处"], row=investigation)
    return investigation


def case_extension_approve(*, actor, case: PenaltyCase, days: int, reason: str, on: date | None = None
                           ) -> CaseExtension:
    """案件延期: the decision limit moves by ``days`` (案件延期审批表)."""
    require_acting(actor, Capability.CASE_APPROVE, case, "批准案件延期")
    require_status(case, UNDECIDED - PRE_FILING, "批准延期")
    if not isinstance(days, int) or days < 1 or days > MAX_EXTENSION_DAYS:
        raise ServiceInvalid(f"延长天数应为1至{MAX_EXTENSION_DAYS}日")
    if not reason.strip():
        raise ServiceInvalid("请填写延期理由")
    on = today_or(on)
    not_future(on, "批准日期")
    with transaction.atomic():
        case = locked(case)
        require_status(case, UNDECIDED - PRE_FILING, "批准延期")
        total = case.extension_days + days
        new_due = case.filed_on + timedelta(days=time_limits().decision_days + total)
        row = CaseExtension.objects.create(case=case, days=days, reason=reason.strip(), approved_by=actor,
                                           approved_on=on, new_due=new_due)
        case = case_update(actor=actor, case=case, verb="case_extension_approve", extension_days=total,
                           payload={"steps": ["extension"], "extension": row.pk, "days": days,
                                    "new_due": new_due.isoformat()})
        issue_for_step(actor, case, ["案延"], extension=row)
    row.refresh_from_db()
    return row


def case_investigation_conclude(*, actor, case: PenaltyCase, report: str, violated_provision: str = "",
                                penalty_provision: str = "", penalties: Sequence[str] = (),
                                proposed_fine: Decimal | None = None, is_major: bool = False,
                                on: date | None = None) -> PenaltyCase:
    """调查终结: the report and the proposal (no penalties = 建议不予处罚); issues 调查终结报告."""
    require(actor, Capability.CASE_EDIT, case, "作出调查终结报告")
    require_status(case, {"investigating"}, "调查终结")
    on = today_or(on)
    not_future(on, "调查终结日期")
    penalties = list(dict.fromkeys(penalties))
    problems = conclusion_problems(report=report, violated_provision=violated_provision,
                                   penalty_provision=penalty_provision, penalties=penalties, proposed_fine=proposed_fine)
    if case.filed_on and on < case.filed_on:
        problems.append("调查终结日期不能早于立案日期")
    if case.investigations.filter(kind="preservation", preservation_decided_on__isnull=True).exists():
        problems.append("先行登记保存的证据尚未作出处理决定")
    if not problems and proposed_fine is not None:
        problems += fine_refusals(case, proposed_fine)
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="investigated", verb="case_investigation_conclude",
                         investigated_on=on, investigation_report=report.strip(),
                         violated_provision=violated_provision.strip(), penalty_provision=penalty_provision.strip(),
                         penalties=penalties, proposed_fine=proposed_fine, is_major=bool(is_major),
                         payload={"steps": ["conclude"]})
        issue_for_step(actor, case, ["终报"])
    return case

