"""案卷评查 (case-file check) and 归档 (archiving) of penalty cases. One transaction each, audited.

- `case_file_check` (CASE_EDIT): runs the pure check (`anjian.domain.case_file.file_check`) on the file as it
  stands and stores a CaseFileCheck with its findings (notes on explained late steps start with "已说明：")
  and the table of contents it would have.
- `case_archive` (CASE_APPROVE, and DOCUMENT_ISSUE for the two documents it issues): closed → archived,
  refused unless the latest check passed and nothing changed since (a document issued or voided, a payment
  recorded or the case edited after the check means checking again). It issues the 案卷（首页）, whose number
  is the 归档号 (agency short name, year and sequence from the locked counter), and the 卷内目录, then moves
  the case. From then on nothing changes: services refuse (`refuse_if_archived`) and a database trigger
  refuses any update of the case or insert of its child rows.
"""

from datetime import date

from django.db import transaction

from anjian.audit.services import audit_record
from anjian.cases.core.documents import case_document_issue
from anjian.cases.core.guards import locked, refuse, require, require_acting, today_or
from anjian.cases.core.selectors import case_team_names
from anjian.cases.core.transitions import case_move, refuse_if_archived
from anjian.cases.models import CaseFileCheck, PenaltyCase
from anjian.cases.records.case_file_pdf import contents_text, cover_data, cover_text
from anjian.cases.records.selectors import case_file_of, check_is_stale, latest_check
from anjian.common.errors import ServiceInvalid
from anjian.domain import case_file as cf
from anjian.domain.case_process import CASE_STATUSES, RETENTION_PERIODS
from anjian.domain.permissions import Capability


def file_check_result(case: PenaltyCase, today: date, explanations: dict[str, str] | None = None) -> cf.CheckResult:
    """The check of the file as it stands (nothing stored)."""
    file = case_file_of(case, today)
    return cf.file_check(path=file.path, documents=file.documents, cover=file.cover,
                         agency_short=case.agency.short_name, late=file.late, pending=file.pending,
                         explanations=explanations or {}, on=today)


def case_file_check(*, actor, case: PenaltyCase, explanations: dict[str, str] | None = None,
                    today: date | None = None) -> CaseFileCheck:
    """案卷评查: store the findings and the table of contents; ``explanations`` by deadline key for late steps."""
    refuse_if_archived(case)
    require(actor, Capability.CASE_EDIT, case, "评查该案件的案卷")
    today = today_or(today)
    given = {k: str(v).strip() for k, v in (explanations or {}).items() if str(v or "").strip()}
    with transaction.atomic():
        result = file_check_result(case, today, given)
        check = CaseFileCheck.objects.create(case=case, checked_by=actor, passed=result.passed,
                                             findings=result.findings + result.notes, contents=result.contents)
        audit_record(actor=actor, agency=case.agency, verb="case_file_check", target=case,
                     new={"check": check.pk, "passed": result.passed, "findings": result.findings,
                          "explanations": given})
    return check


def archive_problems(case: PenaltyCase, check: CaseFileCheck | None, file_documents) -> list[str]:
    if case.status != "closed":
        return [f"只有已结案的案件可以归档（当前为“{CASE_STATUSES.get(case.status, case.status)}”）"]
    if check is None:
        return ["尚未进行案卷评查，不能归档"]
    if not check.passed:
        problems = [f for f in check.findings if not f.startswith("已说明：")]
        return ["案卷评查未通过，不能归档：" + "；".join(problems)]
    stale = check_is_stale(case, check, file_documents)
    if stale:
        return [f"{stale}，请重新评查后再归档"]
    drafts = [d.title for d in file_documents if d.status == "draft"]
    if drafts:
        return ["尚有草稿文书未签发或废弃（" + "、".join(drafts) + "），请处理后重新评查"]
    return []


def case_archive(*, actor, case: PenaltyCase, retention: str, on: date | None = None,
                 today: date | None = None) -> PenaltyCase:
    """归档: issue 案卷（首页） and 卷内目录 and freeze the case."""
    refuse_if_archived(case)
    require_acting(actor, Capability.CASE_APPROVE, case, "批准该案件归档")
    require(actor, Capability.DOCUMENT_ISSUE, case, "签发案卷首页和卷内目录（归档须具有签发执法文书的权限）")
    if retention not in RETENTION_PERIODS:
        raise ServiceInvalid("请选择保存期限：" + "、".join(RETENTION_PERIODS.values()))
    today = today_or(today)
    on = on or today
    if case.closed_on and on < case.closed_on:
        raise ServiceInvalid(f"归档日期不能早于结案日期{case.closed_on.isoformat()}")
    with transaction.atomic():
        row = locked(case)
        check = latest_check(row)
        file = case_file_of(row, today) if check is not None else None
        refuse(archive_problems(row, check, file.documents if file else []))
        contents = cf.paginate(cf.arrange(file.documents), on)
        cover = cover_data(row, contents, result_label=file.cover.result_label, officers=case_team_names(row),
                           archived_on=on, retention_label=RETENTION_PERIODS[retention])
        cover_doc = case_document_issue(actor=actor, case=row, kind_code=cf.COVER, content={
            "addressee": row.party_name, "body": cover_text(cover), "cover": cover})
        cover["archive_number"] = cover_doc.number
        contents[0].update(number=cover_doc.number, document_id=cover_doc.pk, sha256=cover_doc.pdf_sha256)
        toc_doc = case_document_issue(actor=actor, case=row, kind_code=cf.TOC, content={
            "addressee": row.party_name, "body": contents_text(contents), "contents": contents, "cover": cover})
        return case_move(actor=actor, case=row, new="archived", verb="case_archive",
                         payload={"check": check.pk, "cover": cover_doc.pk, "contents": toc_doc.pk},
                         archived_on=on, archive_number=cover_doc.number, retention=retention)
