"""Writes of discretion: applying a benchmark level to a case, and switching entries on and off.

case_discretion_set records which benchmark entry (violation at a level) a case applies, the proposed fine
and the reasoning (裁量理由). The fine must lie within the statutory range and the level's range
(anjian.cases.discretion.fines.fine_refusals). It goes through core.transitions.case_update: refused on an archived
case, conditional on the status the caller saw, audited in the same transaction.
"""

from decimal import Decimal

from django.db import transaction

from anjian.accounts.access import has_capability, highest_grant
from anjian.audit.services import audit_record
from anjian.cases.core.guards import refuse, require
from anjian.cases.core.transitions import case_update, refuse_if_archived
from anjian.cases.discretion.fines import fine_refusals
from anjian.cases.models import DiscretionEntry, PenaltyCase
from anjian.common.errors import ServiceConflict, ServiceDenied
from anjian.domain.case_process import CASE_STATUSES, PARTY_KINDS, UNDECIDED
from anjian.domain.permissions import Capability
from anjian.regions.models import Agency

REASONING_MAX = 4000


def discretion_problems(*, case: PenaltyCase, entry: DiscretionEntry, proposed_fine: Decimal | None,
                        reasoning: str) -> list[str]:
    """Why this entry and fine cannot be recorded on the case (empty when they can)."""
    problems = []
    if case.status not in UNDECIDED:
        problems.append(f"案件状态为“{CASE_STATUSES.get(case.status, case.status)}”，已作出决定的案件不能再调整裁量")
    if not entry.is_active:
        problems.append(f"裁量基准“{entry}”已停用，请选择其他阶次")
    if entry.party_kind != case.party_kind:
        problems.append(f"所选裁量基准适用于{PARTY_KINDS.get(entry.party_kind)}，本案当事人为"
                        f"{PARTY_KINDS.get(case.party_kind)}")
    if proposed_fine is None:
        problems.append("请填写拟罚款金额")
    elif proposed_fine <= 0:
        problems.append("拟罚款金额应大于0")
    elif proposed_fine != proposed_fine.quantize(Decimal("0.01")):
        problems.append("拟罚款金额最多保留两位小数")
    else:
        probe = PenaltyCase(discretion_entry=entry)
        problems.extend(fine_refusals(probe, proposed_fine))
    text = (reasoning or "").strip()
    if not text:
        problems.append("请填写裁量理由：说明适用该阶次的事实、情节和理由")
    elif len(text) > REASONING_MAX:
        problems.append(f"裁量理由不能超过{REASONING_MAX}字")
    return problems


def case_discretion_set(*, actor, case: PenaltyCase, entry: DiscretionEntry, proposed_fine: Decimal | None,
                        reasoning: str) -> PenaltyCase:
    """Apply a benchmark level to an undecided case with the proposed fine and the reasoning.

    The violated provision and the penalty basis are filled from the entry when the case has none yet.
    """
    refuse_if_archived(case)
    require(actor, Capability.CASE_EDIT, case, "调整该案件的裁量")
    refuse(discretion_problems(case=case, entry=entry, proposed_fine=proposed_fine, reasoning=reasoning))
    fields = {"discretion_entry": entry, "proposed_fine": proposed_fine.quantize(Decimal("0.01")),
              "discretion_reasoning": reasoning.strip()}
    if not case.violated_provision.strip():
        fields["violated_provision"] = entry.legal_provision
    if not case.penalty_provision.strip():
        fields["penalty_provision"] = entry.penalty_basis
    with transaction.atomic():
        return case_update(actor=actor, case=case, verb="case_discretion_set", **fields)


def _manager_agency(actor) -> Agency | None:
    if not has_capability(actor, Capability.DISCRETION_MANAGE):
        raise ServiceDenied("您无权维护裁量基准")
    grant = highest_grant(actor, Capability.DISCRETION_MANAGE)
    return Agency.objects.filter(pk=grant.agency_id).first() if grant else None


def _switch(*, actor, entry: DiscretionEntry, active: bool, verb: str) -> DiscretionEntry:
    agency = _manager_agency(actor)
    with transaction.atomic():
        updated = DiscretionEntry.objects.filter(pk=entry.pk, is_active=not active).update(is_active=active)
        if updated == 0:
            raise ServiceConflict("该裁量基准已" + ("启用" if active else "停用") + "，请刷新后查看")
        fresh = DiscretionEntry.objects.get(pk=entry.pk)
        audit_record(actor=actor, agency=agency, verb=verb, target=fresh, old={"is_active": not active},
                     new={"is_active": active})
    return fresh


def discretion_entry_deactivate(*, actor, entry: DiscretionEntry) -> DiscretionEntry:
    """停用: the entry can no longer be chosen for a case; cases that applied it keep it."""
    return _switch(actor=actor, entry=entry, active=False, verb="discretion_entry_deactivate")


def discretion_entry_activate(*, actor, entry: DiscretionEntry) -> DiscretionEntry:
    return _switch(actor=actor, entry=entry, active=True, verb="discretion_entry_activate")
