"""Pages of execution and closing: the step forms posted from the case page's execution panel (each form's cleaned
data are the keyword arguments of one service, as the API's schema of the step), and the execution-and-transfers
page of one case."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.cases.core.selectors import case_get_for
from anjian.cases.core.views import case_url
from anjian.cases.execution import panels as panels_execution
from anjian.cases.execution import services as execution
from anjian.cases.execution.forms import CloseForm, EnforcementForm, InstallmentForm, OnForm, PaymentForm
from anjian.cases.transfers import panels as panels_transfers
from anjian.common.service_views import post_step
from anjian.domain.permissions import Capability


def _step(request, pk: int, form_class, service, done: str, capability: Capability = Capability.CASE_EDIT):
    case = case_get_for(request.user, pk, capability)
    return post_step(request, case, form_class, lambda c, d: service(actor=request.user, case=c, **d), done,
                     case_url(case.pk))


@requires(Capability.CASE_VIEW)
def execution_page(request, pk: int):
    """执行与移送 of one case: the two panels on a page of their own."""
    case = case_get_for(request.user, pk)
    parts = [render_to_string("cases/_execution.html", panels_execution.panel(request, case), request=request),
             render_to_string("cases/_transfers.html", panels_transfers.panel(request, case), request=request)]
    return render(request, "cases/execution_page.html", {"case": case, "parts": [p for p in parts if p.strip()]})


@requires(Capability.CASE_EDIT)
@require_POST
def payment_record(request, pk: int):
    return _step(request, pk, PaymentForm, execution.case_payment_record, "已登记缴款")


@requires(Capability.CASE_APPROVE)
@require_POST
def installment_approve(request, pk: int):
    return _step(request, pk, InstallmentForm, execution.case_installment_approve, "已批准延期（分期）缴纳罚款",
                 Capability.CASE_APPROVE)


@requires(Capability.CASE_EDIT)
@require_POST
def reminder_serve(request, pk: int):
    return _step(request, pk, OnForm, execution.case_reminder_serve, "已登记催告书送达")


@requires(Capability.CASE_EDIT)
@require_POST
def surcharge_decide(request, pk: int):
    return _step(request, pk, OnForm, execution.case_surcharge_decide, "已作出加处罚款决定")


@requires(Capability.CASE_APPROVE)
@require_POST
def enforcement_apply(request, pk: int):
    return _step(request, pk, EnforcementForm, execution.case_enforcement_apply, "已申请法院强制执行",
                 Capability.CASE_APPROVE)


@requires(Capability.CASE_APPROVE)
@require_POST
def case_close(request, pk: int):
    return _step(request, pk, CloseForm, execution.case_close, "已结案", Capability.CASE_APPROVE)
