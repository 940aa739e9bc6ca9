"""个人设置: one's own password, two-factor sign-in and API tokens."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from anjian.accounts.backends import client_address_of
from anjian.accounts.capabilities import requires
from anjian.accounts.middleware import FACTORS_KEY, PASSWORD_GATE, SECOND_FACTOR_GATE, WITH_TOTP, gate_open
from anjian.accounts.models import RecoveryCode
from anjian.accounts.selectors import api_tokens_of, second_factor_enabled, second_factor_required
from anjian.accounts.services_security import (
    TOKEN_MAX_DAYS,
    api_token_create,
    api_token_revoke,
    password_change,
    recovery_codes_renew,
    totp_disable,
    totp_enrol,
    totp_enrolment_start,
    totp_enrolment_view,
)
from anjian.common.service_views import REFUSED, attempt, form_step, post_step
from anjian.domain.permissions import Capability

ENROL_KEY = "anjian_totp_sealed"
TOKEN_DAYS = [(7, "7 天"), (30, "30 天"), (90, "90 天"), (180, "180 天"), (365, "365 天")]


class PasswordChangeForm(forms.Form):
    current = forms.CharField(label="当前密码", max_length=1024, strip=False,
                              widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new1 = forms.CharField(label="新密码", max_length=1024, strip=False,
                           widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                           help_text="至少 10 个字符；不能包含用户名、姓名或系统名称，不能是常见密码")
    new2 = forms.CharField(label="再次输入新密码", max_length=1024, strip=False,
                           widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new1") and cleaned.get("new2") and cleaned["new1"] != cleaned["new2"]:
            self.add_error("new2", "两次输入的新密码不一致")
        return cleaned


class CodeForm(forms.Form):
    code = forms.CharField(label="验证码", max_length=32, widget=forms.TextInput(
        attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": "请输入验证器上的当前验证码", "max_length": "请输入验证器上的当前验证码"})


class TokenForm(forms.Form):
    name = forms.CharField(label="名称", max_length=64, help_text="用途，例如“统计报表同步”")
    days = forms.TypedChoiceField(label="有效期", choices=TOKEN_DAYS, coerce=int, initial=90)


def _profile_page(request, token=None, token_form=None):
    user = request.user
    return render(request, "accounts/profile.html", {
        "tokens": api_tokens_of(user),
        "token": token,
        "token_form": token_form or TokenForm(),
        "token_max_days": TOKEN_MAX_DAYS,
        "now": timezone.now(),
        "totp_enabled": second_factor_enabled(user),
        "totp_required": second_factor_required(user),
        "recovery_left": RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
        "code_form": CodeForm(),
    })


@requires(Capability.PROFILE)
@require_GET
def profile(request):
    return _profile_page(request)


@gate_open(PASSWORD_GATE)
@requires(Capability.PROFILE)
@sensitive_post_parameters("current", "new1", "new2")
@require_http_methods(["GET", "POST"])
def password_change_view(request):
    form = PasswordChangeForm(request.POST or None)

    def change(data):
        user = password_change(actor=request.user, current_password=data["current"], new_password=data["new1"],
                               address=client_address_of(request))
        update_session_auth_hash(request, user)  # this session stays; every other one ends

    done = "密码已修改。其他设备上的登录和全部 API 令牌已失效。"
    return form_step(request, form, change, done, "accounts:profile") or render(
        request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password})


def _qr_svg(uri: str) -> str:
    return mark_safe(segno.make(uri, error="m").svg_inline(scale=4, border=2))  # noqa: S308 — our own SVG


@gate_open(SECOND_FACTOR_GATE)
@requires(Capability.PROFILE)
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def totp_enrol_view(request):
    """Bind an authenticator app: scan the QR code (or type the secret), confirm with one code."""
    if second_factor_enabled(request.user):
        messages.info(request, "已启用两步验证。")
        return redirect("accounts:profile")
    sealed = request.session.get(ENROL_KEY)
    shown = totp_enrolment_view(actor=request.user, sealed=sealed) if sealed else None
    if shown is None:
        sealed = totp_enrolment_start(actor=request.user)
        request.session[ENROL_KEY] = sealed
        shown = totp_enrolment_view(actor=request.user, sealed=sealed)
    secret, uri = shown
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = attempt(request, lambda: totp_enrol(actor=request.user, sealed=sealed, code=form.cleaned_data["code"]))
        if codes is not REFUSED:
            request.session.pop(ENROL_KEY, None)
            request.session[FACTORS_KEY] = WITH_TOTP
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": True})
    return render(request, "accounts/totp_enrol.html", {
        "form": form, "secret": secret, "uri": uri, "qr": _qr_svg(uri),
        "required": second_factor_required(request.user)})


@requires(Capability.PROFILE)
@sensitive_post_parameters("code")
@require_POST
def totp_disable_view(request):
    return post_step(request, None, CodeForm, lambda _, data: totp_disable(actor=request.user, code=data["code"]),
                     "已关闭两步验证，恢复码已作废。", "accounts:profile")


@requires(Capability.PROFILE)
@sensitive_post_parameters("code")
@require_POST
def recovery_codes_view(request):
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请输入验证器上的当前验证码")
        return redirect("accounts:profile")
    codes = attempt(request, lambda: recovery_codes_renew(actor=request.user, code=form.cleaned_data["code"]))
    if codes is REFUSED:
        return redirect("accounts:profile")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "first": False})


@requires(Capability.PROFILE)
@require_POST
def token_create_view(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form)
    created = attempt(request, lambda: api_token_create(actor=request.user, name=form.cleaned_data["name"],
                                                        days=form.cleaned_data["days"]))
    if created is REFUSED:
        return _profile_page(request, token_form=form)
    row, token = created
    messages.success(request, f"已生成令牌“{row.name}”，请立即复制保存；离开本页后将无法再次查看。")
    return _profile_page(request, token=token)


@requires(Capability.PROFILE)
@require_POST
def token_revoke_view(request, pk: int):
    return post_step(request, pk, None, lambda token_id, _: api_token_revoke(actor=request.user, token_id=token_id),
                     lambda row: f"已撤销令牌“{row.name}”", "accounts:profile")
