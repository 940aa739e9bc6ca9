"""Publishing penalty decisions (行政处罚决定公开) and withdrawing them. One transaction each, audited.

- `case_disclose` (CASE_EDIT): a decided penalty case's decision — 决定书 number, party, facts, basis, decision,
  agency and date — is published with the personal data of natural persons redacted
  (`anjian.domain.redaction`); the time limit is the "disclosure" deadline of `anjian.domain.case_deadlines`
  (20 working days after the decision, 7 for penalties found by random inspection; configurable).
- `case_disclosure_withdraw` (CASE_EDIT): taken off the public pages with a reason (e.g. the decision was
  revoked); the case then no longer counts as due. Publishing it again is a new `case_disclose`.
- `cases_disclose_batch` (CASE_EDIT, a background job): several decided cases, each through `case_disclose` in
  its own transaction; already published ones are skipped and counted, so a re-run after a worker restart
  publishes only the rest.
An archived case never changes, so a decision is published before its case is archived (the file check asks).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from anjian.cases.core.guards import refuse, require, today_or
from anjian.cases.core.selectors import case_get_for
from anjian.cases.core.transitions import case_update, refuse_if_archived
from anjian.cases.models import PenaltyCase
from anjian.cases.records.selectors import DISCLOSABLE_STATUSES, decision_document
from anjian.common.errors import NotFound, ServiceError, ServiceInvalid
from anjian.domain.permissions import Capability
from anjian.domain.redaction import redact


def disclosure_problems(case: PenaltyCase) -> list[str]:
    """Why the case's decision cannot be published now."""
    if case.decided_on is None or case.status not in DISCLOSABLE_STATUSES:
        return ["只有已作出处罚决定的案件可以公开"]
    if case.result not in ("", "penalized"):
        return [f"本案处理结果为“{case.get_result_display()}”，没有需要公开的行政处罚决定"]
    if case.disclosed_on is not None:
        return [f"本案处罚决定已于{case.disclosed_on.isoformat()}公开；如需更正，请先撤回再重新公开"]
    if decision_document(case) is None:
        return ["行政处罚决定书尚未签发，不能公开"]
    return []


def people_of(case: PenaltyCase) -> dict:
    """Who and what the redaction must hide or keep for this case."""
    names = [case.party_representative]
    addresses = []
    keep = [case.agency.name]
    if case.party_kind == "individual":
        names.append(case.party_name)
        addresses.append(case.party_address)
    else:
        keep += [case.party_name, case.party_id_number, case.enterprise.name, case.enterprise.uscc]
    return {"names": [n for n in names if n], "addresses": [a for a in addresses if a], "keep": [k for k in keep if k]}


def disclosure_source_text(case: PenaltyCase) -> str:
    """The public text before redaction, from the case and its issued decision."""
    decision = decision_document(case)
    if case.party_kind == "individual":
        party = [f"被处罚人：{case.party_name}"]
        if case.party_id_number:
            party.append(f"身份证件号码：{case.party_id_number}")
        if case.party_address:
            party.append(f"住址：{case.party_address}")
    else:
        party = [f"被处罚单位：{case.party_name}",
                 f"统一社会信用代码：{case.party_id_number or case.enterprise.uscc}"]
        if case.party_representative:
            party.append(f"法定代表人（负责人）：{case.party_representative}")
        if case.party_address:
            party.append(f"地址：{case.party_address}")
    basis = "；".join(x.strip() for x in (case.violated_provision, case.penalty_provision) if x.strip())
    decision_text = case.decision_summary.strip() or (f"罚款人民币{case.fine_amount}元" if case.fine_amount else "")
    lines = [f"行政处罚决定书文号：{decision.number if decision else ''}", *party,
             f"违法事实：{case.facts.strip() or case.cause}", f"处罚依据：{basis}", f"处罚决定：{decision_text}",
             f"作出处罚决定的机关：{case.agency.name}", f"作出处罚决定的日期：{case.decided_on.isoformat()}"]
    return "\n".join(lines)


def disclosure_preview(case: PenaltyCase) -> str:
    return redact(disclosure_source_text(case), **people_of(case))


def case_disclose(*, actor, case: PenaltyCase, text: str | None = None, on: date | None = None) -> PenaltyCase:
    """Publish the decision; ``text`` (edited by the officer) is redacted like the generated one."""
    refuse_if_archived(case)
    require(actor, Capability.CASE_EDIT, case, "公开或撤回该案件的处罚决定")
    on = today_or(on)
    refuse(disclosure_problems(case))
    if on < case.decided_on:
        raise ServiceInvalid(f"公开日期不能早于决定日期{case.decided_on.isoformat()}")
    public = redact(text if text and text.strip() else disclosure_source_text(case), **people_of(case)).strip()
    with transaction.atomic():
        return case_update(actor=actor, case=case, verb="case_disclose", disclosed_on=on, disclosure_text=public,
                           disclosure_required=True)


def case_disclosure_withdraw(*, actor, case: PenaltyCase, reason: str) -> PenaltyCase:
    """Take a published decision off the public pages (e.g. revoked on review); the reason is audited."""
    refuse_if_archived(case)
    require(actor, Capability.CASE_EDIT, case, "公开或撤回该案件的处罚决定")
    if case.disclosed_on is None:
        raise ServiceInvalid("本案处罚决定尚未公开，无需撤回")
    if not (reason or "").strip():
        raise ServiceInvalid("请填写撤回公开的理由")
    with transaction.atomic():
        return case_update(actor=actor, case=case, verb="case_disclosure_withdraw", payload={"reason": reason.strip()},
                           disclosed_on=None, disclosure_text="", disclosure_required=False)


BATCH_MAX = 2000  # the due list shows at most this many cases


@dataclass
class BatchReport:
    """What a batch publication did: the cases published, and those skipped with the reason."""

    published: list[tuple[int, str]] = field(default_factory=list)  # (case id, case name)
    skipped: list[tuple[int, str, str]] = field(default_factory=list)  # (case id, case name, reason)

    def summary(self) -> str:
        already = sum(reason == ALREADY for _, _, reason in self.skipped)
        text = f"已公开 {len(self.published)} 起，跳过 {len(self.skipped)} 起"
        return text + (f"（其中已公开过 {already} 起）" if already else "")

    def rows(self) -> list[list[str]]:
        return ([["案件编号", "案件名称", "结果", "原因"]]
                + [[str(pk), name, "已公开", ""] for pk, name in self.published]
                + [[str(pk), name, "跳过", reason] for pk, name, reason in self.skipped])


ALREADY = "已公开，无需重复公开"


def cases_disclose_batch(*, actor, case_ids: list[int], on: date | None = None,
                         progress: Callable[..., None] | None = None) -> BatchReport:
    """Publish each case's decision with its generated (redacted) text, each in its own transaction through
    `case_disclose` (audited there). A case out of the actor's scope reads as missing; one already published,
    or one the rules refuse, is skipped with the reason. Safe to run again."""
    ids = list(dict.fromkeys(int(i) for i in case_ids))
    if not ids:
        raise ServiceInvalid("请至少选择一起案件")
    if len(ids) > BATCH_MAX:
        raise ServiceInvalid(f"一次最多公开{BATCH_MAX}起案件")
    report = BatchReport()
    for done, pk in enumerate(ids, 1):
        try:
            case = case_get_for(actor, pk, Capability.CASE_EDIT)
        except NotFound as exc:
            report.skipped.append((pk, "", str(exc)))
        else:
            if case.disclosed_on is not None:
                report.skipped.append((pk, case.name, ALREADY))
            else:
                try:
                    case_disclose(actor=actor, case=case, on=on)
                except ServiceError as exc:
                    report.skipped.append((pk, case.name, str(exc)))
                else:
                    report.published.append((pk, case.name))
        if progress is not None:
            progress(done, len(ids), f"已处理 {done} 起")
    return report
