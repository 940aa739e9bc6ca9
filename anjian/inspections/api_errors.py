"""Error mapping shared by the inspection, rectification and supervision API routers."""

from contextlib import contextmanager

from ninja import Schema
from ninja.errors import HttpError

from anjian.inspections.errors import InspectionConflict, InspectionDenied, InspectionInvalid


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
    except InspectionInvalid as exc:
        raise HttpError(422, str(exc)) from exc
    except InspectionConflict as exc:
        raise HttpError(409, str(exc)) from exc
    except InspectionDenied as exc:
        raise HttpError(403, str(exc)) from exc
