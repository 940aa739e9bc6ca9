"""Idle session timeout, login required for pages, and the account gates (forced password change,
administrators' second factor)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import JsonResponse
from django.shortcuts import redirect


class IdleTimeoutMiddleware:
    KEY = "anjian_last_seen"
    RESOLUTION = 60  # seconds

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(self.KEY)
            if last is not None and now - last > settings.ANJIAN_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, "长时间未操作，已自动退出，请重新登录。")
            elif last is None or now - last >= self.RESOLUTION:
                request.session[self.KEY] = now  # written at most once a minute: no session write per page
        return self.get_response(request)


class LoginRequiredExceptApiMiddleware(LoginRequiredMiddleware):
    """Pages redirect anonymous users to the login page; the API answers 401 itself."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


FACTORS_KEY = "anjian_factors"  # written by the login views: PASSWORD_ONLY or WITH_TOTP
PASSWORD_ONLY, WITH_TOTP = "password", "password+totp"
PASSWORD_GATE, SECOND_FACTOR_GATE = "password_change_required", "second_factor_required"
GATE_MESSAGES = {
    PASSWORD_GATE: "请先修改密码后再继续使用系统",
    SECOND_FACTOR_GATE: "系统管理员、安全管理员、安全审计员须先绑定两步验证器",
}
GATE_PAGES = {PASSWORD_GATE: "accounts:password_change", SECOND_FACTOR_GATE: "accounts:totp_enrol"}


def gate_open(*gates: str):
    """Mark a view as reachable while one of these gates is shut (the page that settles it, logout)."""

    def mark(view):
        view.account_gates = frozenset(gates)
        return view

    return mark


class AccountGateMiddleware:
    """An account that owes a password change (new, or reset by a security admin), or an administrator
    signed in without a second factor, reaches only the page that settles it and logout; the API answers
    403 {"code": "password_change_required" | "second_factor_required", "message"}.

    A session signed in with the password only whose account has since got an authenticator (enrolled in
    another session) is ended: it must sign in again with a code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        gate = self._gate(request, user)
        if gate is None or gate in getattr(view_func, "account_gates", ()):
            return None
        if gate == "ended":
            logout(request)
            if request.path_info.startswith("/api/"):
                return JsonResponse({"code": "unauthorized", "message": "未登录或令牌无效"}, status=401)
            messages.info(request, "您的账号已启用两步验证，请重新登录。")
            return redirect(settings.LOGIN_URL)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"code": gate, "message": GATE_MESSAGES[gate]}, status=403)
        return redirect(GATE_PAGES[gate])

    @staticmethod
    def _gate(request, user) -> str | None:
        from anjian.accounts.selectors import second_factor_enabled, second_factor_required

        if user.must_change_password:
            return PASSWORD_GATE
        if request.session.get(FACTORS_KEY) == PASSWORD_ONLY:
            if second_factor_enabled(user):
                return "ended"
            if second_factor_required(user):
                return SECOND_FACTOR_GATE
        return None


class RequestSizeMiddleware:
    """Refuse a body larger than the caller may send before any byte of it is read or spooled to disk:
    signed-in users (session or a live API token) up to ANJIAN_MAX_REQUEST_BYTES (the import limit and a
    margin), anyone else up to ANJIAN_ANONYMOUS_MAX_REQUEST_BYTES. 413, JSON under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.ANJIAN_ANONYMOUS_MAX_REQUEST_BYTES:
            limit = settings.ANJIAN_MAX_REQUEST_BYTES if self._signed_in(request) else \
                settings.ANJIAN_ANONYMOUS_MAX_REQUEST_BYTES
            if length > limit:
                return self._too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def _signed_in(request) -> bool:
        if request.user.is_authenticated:
            return True
        if request.path_info.startswith("/api/") and request.headers.get("Authorization", "").startswith("Bearer "):
            from anjian.accounts.tokens import TokenAuth

            return TokenAuth()(request) is not None
        return False

    @staticmethod
    def _too_large(request, limit: int):
        message = f"提交的内容超过上限 {limit // (1024 * 1024)} MB"
        if request.path_info.startswith("/api/"):
            return JsonResponse({"code": "too_large", "message": message}, status=413,
                                json_dumps_params={"ensure_ascii": False})
        from django.shortcuts import render

        return render(request, "home/error.html", {"title": "内容过大", "text": message}, status=413)
