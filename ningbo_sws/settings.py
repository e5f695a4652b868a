"""Settings for 宁波社工站管理平台.

Everything is read from environment variables (see `.env.example`); the defaults are safe for a laptop:
SQLite, DEBUG off, local file storage, background jobs on the database backend (`manage.py db_worker`).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from ningbo_sws.lib.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not envbool("ALLOW_INSECURE_DEV_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set (or DEBUG=1 / ALLOW_INSECURE_DEV_KEY=1 for development)")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

# Key for encrypting personal data (ID numbers) and for the keyed hash that finds them. Derived from
# SECRET_KEY when not given, so a development install works; production sets its own.
FIELD_ENCRYPTION_KEY = envstr("FIELD_ENCRYPTION_KEY") or SECRET_KEY
# Key versions (issue 15 item 6): FIELD_ENCRYPTION_KEYS="2=<new secret>,1=<old secret>" holds every version still
# readable; new values are written under FIELD_ENCRYPTION_KEY_VERSION (default: the highest). Unset, version 1 is
# FIELD_ENCRYPTION_KEY. FIELD_CRYPTO_PROFILE=national writes SM4-GCM and hashes with HMAC-SM3 (国密, for 密评);
# "standard" (the default) keeps Fernet and HMAC-SHA256. `manage.py rotate_field_keys` moves every row over.
FIELD_CRYPTO_PROFILE = envstr("FIELD_CRYPTO_PROFILE", "standard").strip() or "standard"
if FIELD_CRYPTO_PROFILE not in {"standard", "national"}:
    raise ImproperlyConfigured(f"FIELD_CRYPTO_PROFILE must be standard or national, got {FIELD_CRYPTO_PROFILE!r}")
FIELD_ENCRYPTION_KEYS: dict[int, str] = {}
for _item in envlist("FIELD_ENCRYPTION_KEYS"):
    _version, _sep, _secret = _item.partition("=")
    if not (_sep and _version.strip().isdigit() and int(_version) > 0 and _secret.strip()):
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must read like 2=<secret>,1=<secret> (versions from 1)")
    FIELD_ENCRYPTION_KEYS[int(_version)] = _secret.strip()
# Empty: version 1 is FIELD_ENCRYPTION_KEY (read when used, so a test may change it); 0: the highest version.
FIELD_ENCRYPTION_KEY_VERSION = envint("FIELD_ENCRYPTION_KEY_VERSION", 0)
if FIELD_ENCRYPTION_KEY_VERSION not in (FIELD_ENCRYPTION_KEYS or {1: FIELD_ENCRYPTION_KEY}) | {0: ""}:
    raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEY_VERSION {FIELD_ENCRYPTION_KEY_VERSION} has no key")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ningbo_sws",
    "stations",
    "staffing",
    "services",
    "finance",
    "archives",
    "evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ningbo_sws.lib.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "stations.accounts.SessionLimitsMiddleware",  # 12 hours at most, 15 idle minutes for administrators
    "stations.accounts.OneTimePasswordMiddleware",  # before the rules: a one-time password reaches nothing else
    "stations.access.AccessRuleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ningbo_sws.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stations.context_processors.navigation",
                "ningbo_sws.lib.display.display",  # lane: a11y (大字模式)
            ],
        },
    },
]

WSGI_APPLICATION = "ningbo_sws.wsgi.application"

DATABASE_URL = envstr("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 0))}
# A kept connection is checked before reuse, so the site recovers by itself when the database restarts.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The job worker writes beside the web processes: a transaction takes the write lock when it begins
    # (IMMEDIATE) and waits up to 20 s for another writer, instead of failing at once with "database is locked"
    # when a reading transaction later wants to write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "ningbo_sws.lib.passwords.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# An idle session ends after 30 minutes: every request pushes the expiry forward.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ADMIN_IDLE_SECONDS = envint("SESSION_ADMIN_IDLE_SECONDS", 15 * 60)
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Five failed sign-ins lock the account for 30 minutes, wherever it signs in from (issue 15 item 3). An address
# is locked only at a much higher count within those 30 minutes (password spraying), so one person's typing
# errors behind a township's shared address do not lock out their colleagues (`stations.accounts.address_locked`
# counts axes' failure log, which a success does not erase). A sign-in refused by a lock is not a new failure.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = envint("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refused try during the lock is not a new failure
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 1000
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0) or None

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user: anonymous people have no object grants

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("STATIC_MANIFEST", (STATIC_ROOT / "staticfiles.json").exists())
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# HTTPS (issue 15 item 4). Behind a TLS-terminating proxy set PROXY_SSL_HEADER=1 (trusts X-Forwarded-Proto from
# it) and either let Django redirect and send HSTS (SECURE_SSL_REDIRECT=1, SECURE_HSTS_SECONDS=31536000) or set
# TLS_AT_PROXY=1 when the proxy does both: that silences exactly the two deploy checks it answers (security.W004
# HSTS, security.W008 SSL redirect), by name. `manage.py check --deploy` is clean either way (tested).
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = False  # a government intranet host is not for the public preload list
if envbool("PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# security.W021 (HSTS preload) is always silenced: the preload list is for public hosts, not an intranet's.
# axes.W006 (no ip_address among the lockout parameters) is silenced: addresses are throttled on their own, higher
# count by `stations.accounts.address_locked` (issue 15 item 3), so a shared office address is not locked at 5.
SILENCED_SYSTEM_CHECKS = ["security.W021", "axes.W006"]
if envbool("TLS_AT_PROXY", False):
    SILENCED_SYSTEM_CHECKS += ["security.W004", "security.W008"]

# A strict Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only; no inline
# script, no inline style (no `style=""`, no `<style>`), no `eval`; nothing may frame the site. Templates and
# server-drawn SVG keep to it (tests/test_security_headers.py scans them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_without_traceback": {"()": "ningbo_sws.lib.logs.ForbiddenWithoutTraceback"}},  # lane: words
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["forbidden_without_traceback"]}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}

# The Django admin, for superusers doing maintenance. People do their work in the application's own pages.
ADMIN_ENABLED = envbool("ADMIN_ENABLED", True)

# Background jobs (issue 11 item 7) through Django's tasks API (the django-tasks backport). Embedded default: the
# database backend, worked by `manage.py db_worker` (`make run` starts one). With REDIS_URL set: RQ through
# django-tasks-rq, worked by `manage.py rqworker --job-class django_tasks_rq.Job default`.
REDIS_URL = envstr("REDIS_URL")
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}
if REDIS_URL:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# How many rows a list page shows.
PAGE_SIZE = envint("PAGE_SIZE", 50)

# The largest photo or PDF a person may upload (bytes); the type is judged from the file's bytes.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# The most pixels an uploaded image may have (read from its header before decoding: no decompression bombs).
UPLOAD_MAX_PIXELS = envint("UPLOAD_MAX_PIXELS", 40_000_000)
