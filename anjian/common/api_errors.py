"""Service refusals → API errors ({"code", "message"} with 422, 409 or 403), shared by every router."""

from contextlib import contextmanager

from ninja import Schema
from ninja.errors import HttpError

from anjian.common.errors import ServiceConflict, ServiceDenied, ServiceInvalid


class ErrorOut(Schema):
    code: str
    message: str
    detail: list | dict | None = None


ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@contextmanager
def api_errors():
    """Service exceptions → 422 invalid, 409 conflict, 403 denied (rendered as {"code", "message"})."""
    try:
        yield
    except ServiceInvalid as exc:
        raise HttpError(422, str(exc)) from exc
    except ServiceConflict as exc:
        raise HttpError(409, str(exc)) from exc
    except ServiceDenied as exc:
        raise HttpError(403, str(exc)) from exc
