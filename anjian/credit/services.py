"""Writes of credit sanctions: record, lift early. One transaction each, audited in it.

Scope: only an agency whose region covers the enterprise's region records a sanction (it becomes the deciding
agency); only the deciding agency or an agency above it lifts one.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import agencies_for
from anjian.audit.services import audit_record, model_snapshot
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.credit.models import CreditSanction
from anjian.domain.credit_rules import LIST_KINDS, lift_problems, periods_overlap, record_problems
from anjian.domain.permissions import Capability
from anjian.enterprises.models import Enterprise
from anjian.regions.models import Agency

M = Capability.CREDIT_MANAGE


def _deciding_agency(actor, enterprise: Enterprise, agency: Agency | None) -> Agency:
    grants = [g for g in agencies_for(actor, M) if enterprise.region_id.startswith(g.prefix)]
    if not grants:
        raise ServiceDenied("您无权对该单位作出失信惩戒：该单位不在本机关管辖范围内")
    if agency is None:
        best = max(grants, key=lambda g: len(g.prefix))  # the most local agency of the actor
        return Agency.objects.select_related("region").get(pk=best.agency_id)
    if agency.pk not in {g.agency_id for g in grants}:
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
    if not any(sanction.agency.region_id.startswith(g.prefix) for g in agencies_for(actor, M)):
        raise ServiceDenied("只有决定机关或其上级机关可以移出")
    today = today or timezone.localdate()
    problems = lift_problems(status=sanction.status, end=sanction.end_date, today=today, reason=reason)
    if problems:
        raise ServiceInvalid(problems)
    now = timezone.now()
    with transaction.atomic():
        updated = CreditSanction.objects.filter(pk=sanction.pk, status="active").update(
            status="lifted", lifted_at=now, lifted_by=actor, lift_reason=reason.strip())
        if updated == 0:
            raise ServiceConflict("该记录已被他人处理，请刷新后重试")
        fresh = CreditSanction.objects.select_related("enterprise", "agency").get(pk=sanction.pk)
        audit_record(actor=actor, agency=sanction.agency, verb="credit_sanction_lift", target=fresh,
                     old={"status": "active"}, new={"status": "lifted", "lift_reason": fresh.lift_reason,
                                                    "lifted_at": now.isoformat()})
    return fresh
