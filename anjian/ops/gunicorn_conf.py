"""Gunicorn settings for Anjian (scripts/serve.py, deploy/anjian-web.service). Every value can be overridden on
the command line or with GUNICORN_CMD_ARGS; the ones below read the environment.

- ANJIAN_WEB_WORKERS (default: CPU count + 1) processes, each with ANJIAN_WEB_THREADS (default 4) threads
  (gthread: a slow PDF or import does not hold a whole process; ADR 0032 has the measurements).
- ANJIAN_WEB_TIMEOUT (default 120 s): a request running longer is ended and its process replaced.
"""

import os

from anjian.ops.startup import refuse


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    """A whole number from the environment; anything else: one line and exit 78, before gunicorn starts."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        refuse(f"{name} must be a whole number, not {text[:40]!r}")
    if value < minimum:
        refuse(f"{name} must be at least {minimum}, not {value}")
    return value


wsgi_app = "config.wsgi:application"
workers = _env_int("ANJIAN_WEB_WORKERS", (os.cpu_count() or 1) + 1)
worker_class = os.environ.get("ANJIAN_WEB_WORKER_CLASS", "gthread")
threads = _env_int("ANJIAN_WEB_THREADS", 4)
timeout = _env_int("ANJIAN_WEB_TIMEOUT", 120)
graceful_timeout = 20
keepalive = 5
# Processes are replaced after this many requests (with jitter), bounding slow memory growth.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
logger_class = "anjian.ops.gunicorn_log.JsonLogger"
# Behind nginx on the same machine the proxy's X-Forwarded-* headers are believed (FORWARDED_ALLOW_IPS widens it).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "anjian-web"
# gunicorn's run-time control socket (one per user, ~/.gunicorn) is not used: systemd or serve.py manage processes.
control_socket_disable = True


def on_starting(server):
    """Load the settings once in the master, before forking: a refused configuration (missing or placeholder key)
    is one line and exit status 78, not a traceback per worker."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from anjian.ops.startup import settings_or_exit

    settings_or_exit()
