"""Settings of the welfare-job portal.

Everything that differs between a developer's machine and production is read from environment variables
through the strict helpers below: a malformed value stops the start with a message saying which variable
is wrong, rather than being guessed at.
"""

import ipaddress
import os
import re
import secrets
from pathlib import Path

import dj_database_url
import pghistory
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    if name not in os.environ:
        return default
    value = os.environ[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {os.environ[name]!r}.")


def env_int(name: str, default: int) -> int:
    if name not in os.environ:
        return default
    try:
        return int(os.environ[name])
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {os.environ[name]!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    if name not in os.environ:
        return default
    return [item.strip() for item in os.environ[name].split(",") if item.strip()]


DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be development or production, not {DJANGO_ENV!r}.")
PRODUCTION = DJANGO_ENV == "production"


def _development_secret_key() -> str:
    # A key per checkout, kept out of git, so sessions survive restarts without a key in the repository.
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env_str("DJANGO_SECRET_KEY") if PRODUCTION else _development_secret_key()
# Off unless asked for (DJANGO_DEBUG=1), in development too: Django's debug pages show settings, paths and
# every URL pattern to whoever causes an error. Errors show the portal's Thai pages (templates/400.html …).
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the portal's host names.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "csp",
    "welfare_portal",
    "cardholders",
    "matching",
    "development",
    "reporting",
    # The task queue (README, "Background work"). After cardholders, whose db_worker command (the library's
    # worker that also fails the import jobs whose worker died) takes the place of the library's own.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "welfare_portal.middleware.SlidingSessionMiddleware",  # 30 idle minutes, the session row written once a minute
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "welfare_portal.rounds.RoundMiddleware",  # request.round: the round chosen in the header, or the current one
    "django_otp.middleware.OTPMiddleware",
    "welfare_portal.middleware.NoStoreForSignedInMiddleware",  # personal data never stays in a cache
    "welfare_portal.middleware.RejectNulMiddleware",  # a NUL byte in a query or form is a 400
    "welfare_portal.middleware.ForcePasswordChangeMiddleware",
    "welfare_portal.middleware.RequireOTPForCentralMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Audit event tables (welfare_portal/audit.py) are written with every import, matching confirmation and
# form save: index only what history is looked up by (the tracked row, its context, and the person, which
# audit.track adds), not every foreign key copied from the tracked model.
PGHISTORY_FOREIGN_KEY_FIELD = pghistory.ForeignKey(db_index=False)
PGHISTORY_OBJ_FIELD = pghistory.ObjForeignKey(db_index=True)
PGHISTORY_CONTEXT_FIELD = pghistory.ContextForeignKey(db_index=True)

# Static files come through WhiteNoise: in production from STATIC_ROOT (compressed, cache-busting names), in
# development straight from the apps (finders, re-read on each request), so runserver serves them with DEBUG
# off too. The test live server serves them itself before the middleware.
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

ROOT_URLCONF = "welfare_portal.urls"
WSGI_APPLICATION = "welfare_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reporting.context_processors.menu",
                "welfare_portal.context_processors.portal",
                "welfare_portal.context_processors.capabilities",
                "welfare_portal.context_processors.rounds",
            ],
            "builtins": ["welfare_portal.templatetags.thai"],
        },
    },
]

# Database: DATABASE_URL names any PostgreSQL server; without it, the embedded server under .pgdata/.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
EMBEDDED_PGDATA = BASE_DIR / ".pgdata" / "data"
if DATABASE_URL:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))
    if _database["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database (postgres://...).")
else:
    _database = {
        "ENGINE": "welfare_portal.embedded_postgres",
        # The benchmarks use their own database on the same server (see Makefile, `make bench`).
        "NAME": env_str("EMBEDDED_DATABASE_NAME", "welfare"),
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "",
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
    }
_database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "welfare_portal.User"
# Django's validators with Thai messages, and one against what the 2018 letter made guessable (validators.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "welfare_portal.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "welfare_portal.validators.NumericPasswordValidator"},
    {"NAME": "welfare_portal.validators.CommonPasswordValidator"},
    {"NAME": "welfare_portal.validators.UserAttributeSimilarityValidator"},
    {"NAME": "welfare_portal.validators.GuessablePasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lockout first: a locked account is refused before the password
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout keyed on the pair (username, address): one province office behind one address cannot lock out
# every other province by mistyping, and one account is not locked by strangers elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = 1  # hour; an administrator can unlock sooner (admin, or `manage.py axes_reset_username`)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The client's address, for the lockout and for rate limits (django-ratelimit's "ip" key), is read by one
# function, welfare_portal.client_ip.client_ip: the connection's address (REMOTE_ADDR), unless the connection
# comes from a trusted proxy; then the address that proxy appended to X-Forwarded-For (and, for a chain of
# proxies, the one before it while that is a trusted proxy too, at most AXES_IPWARE_PROXY_COUNT hops).
# Whatever a client writes in the header itself is never read, through the proxy or around it.
#   AXES_IPWARE_PROXY_COUNT  proxies in front of the portal: 1 for the README's nginx (the production default),
#                            0 to ignore X-Forwarded-For altogether (the development default: runserver alone)
#   TRUSTED_PROXIES          their addresses or networks, comma-separated (default 127.0.0.1,::1: nginx on the
#                            same machine, gunicorn bound to 127.0.0.1:8000); e.g. 10.0.0.5,10.1.0.0/24
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 1 if PRODUCTION else 0)
AXES_IPWARE_PROXY_TRUSTED_IPS = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])
if AXES_IPWARE_PROXY_COUNT < 0:
    raise ImproperlyConfigured("AXES_IPWARE_PROXY_COUNT must be 0 or more.")
for _proxy in AXES_IPWARE_PROXY_TRUSTED_IPS:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network.") from None
AXES_CLIENT_IP_CALLABLE = "welfare_portal.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "welfare_portal.client_ip.client_ip"
OTP_TOTP_ISSUER = "MOF Welfare"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Sessions end after 30 minutes without a request (SlidingSessionMiddleware pushes the end forward, at most
# once a minute) and when the browser closes: offices share computers.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files; the web servers and the background workers must see the same folder (README, "Background work").
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Uploaded import files larger than this are refused before they are read.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 256 * 1024 * 1024)
# The table an uploaded workbook may hold, measured before it is read (cardholders/importers/uploads.py): data
# rows and columns of the sheet imported, and cells of the rectangle from A1 to its farthest value, which is
# what the reader allocates (a stray cell at Z1000000 is 26,000,000 cells). A national batch is millions of rows.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 2_000_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 20_000_000)
# Web imports run on the task queue so no request is held open and a restart of the web servers does not end
# them; with false they run inside the upload's request (tests).
IMPORTS_IN_BACKGROUND = env_bool("IMPORTS_IN_BACKGROUND", True)
# Background work (README, "Background work"): Django's tasks API (the django-tasks backport of Django 6's
# django.tasks) with the django-tasks-db backend, whose queue is a table in this same PostgreSQL; the worker
# is `manage.py db_worker`. TASKS_BACKEND may name another backend, e.g.
# django_tasks.backends.immediate.ImmediateBackend to run every task at once in the process that queues it.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A running import writes a heartbeat this often; a job whose heartbeat is older than IMPORT_WORKER_TIMEOUT
# lost its worker (killed, machine restarted) and is shown as failed.
IMPORT_HEARTBEAT_SECONDS = env_int("IMPORT_HEARTBEAT_SECONDS", 5)
IMPORT_WORKER_TIMEOUT = env_int("IMPORT_WORKER_TIMEOUT", 30)
if IMPORT_HEARTBEAT_SECONDS < 1 or IMPORT_WORKER_TIMEOUT <= IMPORT_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured("IMPORT_WORKER_TIMEOUT must be longer than IMPORT_HEARTBEAT_SECONDS (at least 1).")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# An import keeps the first IMPORT_MAX_ERRORS row errors and the count of all of them (issue 16, finding 7).
IMPORT_MAX_ERRORS = env_int("IMPORT_MAX_ERRORS", 1000)
# IDs of a name-check list that are not card holders of the area, per user and hour, for roles that see
# masked IDs (development/name_check.py): a list of guessed IDs cannot read full IDs a pattern at a time.
NAME_CHECK_PROBE_LIMIT = env_int("NAME_CHECK_PROBE_LIMIT", 5000)
# Uploaded files are deleted this many days after their job ended (rejected ones included); 0 deletes at once.
UPLOAD_RETENTION_DAYS = env_int("UPLOAD_RETENTION_DAYS", 7)

# Rate limits (django-ratelimit) count in a table of this PostgreSQL so every web process shares them;
# `manage.py createcachetable` (run by `make setup` and the test runner) creates it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "welfare_ratelimit"},
}
RATELIMIT_USE_CACHE = "ratelimit"
# ID lookups a user may make (1.2 ID search, 1.3 and 4.1 lookups, profile reveals), as django-ratelimit's
# "count/period": a person looks up tens an hour; a script looping IDs is stopped within a minute.
LOOKUP_RATE = env_str("LOOKUP_RATE", "30/m")
if not re.fullmatch(r"\d+/\d*[smhd]", LOOKUP_RATE):
    raise ImproperlyConfigured(f"LOOKUP_RATE must look like 30/m (count/period), not {LOOKUP_RATE!r}.")

# Content-Security-Policy everywhere (development included, so the tests see what production sends):
# no inline scripts or styles, nothing from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

if PRODUCTION:
    # Behind nginx, which terminates TLS and sets X-Forwarded-Proto (README, "Deploying").
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if not host.startswith(".")]
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}
