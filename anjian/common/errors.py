"""The one family of service errors, shared by every app; pages and the API each map it in one place.

- ServiceInvalid: input breaks a rule. ``errors`` are the Chinese reasons; ``fields`` pairs each with the field
  it concerns ("" when none). Pages: form errors or messages. API: 422 with ``detail``.
- ServiceConflict: someone else changed the record first, or the step is not open in its state now (409).
- ServiceDenied: the actor may see the record but not do this to it (403).
- NotFound: the record does not exist or lies outside the actor's scope — the two read alike (404).

Pages: ``common.service_views`` (``post_step`` / ``service_call``) and ``ServiceErrorsMiddleware``.
API: the exception handlers in ``config/api.py``.
"""


class ServiceError(Exception):
    """Base of the family (catch it to handle any refusal)."""


class ServiceInvalid(ServiceError):
    def __init__(self, errors: "list[str | tuple[str, str]] | str | tuple[str, str]"):
        items = [errors] if isinstance(errors, str | tuple) else list(errors)
        self.fields: list[tuple[str, str]] = [e if isinstance(e, tuple) else ("", e) for e in items]
        self.errors: list[str] = [reason for _, reason in self.fields]
        super().__init__("；".join(self.errors))


class ServiceConflict(ServiceError):
    pass


class ServiceDenied(ServiceError):
    pass


class NotFound(ServiceError):
    def __init__(self, message: str = "记录不存在或不在管辖范围内"):
        super().__init__(message)
