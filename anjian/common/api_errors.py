"""The API's error schema and the statuses operations declare. Service errors are mapped once, by the exception
handlers in config/api.py (422 invalid, 409 conflict, 403 denied, 404 not found)."""

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    detail: list | dict | None = None


ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

