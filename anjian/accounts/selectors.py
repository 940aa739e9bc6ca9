"""Scoped reads of regions, agencies and accounts (they live here because scope comes from accounts)."""

from django.db.models import Prefetch, Q, QuerySet

from anjian.accounts.access import can, scope_q
from anjian.accounts.models import ApiToken, LoginThrottle, RoleAssignment, TotpDevice, User
from anjian.common.errors import NotFound
from anjian.domain.identifiers import prefix_range, region_prefix
from anjian.domain.login_throttle import normalise_username
from anjian.domain.permissions import ADMIN_ROLES, Capability
from anjian.regions.models import Agency, Region


def region_list_for(user, capability: Capability = Capability.REGION_VIEW) -> QuerySet[Region]:
    return Region.objects.filter(scope_q(user, capability, column="code")).order_by("code")


def region_get_for(user, code: str, capability: Capability = Capability.REGION_VIEW) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None or not can(user, capability, region.code):
        raise NotFound()
    return region


def region_levels_writable(user, capability: Capability) -> dict[str, str]:
    """code → level of every region in which the user holds `capability`."""
    return dict(region_list_for(user, capability).values_list("code", "level"))


def agencies_writable(user, capability: Capability) -> dict[str, Agency]:
    """region code → agency, for agencies in regions where the user holds `capability`."""
    return {a.region_id: a for a in Agency.objects.filter(scope_q(user, capability, column="region_id"))}


# Accounts, as seen by a security admin (Capability.USER_MANAGE).

def agencies_managed_by(actor) -> QuerySet[Agency]:
    return Agency.objects.filter(scope_q(actor, Capability.USER_MANAGE, column="region_id")).select_related("region").order_by(
        "region_id")


def assignments_managed_by(actor) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(scope_q(actor, Capability.USER_MANAGE, column="agency__region_id"))


def user_list_for(actor, agency: Agency | None = None, q: str = "") -> QuerySet[User]:
    assignments = assignments_managed_by(actor)
    if agency is not None:
        prefix = region_prefix(agency.region_id)
        low, high = prefix_range(prefix)
        assignments = assignments.filter(agency__region_id__gte=low, agency__region_id__lt=high)
    qs = User.objects.filter(pk__in=assignments.values("user_id"))
    if q.strip():
        qs = qs.filter(Q(username__icontains=q.strip()) | Q(full_name__icontains=q.strip()))
    visible = assignments_managed_by(actor).select_related("agency").order_by("agency__region_id", "role")
    return qs.prefetch_related(Prefetch("role_assignments", queryset=visible, to_attr="visible_assignments")
                               ).order_by("username")


def user_get_for(actor, pk: int) -> User:
    """NotFound for a missing account and for one without any role in the actor's scope alike."""
    user = user_list_for(actor).filter(pk=pk).first()
    if user is None:
        raise NotFound()
    return user


def user_governed_by(actor, user: User) -> bool:
    """True when every agency the account holds a role in lies within the actor's scope."""
    regions = set(RoleAssignment.objects.filter(user=user).values_list("agency__region_id", flat=True))
    return bool(regions) and all(can(actor, Capability.USER_MANAGE, code) for code in regions)


# Sign-in security of one account.

def second_factor_required(user) -> bool:
    """System, security and audit administrators must sign in with two factors (等保 2.0 level 3)."""
    return RoleAssignment.objects.filter(user=user, role__in=[r.value for r in ADMIN_ROLES]).exists()


def second_factor_enabled(user) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def api_tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def throttled_addresses_of(user, now) -> int:
    """How many addresses are currently locked out of this account by the (name, address) throttle."""
    return LoginThrottle.objects.filter(scope=LoginThrottle.PAIR, username=normalise_username(user.username),
                                        locked_until__gt=now).count()
