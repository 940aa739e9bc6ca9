"""The step forms of the case page (POST only): each form's cleaned data are the keyword arguments of one service
(the API's schema of the step gives the same), and the page returns to the case."""

from django.urls import reverse
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.cases.core import forms as f
from anjian.cases.core.documents import case_documents_issue_pending, case_documents_pending
from anjian.cases.core.selectors import case_get_for, case_investigation_get
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
from anjian.cases.core.services_return import (
    case_decision_return,
    case_discussion_return,
    case_file_return,
    case_filing_resubmit,
    case_review_return,
)
from anjian.cases.core.services_review import (
    case_discussion_record,
    case_legal_review,
    case_submit_for_review,
)
from anjian.common.service_views import post_step
from anjian.domain.permissions import Capability


def _step(request, pk: int, form_class, service, done):
    """Validate ``form_class`` and call ``service(actor=…, case=…, **cleaned_data)`` on the case ``pk``."""
    case = case_get_for(request.user, pk)
    return post_step(request, case, form_class, lambda c, d: service(actor=request.user, case=c, **d), done,
                     reverse("cases:detail", args=[pk]), labelled=True)


def _pending_note(case) -> str:
    return "；有文书待承办人制作签发" if case_documents_pending(case) else ""


@requires(Capability.CASE_APPROVE)
@require_POST
def file_approve(request, pk: int):
    return _step(request, pk, f.FileApproveForm, case_file_approve, lambda c: "已批准立案" + _pending_note(c))


@requires(Capability.CASE_APPROVE)
@require_POST
def file_refuse(request, pk: int):
    return _step(request, pk, f.FileRefuseForm, case_file_refuse, "已决定不予立案")


RETURNED = "已退回，{}将在待办中看到退回理由"


@requires(Capability.CASE_APPROVE)
@require_POST
def file_return(request, pk: int):
    return _step(request, pk, f.ReturnForm, case_file_return, RETURNED.format("立案申请人"))


@requires(Capability.CASE_EDIT)
@require_POST
def filing_resubmit(request, pk: int):
    return _step(request, pk, f.FilingResubmitForm, case_filing_resubmit, "已重新提交立案申请，待负责人审批")


@requires(Capability.CASE_LEGAL_REVIEW)
@require_POST
def review_return(request, pk: int):
    return _step(request, pk, f.ReturnForm, case_review_return, RETURNED.format("承办人"))


@requires(Capability.CASE_APPROVE)
@require_POST
def discussion_return(request, pk: int):
    return _step(request, pk, f.ReturnForm, case_discussion_return, RETURNED.format("承办人"))


@requires(Capability.CASE_APPROVE)
@require_POST
def decision_return(request, pk: int):
    return _step(request, pk, f.ReturnForm, case_decision_return, RETURNED.format("承办人"))


@requires(Capability.CASE_EDIT)
@require_POST
def investigation_add(request, pk: int):
    return _step(request, pk, f.InvestigationForm, case_investigation_add, "已登记调查取证并签发文书")


def _preservation_decide(*, actor, case, investigation: int, **data):
    return case_preservation_decide(actor=actor, investigation=case_investigation_get(case, investigation), **data)


@requires(Capability.CASE_APPROVE)
@require_POST
def preservation_decide(request, pk: int):
    return _step(request, pk, f.PreservationDecideForm, _preservation_decide, "已作出先行登记保存处理决定")


@requires(Capability.CASE_APPROVE)
@require_POST
def extension_approve(request, pk: int):
    return _step(request, pk, f.ExtensionForm, case_extension_approve,
                 lambda x: f"已批准延期，办案期限延至{x.new_due.isoformat()}")


@requires(Capability.CASE_EDIT)
@require_POST
def conclude(request, pk: int):
    return _step(request, pk, f.ConcludeForm, case_investigation_conclude, "已作出调查终结报告")


@requires(Capability.CASE_EDIT)
@require_POST
def submit(request, pk: int):
    return _step(request, pk, f.SubmitForm, case_submit_for_review, "已提交法制审核")


@requires(Capability.CASE_LEGAL_REVIEW)
@require_POST
def legal_review(request, pk: int):
    return _step(request, pk, f.LegalReviewForm, case_legal_review, lambda c: "已完成法制审核" + _pending_note(c))


@requires(Capability.CASE_APPROVE)
@require_POST
def discussion(request, pk: int):
    return _step(request, pk, f.DiscussionForm, case_discussion_record, lambda c: "已记录集体讨论" + _pending_note(c))


@requires(Capability.CASE_EDIT)
@require_POST
def notify(request, pk: int):
    return _step(request, pk, f.NotifyForm, case_notify,
                 lambda c: "已送达行政处罚告知书" + ("和听证告知书" if c.hearing_notice_served_on else ""))


@requires(Capability.CASE_EDIT)
@require_POST
def statement(request, pk: int):
    return _step(request, pk, f.StatementForm, case_statement_record, "已记录陈述申辩")


@requires(Capability.CASE_EDIT)
@require_POST
def hearing_request(request, pk: int):
    return _step(request, pk, f.HearingRequestForm, case_hearing_request, "已登记听证申请")


@requires(Capability.CASE_EDIT)
@require_POST
def hearing_hold(request, pk: int):
    return _step(request, pk, f.HearingHoldForm, case_hearing_hold, "已记录听证")


@requires(Capability.CASE_APPROVE)
@require_POST
def decide(request, pk: int):
    return _step(request, pk, f.DecideForm, case_decide, lambda c: "已作出行政处罚决定" + _pending_note(c))


@requires(Capability.CASE_EDIT)
@require_POST
def serve(request, pk: int):
    return _step(request, pk, f.ServeForm, case_serve, "已登记送达，案件进入执行")


@requires(Capability.CASE_EDIT)
@require_POST
def documents_issue(request, pk: int):
    return _step(request, pk, f.SubmitForm, case_documents_issue_pending, lambda docs: f"已签发文书{len(docs)}份")
