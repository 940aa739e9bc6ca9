"""JSON log lines (one object per line) carrying the id of the request they were written in."""

import contextvars
import json
import logging
from datetime import UTC, datetime

# The id of the request being handled in this thread or task ("-" outside a request: the worker, commands).
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("anjian_request_id", default="-")

_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
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
