"""API of execution and closing (under /api/v1/cases): same scope and rules as the pages; each body gives the
service's keyword arguments, as the page's form does.

/{id}/execution, /{id}/payments, /{id}/installment, /{id}/reminder, /{id}/surcharge, /{id}/enforcement, /{id}/close.
"""

from django.http import HttpRequest
from ninja import Router

from anjian.accounts.api_access import api_requires
from anjian.cases.core.selectors import case_get_for
from anjian.cases.execution import services as execution
from anjian.cases.execution.schemas import (
    CaseCloseIn,
    EnforcementIn,
    ExecutionOut,
    InstallmentIn,
    OnIn,
    PaymentIn,
    PaymentOut,
    execution_out,
    payment_out,
)
from anjian.common.api_errors import ERRORS
from anjian.common.api_types import Id
from anjian.domain.permissions import Capability

router = Router(tags=["行政处罚案件：执行与移送"])


@router.get("/{int:case_id}/execution", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_VIEW)
def get_execution(request: HttpRequest, case_id: Id):
    return execution_out(case_get_for(request.user, case_id))


@router.get("/{int:case_id}/payments", response={200: list[PaymentOut], **ERRORS})
@api_requires(Capability.CASE_VIEW)
def list_payments(request: HttpRequest, case_id: Id):
    case = case_get_for(request.user, case_id)
    return [payment_out(p) for p in case.payments.all()]


@router.post("/{int:case_id}/payments", response={201: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def record_payment(request: HttpRequest, case_id: Id, body: PaymentIn):
    case = case_get_for(request.user, case_id)
    execution.case_payment_record(actor=request.user, case=case, **body.dict())
    return 201, execution_out(case)


@router.post("/{int:case_id}/installment", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def approve_installment(request: HttpRequest, case_id: Id, body: InstallmentIn):
    case = case_get_for(request.user, case_id)
    execution.case_installment_approve(actor=request.user, case=case, **body.dict())
    return execution_out(case)


@router.post("/{int:case_id}/reminder", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def serve_reminder(request: HttpRequest, case_id: Id, body: OnIn):
    case = case_get_for(request.user, case_id)
    execution.case_reminder_serve(actor=request.user, case=case, **body.dict())
    return execution_out(case)


@router.post("/{int:case_id}/surcharge", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_EDIT)
def decide_surcharge(request: HttpRequest, case_id: Id, body: OnIn):
    case = case_get_for(request.user, case_id)
    execution.case_surcharge_decide(actor=request.user, case=case, **body.dict())
    return execution_out(case)


@router.post("/{int:case_id}/enforcement", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def apply_enforcement(request: HttpRequest, case_id: Id, body: EnforcementIn):
    case = case_get_for(request.user, case_id)
    execution.case_enforcement_apply(actor=request.user, case=case, **body.dict())
    return execution_out(case)


@router.post("/{int:case_id}/close", response={200: ExecutionOut, **ERRORS})
@api_requires(Capability.CASE_APPROVE)
def close_case(request: HttpRequest, case_id: Id, body: CaseCloseIn):
    case = case_get_for(request.user, case_id)
    execution.case_close(actor=request.user, case=case, **body.dict())
    return execution_out(case)
