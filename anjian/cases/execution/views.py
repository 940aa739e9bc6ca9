"""Pages of execution and closing: the step forms posted from the case page's execution panel, and the
execution-and-transfers page of one case."""

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from anjian.accounts.capabilities import requires
from anjian.cases.core.selectors import case_get_for
from anjian.cases.execution import panels as panels_execution
from anjian.cases.execution import services as execution
from anjian.cases.execution.forms import CloseForm, EnforcementForm, InstallmentForm, OnForm, PaymentForm
from anjian.cases.transfers import panels as panels_transfers
from anjian.common.service_views import post_step
from anjian.domain.permissions import Capability


def case_url(case_id: int) -> str:
    """The case page (core's detail when it is there, else this part's execution page)."""
    try:
        return reverse("cases:detail", args=[case_id])
    except NoReverseMatch:
        return reverse("cases:execution", args=[case_id])


def _step(request, pk: int, form_class, run, done: str, capability: Capability = Capability.CASE_EDIT, **form_kw):
    case = case_get_for(request.user, pk, capability)
    return post_step(request, case, form_class, run, done, case_url(case.pk), **form_kw)


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
    return _step(request, pk, PaymentForm, lambda case, d: execution.case_payment_record(
        actor=request.user, case=case, amount=d["amount"], paid_on=d["paid_on"], kind=d["kind"],
        receipt_number=d["receipt_number"]), "已登记缴款")


@requires(Capability.CASE_APPROVE)
@require_POST
def installment_approve(request, pk: int):
    return _step(request, pk, InstallmentForm, lambda case, d: execution.case_installment_approve(
        actor=request.user, case=case, until=d["until"], reason=d["reason"]), "已批准延期（分期）缴纳罚款",
        Capability.CASE_APPROVE)


@requires(Capability.CASE_EDIT)
@require_POST
def reminder_serve(request, pk: int):
    return _step(request, pk, OnForm, lambda case, d: execution.case_reminder_serve(
        actor=request.user, case=case, on=d["on"]), "已登记催告书送达")


@requires(Capability.CASE_EDIT)
@require_POST
def surcharge_decide(request, pk: int):
    return _step(request, pk, OnForm, lambda case, d: execution.case_surcharge_decide(
        actor=request.user, case=case, on=d["on"]), "已作出加处罚款决定")


@requires(Capability.CASE_APPROVE)
@require_POST
def enforcement_apply(request, pk: int):
    return _step(request, pk, EnforcementForm, lambda case, d: execution.case_enforcement_apply(
        actor=request.user, case=case, on=d["on"], court=d["court"]), "已申请法院强制执行", Capability.CASE_APPROVE)


@requires(Capability.CASE_APPROVE)
@require_POST
def case_close(request, pk: int):
    return _step(request, pk, CloseForm, lambda case, d: execution.case_close(
        actor=request.user, case=case, on=d["on"], note=d["note"]), "已结案", Capability.CASE_APPROVE)
