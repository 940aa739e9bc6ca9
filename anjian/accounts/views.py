"""Signing in and out: the password page, the second-factor page, logout."""

import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from anjian.accounts.backends import client_address_of
from anjian.accounts.capabilities import public
from anjian.accounts.middleware import (
    FACTORS_KEY,
    PASSWORD_GATE,
    PASSWORD_ONLY,
    SECOND_FACTOR_GATE,
    WITH_TOTP,
    gate_open,
)
from anjian.accounts.models import LoginThrottle, User
from anjian.accounts.selectors import second_factor_enabled
from anjian.accounts.services_login import Throttle, login_password, login_record_success, login_second_factor

# One answer for an unknown name, a wrong password, a locked and a deactivated account.
INVALID_LOGIN = "用户名或密码错误，或账号暂不可用。如多次无法登录，请联系安全管理员。"
PENDING_KEY = "anjian_pending_login"
PENDING_SECONDS = 300
PENDING_TRIES = 5
BACKEND = "anjian.accounts.backends.LockoutModelBackend"


class LoginForm(forms.Form):
    username = forms.CharField(max_length=150)
    password = forms.CharField(max_length=1024, strip=False)


class CodeForm(forms.Form):
    code = forms.CharField(max_length=32)


def throttle_message(throttle: Throttle) -> str:
    until = timezone.localtime(throttle.until).strftime("%H:%M")
    if throttle.scope == LoginThrottle.ADDRESS:
        return f"本机登录失败次数过多，本机登录已锁定至 {until}，请稍后再试。"
    if throttle.scope == LoginThrottle.SECOND_FACTOR:
        return f"该账号验证码错误次数过多，两步验证已暂停至 {until}。如非本人操作，请立即修改密码。"
    return (f"该账号在本机连续登录失败次数过多，本机登录此账号已锁定至 {until}。"
            "请稍后再试，或换用其他设备登录、联系安全管理员解除。")


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _sign_in(request, user: User, factors: str, address: str) -> None:
    auth_login(request, user, backend=BACKEND)  # a new session key (no fixation)
    request.session[FACTORS_KEY] = factors
    login_record_success(user=user, address=address, factors=factors)


@public
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login(request):
    next_url = _next_url(request)
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            form.errors.clear()
            form.add_error(None, INVALID_LOGIN)
        else:
            address = client_address_of(request)
            outcome = login_password(username=form.cleaned_data["username"], password=form.cleaned_data["password"],
                                     address=address)
            if outcome.throttle is not None:
                form.add_error(None, throttle_message(outcome.throttle))
            elif outcome.user is None:
                form.add_error(None, INVALID_LOGIN)
            elif second_factor_enabled(outcome.user):
                request.session.cycle_key()
                request.session[PENDING_KEY] = {"uid": outcome.user.pk, "stamp": outcome.user.security_stamp,
                                                "at": int(time.time()), "tries": 0, "next": next_url}
                return redirect("accounts:login_verify")
            else:
                _sign_in(request, outcome.user, PASSWORD_ONLY, address)
                return redirect(next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _pending_user(request) -> tuple[dict, User] | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending.get("uid"), is_active=True).first()
    if user is None or user.security_stamp != pending.get("stamp"):
        return None
    return pending, user


@public
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def login_verify(request):
    """The second step for accounts with an authenticator: a 6-digit code, or a recovery code."""
    found = _pending_user(request)
    if found is None:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, "登录已超时，请重新输入用户名和密码。")
        return redirect("accounts:login")
    pending, user = found
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        address = client_address_of(request)
        factor = login_second_factor(user=user, code=form.data.get("code", "")[:32], address=address)
        if isinstance(factor, Throttle):
            request.session.pop(PENDING_KEY, None)
            messages.error(request, throttle_message(factor))
            return redirect("accounts:login")
        if factor is not None:
            request.session.pop(PENDING_KEY, None)
            _sign_in(request, user, WITH_TOTP, address)
            if factor == "recovery":
                messages.warning(request, "您使用了一个恢复码，它已作废。如手机验证器丢失，请在个人设置中重新生成恢复码。")
            return redirect(pending["next"])
        pending["tries"] += 1
        if pending["tries"] >= PENDING_TRIES:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, "验证码错误次数过多，请重新登录。")
            return redirect("accounts:login")
        request.session[PENDING_KEY] = pending
        form.add_error(None, "验证码不正确或已使用，请输入验证器上的当前 6 位数字或一个未用过的恢复码。")
    return render(request, "accounts/login_verify.html", {"form": form, "username": user.username})


logout = gate_open(PASSWORD_GATE, SECOND_FACTOR_GATE)(public(auth_views.LogoutView.as_view()))


@public
def root(request):
    return redirect("home:index")
