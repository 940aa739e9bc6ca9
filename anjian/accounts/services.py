from django.db import transaction

from anjian.accounts.access import can
from anjian.accounts.models import RoleAssignment, User
from anjian.accounts.tokens import new_token, token_digest
from anjian.audit.services import audit_record
from anjian.domain.permissions import Capability, Role


class NotAllowed(Exception):
    pass


def user_create(*, actor, username: str, full_name: str, password: str, agency, roles: list[Role]) -> User:
    """Create an account with roles in one agency (security admin, or bootstrap with actor=None)."""
    if actor is not None and not can(actor, Capability.USER_MANAGE, agency.region_id):
        raise NotAllowed("无权在该机构创建账号")
    with transaction.atomic():
        user = User(username=username, full_name=full_name)
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
        raise NotAllowed("无权在该机构分配角色")
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(user=user, agency=agency, role=role)
        if created:
            audit_record(actor=actor, agency=agency, verb="role_assign", target=user,
                         new={"agency": agency.pk, "role": str(role)})
    return assignment


def user_unlock(*, actor, user: User, agency) -> None:
    if not can(actor, Capability.USER_MANAGE, agency.region_id):
        raise NotAllowed("无权解锁该账号")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        audit_record(actor=actor, agency=agency, verb="user_unlock", target=user)


def user_issue_api_token(*, actor: User) -> str:
    """A new personal API token for the acting user; the previous one stops working."""
    token = new_token()
    with transaction.atomic():
        User.objects.filter(pk=actor.pk).update(api_token_hash=token_digest(token))
        audit_record(actor=actor, agency=None, verb="api_token_issue", target=actor)
    return token
