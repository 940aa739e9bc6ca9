"""Writes of cross-region assignments and the inspections carried out under them: one transaction each, audited.

`anjian.inspections.services.inspection_plan` only plans inspections of enterprises in the actor's own
scope, so the cross-region plan creates the inspection here with the same validations (team rule via
`officers_problems`), with source "cross_region" and agency = the visiting agency. From then on the
inspection is the visiting agency's own and goes through the ordinary inspection pages and services.
"""

from collections.abc import Sequence
from datetime import date
from os.path import commonprefix

from django.db import transaction

from anjian.accounts.access import agencies_for, can, local_grant
from anjian.audit.services import audit_record, model_snapshot
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.permissions import Capability
from anjian.domain.supervision_rules import assignment_problems, covers, plan_problems
from anjian.inspections.models import Inspection, InspectionOfficer
from anjian.inspections.services import officers_for, officers_problems
from anjian.regions.models import Agency
from anjian.supervision.models import AssignmentInspection, CrossRegionAssignment


def _issuer_for(actor, visiting: Agency, home: Agency, issuer: Agency | None) -> Agency:
    """The issuing agency: given, or the actor's most local agency over both regions (over their common prefix)."""
    both = commonprefix([visiting.region_id, home.region_id])
    grant = local_grant(actor, Capability.INSPECTION_APPROVE, both)
    if grant is None:
        raise ServiceDenied("您无权对这两个机关下达异地执法任务")
    if issuer is None:
        return Agency.objects.select_related("region").get(pk=grant.agency_id)
    if not any(g.agency_id == issuer.pk and both.startswith(g.prefix)
               for g in agencies_for(actor, Capability.INSPECTION_APPROVE)):
        raise ServiceDenied("您不能以该机关名义下达异地执法任务")
    return issuer


def cross_region_assignment_issue(*, actor, visiting_agency: Agency, home_agency: Agency, enterprises: Sequence,
                                  round_label: str, mode: str, period_from: date | None, period_to: date | None,
                                  issuer: Agency | None = None, enterprises_later: bool = False
                                  ) -> CrossRegionAssignment:
    """A superior agency (审批权 over both regions) sends a visiting agency to inspect home enterprises."""
    issuer = _issuer_for(actor, visiting_agency, home_agency, issuer)
    enterprises = list({e.pk: e for e in enterprises}.values())
    problems = assignment_problems(
        issuer_code=issuer.region_id, visiting_code=visiting_agency.region_id, home_code=home_agency.region_id,
        mode=mode, round_label=round_label, period_from=period_from, period_to=period_to,
        enterprise_codes=[e.region_id for e in enterprises], enterprises_later=enterprises_later)
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        assignment = CrossRegionAssignment.objects.create(
            issuer=issuer, visiting_agency=visiting_agency, home_agency=home_agency, round_label=round_label.strip(),
            mode=mode, period_from=period_from, period_to=period_to, created_by=actor)
        assignment.enterprises.set(enterprises)
        audit_record(actor=actor, agency=issuer, verb="cross_region_assignment_issue", target=assignment,
                     new={**model_snapshot(assignment), "enterprises": sorted(e.pk for e in enterprises)})
    return assignment


def assignment_enterprises_add(*, actor, assignment: CrossRegionAssignment, enterprises: Sequence
                               ) -> CrossRegionAssignment:
    """Attach home-region enterprises to an issued assignment (by its issuer or the home agency's approvers)."""
    if not can(actor, Capability.INSPECTION_APPROVE, assignment.home_agency.region_id):
        raise ServiceDenied("只有下达机关或属地机关可以确定被检查单位")
    enterprises = list({e.pk: e for e in enterprises}.values())
    if not enterprises:
        raise ServiceInvalid(["请至少选择一家被检查单位"])
    if any(not covers(assignment.home_agency.region_id, e.region_id) for e in enterprises):
        raise ServiceInvalid(["被检查单位须在属地机关辖区内"])  # never named: they may lie outside the actor's scope
    with transaction.atomic():
        before = sorted(assignment.enterprises.values_list("pk", flat=True))
        assignment.enterprises.add(*enterprises)
        after = sorted(assignment.enterprises.values_list("pk", flat=True))
        audit_record(actor=actor, agency=assignment.home_agency, verb="assignment_enterprises_add",
                     target=assignment, old={"enterprises": before}, new={"enterprises": after})
    return assignment


def cross_region_inspection_plan(*, actor, assignment: CrossRegionAssignment, enterprise, planned_date: date | None,
                                 officer_ids: Sequence[int], today: date, leader_id: int | None = None,
                                 place: str = "") -> Inspection:
    """Plan an inspection of an assigned enterprise by the visiting agency (异地检查)."""
    visiting = assignment.visiting_agency
    if visiting.pk not in {g.agency_id for g in agencies_for(actor, Capability.INSPECTION_EDIT)} \
            or not can(actor, Capability.INSPECTION_EDIT, visiting.region_id):
        raise ServiceDenied("只有检查机关的执法人员可以按异地执法任务发起检查")
    assigned = assignment.enterprises.filter(pk=enterprise.pk).exists()
    errors = plan_problems(period_from=assignment.period_from, period_to=assignment.period_to, today=today,
                           planned_date=planned_date, enterprise_assigned=assigned)
    ids, officers, unavailable = officers_for(visiting, officer_ids)
    errors += unavailable
    errors += officers_problems(visiting, officers, planned_date or today)
    if leader_id is not None and int(leader_id) not in ids:
        errors.append("组长须为检查组成员")
    if errors:
        raise ServiceInvalid(list(dict.fromkeys(errors)))
    leader = int(leader_id) if leader_id is not None else ids[0]
    by_id = {o.pk: o for o in officers}
    with transaction.atomic():
        inspection = Inspection.objects.create(
            enterprise=enterprise, agency=visiting, source="cross_region", planned_date=planned_date,
            place=place.strip() or enterprise.address, created_by=actor)
        InspectionOfficer.objects.bulk_create([
            InspectionOfficer(inspection=inspection, officer_id=i, role="leader" if i == leader else "member",
                              certificate_number=by_id[i].certificate_number) for i in ids])
        AssignmentInspection.objects.create(assignment=assignment, inspection=inspection)
        audit_record(actor=actor, agency=visiting, verb="cross_region_inspection_plan", target=inspection,
                     new={**model_snapshot(inspection), "officers": ids, "assignment": assignment.pk})
    return inspection
