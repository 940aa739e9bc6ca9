"""Helpers shared by the inspection pages (and the supervision pages that upload evidence)."""


def uploads_of(request, field: str = "files", caption: str = "") -> list:
    return [(f, caption) for f in request.FILES.getlist(field)]
