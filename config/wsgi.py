import os

from django.core.wsgi import get_wsgi_application

from anjian.ops.startup import settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
settings_or_exit()  # a refused configuration: one line, exit 78
application = get_wsgi_application()
