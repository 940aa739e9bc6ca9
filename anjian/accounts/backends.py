"""The authentication backend, and the client address every sign-in decision is keyed by."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

from anjian.domain.login_throttle import client_address


def client_address_of(request) -> str:
    """REMOTE_ADDR, or the X-Forwarded-For entry a proxy listed in ANJIAN_TRUSTED_PROXIES vouches for."""
    if request is None:
        return "unknown"
    return client_address(request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_X_FORWARDED_FOR", ""),
                          settings.ANJIAN_TRUSTED_PROXIES)


class LockoutModelBackend(ModelBackend):
    """Sessions are restored by ModelBackend.get_user (active accounts only) and checked by Django against
    User.get_session_auth_hash(), which includes the security stamp.

    authenticate() serves django.contrib.auth.authenticate(): the throttled password step only, and only for
    accounts that sign in without a second factor. The login pages call services_login themselves.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        from anjian.accounts.selectors import second_factor_enabled, second_factor_required
        from anjian.accounts.services_login import login_password

        if username is None or password is None:
            return None
        outcome = login_password(username=username, password=password, address=client_address_of(request))
        user = outcome.user
        if user is None or second_factor_enabled(user) or second_factor_required(user):
            return None
        return user
