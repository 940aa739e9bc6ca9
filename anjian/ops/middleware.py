"""Request ids: a well-formed X-Request-ID from the proxy is kept, anything else is replaced by a new one; the id
is returned in the answer's X-Request-ID header and written in every log line of the request."""

import re
import uuid

from django.core.signals import request_finished

from anjian.ops.logs import request_id_var

HEADER = "X-Request-ID"
# Letters, digits and . _ : - only, 8 to 128 of them (UUIDs, nginx's $request_id, a trace id).
WELL_FORMED = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def request_id_of(value: str | None) -> str:
    if value and WELL_FORMED.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_of(request.META.get("HTTP_X_REQUEST_ID"))
        # Kept until the answer is closed: Django logs a 4xx/5xx answer after the middleware chain returns.
        request_id_var.set(request.request_id)
        response = self.get_response(request)
        response[HEADER] = request.request_id
        return response


def _request_finished(**kwargs) -> None:
    request_id_var.set("-")


request_finished.connect(_request_finished, dispatch_uid="anjian.ops.request_id")
