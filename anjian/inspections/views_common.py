"""Helpers shared by the inspection pages: service errors become messages or 403."""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from anjian.inspections.errors import InspectionConflict, InspectionDenied, InspectionInvalid


class Failed(Exception):
    pass


@contextmanager
def service_call(request):
    """Run a service; invalid input and conflicts become error messages (raise Failed), denial a 403."""
    try:
        yield
    except InspectionDenied as exc:
        raise PermissionDenied(str(exc)) from exc
    except (InspectionInvalid, InspectionConflict) as exc:
        for reason in getattr(exc, "errors", [str(exc)]):
            messages.error(request, reason)
        raise Failed from exc


def uploads_of(request, field: str = "files", caption: str = "") -> list:
    return [(f, caption) for f in request.FILES.getlist(field)]
