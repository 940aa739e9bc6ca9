"""Pages call services through `service_call`: invalid input and conflicts become error messages, denial a 403."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid


class Failed(Exception):
    """Raised after the messages are queued, so the view can re-render or redirect."""


@contextmanager
def service_call(request):
    try:
        yield
    except ServiceDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except (ServiceInvalid, ServiceConflict) as exc:
        for reason in getattr(exc, "errors", [str(exc)]):
            messages.error(request, reason)
        raise Failed from exc
