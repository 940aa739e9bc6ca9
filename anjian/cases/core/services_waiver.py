"""书面放弃陈述申辩: the party waives the statement (and hearing-request) periods in writing, in the notice step;
the decision may then be taken at once (`anjian.domain.case_deadlines.decision_refusal`)."""

from dataclasses import replace
from datetime import date

from django.db import transaction

from anjian.cases.core.guards import not_future, refuse, require, require_status, today_or
from anjian.cases.core.selectors import case_facts
from anjian.cases.core.transitions import case_update
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceConflict
from anjian.common.storage import (
    WAIVERS,
    StoredFileProblem,
    forget,
    keep_bytes,
    read_verified,
    sha256_of,
    stored_name,
)
from anjian.domain.case_deadlines import waiver_problems
from anjian.domain.permissions import Capability

REF_MAX = PenaltyCase._meta.get_field("rights_waiver_ref").max_length
NAME_MAX = PenaltyCase._meta.get_field("rights_waiver_file_name").max_length
FILE_MAX = 5 * 1024 * 1024
FILE_KINDS = {b"%PDF-": "PDF", b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}


def waiver_file_problem(data: bytes) -> str:
    if len(data) > FILE_MAX:
        return "放弃声明扫描件不应超过 5 MB"
    if not any(data.startswith(magic) for magic in FILE_KINDS):
        return "放弃声明扫描件应为 PDF、JPEG 或 PNG 文件"
    return ""


def case_rights_waive(*, actor, case: PenaltyCase, on: date | None, reference: str = "", file_name: str = "",
                      file_data: bytes | None = None) -> PenaltyCase:
    """Record the party's written waiver: its date and the written statement (a scanned file, or a reference such
    as the page of the case file), audited. Refused before the notice is served, after a hearing request, twice."""
    require(actor, Capability.CASE_EDIT, case, "登记当事人放弃陈述申辩")
    require_status(case, {"notified", "hearing"}, "登记放弃陈述申辩")
    on = today_or(on)
    not_future(on, "放弃声明日期")
    reference = " ".join(reference.split())
    problems = waiver_problems(replace(case_facts(case), rights_waived_on=case.rights_waived_on), on)
    if len(reference) > REF_MAX:
        problems.append(f"放弃声明说明不得超过 {REF_MAX} 个字符")
    if file_data is not None and waiver_file_problem(file_data):
        problems.append(waiver_file_problem(file_data))
    if not reference and not file_data:
        problems.append("请上传当事人的书面放弃声明，或填写其文号、卷内位置")
    refuse(problems)
    file_name = (file_name or "").strip()[-NAME_MAX:] if file_data else ""
    digest = sha256_of(file_data) if file_data else ""
    created = keep_bytes(stored_name(WAIVERS, digest), file_data) if file_data else False
    try:
        with transaction.atomic():
            case = case_update(actor=actor, case=case, verb="case_rights_waive", rights_waived_on=on,
                               rights_waiver_ref=reference, rights_waiver_file_name=file_name,
                               payload={"file_sha256": digest, "file_size": len(file_data or b"")})
            if file_data:
                PenaltyCase.objects.filter(pk=case.pk).update(rights_waiver_sha256=digest)
                case.rights_waiver_sha256 = digest
    except BaseException:
        if created and not PenaltyCase.objects.filter(rights_waiver_sha256=digest).exists():
            forget(stored_name(WAIVERS, digest))  # a failed save leaves no stored file
        raise
    return case


def waiver_file_of(case: PenaltyCase) -> tuple[bytes, str] | None:
    """The scanned waiver and its name (None when only a reference was recorded)."""
    digest = PenaltyCase.objects.filter(pk=case.pk).values_list("rights_waiver_sha256", flat=True).first()
    if not digest:
        return None
    try:
        data = read_verified(stored_name(WAIVERS, digest), digest, "放弃声明扫描件")
    except StoredFileProblem as exc:
        raise ServiceConflict(str(exc)) from exc
    return data, case.rights_waiver_file_name or "放弃陈述申辩声明"


