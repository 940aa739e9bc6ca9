"""Writes of enforcement guidance and typical cases: one transaction each, audited.

Reviews are given by a superior agency (GUIDANCE_MANAGE over its own region) to the agencies of the regions
directly below; the subordinate answers with its rectification report (GUIDANCE_MANAGE over its region).
"""

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import agencies_for, can
from anjian.audit.services import audit_record
from anjian.audit.transitions import transition
from anjian.cases.models import PenaltyCase
from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceError, ServiceInvalid
from anjian.documents.services import document_draft, document_issue
from anjian.domain import guidance as g
from anjian.domain.permissions import Capability
from anjian.guidance.measures import proposals
from anjian.guidance.models import GuidanceFinding, GuidanceReview, TypicalCase
from anjian.notices.send_back import checked_reason, moved_on, require_open, sent_back
from anjian.planning.models import AnnualPlan
from anjian.planning.selectors import active_entries
from anjian.regions.models import Agency


def subordinates_of(superior: Agency) -> list[Agency]:
    return list(Agency.objects.filter(region__parent=superior.region).select_related("region").order_by("region_id"))


def _as_superior(actor, review: GuidanceReview) -> None:
    """The superior agency's side (or an agency above it); the subordinate's own users never cover its region."""
    if not can(actor, Capability.GUIDANCE_MANAGE, review.superior.region_id):
        raise ServiceDenied("您无权以指导机关身份办理该执法指导")


def actor_agency_is(actor, agency: Agency) -> bool:
    return any(gr.agency_id == agency.pk for gr in agencies_for(actor, Capability.GUIDANCE_MANAGE))


def _step(*, actor, review: GuidanceReview, new: str, verb: str, **fields) -> GuidanceReview:
    """The review along `domain.guidance.REVIEW_FLOW`, audited (in the caller's transaction, or its own)."""
    with transaction.atomic():
        return transition(actor=actor, agency=review.superior, obj=review, table=g.REVIEW_FLOW, new=new, verb=verb,
                          allow_same=False, kind="执法指导", labels=g.REVIEW_STATUSES,
                          conflict="该执法指导已被他人处理，请刷新后重试", updated_at=timezone.now(), **fields)


def guidance_schedule(*, actor, superior: Agency, year: int, first_month: int = 1) -> list[GuidanceReview]:
    """Schedule one review per subordinate for ``year``: one a month from ``first_month``, all by end of November."""
    if not actor_agency_is(actor, superior):
        raise ServiceDenied("您无权为该机关安排执法指导")
    subs = subordinates_of(superior)
    if not subs:
        raise ServiceInvalid(f"{superior.name}没有下级应急管理部门")
    existing = set(GuidanceReview.objects.filter(superior=superior, year=year).values_list("subordinate_id", flat=True))
    todo = [a for a in subs if a.pk not in existing]
    if not todo:
        raise ServiceInvalid(f"{year}年度执法指导已全部排期")
    try:
        plan = g.schedule([str(a.pk) for a in todo], first_month=first_month)
    except ValueError as exc:
        raise ServiceInvalid(str(exc)) from exc
    by_id = {str(a.pk): a for a in todo}
    with transaction.atomic():
        made = [GuidanceReview.objects.create(superior=superior, subordinate=by_id[s], year=year, month=m,
                                              created_by=actor) for m, s in plan]
        audit_record(actor=actor, agency=superior, verb="guidance_schedule", target_type="guidance_schedule",
                     target_id=f"{superior.pk}/{year}",
                     new={"year": year, "plan": [[m, by_id[s].name] for m, s in plan]})
    return made


def guidance_reschedule(*, actor, review: GuidanceReview, month: int, reason: str) -> GuidanceReview:
    _as_superior(actor, review)
    problems = g.schedule_problems([(month, review.subordinate.name)])
    if not 1 <= month <= 12:
        problems.append("月份无效")
    if not reason.strip():
        problems.append("调整排期须写明理由")
    if problems:
        raise ServiceInvalid(problems)
    if review.status != "scheduled":
        raise ServiceInvalid("指导已开始，不能调整排期")
    with transaction.atomic():
        old = review.month
        GuidanceReview.objects.filter(pk=review.pk).update(month=month, updated_at=timezone.now())
        audit_record(actor=actor, agency=review.superior, verb="guidance_reschedule", target=review,
                     old={"month": old}, new={"month": month, "reason": reason.strip()})
    review.refresh_from_db()
    return review


def guidance_start(*, actor, review: GuidanceReview, review_date: date, reviewers: str, sample: int = 2,
                   today: date | None = None) -> GuidanceReview:
    """Begin the review: compute each checklist item from the records and sample 1–2 planned enterprises."""
    _as_superior(actor, review)
    today = today or timezone.localdate()
    if not reviewers.strip():
        raise ServiceInvalid("请填写指导人员")
    if review_date.year != review.year:
        raise ServiceInvalid(f"指导日期应在{review.year}年内")
    if not 1 <= sample <= 2:
        raise ServiceInvalid("抽查企业数应为1–2家")
    found = proposals(review.subordinate, review.year, today)
    plan = AnnualPlan.objects.filter(agency=review.subordinate, year=review.year).order_by("-id").first()
    pool = sorted(active_entries(plan).values_list("enterprise_id", flat=True)) if plan else []
    picked = random.SystemRandom().sample(pool, min(sample, len(pool)))
    with transaction.atomic():
        review = _step(actor=actor, review=review, new="in_progress", verb="guidance_start",
                       review_date=review_date, reviewers=reviewers.strip())
        review.sampled.set(picked)
        for item in g.CHECKLIST:
            proposed, evidence = found.get(item.code, ("", ""))
            if item.code == "onsite_sampling":
                evidence = f"从年度计划{len(pool)}家企业中随机抽取{len(picked)}家" if pool else "被指导机关无年度计划企业可抽查"
            GuidanceFinding.objects.create(review=review, code=item.code, proposed=proposed, evidence=evidence,
                                           assessment=proposed)
        audit_record(actor=actor, agency=review.superior, verb="guidance_sample", target=review,
                     new={"pool": len(pool), "sampled": picked})
    return review


def guidance_finding_set(*, actor, review: GuidanceReview, code: str, assessment: str, opinion: str) -> GuidanceFinding:
    _as_superior(actor, review)
    if review.status != "in_progress":
        raise ServiceInvalid("只有指导中的事项可以评定")
    if assessment not in g.ASSESSMENTS:
        raise ServiceInvalid("评定结论无效")
    if assessment in ("partly", "poor") and not opinion.strip():
        raise ServiceInvalid(f"「{g.ITEMS[code].title}」评定为{g.ASSESSMENTS[assessment]}，须写明问题及意见")
    finding = review.findings.filter(code=code).first()
    if finding is None:
        raise ServiceInvalid("检查项不存在")
    with transaction.atomic():
        old = {"assessment": finding.assessment, "opinion": finding.opinion}
        finding.assessment, finding.opinion = assessment, opinion.strip()
        finding.save(update_fields=["assessment", "opinion"])
        audit_record(actor=actor, agency=review.superior, verb="guidance_finding_set", target=review,
                     old=old, new={"code": code, "assessment": assessment, "opinion": finding.opinion})
    return finding


def guidance_letter_issue(*, actor, review: GuidanceReview, rectify_by: date) -> GuidanceReview:
    """Issue the numbered 执法指导意见书 with the problems found and the deadline for the rectification report."""
    _as_superior(actor, review)
    findings = list(review.findings.all())
    missing = [g.ITEMS[f.code].title for f in findings if not f.assessment]
    if missing:
        raise ServiceInvalid(f"以下检查项尚未评定：{'、'.join(missing)}")
    if review.review_date and rectify_by <= review.review_date:
        raise ServiceInvalid("整改报告期限应晚于指导日期")
    body = g.letter_body(superior=review.superior.name, review_date=review.review_date, deadline=rectify_by,
                         findings=[(g.ITEMS[f.code].title, f.assessment, f.evidence, f.opinion) for f in findings])
    with transaction.atomic():
        try:
            doc = document_draft(actor=actor, agency=review.superior, kind_code="指导", subject=review,
                                 content={"addressee": review.subordinate.name, "body": body})
            doc = document_issue(actor=actor, document=doc)
        except ServiceError as exc:
            raise ServiceInvalid(str(exc)) from exc
        return _step(actor=actor, review=review, new="letter_issued", verb="guidance_letter_issue",
                     letter=doc, rectify_by=rectify_by)


def guidance_respond(*, actor, review: GuidanceReview, text: str, on: date) -> GuidanceReview:
    """The subordinate's rectification report."""
    if not actor_agency_is(actor, review.subordinate):
        raise ServiceDenied("只有被指导机关可以报告整改情况")
    if not text.strip():
        raise ServiceInvalid("请填写整改报告")
    with transaction.atomic():
        review = _step(actor=actor, review=review, new="responded", verb="guidance_respond",
                       response_text=text.strip(), responded_on=on, responded_by=actor)
        moved_on("guidance", review.pk)  # a report sent back is reported again
    return review


def guidance_close(*, actor, review: GuidanceReview, accept: bool, note: str, on: date) -> GuidanceReview:
    _as_superior(actor, review)
    if not note.strip():
        raise ServiceInvalid("请填写办结（退回）意见")
    if accept:
        return _step(actor=actor, review=review, new="closed", verb="guidance_close", closed_on=on,
                     closing_note=note.strip())
    return guidance_return(actor=actor, review=review, reason=note)


def guidance_return(*, actor, review: GuidanceReview, reason: str) -> GuidanceReview:
    """退回: the rectification report goes back to the subordinate user who sent it (``responded_by``), with the
    reason; their next report closes the hand-off."""
    _as_superior(actor, review)
    require_open(review.status, {"responded"}, "退回（仅已报告整改的执法指导可以退回整改报告）")
    reason = checked_reason(reason)
    with transaction.atomic():
        review = _step(actor=actor, review=review, new="letter_issued", verb="guidance_response_returned",
                       closing_note=reason)
        sent_back(actor=actor, sender=review.responded_by, agency=review.subordinate, kind="guidance",
                  record_id=review.pk, name=f"{review.subordinate.name}{review.year}年执法指导", reason=reason,
                  link=f"/guidance/{review.pk}/")
    return review


def typical_case_select(*, actor, case: PenaltyCase, title: str, highlights: str) -> TypicalCase:
    if not can(actor, Capability.CASE_APPROVE, case.agency.region_id):
        raise ServiceDenied("您无权选报该案件")
    problems = []
    if case.result != "penalized" or case.status not in ("decided", "executing", "closed", "archived"):
        problems.append("只有已作出处罚决定的案件可以选报典型案例")
    if not title.strip():
        problems.append("请填写案例名称")
    if not highlights.strip():
        problems.append("请填写典型意义")
    if TypicalCase.objects.filter(case=case).exists():
        problems.append("该案件已选报典型案例")
    if problems:
        raise ServiceInvalid(problems)
    with transaction.atomic():
        typical = TypicalCase.objects.create(case=case, title=title.strip(), highlights=highlights.strip(),
                                             selected_by=actor)
        audit_record(actor=actor, agency=case.agency, verb="typical_case_select", target=typical,
                     new={"case": case.pk, "title": typical.title})
    return typical


def typical_case_report(*, actor, typical: TypicalCase, on: date) -> TypicalCase:
    if not can(actor, Capability.CASE_APPROVE, typical.case.agency.region_id):
        raise ServiceDenied("您无权报送该案例")
    with transaction.atomic():
        if TypicalCase.objects.filter(pk=typical.pk, status="selected").update(status="reported",
                                                                              reported_on=on) == 0:
            raise ServiceConflict("该案例已报送")
        typical.refresh_from_db()
        audit_record(actor=actor, agency=typical.case.agency, verb="typical_case_report", target=typical,
                     new={"reported_on": on.isoformat()})
    return typical
