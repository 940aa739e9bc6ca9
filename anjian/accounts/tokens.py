"""Personal API tokens: shown once, stored as a SHA-256 digest."""

import hashlib
import secrets

from ninja.security import HttpBearer

from anjian.accounts.models import User


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        user = User.objects.filter(api_token_hash=token_digest(token), is_active=True).first()
        if user is not None:
            request.user = user
        return user


def new_token() -> str:
    return "aj_" + secrets.token_urlsafe(32)
