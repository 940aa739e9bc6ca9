"""The documents of the case steps, issued through the documents app inside the step's transaction.

Each step records the step names it performed in its audit event (`payload.new.steps`); `STEP_DOCUMENTS`
(anjian.domain.case_steps) says which documents each step produces. When the actor of a step holds
DOCUMENT_ISSUE over the case's agency, the step's documents are drafted (or the waiting draft is updated) and
issued at once, so their numbers come from the counter in the same transaction. An agency leader (CASE_APPROVE
without DOCUMENT_ISSUE) or a legal reviewer still performs the step; its documents are then listed on the case as
pending and a case officer issues them with one action (`case_documents_issue_pending`), their content built from
the case as it then stands (it includes the approval, the reviewer's opinion, names and dates).
See docs/adr/0015-penalty-cases.md.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from anjian.accounts.access import can
from anjian.audit.models import AuditEvent
from anjian.cases.core import documents_content as content
from anjian.cases.core.guards import require
from anjian.cases.core.transitions import case_update, refuse_if_archived
from anjian.cases.models import CaseExtension, CaseInvestigation, PenaltyCase
from anjian.common.errors import ServiceDenied, ServiceError, ServiceInvalid
from anjian.documents.models import Document
from anjian.documents.selectors import documents_of
from anjian.documents.services import (
    document_draft,
    document_issue,
    document_refresh_draft,
    document_update_draft,
    signer_check,
)
from anjian.domain.case_process import INVESTIGATION_DOCUMENTS
from anjian.domain.case_steps import documents_missing
from anjian.domain.permissions import Capability

CASE_TARGET = "cases.penaltycase"
ROW_KINDS = {code: kind for kind, code in INVESTIGATION_DOCUMENTS.items()}  # 询笔 → inquiry …
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})：(.*)$")


def may_issue(actor, case: PenaltyCase) -> bool:
    return can(actor, Capability.DOCUMENT_ISSUE, case.agency.region_id)


def _events(case: PenaltyCase):
    return AuditEvent.objects.filter(target_type=CASE_TARGET, target_id=str(case.pk)).order_by("seq")


def steps_recorded(case: PenaltyCase) -> list[str]:
    return [s for p in _events(case).values_list("payload", flat=True) for s in ((p or {}).get("new") or {}).get("steps", [])]


def step_context(case: PenaltyCase, verb: str) -> dict:
    """The payload of the latest audit event of ``verb`` on the case (what the step was given)."""
    payload = _events(case).filter(verb=verb).values_list("payload", flat=True).last()
    return ((payload or {}).get("new") or {}) if payload else {}


def _statement(case: PenaltyCase) -> tuple[date, str]:
    for line in reversed(case.statement_note.splitlines()):
        m = _DATED.match(line.strip())
        if m:
            return date.fromisoformat(m[1]), m[2]
    return case.notice_served_on or date.today(), case.statement_note


def _discussion_conclusion(case: PenaltyCase) -> str:
    return step_context(case, "case_discussion_record").get("conclusion", "")


def _decision_number(case: PenaltyCase) -> str:
    doc = documents_of(case).filter(kind_id="罚", status="issued").order_by("-issued_at").first()
    return doc.number if doc else ""


def build(kind: str, case: PenaltyCase, *, row: CaseInvestigation | None = None,
          extension: CaseExtension | None = None) -> dict:
    """The content of one document of ``case`` (``row`` / ``extension`` name the record it is about)."""
    if kind in ROW_KINDS or kind in ("先保审", "先保处"):
        wanted = ROW_KINDS.get(kind, "preservation")
        rows = case.investigations.filter(kind=wanted)
        if kind == "先保处":
            rows = rows.filter(preservation_decided_on__isnull=False)
        row = row or rows.filter(document__isnull=True).first() or rows.last()
        if row is None:
            raise ServiceInvalid(f"没有可制作该文书的调查取证记录（{kind}）")
        if kind == "先保审":
            return content.preservation_approval(case, row, row.created_by)
        if kind == "先保处":
            return content.preservation_decision(case, row)
        return content.investigation(case, row)
    if kind == "案延":
        extension = extension or case.extensions.filter(document__isnull=True).first() or case.extensions.last()
        if extension is None:
            raise ServiceInvalid("没有延期审批记录")
        return content.extension(case, extension)
    if kind == "听通":
        ctx = step_context(case, "case_hearing_request")
        hearing_on = ctx.get("hearing_on") or (case.hearing_held_on.isoformat() if case.hearing_held_on else "")
        return content.hearing_invitation(case, date.fromisoformat(hearing_on) if hearing_on else None,
                                          ctx.get("hearing_place", ""), ctx.get("presiding", ""))
    if kind == "申辩笔":
        on, text = _statement(case)
        return content.statement(case, on, text)
    if kind == "罚集":
        return content.discussion(case, _discussion_conclusion(case))
    if kind == "回":
        ctx = step_context(case, "case_serve")
        return content.service_receipt(case, _decision_number(case), case.served_on, case.service_method,
                                       ctx.get("recipient", ""), ctx.get("place", ""))
    simple = {"立": content.filing, "终报": content.conclusion, "处呈": content.submission, "法审": content.legal_review,
              "结": content.closing_without_penalty, "罚告": content.penalty_notice, "听告": content.hearing_notice,
              "听笔": content.hearing_record, "听报": content.hearing_report, "罚": content.decision}
    if kind not in simple:
        raise ServiceInvalid(f"案件文书种类{kind}不由案件办理步骤制作")
    return simple[kind](case)


def _fail(exc: ServiceError) -> ServiceInvalid:
    """The step refused because of its document; a refusal's fields (e.g. "signer") are kept."""
    if isinstance(exc, ServiceInvalid):
        return ServiceInvalid([(field, f"文书制作失败：{reason}") for field, reason in exc.fields])
    return ServiceInvalid(f"文书制作失败：{exc}")


def _draft(actor, case: PenaltyCase, kind: str, data: dict) -> Document:
    waiting = documents_of(case).filter(kind_id=kind, status="draft").order_by("created_at", "id").first()
    if waiting is not None:
        return document_update_draft(actor=actor, document=waiting, content=data)
    return document_draft(actor=actor, agency=case.agency, kind_code=kind, enterprise=case.enterprise, subject=case,
                          content=data)


def _attach(document: Document, row: CaseInvestigation | None, extension: CaseExtension | None) -> None:
    if row is not None and (document.kind_id in ROW_KINDS):
        CaseInvestigation.objects.filter(pk=row.pk, document__isnull=True).update(document=document)
    if extension is not None and document.kind_id == "案延":
        CaseExtension.objects.filter(pk=extension.pk, document__isnull=True).update(document=document)


def draft_for_step(actor, case: PenaltyCase, kind: str) -> Document | None:
    """A draft only (e.g. 立案审批表 waiting for the approval); None when the actor may not draft documents."""
    if not may_issue(actor, case):
        return None
    data = build(kind, case)  # its own refusals are the step's, not a document's
    try:
        return _draft(actor, case, kind, data)
    except ServiceError as exc:
        raise _fail(exc) from exc


def issue_for_step(actor, case: PenaltyCase, kinds, *, row: CaseInvestigation | None = None,
                   extension: CaseExtension | None = None) -> list[Document]:
    """Inside the step's transaction: issue the step's documents now if the actor may; else they stay pending, and a
    draft already waiting (the 立案审批表 drafted with the proposal) is rebuilt so it prints the step's decision."""
    if not may_issue(actor, case):
        for kind in kinds:
            for waiting in documents_of(case).filter(kind_id=kind, status="draft"):
                data = build(kind, case, row=row, extension=extension)
                try:
                    if data.get("signer_id") is not None:  # the one who decided must be able to sign
                        signer_check(actor if data["signer_id"] == actor.pk else
                                     get_user_model().objects.filter(pk=data["signer_id"]).first(), case.agency, kind)
                    document_refresh_draft(actor=actor, document=waiting, content=data)
                except ServiceError as exc:
                    raise _fail(exc) from exc
        return []
    out = []
    for kind in kinds:
        data = build(kind, case, row=row, extension=extension)
        try:
            document = document_issue(actor=actor, document=_draft(actor, case, kind, data))
        except ServiceError as exc:
            raise _fail(exc) from exc
        _attach(document, row, extension)
        out.append(document)
    return out


def case_document_issue(*, actor, case, kind_code: str, content: dict) -> Document | None:
    """Draft and issue (number, render, freeze) a document of ``case`` whose content the caller built (execution,
    transfer and archive documents); None when the actor may not issue."""
    if not may_issue(actor, case):
        return None
    try:
        draft = document_draft(actor=actor, agency=case.agency, kind_code=kind_code, enterprise=case.enterprise,
                               subject=case, content=content)
        return document_issue(actor=actor, document=draft)
    except ServiceInvalid as exc:
        raise ServiceInvalid(exc.fields) from exc
    except ServiceError as exc:
        raise ServiceInvalid(str(exc)) from exc


@dataclass(frozen=True)
class PendingDocuments:
    drafts: list[Document]
    missing: list[str]  # kind codes, repeated when a step happened more than once

    def __bool__(self) -> bool:
        return bool(self.drafts or self.missing)


def case_documents_pending(case: PenaltyCase) -> PendingDocuments:
    """Drafts waiting to be issued and documents the recorded steps call for that nobody has made yet; a form still
    awaiting its approval (the 立案审批表 of a proposal) is not pending — nobody may issue it yet."""
    live = list(documents_of(case).filter(status__in=("draft", "issued")).order_by("created_at", "id"))
    missing = documents_missing(steps_recorded(case), [d.kind_id for d in live])
    drafts = [d for d in live if d.status == "draft" and not d.content.get("awaiting_approval")]
    return PendingDocuments(drafts=drafts, missing=missing)


def case_documents_issue_pending(*, actor, case: PenaltyCase) -> list[Document]:
    """签发待办文书: build each pending document from the case as it stands and issue it (numbered, frozen)."""
    require(actor, Capability.CASE_EDIT, case, "制作本案文书")
    refuse_if_archived(case)
    if not may_issue(actor, case):
        raise ServiceDenied("您无权制作或签发执法文书")
    with transaction.atomic():
        pending = case_documents_pending(case)
        if not pending:
            raise ServiceInvalid("本案没有待制作或待签发的文书")
        issued = []
        for document in pending.drafts:
            issued += issue_for_step(actor, case, [document.kind_id])
        for kind in pending.missing:
            row = (case.investigations.filter(kind=ROW_KINDS[kind], document__isnull=True).first()
                   if kind in ROW_KINDS else None)
            extension = case.extensions.filter(document__isnull=True).first() if kind == "案延" else None
            issued += issue_for_step(actor, case, [kind], row=row, extension=extension)
        case_update(actor=actor, case=case, verb="case_documents_issue_pending",
                    payload={"documents": [d.number or f"#{d.pk}" for d in issued]})
    return issued
