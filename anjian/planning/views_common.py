"""Service errors become messages (invalid input, conflicts) or 403 (denied)."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from anjian.planning.errors import PlanConflict, PlanDenied, PlanInvalid


class Failed(Exception):
    pass


@contextmanager
def service_call(request):
    try:
        yield
    except PlanDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except (PlanInvalid, PlanConflict) as exc:
        for reason in getattr(exc, "errors", [str(exc)]):
            messages.error(request, reason)
        raise Failed from exc
