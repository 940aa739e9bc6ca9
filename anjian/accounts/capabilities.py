"""Declaring the capability a view needs. Undeclared views are refused by a test (deny by default)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied

from anjian.accounts.access import has_capability
from anjian.domain.permissions import Capability

PUBLIC = "public"


def requires(capability: Capability) -> Callable:
    """Page view decorator: the user must hold `capability` in some agency (scope is checked by fetchers)."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorate


def public(view: Callable) -> Callable:
    """Pages anyone may open (login)."""
    view = login_not_required(view)
    view.capability = PUBLIC
    return view
