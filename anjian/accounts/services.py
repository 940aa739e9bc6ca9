from django.db import transaction
from django.utils import timezone

from anjian.accounts.access import can
from anjian.accounts.models import RoleAssignment, User
from anjian.accounts.selectors import user_governed_by
from anjian.accounts.services_security import governing_agency, sessions_and_tokens_end
from anjian.audit.services import audit_record
from anjian.common.errors import ServiceDenied, ServiceInvalid
from anjian.domain.permissions import SEPARATION_ERROR, Capability, Role, violates_separation


def user_create(*, actor, username: str, full_name: str, password: str, agency, roles: list[Role]) -> User:
    """Create an account with roles in one agency (security admin, or bootstrap with actor=None).

    An account a security admin creates must change its password at the first sign-in; demo and test
    accounts made without an actor need not."""
    if actor is not None and not can(actor, Capability.USER_MANAGE, agency.region_id):
        raise ServiceDenied("无权在该机构创建账号")
    if violates_separation(roles):
        raise ServiceInvalid(("roles", SEPARATION_ERROR))
    with transaction.atomic():
        user = User(username=username, full_name=full_name, must_change_password=actor is not None)
        user.set_password(password)
        user.save()
        for role in roles:
            RoleAssignment.objects.create(user=user, agency=agency, role=role)
        audit_record(actor=actor, agency=agency, verb="user_create", target=user,
                     new={"username": username, "full_name": full_name, "agency": agency.pk,
                          "roles": [str(r) for r in roles]})
    return user


def role_assign(*, actor, user: User, agency, role: Role) -> RoleAssignment:
    if not can(actor, Capability.USER_MANAGE, agency.region_id):
        raise ServiceDenied("无权在该机构分配角色")
    if actor.pk == user.pk:
        raise ServiceDenied("不能修改本人的角色")
    if not user_governed_by(actor, user):
        raise ServiceDenied("该账号不在您的管理范围内")
    held = set(user.role_assignments.values_list("role", flat=True))
    if violates_separation(held | {role}):
        raise ServiceInvalid(("role", SEPARATION_ERROR))
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, agency=agency, role=role)
        if created:
            audit_record(actor=actor, agency=agency, verb="role_assign", target=user,
                         new={"agency": agency.pk, "role": str(role)})
    return assignment


def role_revoke(*, actor, user: User, agency, role: Role) -> bool:
    """Take one role in one agency away from a user. False when the user did not hold it.

    The actor must manage users in that agency, may not change their own roles, and may not take away a
    user's last role (the account would drop out of every security admin's view; deactivate it instead).
    """
    if actor is not None and actor.pk == user.pk:
        raise ServiceDenied("不能修改本人的角色")
    if not can(actor, Capability.USER_MANAGE, agency.region_id):
        raise ServiceDenied("无权撤销该机构的角色")
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)  # serialise changes to one account's roles
        assignments = RoleAssignment.objects.filter(user=user)
        if not assignments.filter(agency=agency, role=role).exists():
            return False
        if assignments.count() == 1:
            raise ServiceInvalid("这是该账号的最后一个角色，不能撤销；如需停止使用，请停用账号")
        assignments.filter(agency=agency, role=role).delete()
        audit_record(actor=actor, agency=agency, verb="role_revoke", target=user,
                     old={"agency": agency.pk, "role": str(role)})
    return True


def user_set_active(*, actor, user: User, active: bool) -> bool:
    """Deactivate or reactivate an account. False when it already was in that state.

    A deactivated account cannot log in, its sessions end at the next request and its API tokens are
    revoked. The actor must manage users in every agency where the account holds a role, and may not
    deactivate themselves.
    """
    agency = governing_agency(actor, user, "该账号在您管辖范围以外的机构也有角色，无权停用或启用")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active == active:
            return False
        User.objects.filter(pk=user.pk).update(is_active=active)
        revoked = 0 if active else sessions_and_tokens_end(user_id=user.pk, now=timezone.now())
        audit_record(actor=actor, agency=agency, verb="user_activate" if active else "user_deactivate",
                     target=locked, old={"is_active": not active}, new={"is_active": active},
                     extra={"tokens_revoked": revoked} if revoked else None)
    user.is_active = active
    return True


def user_issue_api_token(*, actor: User, name: str = "个人令牌", days: int = 90) -> str:
    """A new named API token for the acting user (kept for callers that need just the token)."""
    from anjian.accounts.services_security import api_token_create

    return api_token_create(actor=actor, name=name, days=days)[1]
