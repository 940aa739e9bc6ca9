"""Gunicorn's logs as JSON lines: the access log (one line per answer, with the request id Django set) and
gunicorn's own messages, in the same shape as the application's (anjian.ops.logs)."""

import json
import logging
import traceback
from datetime import UTC, datetime

from gunicorn.glogging import Logger

from anjian.ops.logs import JsonFormatter


class JsonLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for handler in self.error_log.handlers:
            if getattr(handler, "_gunicorn", False):
                handler.setFormatter(JsonFormatter())

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
            headers = dict((name.lower(), value) for name, value in resp.headers)
            line = {
                "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "level": "INFO",
                "logger": "gunicorn.access",
                "message": f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')} {status}",
                "request_id": headers.get("x-request-id", "-"),
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "query": environ.get("QUERY_STRING") or "",
                "status": int(status),
                "bytes": getattr(resp, "sent", None),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "remote_addr": environ.get("REMOTE_ADDR"),
                "user_agent": environ.get("HTTP_USER_AGENT", ""),
            }
            self.access_log.log(logging.INFO, json.dumps(line, ensure_ascii=False))
        except Exception:  # noqa: BLE001 — a log line must never break an answer
            self.error(traceback.format_exc())
