"""Capability declaration for API operations (deny by default, like pages)."""

from collections.abc import Callable
from functools import wraps

from ninja.errors import HttpError

from anjian.accounts.access import has_capability
from anjian.domain.permissions import Capability


def api_requires(capability: Capability) -> Callable:
    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def wrapped(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise HttpError(403, "无此操作权限")
            return func(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorate
