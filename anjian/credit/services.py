"""Writes of credit sanctions: record, lift early. One transaction each, audited in it.

Scope: only an agency whose region covers the enterprise's region records a sanction (it becomes the deciding
agency); only the deciding agency or an agency above it lifts one.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import agencies_for, can, local_grant
from anjian.audit.services import audit_record, model_snapshot
from anjian.audit.transitions import transition
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.credit.models import CreditSanction
from anjian.domain.credit_rules import (
    LIST_KINDS,
    SANCTION_MOVES,
    SANCTION_STATUSES,
    lift_problems,
    periods_overlap,
    record_problems,
)
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise
from anjian.regions.models import Agency

M = Capability.CREDIT_MANAGE


def _deciding_agency(actor, enterprise: Enterprise, agency: Agency | None) -> Agency:
    grant = local_grant(actor, M, enterprise.region_id)  # the most local agency of the actor
    if grant is None:
        raise ServiceDenied("您无权对该单位作出失信惩戒：该单位不在本机关管辖范围内")
    if agency is None:
        return Agency.objects.select_related("region").get(pk=grant.agency_id)
    if not any(g.agency_id == agency.pk and enterprise.region_id.startswith(g.prefix) for g in agencies_for(actor, M)):
        raise ServiceDenied("您不能以该机关名义作出失信惩戒")
    return agency


def sanction_record(*, actor, enterprise: Enterprise, list_kind: str, reason: str, start_date: date | None,
                    end_date: date | None, legal_basis: str = "", source_reference: str = "",
                    agency: Agency | None = None) -> CreditSanction:
    """Put an enterprise on a list for a period, with the reason and its basis."""
    agency = _deciding_agency(actor, enterprise, agency)
    problems = record_problems(list_kind=list_kind, reason=reason, start=start_date, end=end_date)
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        # Lock the enterprise so that two overlapping records of the same list cannot both pass the check.
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).values_list("pk", flat=True).first()
        for other in CreditSanction.objects.filter(enterprise=enterprise, list_kind=list_kind, status="active"):
            if periods_overlap(other.start_date, other.end_date, start_date, end_date):
                raise ServiceInvalid(
                    f"该单位在{other.start_date.isoformat()}至{other.end_date.isoformat()}期间已列入"
                    f"{LIST_KINDS[list_kind]}，惩戒期间不能重叠")
        sanction = CreditSanction.objects.create(
            enterprise=enterprise, agency=agency, list_kind=list_kind, reason=reason.strip(),
            legal_basis=legal_basis.strip(), source_reference=source_reference.strip(), start_date=start_date,
            end_date=end_date, created_by=actor)
        audit_record(actor=actor, agency=agency, verb="credit_sanction_record", target=sanction,
                     new=model_snapshot(sanction))
    return sanction


def sanction_lift(*, actor, sanction: CreditSanction, reason: str, today: date | None = None) -> CreditSanction:
    """提前移出: the deciding agency (or one above it) lifts a sanction before its period ends."""
    if not can(actor, M, sanction.agency.region_id):
        raise ServiceDenied("只有决定机关或其上级机关可以移出")
    today = today or timezone.localdate()
    problems = lift_problems(status=sanction.status, end=sanction.end_date, today=today, reason=reason)
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        return transition(actor=actor, agency=sanction.agency, obj=sanction, table=SANCTION_MOVES, new="lifted",
                          allow_same=False, verb="credit_sanction_lift", kind="惩戒记录", labels=SANCTION_STATUSES,
                          conflict="该记录已被他人处理，请刷新后重试", lifted_at=timezone.now(), lifted_by=actor,
                          lift_reason=reason.strip())
