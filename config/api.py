"""The JSON API under /api/v1/ (OpenAPI at /api/v1/openapi.json). Session or bearer-token auth."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from anjian.accounts.api import router as regions_router
from anjian.accounts.tokens import TokenAuth
from anjian.campaigns.api import router as campaigns_router
from anjian.cases.core.api import router as cases_router
from anjian.cases.discretion.api import router as discretion_router
from anjian.cases.execution.api import router as case_execution_router
from anjian.cases.records.api import router as case_records_router
from anjian.cases.transfers.api import router as case_transfers_router
from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.common.middleware import STATUS_CODES, api_error
from anjian.common.openapi import AnjianAPI, validation_message
from anjian.credit.api import router as credit_router
from anjian.documents.api import router as documents_router
from anjian.draws.api import router as draws_router
from anjian.enterprises.api import router as enterprises_router
from anjian.field.api import router as field_router
from anjian.guidance.api import router as guidance_router
from anjian.home.api import router as me_router
from anjian.inspections.api import router as inspections_router
from anjian.inspections.api_rectification import router as rectification_router
from anjian.inspections.api_signatures import router as signatures_router
from anjian.jobs.api import router as jobs_router
from anjian.maps.api import router as maps_router
from anjian.officers.api import router as officers_router
from anjian.planning.api import router as planning_router
from anjian.reports.api import router as reports_router
from anjian.search.api import router as search_router
from anjian.supervision.api import router as supervision_router


def _signed_in(view):
    """The schema and docs are for signed-in users (session or bearer token); others get 401 JSON."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_authenticated or TokenAuth()(request)):
            return api_error(401)
        return view(request, *args, **kwargs)

    return wrapped


api = AnjianAPI(
    title="安监 Anjian API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth],
    docs_decorator=_signed_in,
)
api.add_router("/regions", regions_router)
api.add_router("/enterprises", enterprises_router)
api.add_router("/officers", officers_router)
api.add_router("/documents", documents_router)
api.add_router("/inspections", inspections_router)
api.add_router("/rectification", rectification_router)
api.add_router("/supervision", supervision_router)
api.add_router("/planning", planning_router)
api.add_router("/draws", draws_router)
api.add_router("/campaigns", campaigns_router)
api.add_router("/reports", reports_router)
api.add_router("/credit", credit_router)
api.add_router("/cases", cases_router)
api.add_router("/cases", case_execution_router)
api.add_router("/cases", case_transfers_router)
api.add_router("/cases", case_records_router)
api.add_router("/discretion", discretion_router)
api.add_router("/guidance", guidance_router)
api.add_router("/search", search_router)
api.add_router("/me", me_router)
api.add_router("/jobs", jobs_router)
api.add_router("/field", field_router)
api.add_router("/signatures", signatures_router)
api.add_router("/map", maps_router)


def _error(request, code: str, message: str, status: int, detail=None):
    body = {"code": code, "message": message}
    if detail is not None:
        body["detail"] = detail
    return api.create_response(request, body, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorized(request, exc):
    return _error(request, "unauthorized", "未登录或令牌无效", 401)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail = [{"loc": [str(p) for p in e.get("loc", ())], "type": e.get("type", "")} for e in exc.errors[:20]]
    return _error(request, "invalid_request", validation_message(exc.errors), 422, detail)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:  # ninja could not parse the body: a validation failure like any other
        return _error(request, "invalid_request", "请求体应为一个 JSON 对象（UTF-8）", 422)
    if exc.status_code == 403 and str(exc.message) == "CSRF check Failed":  # a session call without the token
        return _error(request, "csrf_failed", "CSRF 校验失败：以登录会话调用时请带上 X-CSRFToken，或改用 API 令牌", 403)
    return _error(request, STATUS_CODES.get(exc.status_code, "error"), str(exc.message), exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, "not_found", "记录不存在或不在管辖范围内", 404)


@api.exception_handler(PermissionDenied)
def _denied(request, exc):
    return _error(request, "forbidden", "无此操作权限", 403)


# The one mapping of service errors for the API (pages: anjian.common.service_views and ServiceErrorsMiddleware).
@api.exception_handler(ServiceInvalid)
def _service_invalid(request, exc):
    detail = [{"field": f, "reason": r} for f, r in exc.fields] if any(f for f, _ in exc.fields) else None
    return _error(request, "invalid_request", str(exc), 422, detail)


@api.exception_handler(ServiceConflict)
def _service_conflict(request, exc):
    return _error(request, "conflict", str(exc) or "记录状态已变化，请刷新后重试", 409)


@api.exception_handler(ServiceDenied)
def _service_denied(request, exc):
    return _error(request, "forbidden", str(exc) or "无此操作权限", 403)


@api.exception_handler(NotFound)
def _service_not_found(request, exc):
    return _error(request, "not_found", str(exc), 404)
