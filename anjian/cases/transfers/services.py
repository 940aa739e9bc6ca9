"""Writes of case transfers (移送), tracked to acknowledgement. One transaction each, audited.

Approval: the approver sends it. `case_transfer` needs CASE_EDIT and CASE_APPROVE over the case's agency (a
department head): it issues the approval form 移审 with the approver's name and the letter — 移 (案件移送书) or,
for a suspected crime, 涉移 (涉嫌犯罪案件移送书) — in one step, so a transfer never waits half-approved.
- During investigation the whole case goes: status → transferred, result "transferred".
- After a decision (decided / executing) only a suspected crime is transferred; the case keeps its status and
  the transfer is recorded alongside (行政处罚 + 移送).
Acknowledgement: a receiver inside the system acknowledges from its inbox (`case_transfer_acknowledge`, CASE_EDIT
over the receiving agency), optionally opening its own case; for receivers outside the system (public security,
procuratorate …) the sender records the receipt (`case_transfer_receipt_record`).
The receiver's own case is proposed through the core filing service (`core.services_filing.case_propose`).
"""

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from anjian.accounts.access import can
from anjian.audit.services import audit_record, model_snapshot
from anjian.cases.core.documents import case_document_issue
from anjian.cases.core.guards import locked, refuse, require, require_acting, rule_refusals, today_or
from anjian.cases.core.services_filing import case_propose
from anjian.cases.core.transitions import CONFLICT, case_move, refuse_if_archived
from anjian.cases.models import CaseTransfer, PenaltyCase
from anjian.cases.transfers import documents as docs
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain.case_execution import acknowledgement_problems, transfer_mode, transfer_problems
from anjian.domain.case_process import CRIMINAL_TRANSFERS, TRANSFER_KINDS
from anjian.domain.identifiers import region_covers
from anjian.domain.permissions import Capability
from anjian.officers.models import Officer
from anjian.regions.models import Agency

SNAPSHOT = ["case", "kind", "receiver_name", "receiver_agency", "reason", "legal_basis", "materials", "sent_on",
            "document", "acknowledged_on", "acknowledged_by_name", "acknowledgement_note", "received_case"]


def _materials(materials: Sequence[dict]) -> list[dict]:
    out = []
    for m in materials:
        try:
            pages = int(m.get("pages", 0))
        except (TypeError, ValueError):
            pages = 0
        out.append({"name": str(m.get("name", "")).strip(), "pages": pages})
    return out


def case_transfer(*, actor, case: PenaltyCase, kind: str, receiver_name: str = "", receiver_agency: Agency | None = None,
                  reason: str, legal_basis: str, materials: Sequence[dict], sent_on: date,
                  today: date | None = None) -> CaseTransfer:
    """移送 (approved and sent by the approver): 移审 + 移 / 涉移; the case moves to "transferred" unless a
    suspected crime is transferred after the decision."""
    refuse_if_archived(case)
    require(actor, Capability.CASE_EDIT, case, "移送该案件")
    require_acting(actor, Capability.CASE_APPROVE, case, "批准移送该案件：案件移送须经审批，请由具有审批权限的人员办理")
    today = today_or(today)
    if receiver_agency is not None and not receiver_name.strip():
        receiver_name = receiver_agency.name
    items = _materials(materials)
    with rule_refusals():
        mode = transfer_mode(case.status, kind)
    problems = transfer_problems(kind=kind, receiver_name=receiver_name, internal_receiver=receiver_agency is not None,
                                 reason=reason, legal_basis=legal_basis, materials=items, sent_on=sent_on,
                                 today=today, filed_on=case.filed_on)
    if receiver_agency is not None and receiver_agency.pk == case.agency_id:
        problems.append("不能移送本机关")
    refuse(problems)
    with transaction.atomic():
        row = locked(case)
        if row.status != case.status:
            raise ServiceConflict(CONFLICT)
        waiting = row.transfers.filter(acknowledged_on__isnull=True).first()
        if waiting is not None:
            raise ServiceInvalid(f"本案移送{waiting.receiver_name}（{waiting.sent_on.isoformat()}）尚未签收，不能再次移送")
        fields = {"kind": kind, "receiver_name": receiver_name.strip(), "reason": reason, "legal_basis": legal_basis,
                  "materials": items}
        case_document_issue(actor=actor, case=row, kind_code="移审", content=docs.transfer_request(
            row, sent_on=sent_on, approver=actor, **fields))
        letter = case_document_issue(actor=actor, case=row, kind_code="涉移" if kind in CRIMINAL_TRANSFERS else "移",
                                     content=docs.transfer_letter(row, **fields))
        transfer = CaseTransfer.objects.create(
            case=row, kind=kind, receiver_name=receiver_name.strip(), receiver_agency=receiver_agency,
            reason=reason.strip(), legal_basis=legal_basis.strip(), materials=items, sent_on=sent_on, sent_by=actor,
            document=letter)
        audit_record(actor=actor, agency=row.agency, verb="case_transfer", target=transfer,
                     new={**model_snapshot(transfer, SNAPSHOT), "mode": mode, "kind_label": TRANSFER_KINDS[kind]})
        if mode == "move":
            case_move(actor=actor, case=row, new="transferred", verb="case_transferred", result="transferred",
                      payload={"transfer": transfer.pk, "receiver": transfer.receiver_name})
    return transfer


def _received_case_open(*, actor, transfer: CaseTransfer, officers: Sequence[Officer], today: date) -> PenaltyCase:
    """The receiver's own case from a transfer, through the core filing service (立案申请, awaiting approval):
    source 其他机关移送, party and facts copied, the receiver's team of officers."""
    src, receiver = transfer.case, transfer.receiver_agency
    if not region_covers(receiver.region_id, src.enterprise.region_id):
        raise ServiceInvalid(f"当事单位{src.enterprise.name}不在{receiver.name}辖区内，不能据此立案；"
                             "可先签收，待该单位按管辖登记后再立案")
    number = transfer.document.number if transfer.document_id and transfer.document.number else ""
    note = f"{src.agency.name}移送" + (f"（{number}）" if number else "") + f"，{transfer.sent_on.isoformat()}"
    facts = src.facts.strip()
    facts = (facts + "\n" if facts else "") + f"移送理由：{transfer.reason}"
    return case_propose(
        actor=actor, enterprise=src.enterprise, source="transferred_in", cause=src.cause, facts=facts,
        officers=officers, name=src.name, source_note=note[:255], party_kind=src.party_kind, party_name=src.party_name,
        party_id_number=src.party_id_number, party_representative=src.party_representative,
        party_address=src.party_address, party_phone=src.party_phone, today=today)


def _acknowledge(*, actor, transfer: CaseTransfer, agency, verb: str, on: date, signer: str, note: str,
                 received_case: PenaltyCase | None = None) -> CaseTransfer:
    fields = {"acknowledged_on": on, "acknowledged_by_name": signer.strip()[:64],
              "acknowledgement_note": note.strip()}
    if CaseTransfer.objects.filter(pk=transfer.pk, acknowledged_on__isnull=True).update(**fields) == 0:
        raise ServiceConflict("该移送已被签收，请刷新后重试")
    fresh = CaseTransfer.objects.select_related("case", "receiver_agency", "document").get(pk=transfer.pk)
    audit_record(actor=actor, agency=agency, verb=verb, target=fresh, old={"acknowledged_on": None},
                 new={**{k: str(v) for k, v in fields.items()}})
    return fresh


def case_transfer_acknowledge(*, actor, transfer: CaseTransfer, on: date, signer_name: str = "", note: str = "",
                              open_case: bool = False, officers: Sequence[Officer] = (),
                              today: date | None = None) -> CaseTransfer:
    """The receiving agency (in the system) signs for a transfer; ``open_case`` also proposes its own case from it
    (core `case_propose`: ≥ 2 of its officers as the team), in the same transaction."""
    receiver = transfer.receiver_agency
    if receiver is None:
        raise ServiceInvalid("受移送机关不在本系统中，由移送机关登记回执")
    if not can(actor, Capability.CASE_EDIT, receiver.region_id):
        raise ServiceDenied("只有受移送机关可以签收")
    refuse_if_archived(transfer.case)
    today = today_or(today)
    signer = signer_name.strip() or (getattr(actor, "full_name", "") or actor.username)
    refuse(acknowledgement_problems(sent_on=transfer.sent_on, on=on, today=today,
                                    acknowledged_on=transfer.acknowledged_on, signer=signer, signer_required=True))
    with transaction.atomic():
        fresh = _acknowledge(actor=actor, transfer=transfer, agency=receiver, verb="case_transfer_acknowledge", on=on,
                             signer=signer, note=note)
        if open_case:
            new = _received_case_open(actor=actor, transfer=fresh, officers=officers, today=today)
            CaseTransfer.objects.filter(pk=fresh.pk).update(received_case=new)
            fresh.received_case = new
    return fresh


def case_transfer_receipt_record(*, actor, transfer: CaseTransfer, on: date, signer_name: str, note: str = "",
                                 today: date | None = None) -> CaseTransfer:
    """The sender records the receipt (回执) of a receiver outside the system: date, signer, note."""
    if transfer.receiver_agency is not None:
        raise ServiceInvalid(f"受移送机关{transfer.receiver_agency.name}在本系统中，由其在“移送案件”中签收")
    case = transfer.case
    refuse_if_archived(case)
    require(actor, Capability.CASE_EDIT, case, "登记移送回执")
    today = today_or(today)
    refuse(acknowledgement_problems(sent_on=transfer.sent_on, on=on, today=today,
                                    acknowledged_on=transfer.acknowledged_on, signer=signer_name,
                                    signer_required=True))
    with transaction.atomic():
        return _acknowledge(actor=actor, transfer=transfer, agency=case.agency, verb="case_transfer_receipt_record",
                            on=on, signer=signer_name, note=note)
