"""Helpers shared by the inspection pages."""

from anjian.common.service_views import Failed, service_call

__all__ = ["Failed", "service_call", "uploads_of"]


def uploads_of(request, field: str = "files", caption: str = "") -> list:
    return [(f, caption) for f in request.FILES.getlist(field)]
