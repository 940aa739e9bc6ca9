"""Request and response rules that hold for every page and every API operation.

- ``RequestGuardMiddleware``: a query or form value with a NUL, control or bidirectional-override
  character, or longer than any field accepts, is refused before a view sees it (400 page / 422 JSON).
- ``ApiErrorsMiddleware``: under ``/api/`` every error answer is JSON ``{"code", "message"}`` — Django's
  404 for an unknown path, 405 for a wrong method, 413, 500 — never an HTML page.
- ``ServiceErrorsMiddleware``: on pages, a service refusal no view handled becomes the 403 or 404 page, an
  invalid or conflicting step a 400 page with the reasons (the API maps the same errors in config/api.py).
- ``SecurityHeadersMiddleware``: Content-Security-Policy on every answer, ``Cache-Control: no-store`` on
  answers to signed-in users and on the API, cookies marked Secure on HTTPS requests.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import patch_cache_control

from anjian.common.errors import NotFound, ServiceConflict, ServiceDenied, ServiceInvalid
from anjian.domain.input_bounds import LONG_TEXT_MAX, char_problem

API_PREFIX = "/api/"

STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
                422: "invalid_request", 429: "too_many_requests", 500: "server_error", 503: "unavailable"}
STATUS_MESSAGES = {400: "请求格式不正确", 401: "未登录或令牌无效", 403: "无此操作权限", 404: "记录不存在或不在管辖范围内",
                   405: "不支持该请求方法", 413: "请求内容过大", 415: "不支持的内容类型", 429: "请求过于频繁，请稍后再试",
                   500: "系统暂时无法处理该请求，请稍后重试", 503: "服务暂不可用，请稍后重试"}


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def api_error(status: int, message: str | None = None, code: str | None = None) -> JsonResponse:
    body = {"code": code or STATUS_CODES.get(status, "error"),
            "message": message or STATUS_MESSAGES.get(status, "请求未能完成")}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _values(request):
    for key, values in request.GET.lists():
        yield key
        yield from values
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded",
                                                               "multipart/form-data"):
        for key, values in request.POST.lists():
            yield key
            yield from values


def request_problem(request) -> str | None:
    """Why the request's query or form values cannot be accepted, or None."""
    for value in _values(request):
        if len(value) > LONG_TEXT_MAX:
            return f"提交的内容过长（{len(value)} 个字符，上限 {LONG_TEXT_MAX}）"
        problem = char_problem(value)
        if problem:
            return f"提交的内容{problem}"
    return None


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            problem = request_problem(request)
        except MultiPartParserError:
            problem = "提交的表单无法解析（multipart 格式不正确）"
        if problem is None:
            return self.get_response(request)
        if is_api(request):
            return api_error(422, problem, "invalid_request")
        from django.shortcuts import render

        return render(request, "home/error.html", {"title": "无法处理的输入", "text": problem}, status=400)


class ApiErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api(request) or response.status_code < 300:
            return response
        if response.status_code < 400:  # CommonMiddleware's APPEND_SLASH: the documented paths end with "/"
            location = response.get("Location", "")
            if request.method not in ("GET", "HEAD"):  # a client re-sends a redirected POST as GET: say where instead
                return api_error(404, f"接口地址应为 {location}" if location else None)
            moved = api_error(response.status_code, f"接口地址为 {location}", "moved")
            if location:
                moved["Location"] = location
            return moved
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        replaced = api_error(response.status_code)
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced


class ServiceErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_api(request):
            return None  # ninja's handlers answer under /api/
        if isinstance(exception, NotFound):
            raise Http404(str(exception)) from exception
        if isinstance(exception, ServiceDenied):
            raise PermissionDenied(str(exception)) from exception
        if isinstance(exception, ServiceInvalid | ServiceConflict):
            from django.shortcuts import render

            text = "；".join(getattr(exception, "errors", [str(exception)]))
            return render(request, "home/error.html", {"title": "无法完成该操作", "text": text}, status=400)
        return None


def _csp() -> str:
    policy = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        # ECharts writes its tooltips as HTML with style attributes; <style> elements stay forbidden.
        "style-src-attr": "'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    policy.update(getattr(settings, "ANJIAN_CSP_EXTRA", {}))
    return "; ".join(f"{k} {v}" for k, v in policy.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = _csp()

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.csp)
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure():
            for cookie in response.cookies.values():
                cookie["secure"] = True
        user = getattr(request, "user", None)
        if is_api(request) or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True)
        return response
