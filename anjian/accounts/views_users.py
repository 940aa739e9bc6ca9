"""Account administration for the security admin (安全管理员): users, roles, locks, password resets,
deactivation.

A security admin sees the accounts that hold a role in an agency within their scope (their agency's
region and below) and changes only those roles. Accounts outside scope answer 404; granting a role in
an agency outside scope answers 403. Nobody changes their own roles or account state here.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from anjian.accounts.access import can
from anjian.accounts.capabilities import requires
from anjian.accounts.forms import RoleAssignForm, UserCreateForm, UserFilterForm, UserLockForm
from anjian.accounts.models import RoleAssignment, User
from anjian.accounts.selectors import (
    agencies_managed_by,
    assignments_managed_by,
    second_factor_enabled,
    throttled_addresses_of,
    user_get_for,
    user_governed_by,
    user_list_for,
)
from anjian.accounts.services import role_assign, role_revoke, user_create, user_set_active
from anjian.accounts.services_security import user_lock, user_password_reset, user_unlock
from anjian.common.errors import NotFound
from anjian.common.paging import paginate, query_without_page
from anjian.common.service_views import REFUSED, attempt, form_errors_as_messages, post_step
from anjian.domain.input_bounds import digits
from anjian.domain.permissions import ROLE_LABELS, Capability, Role
from anjian.regions.models import Agency

MANAGE = Capability.USER_MANAGE
SELF_REFUSED = "不能修改本人的角色或账号状态，请由其他安全管理员办理"


def _is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > timezone.now()


def _refuse_foreign_agency(request) -> None:
    """403 when the posted agency exists but lies outside the actor's scope."""
    raw = request.POST.get("agency", "")
    if digits(raw):
        agency = Agency.objects.filter(pk=int(raw)).first()
        if agency is not None and not can(request.user, MANAGE, agency.region_id):
            raise PermissionDenied


def _agency_of(form, agencies) -> Agency:
    return {a.pk: a for a in agencies}[int(form.cleaned_data["agency"])]


# --- pages --------------------------------------------------------------------------------------------

@requires(MANAGE)
def user_list(request):
    agencies = list(agencies_managed_by(request.user))
    form = UserFilterForm(request.GET or None, agencies=agencies)
    agency, q = None, ""
    if form.is_bound and form.is_valid():
        q = form.cleaned_data["q"]
        if form.cleaned_data["agency"]:
            agency = _agency_of(form, agencies)
    page = paginate(request, user_list_for(request.user, agency, q))
    now = timezone.now()
    for u in page:
        u.is_locked = u.locked_until is not None and u.locked_until > now
    return render(request, "accounts/users_list.html", {
        "form": form, "page": page, "query": query_without_page(request)})


@requires(MANAGE)
@require_http_methods(["GET", "POST"])
def user_new(request):
    agencies = list(agencies_managed_by(request.user))
    if request.method == "POST":
        _refuse_foreign_agency(request)
    form = UserCreateForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = attempt(request, lambda: user_create(
                actor=request.user, username=data["username"], full_name=data["full_name"], password=data["password1"],
                agency=_agency_of(form, agencies), roles=data["roles"]), form=form)
        except IntegrityError:  # the same name created a moment ago
            form.add_error("username", f"用户名“{data['username']}”已被使用")
        else:
            if user is REFUSED:
                return render(request, "accounts/users_new.html", {"form": form})
            messages.success(request, f"已创建账号：{user.username}")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/users_new.html", {"form": form})


def _detail(request, user: User, assign_form: RoleAssignForm | None = None, temporary_password: str | None = None):
    agencies = list(agencies_managed_by(request.user))
    held = RoleAssignment.objects.filter(user=user).values_list("role", flat=True)
    total = RoleAssignment.objects.filter(user=user).count()
    return render(request, "accounts/users_detail.html", {
        "u": user,
        "assignments": user.visible_assignments,
        "hidden_count": total - len(user.visible_assignments),
        "is_self": user.pk == request.user.pk,
        "is_locked": _is_locked(user),
        "governs": user_governed_by(request.user, user),
        "assign_form": assign_form or RoleAssignForm(agencies=agencies, held_roles=held),
        "lock_form": UserLockForm(),
        "throttled_addresses": throttled_addresses_of(user, timezone.now()),
        "totp_enabled": second_factor_enabled(user),
        "temporary_password": temporary_password,
    })


@requires(MANAGE)
def user_detail(request, pk: int):
    return _detail(request, user_get_for(request.user, pk))


@requires(MANAGE)
@require_POST
def user_role_assign(request, pk: int):
    user = user_get_for(request.user, pk)
    if user.pk == request.user.pk:
        messages.error(request, SELF_REFUSED)
        return redirect("accounts:user_detail", pk=user.pk)
    _refuse_foreign_agency(request)
    agencies = list(agencies_managed_by(request.user))
    held = RoleAssignment.objects.filter(user=user).values_list("role", flat=True)
    form = RoleAssignForm(request.POST, agencies=agencies, held_roles=held)
    if not form.is_valid():
        return _detail(request, user, assign_form=form)
    agency, role = _agency_of(form, agencies), form.cleaned_data["role"]
    if RoleAssignment.objects.filter(user=user, agency=agency, role=role).exists():
        messages.info(request, f"该账号已在{agency.name}担任此角色")
        return redirect("accounts:user_detail", pk=user.pk)
    return post_step(request, user, None, lambda u, _: role_assign(actor=request.user, user=u, agency=agency, role=role),
                     f"已分配角色：{agency.name} {ROLE_LABELS[role]}", _detail_url(user))


@requires(MANAGE)
@require_POST
def user_role_revoke(request, pk: int, assignment_id: int):
    user = user_get_for(request.user, pk)
    assignment = assignments_managed_by(request.user).select_related("agency").filter(
        pk=assignment_id, user=user).first()
    if assignment is None:
        raise NotFound()
    if user.pk == request.user.pk:
        messages.error(request, SELF_REFUSED)
        return redirect("accounts:user_detail", pk=user.pk)
    _admin_step(request, user, lambda: role_revoke(actor=request.user, user=user, agency=assignment.agency,
                                                   role=Role(assignment.role)),
                lambda revoked: f"已撤销角色：{assignment}" if revoked else "")
    return redirect("accounts:user_detail", pk=user.pk)


def _detail_url(user: User) -> str:
    return reverse("accounts:user_detail", args=[user.pk])


def _admin_step(request, user: User, run, done):
    """Run one action on `user`; refusals (scope, self, bad input) become messages on the detail page, and
    ``done`` (text, or a function of the result; empty for none) the message of success. Returns the service's
    result (True for None), or None when refused."""
    try:
        result = attempt(request, run)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "无权办理此操作")
        return None
    if result is REFUSED:
        return None
    text = done(result) if callable(done) else done
    if text:
        messages.success(request, text)
    return result if result is not None else True


@requires(MANAGE)
@require_POST
def user_unlock_view(request, pk: int):
    user = user_get_for(request.user, pk)
    _admin_step(request, user, lambda: user_unlock(actor=request.user, user=user),
                "已解除锁定（含各登录地址的临时锁定）")
    return redirect("accounts:user_detail", pk=user.pk)


@requires(MANAGE)
@require_POST
def user_lock_view(request, pk: int):
    user = user_get_for(request.user, pk)
    form = UserLockForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form, labelled=True)
    else:
        data = form.cleaned_data
        _admin_step(request, user, lambda: user_lock(actor=request.user, user=user, until=data["until"],
                                                     reason=data["reason"]),
                    "已锁定账号：锁定期间不能登录，已登录的会话和 API 令牌随即失效")
    return redirect("accounts:user_detail", pk=user.pk)


@requires(MANAGE)
@require_POST
def user_password_reset_view(request, pk: int):
    """A temporary password, shown once on this answer; the account must change it at the next sign-in."""
    user = user_get_for(request.user, pk)
    password = _admin_step(
        request, user,
        lambda: user_password_reset(actor=request.user, user=user,
                                    reset_second_factor=request.POST.get("reset_totp") == "1"),
        "已重置密码：请将临时密码当面或通过安全渠道告知本人，离开本页后将无法再次查看。"
        "该账号下次登录时必须修改密码，原有会话和 API 令牌已失效。")
    if password is None:
        return redirect("accounts:user_detail", pk=user.pk)
    return _detail(request, user, temporary_password=password)


@requires(MANAGE)
@require_POST
def user_active(request, pk: int):
    user = user_get_for(request.user, pk)
    active = request.POST.get("active") == "1"
    if user.pk == request.user.pk:
        messages.error(request, SELF_REFUSED)
    else:
        _admin_step(request, user, lambda: user_set_active(actor=request.user, user=user, active=active),
                    lambda changed: ("已启用账号" if active else "已停用账号：该账号不能再登录，已登录的会话随即失效")
                    if changed else "")
    return redirect("accounts:user_detail", pk=user.pk)
