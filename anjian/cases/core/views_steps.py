"""The step forms of the case page (POST only): each calls one service and returns to the case page."""

from django.http import Http404
from django.urls import reverse
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.cases.core import forms as f
from anjian.cases.core.documents import case_documents_issue_pending
from anjian.cases.core.selectors import case_get_for
from anjian.cases.core.services_decision import case_decide, case_serve
from anjian.cases.core.services_filing import case_file_approve, case_file_refuse
from anjian.cases.core.services_investigation import (
    case_extension_approve,
    case_investigation_add,
    case_investigation_conclude,
    case_preservation_decide,
)
from anjian.cases.core.services_notice import (
    case_hearing_hold,
    case_hearing_request,
    case_notify,
    case_statement_record,
)
from anjian.cases.core.services_review import (
    case_discussion_record,
    case_legal_review,
    case_submit_for_review,
)
from anjian.common.service_views import post_step
from anjian.domain.permissions import Capability


def _step(request, pk: int, form_class, run, done):
    case = case_get_for(request.user, pk)
    return post_step(request, case, form_class, run, done, reverse("cases:detail", args=[pk]), labelled=True)


def _pending_note(case) -> str:
    from anjian.cases.core.documents import case_documents_pending

    return "；有文书待承办人制作签发" if case_documents_pending(case) else ""


@requires(Capability.CASE_APPROVE)
@require_POST
def file_approve(request, pk: int):
    return _step(request, pk, f.FileApproveForm, lambda c, d: case_file_approve(
        actor=request.user, case=c, opinion=d["opinion"], on=d["on"]), lambda c: "已批准立案" + _pending_note(c))


@requires(Capability.CASE_APPROVE)
@require_POST
def file_refuse(request, pk: int):
    return _step(request, pk, f.FileRefuseForm, lambda c, d: case_file_refuse(
        actor=request.user, case=c, reason=d["reason"]), "已决定不予立案")


@requires(Capability.CASE_EDIT)
@require_POST
def investigation_add(request, pk: int):
    return _step(request, pk, f.InvestigationForm, lambda c, d: case_investigation_add(
        actor=request.user, case=c, kind=d["kind"], occurred_on=d["occurred_on"], summary=d["summary"]),
        "已登记调查取证并签发文书")


@requires(Capability.CASE_APPROVE)
@require_POST
def preservation_decide(request, pk: int):
    def run(case, d):
        row = case.investigations.filter(pk=d["investigation"]).first()
        if row is None:
            raise Http404("investigation")
        return case_preservation_decide(actor=request.user, investigation=row, on=d["on"], decision=d["decision"])

    return _step(request, pk, f.PreservationDecideForm, run, "已作出先行登记保存处理决定")


@requires(Capability.CASE_APPROVE)
@require_POST
def extension_approve(request, pk: int):
    return _step(request, pk, f.ExtensionForm, lambda c, d: case_extension_approve(
        actor=request.user, case=c, days=d["days"], reason=d["reason"]),
        lambda x: f"已批准延期，办案期限延至{x.new_due.isoformat()}")


@requires(Capability.CASE_EDIT)
@require_POST
def conclude(request, pk: int):
    return _step(request, pk, f.ConcludeForm, lambda c, d: case_investigation_conclude(
        actor=request.user, case=c, report=d["report"], violated_provision=d["violated_provision"],
        penalty_provision=d["penalty_provision"], penalties=d["penalties"], proposed_fine=d["proposed_fine"],
        is_major=d["is_major"], on=d["on"]), "已作出调查终结报告")


@requires(Capability.CASE_EDIT)
@require_POST
def submit(request, pk: int):
    return _step(request, pk, f.SubmitForm, lambda c, d: case_submit_for_review(actor=request.user, case=c),
                 "已提交法制审核")


@requires(Capability.CASE_LEGAL_REVIEW)
@require_POST
def legal_review(request, pk: int):
    return _step(request, pk, f.LegalReviewForm, lambda c, d: case_legal_review(
        actor=request.user, case=c, result=d["result"], opinion=d["opinion"], on=d["on"]),
        lambda c: "已完成法制审核" + _pending_note(c))


@requires(Capability.CASE_APPROVE)
@require_POST
def discussion(request, pk: int):
    return _step(request, pk, f.DiscussionForm, lambda c, d: case_discussion_record(
        actor=request.user, case=c, on=d["on"], record=d["record"], conclusion=d["conclusion"]),
        lambda c: "已记录集体讨论" + _pending_note(c))


@requires(Capability.CASE_EDIT)
@require_POST
def notify(request, pk: int):
    return _step(request, pk, f.NotifyForm, lambda c, d: case_notify(actor=request.user, case=c,
                                                                      served_on=d["served_on"]),
                 lambda c: "已送达行政处罚告知书" + ("和听证告知书" if c.hearing_notice_served_on else ""))


@requires(Capability.CASE_EDIT)
@require_POST
def statement(request, pk: int):
    return _step(request, pk, f.StatementForm, lambda c, d: case_statement_record(
        actor=request.user, case=c, on=d["on"], statement=d["statement"]), "已记录陈述申辩")


@requires(Capability.CASE_EDIT)
@require_POST
def hearing_request(request, pk: int):
    return _step(request, pk, f.HearingRequestForm, lambda c, d: case_hearing_request(
        actor=request.user, case=c, on=d["on"], hearing_on=d["hearing_on"], hearing_place=d["hearing_place"],
        presiding=d["presiding"]), "已登记听证申请")


@requires(Capability.CASE_EDIT)
@require_POST
def hearing_hold(request, pk: int):
    return _step(request, pk, f.HearingHoldForm, lambda c, d: case_hearing_hold(
        actor=request.user, case=c, on=d["on"], report=d["report"]), "已记录听证")


@requires(Capability.CASE_APPROVE)
@require_POST
def decide(request, pk: int):
    return _step(request, pk, f.DecideForm, lambda c, d: case_decide(
        actor=request.user, case=c, on=d["on"], fine=d["fine"], summary=d["summary"]),
        lambda c: "已作出行政处罚决定" + _pending_note(c))


@requires(Capability.CASE_EDIT)
@require_POST
def serve(request, pk: int):
    return _step(request, pk, f.ServeForm, lambda c, d: case_serve(
        actor=request.user, case=c, on=d["on"], method=d["method"], recipient=d["recipient"], place=d["place"]),
        "已登记送达，案件进入执行")


@requires(Capability.CASE_EDIT)
@require_POST
def documents_issue(request, pk: int):
    return _step(request, pk, f.SubmitForm, lambda c, d: case_documents_issue_pending(actor=request.user, case=c),
                 lambda docs: f"已签发文书{len(docs)}份")
