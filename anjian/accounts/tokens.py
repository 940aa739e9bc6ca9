"""Personal API tokens: named, several per user, with an expiry; shown once, stored as a SHA-256 digest."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone
from ninja.security import HttpBearer

from anjian.accounts.models import ApiToken
from anjian.accounts.selectors import second_factor_enabled, second_factor_required

TOKEN_MAX_LENGTH = 100
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used_at is written at most once a minute


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return "aj_" + secrets.token_urlsafe(32)


class TokenAuth(HttpBearer):
    """A live token (not revoked, not expired) of an active, unlocked account that owes no password change
    and, for the administrator roles, has two-factor sign-in set up."""

    def authenticate(self, request, token):
        if not token or len(token) > TOKEN_MAX_LENGTH:
            return None
        now = timezone.now()
        row = (ApiToken.objects.select_related("user")
               .filter(digest=token_digest(token), revoked_at__isnull=True, expires_at__gt=now).first())
        if row is None:
            return None
        user = row.user
        if (not user.is_active or (user.locked_until is not None and user.locked_until > now)
                or user.must_change_password):
            return None
        if second_factor_required(user) and not second_factor_enabled(user):
            return None
        if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = user
        return user
