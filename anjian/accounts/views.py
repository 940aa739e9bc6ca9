from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from anjian.accounts.capabilities import public, requires
from anjian.accounts.services import user_issue_api_token
from anjian.domain.permissions import Capability


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败多次后账号将被临时锁定。",
        "inactive": "该账号已停用。",
    }

    def get_invalid_login_error(self):
        locked = getattr(self.request, "anjian_locked_until", None)
        if locked is not None:
            until = timezone.localtime(locked).strftime("%H:%M")
            return ValidationError(f"登录失败次数过多，账号已锁定至 {until}，请稍后再试或联系安全管理员。",
                                   code="locked")
        return super().get_invalid_login_error()


login = public(auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm,
                                            redirect_authenticated_user=True))
logout = public(auth_views.LogoutView.as_view())


@requires(Capability.PROFILE)
@require_http_methods(["GET", "POST"])
def profile(request):
    token = None
    if request.method == "POST":
        token = user_issue_api_token(actor=request.user)
        messages.success(request, "已生成新的 API 令牌，请立即复制保存；离开本页后将无法再次查看。")
    return render(request, "accounts/profile.html", {"token": token})


@public
def root(request):
    return redirect("home:index")
