"""立案: proposing a case (立案审批表 drafted) and the approval that files it or refuses it.

A case is born from an inspection, a hazard not rectified, a handover form (异地检查、属地办案), a complaint …
It lives in its home agency: the most local of the proposer's agencies whose region covers the enterprise.
"""

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from anjian.accounts.access import local_grant
from anjian.audit.services import audit_record, model_snapshot
from anjian.cases.core.documents import draft_for_step, issue_for_step
from anjian.cases.core.guards import (
    is_own_case,
    not_future,
    officer_user_ids,
    require_acting,
    require_status,
    today_or,
)
from anjian.cases.core.transitions import case_move
from anjian.cases.models import CaseOfficer, PenaltyCase
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.case_process import OWN_CASE_FILING
from anjian.domain.case_steps import filing_problems
from anjian.domain.identifiers import region_covers
from anjian.domain.permissions import Capability
from anjian.inspections.services import officers_problems
from anjian.officers.models import Officer
from anjian.regions.models import Agency, Department

OWN_PROPOSAL = "立案审批人不能审批本人提出的立案申请"


def home_agency_for(actor, enterprise) -> Agency:
    """The actor's most local agency (with CASE_EDIT) whose region covers the enterprise."""
    grant = local_grant(actor, Capability.CASE_EDIT, enterprise.region_id)
    if grant is None:
        raise ServiceDenied("该单位不在您的管辖范围内，不能立案")
    return Agency.objects.select_related("region").get(pk=grant.agency_id)


def _origin_problems(agency: Agency, enterprise, inspection, hazards, handover) -> list[str]:
    problems = []
    if inspection is not None and inspection.enterprise_id != enterprise.pk:
        problems.append("来源检查的被检查单位与当事单位不一致")
    if any(h.enterprise_id != enterprise.pk for h in hazards):
        problems.append("所选隐患不属于当事单位")
    if handover is not None:
        if handover.enterprise_id != enterprise.pk:
            problems.append("问题移交表的被检查单位与当事单位不一致")
        elif not region_covers(agency.region_id, handover.home_agency.region_id):
            problems.append("该问题移交表不是移交给本机关的")
    return problems


def case_propose(*, actor, enterprise, source: str, cause: str, facts: str, officers: Sequence[Officer],
                 name: str = "", source_note: str = "", inspection=None, hazards: Sequence = (), handover=None,
                 party_kind: str = "unit", party_name: str = "", party_id_number: str = "",
                 party_representative: str = "", party_address: str = "", party_phone: str = "",
                 lead_officer: Officer | None = None, department: Department | None = None,
                 today: date | None = None) -> PenaltyCase:
    """立案申请: the case in "filing" with its team (≥ 2 officers with valid certificates) and a drafted 立案审批表.

    Party fields left blank are taken from the enterprise when the party is the unit itself.
    """
    agency = home_agency_for(actor, enterprise)
    today = today_or(today)
    if party_kind == "unit":
        party_name = party_name.strip() or enterprise.name
        party_id_number = party_id_number.strip() or enterprise.uscc
        party_representative = party_representative.strip() or enterprise.legal_representative
        party_address = party_address.strip() or enterprise.address
        party_phone = party_phone.strip() or enterprise.contact_phone
    hazards = list(hazards)
    officers = list(dict.fromkeys(officers))
    problems = filing_problems(source=source, source_note=source_note, name=name or "—", cause=cause, facts=facts,
                               party_kind=party_kind, party_name=party_name, hazards=len(hazards))
    problems += officers_problems(agency, officers, today)
    problems += _origin_problems(agency, enterprise, inspection, hazards, handover)
    if lead_officer is not None and lead_officer not in officers:
        problems.append("主办人须为承办人之一")
    if department is not None and department.agency_id != agency.pk:
        problems.append("承办处室不属于办案机关")
    if problems:
        raise ServiceInvalid(list(dict.fromkeys(problems)))
    lead = lead_officer or officers[0]
    with transaction.atomic():
        case = PenaltyCase.objects.create(
            agency=agency, department=department, enterprise=enterprise, name=name.strip() or f"{party_name}{cause.strip()}案",
            cause=cause.strip(), source=source, source_note=source_note.strip(), inspection=inspection, handover=handover,
            party_kind=party_kind, party_name=party_name, party_id_number=party_id_number.strip(),
            party_representative=party_representative.strip(), party_address=party_address.strip(),
            party_phone=party_phone.strip(), facts=facts.strip(), created_by=actor)
        CaseOfficer.objects.bulk_create([
            CaseOfficer(case=case, officer=o, is_lead=o.pk == lead.pk, certificate_number=o.certificate_number)
            for o in officers])
        case.hazards.set(hazards)
        audit_record(actor=actor, agency=agency, verb="case_propose", target=case,
                     new={**model_snapshot(case), "officers": [o.pk for o in officers],
                          "hazards": [h.pk for h in hazards], "steps": ["propose"]})
        case = PenaltyCase.objects.select_related("agency__region", "enterprise").get(pk=case.pk)
        draft_for_step(actor, case, "立")
    return case


def _approver_checks(actor, case: PenaltyCase) -> None:
    require_acting(actor, Capability.CASE_APPROVE, case, "审批立案")
    require_status(case, {"filing"}, "审批立案")
    if actor.pk in officer_user_ids(case):
        raise ServiceInvalid(OWN_CASE_FILING)
    if is_own_case(actor, case):
        raise ServiceInvalid(OWN_PROPOSAL)


def case_file_approve(*, actor, case: PenaltyCase, opinion: str = "", on: date | None = None) -> PenaltyCase:
    """立案: the case is filed on ``on`` (the 90-day decision limit runs from it) and the 立案审批表 is issued."""
    _approver_checks(actor, case)
    on = today_or(on)
    not_future(on, "立案日期")
    problems = officers_problems(case.agency, [m.officer for m in case.team.select_related("officer")], on)
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="investigating", verb="case_file_approve", filed_on=on,
                         filing_approved_by=actor, filing_opinion=opinion.strip() or "同意立案")
        issue_for_step(actor, case, ["立"])
    return case


def case_file_refuse(*, actor, case: PenaltyCase, reason: str) -> PenaltyCase:
    """不予立案, with the reason; the 立案审批表 records the refusal."""
    _approver_checks(actor, case)
    if not reason.strip():
        raise ServiceInvalid("请填写不予立案的理由")
    with transaction.atomic():
        case = case_move(actor=actor, case=case, new="not_filed", verb="case_file_refuse", result="not_filed",
                         filing_approved_by=actor, filing_opinion=reason.strip())
        issue_for_step(actor, case, ["立"])
    return case
