"""Anjian settings: one file, driven by environment variables."""

import os
from datetime import time as _time_of_day
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ANJIAN_VAR_DIR", BASE_DIR / "var"))


def _env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    """A whole number from the environment; anything else refuses the start in one line (exit 78)."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {text[:40]!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def _development_key(path: Path, size: int) -> str:
    """A key made once under var/ for a development or test run: mode 0600 from the start, and made whole before
    it gets its name (parallel test workers may race to make it); an older checkout's 0644 file is narrowed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        import secrets
        import tempfile

        fd, made = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # 0600
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(size))
            os.link(made, path)  # fails if another process made it first: theirs is kept
        except FileExistsError:
            pass
        finally:
            os.unlink(made)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    return path.read_text().strip()


# --- production settings (issue 13, ADR 0032): production is the default; ANJIAN_ENV=development (set by the
# Makefile) or a pytest run enables the development conveniences (keys made under var/, static files from the
# app folders). Anything else must be given its keys in the environment and refuses to start without them.
ANJIAN_ENV = os.environ.get("ANJIAN_ENV") or ("development" if os.environ.get("PYTEST_VERSION") else "production")
if ANJIAN_ENV not in {"production", "development"}:
    raise ImproperlyConfigured(f"ANJIAN_ENV must be 'production' or 'development', not {ANJIAN_ENV!r}")
DEVELOPMENT = ANJIAN_ENV == "development"
DEBUG = _env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("SECRET_KEY must be set (see docs/operations.md); "
                           "for a development machine set ANJIAN_ENV=development")
    # Development/test only: a per-checkout key kept under var/, never committed.
    SECRET_KEY = _development_key(VAR_DIR / "secret_key", 50)

# Audit chain key (ADR 0019): kept outside the database; back it up apart from the database backups.
ANJIAN_AUDIT_KEY = os.environ.get("ANJIAN_AUDIT_KEY", "")
if not ANJIAN_AUDIT_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("ANJIAN_AUDIT_KEY must be set (see docs/operations.md); "
                           "for a development machine set ANJIAN_ENV=development")
    ANJIAN_AUDIT_KEY = _development_key(VAR_DIR / "audit_key", 48)  # development/test only, under var/
if len(ANJIAN_AUDIT_KEY) < 32:
    raise ImproperlyConfigured("ANJIAN_AUDIT_KEY must be at least 32 characters")

# The example file's placeholders (deploy/anjian.env.example: "replace-with-…") are not keys: refused in production.
for _name, _value in (("SECRET_KEY", SECRET_KEY), ("ANJIAN_AUDIT_KEY", ANJIAN_AUDIT_KEY)):
    if not DEVELOPMENT and _value.strip().lower().startswith("replace-with"):
        raise ImproperlyConfigured(f"{_name} is still the placeholder of deploy/anjian.env.example: "
                                   "generate a real one (see docs/operations.md)")

# Production refuses what `check --deploy` only warns about (issue 13 walk): a weak signing key and DEBUG on.
if not DEVELOPMENT:
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters (at least 5 different ones); "
                                   "generate one as docs/operations.md shows")
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production: it shows tracebacks and settings to anyone; "
                                   "unset DEBUG (a developer's machine sets ANJIAN_ENV=development)")

# Host names this site answers to (comma-separated); required in production (ADR 0032).
ALLOWED_HOSTS = [h.strip() for h in os.environ.get(
    "ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEVELOPMENT else "").split(",") if h.strip()]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set (see docs/operations.md)")
if not DEVELOPMENT and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names, not '*': with '*' any Host header "
                               "is believed, and the sign-in redirect check trusts the request's host, so a forged "
                               "Host could send users to another site")
# Origins (scheme://host[:port]) trusted for form posts besides the site itself, comma-separated.
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves the API docs assets locally (no CDN)
    "anjian.common",
    "anjian.audit",
    "anjian.regions",
    "anjian.accounts",
    "anjian.enterprises",
    "anjian.officers",
    "anjian.calendars",
    "anjian.documents",
    "anjian.notices",
    "anjian.inspections",
    "anjian.supervision",
    "anjian.cases",
    "anjian.planning",
    "anjian.draws",
    "anjian.credit",
    "anjian.campaigns",
    "anjian.guidance",
    "anjian.reports",
    "anjian.home",
    "anjian.search",
    "django_tasks",  # --- background jobs (issue 13, ADR 0033)
    "django_tasks_db",
    "anjian.jobs",
    "anjian.field",  # --- issue 14: the officer's phone on site, signatures, map
    "anjian.signatures",
    "anjian.maps",
    "anjian.ops",  # --- operations (issue 13): health, logging, backup/restore
]

MIDDLEWARE = [
    "anjian.ops.middleware.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "anjian.common.middleware.SecurityHeadersMiddleware",
    "anjian.common.middleware.ApiErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "anjian.accounts.middleware.RequestSizeMiddleware",
    "anjian.common.middleware.RequestGuardMiddleware",
    "anjian.accounts.middleware.LoginRequiredExceptApiMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "anjian.accounts.middleware.IdleTimeoutMiddleware",
    "anjian.accounts.middleware.AccountGateMiddleware",
    "anjian.common.middleware.ServiceErrorsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "anjian" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anjian.accounts.context.acting",
                "anjian.home.context.todo_badge",
            ],
        },
    }
]

# Database: embedded SQLite under var/ by default; DATABASE_URL=postgres://… for PostgreSQL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'anjian.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "anjian.common.db.sqlite3"  # flush lifts the guard triggers (ADR 0019)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # tests: in memory, one per pytest-xdist worker
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a persistent connection is checked before reuse
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiling costs 0.2-0.3 s on the large to-do and list queries and saves nothing on OLTP reads (ADR 0036)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = ["anjian.accounts.backends.LockoutModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "full_name")}},
    {"NAME": "anjian.accounts.password_validators.AnjianPasswordValidator"},
]
# Login throttling (ASVS V6.3 / 等保 8.1.4.1), kept in the database: a (name, address) pair is locked after
# MAX_FAILURES failures within WINDOW minutes, an address after ADDRESS_MAX_FAILURES across names.
ANJIAN_LOGIN_MAX_FAILURES = _env_int("ANJIAN_LOGIN_MAX_FAILURES", 5, minimum=1)
ANJIAN_LOGIN_ADDRESS_MAX_FAILURES = _env_int("ANJIAN_LOGIN_ADDRESS_MAX_FAILURES", 30, minimum=1)
ANJIAN_LOGIN_WINDOW_MINUTES = _env_int("ANJIAN_LOGIN_WINDOW_MINUTES", 15, minimum=1)
ANJIAN_LOGIN_LOCK_MINUTES = _env_int("ANJIAN_LOGIN_LOCK_MINUTES", 15, minimum=1)
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated); none by default.
ANJIAN_TRUSTED_PROXIES = tuple(p for p in os.environ.get("ANJIAN_TRUSTED_PROXIES", "").split(",") if p.strip())
# Idle session timeout, seconds.
ANJIAN_IDLE_TIMEOUT = _env_int("ANJIAN_IDLE_TIMEOUT", 30 * 60, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", not DEVELOPMENT)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# HTTPS: HSTS is sent on secure requests only; cookies are marked Secure on secure requests
# (anjian.common.middleware) and always when SECURE_COOKIES is set. Behind a TLS-terminating proxy set
# SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto (the proxy must overwrite that header).
SECURE_HSTS_SECONDS = _env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
# Plain HTTP is redirected to HTTPS in production (the proxy must then send X-Forwarded-Proto), except the health
# endpoints a load balancer probes over plain HTTP.
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", not DEVELOPMENT)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].upper().replace("-", "_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Static files: production serves what `collectstatic` put in STATIC_ROOT (hashed names, gzip and brotli copies);
# development and tests serve the app folders directly (ANJIAN_STATIC_MANIFEST=0). `make run` collects them.
ANJIAN_STATIC_MANIFEST = _env_bool("ANJIAN_STATIC_MANIFEST", not DEVELOPMENT)
WHITENOISE_USE_FINDERS = not ANJIAN_STATIC_MANIFEST
WHITENOISE_KEEP_ONLY_HASHED_FILES = True  # nothing refers to a static file but by {% static %}
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz",
                                       "br", "swf", "flv", "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v",
                                       "mov", "mp4", "mpeg", "mpg", "webm", "wmv", "map")  # whitenoise's + maps
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "anjian" / "static"]
MEDIA_ROOT = VAR_DIR / "media"

# --- file storage (issue 13, ADR 0034): every stored file goes through STORAGES["default"] (no code uses MEDIA_ROOT)
# ANJIAN_STORAGE: "filesystem" (default, $ANJIAN_VAR_DIR/media), "memory" (Django's InMemoryStorage: tests) or "s3"
# (django-storages, any S3-compatible store — `pip install django-storages[s3]`; settings below from the environment).

ANJIAN_STORAGE = os.environ.get("ANJIAN_STORAGE", "filesystem").strip().lower()
if ANJIAN_STORAGE == "memory":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
elif ANJIAN_STORAGE == "s3":
    _DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        key: value for key, value in {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,  # MinIO, Ceph …; blank for AWS
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_S3_ACCESS_KEY_ID") or os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_S3_SECRET_ACCESS_KEY") or os.environ.get("AWS_SECRET_ACCESS_KEY")
            or None,
            "location": os.environ.get("AWS_LOCATION", ""),  # a prefix inside the bucket
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,  # "path" for most MinIO setups
            "default_acl": None, "querystring_auth": True, "file_overwrite": False,
        }.items() if value is not None}}
    if not _DEFAULT_STORAGE["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("ANJIAN_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
elif ANJIAN_STORAGE == "filesystem":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # at MEDIA_ROOT
else:
    raise ImproperlyConfigured(f"ANJIAN_STORAGE must be filesystem, memory or s3, not {ANJIAN_STORAGE!r}")
STORAGES = globals().get("STORAGES") or {"staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STORAGES["default"] = _DEFAULT_STORAGE
# Stored files readable by the service user and its group only (FileSystemStorage applies these on save).
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# --- end file storage

# Uploads: imports up to 100 MB; larger files are refused with a clear message.
ANJIAN_IMPORT_MAX_BYTES = _env_int("ANJIAN_IMPORT_MAX_BYTES", 100 * 1024 * 1024, minimum=1)
# Uploaded tables (ADR 21): the last row and column a used cell may have, and an XLSX's total unpacked size.
ANJIAN_IMPORT_MAX_ROWS = _env_int("ANJIAN_IMPORT_MAX_ROWS", 1100000, minimum=1)
ANJIAN_IMPORT_MAX_COLUMNS = _env_int("ANJIAN_IMPORT_MAX_COLUMNS", 64, minimum=1)
ANJIAN_IMPORT_MAX_UNPACKED_BYTES = _env_int("ANJIAN_IMPORT_MAX_UNPACKED_BYTES", 2 * 1024 ** 3, minimum=1)
# A body above these is refused (413) before it is read: signed-in callers up to the import limit and a margin,
# anonymous ones (the login form, public pages) 2 MB. A reverse proxy should refuse the same (client_max_body_size).
ANJIAN_MAX_REQUEST_BYTES = _env_int("ANJIAN_MAX_REQUEST_BYTES", ANJIAN_IMPORT_MAX_BYTES + (1 << 20), minimum=1)
ANJIAN_ANONYMOUS_MAX_REQUEST_BYTES = _env_int("ANJIAN_ANONYMOUS_MAX_REQUEST_BYTES", 2 << 20, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- logs and static storage (issue 13, ADR 0032): one JSON object per line on stderr, with the request id.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "anjian.ops.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "anjian.ops.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
STORAGES = globals().get("STORAGES") or {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                           if ANJIAN_STATIC_MANIFEST else "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Readiness (/readyz): a worker must have beaten within this many seconds; the var/storage volume must keep this
# much free space.
ANJIAN_READY_WORKER_MAX_AGE = _env_int("ANJIAN_READY_WORKER_MAX_AGE", 60, minimum=1)
ANJIAN_READY_MIN_FREE_MB = _env_int("ANJIAN_READY_MIN_FREE_MB", 1024)
# --- end logs and static storage

# --- background jobs (issue 13, ADR 0033): django-tasks with its database backend; `manage.py worker` runs them.
TASKS = {"default": {"BACKEND": os.environ.get("ANJIAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
ANJIAN_JOB_MAX_ATTEMPTS = _env_int("ANJIAN_JOB_MAX_ATTEMPTS", 3, minimum=1)  # runs before 工作进程中断次数过多
ANJIAN_JOB_STALE_SECONDS = _env_int("ANJIAN_JOB_STALE_SECONDS", 60, minimum=1)  # silent worker → its jobs requeued
ANJIAN_REMIND_AT = os.environ.get("ANJIAN_REMIND_AT", "").strip() or "06:00"  # daily `remind`, Asia/Shanghai
try:
    _time_of_day.fromisoformat(ANJIAN_REMIND_AT)
except ValueError:
    raise ImproperlyConfigured(f"ANJIAN_REMIND_AT must be a time of day such as 06:00, not {ANJIAN_REMIND_AT[:40]!r}"
                               ) from None
ANJIAN_IMPORT_JOB_ROWS = _env_int("ANJIAN_IMPORT_JOB_ROWS", 5000)  # larger imports run as jobs
ANJIAN_EXPORT_JOB_ROWS = _env_int("ANJIAN_EXPORT_JOB_ROWS", 20000)  # larger exports run as jobs

# --- the map (issue 14, ADR 0041): outlines ship with the app; a tile layer under them is optional and off by
# default. ANJIAN_MAP_TILE_URL: an XYZ template with {z}, {x}, {y} — best on this site's origin (nginx serving an
# offline tile cache at /tiles/…); a tile server elsewhere (https://…) is added to the pages' img-src.
ANJIAN_MAP_TILE_URL = os.environ.get("ANJIAN_MAP_TILE_URL", "").strip()
ANJIAN_MAP_TILE_ATTRIBUTION = os.environ.get("ANJIAN_MAP_TILE_ATTRIBUTION", "").strip()
if ANJIAN_MAP_TILE_URL:
    try:
        ANJIAN_MAP_TILE_URL.format(z=0, x=0, y=0)
    except (KeyError, IndexError, ValueError) as exc:
        raise ImproperlyConfigured("ANJIAN_MAP_TILE_URL takes only {z}, {x} and {y}") from exc
    if not all(f"{{{k}}}" in ANJIAN_MAP_TILE_URL for k in "zxy"):
        raise ImproperlyConfigured("ANJIAN_MAP_TILE_URL needs {z}, {x} and {y}")
    if ANJIAN_MAP_TILE_URL.startswith(("https://", "http://")):
        _tiles = "/".join(ANJIAN_MAP_TILE_URL.split("/", 3)[:3])
        ANJIAN_CSP_EXTRA = {"img-src": f"'self' data: blob: {_tiles}"}
# --- end the map
