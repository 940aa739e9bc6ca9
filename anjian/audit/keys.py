"""The audit key (ADR 0019): settings.ANJIAN_AUDIT_KEY, from the environment in production, kept outside the
database. Derived once per process (and per key, so tests may override the setting)."""

from functools import lru_cache

from django.conf import settings

from anjian.domain.audit_chain import ChainKey


@lru_cache(maxsize=4)
def _chain_key(secret: str) -> ChainKey:
    return ChainKey(secret.encode())


def audit_key() -> ChainKey:
    return _chain_key(settings.ANJIAN_AUDIT_KEY)
