"""Reads of the records part of penalty cases: disclosure rows (due, late, published late), the published
decisions of the public pages, and a case's file as the pure check (`anjian.domain.case_file`) sees it."""

import io
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, QuerySet, Subquery

from anjian.calendars.selectors import work_calendar
from anjian.cases.config import hearing_thresholds, time_limits
from anjian.cases.core.selectors import case_deadlines_of, case_list_for
from anjian.cases.models import CaseFileCheck, PenaltyCase
from anjian.common.errors import NotFound, ServiceConflict
from anjian.documents.files import document_file_bytes
from anjian.documents.models import Document
from anjian.domain import case_file as cf
from anjian.domain.calendar import CalendarYearMissing, WorkCalendar
from anjian.domain.case_deadlines import CaseFacts, disclosure_workdays, late_steps
from anjian.domain.case_process import CASE_RESULTS, CRIMINAL_TRANSFERS, needs_discussion
from anjian.domain.redaction import mask_name

DISCLOSABLE_STATUSES = ("decided", "executing", "closed", "archived")
DISCLOSURE_STATES = {"pending": "待公开（含逾期）", "late": "逾期未公开", "published_late": "超期公开",
                     "published": "已公开", "all": "全部"}
ROW_LABELS = {"due": "待公开", "due_today": "今日到期", "late": "逾期未公开", "published": "按期公开",
              "published_late": "超期公开", "unknown": "无法计算"}


# ---------------------------------------------------------------- disclosure


def decision_number_subquery() -> Subquery:
    """The number of the case's issued 行政处罚决定书 (the newest one)."""
    ct = ContentType.objects.get_for_model(PenaltyCase)
    return Subquery(Document.objects.filter(subject_type=ct, subject_id=OuterRef("pk"), kind_id="罚", status="issued")
                    .order_by("-issued_at", "-id").values("number")[:1])


def decision_document(case: PenaltyCase) -> Document | None:
    ct = ContentType.objects.get_for_model(PenaltyCase)
    return (Document.objects.filter(subject_type=ct, subject_id=case.pk, kind_id="罚", status="issued")
            .order_by("-issued_at", "-id").first())


def disclosable(qs: QuerySet[PenaltyCase]) -> QuerySet[PenaltyCase]:
    """Decided penalty cases whose decision must be published."""
    return qs.filter(decided_on__isnull=False, disclosure_required=True, result__in=["", "penalized"],
                     status__in=DISCLOSABLE_STATUSES)


def disclosure_due(case: PenaltyCase, cal: WorkCalendar) -> date | None:
    """Last day to publish: N working days after the decision (N by source, `TimeLimits`)."""
    if case.decided_on is None:
        return None
    try:
        n = disclosure_workdays(CaseFacts(status=case.status, source=case.source), time_limits())
        return cal.add_workdays(case.decided_on, n)
    except CalendarYearMissing:
        return None


@dataclass(frozen=True)
class DisclosureRow:
    case: PenaltyCase
    due: date | None
    state: str  # due / due_today / late / published / published_late / unknown
    days_late: int = 0

    @property
    def label(self) -> str:
        return ROW_LABELS[self.state]


def disclosure_row(case: PenaltyCase, cal: WorkCalendar, today: date) -> DisclosureRow:
    due = disclosure_due(case, cal)
    if due is None:
        return DisclosureRow(case, None, "unknown")
    if case.disclosed_on is not None:
        late = case.disclosed_on > due
        return DisclosureRow(case, due, "published_late" if late else "published",
                             (case.disclosed_on - due).days if late else 0)
    if today > due:
        return DisclosureRow(case, due, "late", (today - due).days)
    return DisclosureRow(case, due, "due_today" if today == due else "due")


def disclosure_rows_for(user, *, state: str = "pending", today: date, year: int | None = None,
                        limit: int = 2000) -> list[DisclosureRow]:
    """The agency's decided cases by disclosure state; working days from the calendar.

    Calendar-day bounds narrow the query first (N working days span at least N calendar days)."""
    limits = time_limits()
    shortest = min(limits.disclosure_workdays, limits.disclosure_workdays_random)
    qs = disclosable(case_list_for(user)).select_related("agency", "enterprise")
    if year:
        qs = qs.filter(decided_on__year=year)
    if state in ("pending", "late"):
        qs = qs.filter(disclosed_on__isnull=True).order_by("decided_on", "id")
        if state == "late":
            qs = qs.filter(decided_on__lt=today - timedelta(days=shortest))
    elif state == "published_late":
        qs = qs.filter(disclosed_on__gt=F("decided_on") + timedelta(days=shortest)).order_by("-disclosed_on", "-id")
    elif state == "published":
        qs = qs.filter(disclosed_on__isnull=False).order_by("-disclosed_on", "-id")
    else:
        qs = qs.order_by("-decided_on", "-id")
    cal = work_calendar()
    rows = [disclosure_row(c, cal, today) for c in qs[:limit]]
    wanted = {"late": {"late"}, "published_late": {"published_late"}}.get(state)
    return [r for r in rows if wanted is None or r.state in wanted]


# ---------------------------------------------------------------- public pages


def public_party(case: PenaltyCase) -> str:
    return mask_name(case.party_name) if case.party_kind == "individual" else case.party_name


def public_decisions(*, q: str = "", agency_id: int | None = None, year: int | None = None) -> QuerySet[PenaltyCase]:
    """Published decisions, newest first. Text search looks only at the redacted text."""
    qs = (PenaltyCase.objects.filter(disclosed_on__isnull=False, disclosure_required=True)
          .select_related("agency").annotate(decision_number=decision_number_subquery())
          .only("id", "agency__name", "agency__id", "party_kind", "party_name", "name", "decided_on", "disclosed_on",
                "fine_amount", "cause", "source")
          .order_by("-disclosed_on", "-id"))
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    if year:
        qs = qs.filter(decided_on__year=year)
    if q.strip():
        qs = qs.filter(disclosure_text__contains=q.strip())
    return qs


def public_decision_get(pk: int) -> PenaltyCase:
    case = (PenaltyCase.objects.filter(pk=pk, disclosed_on__isnull=False, disclosure_required=True)
            .select_related("agency").annotate(decision_number=decision_number_subquery()).first())
    if case is None:
        raise NotFound()
    return case


def public_agencies():
    from anjian.regions.models import Agency

    ids = (PenaltyCase.objects.filter(disclosed_on__isnull=False, disclosure_required=True)
           .values_list("agency_id", flat=True).distinct())
    return Agency.objects.filter(pk__in=ids).order_by("region_id")


# ---------------------------------------------------------------- case file


def pdf_reader(data: bytes):
    """A pypdf reader of ``data`` with its page tree read, or None when it is not a readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return reader if len(reader.pages) else None
    except (PdfReadError, ValueError, OSError):
        return None


@dataclass
class CaseFile:
    path: cf.CasePath
    documents: list[cf.FileDocument]
    cover: cf.Cover
    late: list[cf.LateStep]
    pending: list[cf.LateStep]
    pdfs: dict[int, object]  # document id → pypdf reader (already parsed to count its pages)
    payments: list[dict]


def case_result(case: PenaltyCase) -> str:
    if case.result:
        return case.result
    if case.status == "transferred" or case.transfers.exists():
        return "transferred"
    if case.status == "not_filed":
        return "not_filed"
    return "penalized" if case.decided_on else "no_penalty"


def case_path(case: PenaltyCase) -> cf.CasePath:
    transfers = list(case.transfers.values_list("kind", flat=True))
    return cf.CasePath(
        result=case_result(case),
        major=needs_discussion(is_major=case.is_major, party_kind=case.party_kind, penalties=set(case.penalties or []),
                               fine=case.fine_amount, thresholds=hearing_thresholds()) or bool(case.discussed_on),
        hearing_notified=case.hearing_notice_served_on is not None, hearing_held=case.hearing_held_on is not None,
        preservation=case.investigations.filter(kind="preservation").exists(),
        extended=case.extension_days > 0 or case.extensions.exists(), fine_paid=case.paid_on is not None,
        installment=case.installment_until is not None, reminder=case.reminder_served_on is not None,
        enforcement=case.enforcement_applied_on is not None,
        criminal_transfer=any(k in CRIMINAL_TRANSFERS for k in transfers))


def _serves(receipt: Document, numbered: list[Document]) -> int | None:
    text = str(receipt.content.get("served_document", ""))
    for d in numbered:
        if d.number and d.number in text:
            return d.pk
    return None


def case_documents(case: PenaltyCase, *, with_pdfs: bool = True) -> tuple[list[cf.FileDocument], dict[int, object]]:
    """Every document of the case (any status) as the check sees it; readers of the issued ones' PDFs by id."""
    ct = ContentType.objects.get_for_model(PenaltyCase)
    docs = list(Document.objects.filter(subject_type=ct, subject_id=case.pk).exclude(kind_id__in=[cf.COVER, cf.TOC])
                .select_related("kind", "issued_by").order_by("id"))
    pdfs: dict[int, object] = {}
    if with_pdfs:
        for d in docs:
            if d.status != "issued" or not d.pdf_sha256:
                continue
            try:
                reader = pdf_reader(document_file_bytes(d, "pdf"))
            except ServiceConflict:  # missing or altered in the storage: read like a document without its PDF
                reader = None
            if reader is not None:
                pdfs[d.pk] = reader
    numbered = [d for d in docs if d.status == "issued" and d.number]
    out = []
    for d in docs:
        issued_on = d.issued_at.date() if d.issued_at else None
        out.append(cf.FileDocument(
            kind=d.kind_id, title=d.kind.name, status=d.status, id=d.pk, number=d.number, numbered=d.kind.numbered,
            year=d.year, issued_on=issued_on, issued_by=str(d.issued_by) if d.issued_by_id else "",
            pages=len(pdfs[d.pk].pages) if d.pk in pdfs else None, content=d.content or {},
            serves=_serves(d, numbered) if d.kind_id == "回" else None, sha256=d.pdf_sha256))
    return out, pdfs


def case_payments(case: PenaltyCase) -> list[dict]:
    return [{"kind": p.get_kind_display(), "amount": p.amount, "paid_on": p.paid_on, "receipt": p.receipt_number}
            for p in case.payments.order_by("paid_on", "id")]


PAYMENT_ROWS_PER_PAGE = 15


def payment_item(payments: list[dict]) -> cf.FileDocument | None:
    if not payments:
        return None
    receipts = "、".join(p["receipt"] for p in payments if p["receipt"])
    return cf.FileDocument(kind=cf.PAYMENT, title=cf.LABELS[cf.PAYMENT], number=receipts[:60],
                           issued_on=max(p["paid_on"] for p in payments), issued_by="—",
                           pages=-(-len(payments) // PAYMENT_ROWS_PER_PAGE), sha256=f"payments:{len(payments)}")


def file_items(case: PenaltyCase, *, with_pdfs: bool = True) -> tuple[list[cf.FileDocument], dict[int, object],
                                                                      list[dict]]:
    """What may go into the file: the case's documents (any status) and the payment record; PDFs; payments."""
    documents, pdfs = case_documents(case, with_pdfs=with_pdfs)
    payments = case_payments(case)
    item = payment_item(payments)
    if item is not None:
        documents.append(item)
    return documents, pdfs, payments


def case_file_of(case: PenaltyCase, today: date, *, with_pdfs: bool = True) -> CaseFile:
    documents, pdfs, payments = file_items(case, with_pdfs=with_pdfs)
    path = case_path(case)
    cover = cf.Cover(cause=case.cause, result_label=CASE_RESULTS.get(path.result, ""),
                     fine=case.fine_amount if path.result == "penalized" else None)
    deadlines = case_deadlines_of(case)
    late = [cf.LateStep(d.key, d.label, d.due, d.done_on) for d in late_steps(deadlines, today)]
    pending = [cf.LateStep(d.key, d.label, d.due, d.done_on) for d in deadlines
               if d.done_on is None and d.due is not None and not d.extra.get("period")
               and d.state(today) in ("open", "due_today")]
    return CaseFile(path, documents, cover, late, pending, pdfs, payments)


def latest_check(case: PenaltyCase) -> CaseFileCheck | None:
    return case.file_checks.select_related("checked_by").order_by("-checked_at", "-id").first()


def check_is_stale(case: PenaltyCase, check: CaseFileCheck, documents: list[cf.FileDocument]) -> str:
    """Why the file differs from what ``check`` saw ('' when it does not)."""
    if case.updated_at and case.updated_at > check.checked_at:
        return "评查后案件信息有变动"
    seen = [(r.get("document_id"), r.get("sha256")) for r in check.contents if r.get("kind") not in (cf.COVER, cf.TOC)]
    now = [(d.id, d.sha256) for d in cf.arrange(documents)]
    if sorted(map(str, seen)) != sorted(map(str, now)):
        return "评查后卷内文件有变动（文书签发、作废或缴款记录）"
    return ""



def document_pdfs(ids: list[int]) -> dict[int, bytes]:
    """The issued PDFs by document id, each checked against its frozen SHA-256 (ServiceConflict otherwise)."""
    return {d.pk: document_file_bytes(d, "pdf") for d in Document.objects.filter(pk__in=ids) if d.pdf_sha256}


def archive_documents(case: PenaltyCase) -> tuple[Document | None, Document | None]:
    """The issued 案卷（首页） and 卷内目录 of the case (newest of each)."""
    ct = ContentType.objects.get_for_model(PenaltyCase)
    qs = (Document.objects.filter(subject_type=ct, subject_id=case.pk, status="issued")
          .order_by("-issued_at", "-id"))
    return qs.filter(kind_id=cf.COVER).first(), qs.filter(kind_id=cf.TOC).first()
