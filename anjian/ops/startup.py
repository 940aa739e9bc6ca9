"""A refusal to start in one line (issue 13 review): settings that refuse the configuration (a missing or
placeholder key, no ALLOWED_HOSTS …) raise ImproperlyConfigured; every entry point — manage.py, `anjian`,
config/wsgi.py and gunicorn's master (on_starting, before any worker is forked) — turns it into one line on
stderr and exit status 78 (EX_CONFIG), which the systemd units do not restart (RestartPreventExitStatus=78)."""

import os
import sys
from typing import NoReturn

EX_CONFIG = 78


def refuse(exc: BaseException | str) -> NoReturn:
    sys.stderr.write(f"anjian: refusing to start, configuration error: {exc}\n")
    sys.stderr.flush()
    raise SystemExit(EX_CONFIG)


def settings_or_exit() -> None:
    """Load the settings once; a refused configuration ends the process in one line."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        settings.INSTALLED_APPS  # noqa: B018 (imports the settings module)
    except ImproperlyConfigured as exc:
        refuse(exc)
