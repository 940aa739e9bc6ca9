"""Writes of enforcement documents: draft, update, issue, correct, void, discard. One transaction each, audited.

The inspections app calls these; pages and the API call them too. Scope: the actor must hold
Capability.DOCUMENT_ISSUE over the issuing agency's region. Refusals are the common service errors: ServiceDenied
(scope), ServiceInvalid (content, reasons; each tagged with its field), ServiceConflict (the step is not open in the
document's state, or someone changed it first). Status changes go along `domain.lifecycle.DOCUMENT` through
`audit.transitions.transition`.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import can, grants_of
from anjian.audit.services import audit_record, model_snapshot
from anjian.audit.transitions import transition
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.documents.fields import clean_content, issue_errors
from anjian.documents.files import document_files_discard, document_files_keep
from anjian.documents.models import Document, DocumentKind
from anjian.documents.numbering import number_allocate
from anjian.documents.rendering import render_context, render_docx, render_pdf, sha256, template_for
from anjian.documents.site_signatures import KEY as SITE_SIGNATURES
from anjian.documents.site_signatures import site_signatures_of
from anjian.domain.audit_chain import canonical
from anjian.domain.identifiers import region_prefix
from anjian.domain.input_bounds import TEXT_MAX
from anjian.domain.lifecycle import DOCUMENT, can_move
from anjian.domain.permissions import Capability

SNAPSHOT = ["agency", "kind", "enterprise", "subject_type", "subject_id", "status", "number", "content",
            "replaces", "correction_reason", "void_reason"]
STATUS_CN = {"draft": "草稿", "issued": "已签发", "voided": "已作废", "discarded": "已废弃"}


def _check_scope(actor, agency) -> None:
    if not can(actor, Capability.DOCUMENT_ISSUE, agency.region_id):
        raise ServiceDenied(f"无权以{agency.name}的名义制作或签发文书")


def _label(document: Document) -> str:
    return document.number or f"#{document.pk}"


def _step_open(document: Document, new: str) -> None:
    """Checked on the locked row before any work (numbering, rendering); `transition` then applies the move. A step
    the table does not open from this state — also the same state again (voiding a voided one) — is a conflict."""
    if not can_move(DOCUMENT, document.status, new):
        raise ServiceConflict(f"文书 {_label(document)} 当前为“{STATUS_CN[document.status]}”，不能变为“{STATUS_CN[new]}”"
                              + ("；已签发的文书不能修改，如需更正请制作更正文书" if document.status == "issued" else ""))


def _transition(actor, document: Document, new: str, verb: str, **fields) -> Document:
    return transition(actor=actor, agency=document.agency, obj=document, table=DOCUMENT, new=new, verb=verb,
                      kind="文书", labels=STATUS_CN, conflict="文书状态已被他人改变，请刷新后重试", allow_same=False,
                      **fields)


def _reason(text: str, what: str, *, required: bool = True) -> str:
    """A correction, void or discard reason, bounded as the API's Text is."""
    text = (text or "").strip()
    if required and not text:
        raise ServiceInvalid(("reason", f"请填写{what}"))
    if len(text) > TEXT_MAX:
        raise ServiceInvalid(("reason", f"{what}不得超过 {TEXT_MAX} 个字符"))
    return text


# Who may sign (签发) in an agency's name: a person of that agency itself (a role held in it, never a superior
# agency's leader) who approves its plans, inspections or cases, or who issues documents; the legal reviewer may also
# sign the 法制审核意见书 (and nothing else).
SIGNER_CAPABILITIES = (Capability.CASE_APPROVE, Capability.INSPECTION_APPROVE, Capability.DOCUMENT_ISSUE)
KIND_SIGNER_CAPABILITIES = {"法审": (Capability.CASE_LEGAL_REVIEW,)}


def may_sign(user, agency, kind_code: str = "") -> bool:
    """True when ``user`` holds, in ``agency`` itself, a capability that signs documents of ``kind_code``."""
    wanted = (*SIGNER_CAPABILITIES, *KIND_SIGNER_CAPABILITIES.get(kind_code, ()))
    return any(g.agency_id == agency.pk and any(c in g.capabilities for c in wanted) for g in grants_of(user))


def document_signer(document: Document, actor):
    """The 签发人 of a document: the person who took the decision, named by the step that built the content
    (``signer_id``: the leader who approved the case decision, the plan …), otherwise the one issuing it. Either
    must belong to the issuing agency and sign there (`may_sign`); ServiceInvalid at field "signer" otherwise."""
    signer_id = document.content.get("signer_id") if isinstance(document.content, dict) else None
    agency = document.agency
    if isinstance(document.content, dict) and document.content.get("awaiting_approval"):
        raise ServiceInvalid(("signer", "本文书记载的审批尚未作出，审批同意后由审批人签发"))
    if signer_id in (None, "") or signer_id == getattr(actor, "pk", None):
        signer = actor
    elif isinstance(signer_id, bool) or not isinstance(signer_id, int):
        raise ServiceInvalid(("signer", "签发人无效"))
    else:
        signer = get_user_model().objects.filter(pk=signer_id, is_active=True).first()
    signer_check(signer, agency, document.kind_id)
    return signer


def signer_check(signer, agency, kind_code: str = "") -> None:
    """ServiceInvalid at field "signer", in plain words, unless ``signer`` may sign ``kind_code`` for ``agency``."""
    if signer is None or not may_sign(signer, agency, kind_code):
        name = f"{signer}" if signer is not None else "所记载的签发人"
        raise ServiceInvalid(("signer", f"{name}不是{agency.name}有签发权限的人员，不能作为本文书的签发人；"
                                        f"文书应由{agency.name}本机关的负责人或经办人员签发"))


def signed_content(document: Document, actor) -> dict:
    """The content as it is issued (and previewed): the addressee defaults to the enterprise, the signer is named, and
    the signatures taken on site for it so far are included (`site_signatures`)."""
    content = dict(document.content)
    if not content.get("addressee") and document.enterprise is not None:
        content["addressee"] = document.enterprise.name
    entries = site_signatures_of(document)
    if entries is not None:
        content[SITE_SIGNATURES] = entries
    if content.get("awaiting_approval"):  # a form whose approval is to come names no signer yet
        content["signer_id"], content["signer"] = None, ""
        return content
    signer = document_signer(document, actor)
    content["signer_id"], content["signer"] = signer.pk, str(signer)
    return content


def _locked(document: Document) -> Document:
    return (Document.objects.select_for_update(of=("self",))
            .select_related("kind", "agency__region__parent", "enterprise").get(pk=document.pk))


def _clean(kind: DocumentKind, content: dict) -> dict:
    clean, errors = clean_content(kind.template, content)
    if errors:
        raise ServiceInvalid(errors)
    return clean


def document_draft(*, actor, agency, kind_code: str, enterprise=None, subject=None, content: dict) -> Document:
    """A new draft of `kind_code` (e.g. "责改") by `agency`, optionally about an enterprise and a subject record."""
    _check_scope(actor, agency)
    kind = DocumentKind.objects.filter(code=kind_code).first()
    if kind is None:
        raise ServiceInvalid(("kind", f"未知的文书种类：{kind_code}"))
    if enterprise is not None and not enterprise.region_id.startswith(region_prefix(agency.region_id)):
        raise ServiceInvalid(("enterprise", f"{enterprise.name}不在{agency.name}的管辖范围内"))
    clean = _clean(kind, content)
    with transaction.atomic():
        document = Document.objects.create(
            agency=agency, kind=kind, enterprise=enterprise, content=clean, created_by=actor,
            subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
            subject_id=subject.pk if subject is not None else None)
        audit_record(actor=actor, agency=agency, verb="document_draft", target=document,
                     new=model_snapshot(document, SNAPSHOT))
    return document


def document_update_draft(*, actor, document: Document, content: dict) -> Document:
    _check_scope(actor, document.agency)
    clean = _clean(document.kind, content)
    with transaction.atomic():
        locked = _locked(document)
        if locked.status != "draft":
            raise ServiceConflict(f"文书 {_label(locked)} 为“{STATUS_CN[locked.status]}”，不能修改"
                                  + ("；如需更正请制作更正文书" if locked.status == "issued" else ""))
        Document.objects.filter(pk=locked.pk, status="draft").update(content=clean, updated_at=timezone.now())
        audit_record(actor=actor, agency=locked.agency, verb="document_update_draft", target=locked,
                     old={"content": locked.content}, new={"content": clean})
    locked.refresh_from_db()
    return locked


def document_refresh_draft(*, actor, document: Document, content: dict) -> Document:
    """A waiting draft rebuilt by the step that decided it (the approval of a filing, of a plan …) when the one who
    approved may not draft documents: the draft then prints the approval and its approver as 签发人, and the
    officer who issues it later issues what was decided. The step's own service has checked its capability; here
    the actor must act over the agency's region with a capability that approves or signs."""
    wanted = (*SIGNER_CAPABILITIES, Capability.CASE_LEGAL_REVIEW)
    if not any(can(actor, capability, document.agency.region_id) for capability in wanted):
        raise ServiceDenied(f"无权修改{document.agency.name}的文书草稿")
    clean = _clean(document.kind, content)
    with transaction.atomic():
        locked = _locked(document)
        if locked.status != "draft":
            return locked
        Document.objects.filter(pk=locked.pk, status="draft").update(content=clean, updated_at=timezone.now())
        audit_record(actor=actor, agency=locked.agency, verb="document_update_draft", target=locked,
                     old={"content": locked.content}, new={"content": clean})
    locked.refresh_from_db()
    return locked


def document_issue(*, actor, document: Document) -> Document:
    """Number, render (Word and PDF), store with SHA-256 and freeze. A correction voids the one it replaces. The
    signer (签发人) recorded in the content and printed is the decision's taker (`document_signer`)."""
    _check_scope(actor, document.agency)
    created: list[str] = []
    try:
        with transaction.atomic():
            doc = _locked(document)
            if doc.status == "issued":
                raise ServiceConflict(f"文书 {_label(doc)} 已签发，不能重复签发")
            _step_open(doc, "issued")
            document_signer(doc, actor)  # refuses a form still awaiting its approval
            content = signed_content(doc, actor)
            errors = issue_errors(doc.kind.template, content)
            if errors:
                raise ServiceInvalid(errors)
            original = None
            if doc.replaces_id:
                original = Document.objects.select_for_update().get(pk=doc.replaces_id)
                if original.status != "issued":
                    raise ServiceConflict(f"被更正的文书 {original.number} 已不是“已签发”状态，本更正文书不能签发")
            now = timezone.now()
            year = timezone.localdate(now).year
            seq, number = number_allocate(agency=doc.agency, kind=doc.kind, year=year) if doc.kind.numbered else (None, "")
            context = render_context(kind=doc.kind, agency=doc.agency, enterprise=doc.enterprise, content=content,
                                     number=number, issued_on=timezone.localdate(now))
            template, source = template_for(doc.kind)
            try:
                docx, pdf = render_docx(context, template), render_pdf(doc.kind, context)
            except Exception as exc:  # a broken template must not issue a half-made document
                raise ServiceInvalid(("template", f"文书生成失败（{source}）：{type(exc).__name__}: {exc}")) from exc
            digests, created = document_files_keep({"docx": docx, "pdf": pdf})  # the storage, before the row names them
            frozen = {"year": year if seq else None, "seq": seq, "number": number, "content": content,
                      "content_sha256": sha256(canonical(content).encode()), "docx_sha256": digests["docx"],
                      "pdf_sha256": digests["pdf"], "issued_at": now, "issued_by": actor}
            # its own event below names the hashes, not the files
            _transition(actor, doc, "issued", "document_issue", audit=False, refresh=False, updated_at=now, **frozen)
            if original is not None:
                _transition(actor, original, "voided", "document_void", refresh=False, updated_at=now, voided_at=now,
                            voided_by_id=actor.pk, void_reason=f"已由 {number or '更正文书'} 更正替代：{doc.correction_reason}")
            audit_record(actor=actor, agency=doc.agency, verb="document_issue", target=doc,
                         old={"status": "draft"},
                         new={"status": "issued", "number": number, "content_sha256": frozen["content_sha256"],
                              "docx_sha256": frozen["docx_sha256"], "pdf_sha256": frozen["pdf_sha256"],
                              "template": source, "replaces": doc.replaces_id, "signer": content["signer"]})
    except BaseException:
        document_files_discard(created)  # a failed issue leaves no stored file behind
        raise
    doc.refresh_from_db()
    return doc


def document_correct(*, actor, document: Document, content: dict, reason: str) -> Document:
    """A new draft that replaces an issued document; issuing it voids the original."""
    _check_scope(actor, document.agency)
    reason = _reason(reason, "更正理由")
    with transaction.atomic():
        original = _locked(document)
        if original.status != "issued":
            raise ServiceConflict(f"只有已签发的文书可以更正（当前为“{STATUS_CN[original.status]}”）")
        if Document.objects.filter(replaces=original, status="draft").exists():
            raise ServiceConflict(f"文书 {original.number} 已有待签发的更正文书，请先签发或废弃它")
        clean = _clean(original.kind, content)
        if "signer_id" not in clean and original.content.get("signer_id") is not None:
            # a correction is signed by the one who signed the original unless it names another
            clean.update(signer_id=original.content["signer_id"], signer=original.content.get("signer", ""))
        correction = Document.objects.create(
            agency=original.agency, kind=original.kind, enterprise=original.enterprise,
            subject_type=original.subject_type, subject_id=original.subject_id, content=clean,
            replaces=original, correction_reason=reason, created_by=actor)
        audit_record(actor=actor, agency=original.agency, verb="document_correct", target=correction,
                     new=model_snapshot(correction, SNAPSHOT))
    return correction


def document_void(*, actor, document: Document, reason: str) -> Document:
    """An issued document becomes voided; it keeps its number and files and says why."""
    _check_scope(actor, document.agency)
    reason = _reason(reason, "作废理由")
    with transaction.atomic():
        doc = _locked(document)
        _step_open(doc, "voided")
        now = timezone.now()
        return _transition(actor, doc, "voided", "document_void", void_reason=reason, voided_at=now,
                           voided_by_id=actor.pk, updated_at=now)


def document_discard(*, actor, document: Document, reason: str = "") -> Document:
    """Drop a draft (it keeps no number; the row stays for the record)."""
    _check_scope(actor, document.agency)
    reason = _reason(reason, "废弃理由", required=False)
    with transaction.atomic():
        doc = _locked(document)
        _step_open(doc, "discarded")
        return _transition(actor, doc, "discarded", "document_discard", void_reason=reason, updated_at=timezone.now())
