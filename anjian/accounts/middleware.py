"""Idle session timeout: a session unused for ANJIAN_IDLE_TIMEOUT seconds is logged out."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware


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
