"""JSON log lines (one object per line) carrying the id of the request they were written in."""

import contextlib
import contextvars
import json
import logging
from datetime import UTC, datetime

# The id of the request being handled in this thread or task ("-" outside a request: the worker, commands).
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("anjian_request_id", default="-")

_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Stamps each line with its request id, and keeps Django's lines to one per answer: a response replaced by a
    middleware after Django logged it (an API 500 made JSON) is not logged again, and a disallowed Host — a probe
    or a misconfigured balancer, not a fault of the app — is one WARNING line without a traceback, not an ERROR
    with one followed by a "Bad Request" line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        if record.name == "django.security.DisallowedHost":
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        request, status = getattr(record, "request", None), getattr(record, "status_code", None)
        if request is not None and status is not None and record.name.startswith("django."):
            if getattr(request, "_anjian_logged_status", None) == status:
                return False  # this answer has its line already
            with contextlib.suppress(AttributeError):  # not a request object after all
                request._anjian_logged_status = status
        return True


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message", "request_id", …extra fields, "exception"} on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id_var.get(),
        }
        request = getattr(record, "request", None)  # django.request's extra: the request itself
        if hasattr(request, "path"):
            line["method"], line["path"] = request.method, request.path
        for key, value in vars(record).items():
            if key not in _STANDARD and key != "request" and not key.startswith("_") and key not in line:
                line[key] = value if isinstance(value, str | int | float | bool | None) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)
