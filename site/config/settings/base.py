"""Settings safe to run in production; development and tests relax them.

Every value read from the environment is listed, with its default, in the
README's "Environment" table.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

# site/config/settings/base.py -> the repository root
BASE_DIR = Path(__file__).resolve().parents[3]
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Django refuses to start with an empty key, so production cannot forget it.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "filing",
    "approvals",
    "guides",
    "wagtail.contrib.simple_translation",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_q",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


# Database: SQLite on one machine, PostgreSQL when DATABASE_URL says so.

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL), conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work beside the django-q2 worker's writes; IMMEDIATE
    # takes the write lock when a transaction starts, so read-then-write
    # transactions queue on busy_timeout instead of failing with "database
    # is locked" halfway through. Connections are kept, as for PostgreSQL:
    # a fresh one parses the schema again, which on the API's filings list
    # was a third of each request (bench/bench_api.py). Outside a
    # transaction an idle connection holds no snapshot, so it sees every
    # later write.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# Cache and background work: in-process and in the database by default,
# Redis when REDIS_URL is set.

REDIS_URL = os.environ.get("REDIS_URL", "")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "title-filing",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache_entries",
        }
    }

# Each render finishes in seconds; `timeout` stops a stuck one and `retry`
# must stay above it, or django-q2 hands the same task to a second worker
# while the first is still busy.
Q_CLUSTER = {
    "name": "title-filing",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 300,
    "retry": 360,
    "max_attempts": 3,
    "queue_limit": 50,
    "catch_up": False,
    "label": _("Background tasks"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# Wagtail's own tasks (reference index, search index) run inline.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# Files. Uploaded scans and generated PDFs live in private storage, outside
# any public URL; permission-checked views serve them.

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", VAR_DIR / "private"))
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

AWS_STORAGE_BUCKET_NAME = os.environ.get("S3_BUCKET", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("S3_REGION") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "private", "default_acl": "private"},
    }

# A scan is at most 8 MiB; the request around it may be a little larger.
SCAN_MAX_BYTES = 8 * 1024 * 1024
# A file of applications to import: 20,000 rows are about 1.5 MiB as XLSX
# and 3 MiB as CSV.
APPLICATION_IMPORT_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = None


# Review rules checked on a pre-review filing (职称评审管理暂行规定, 2019, as
# reference/standards.md gives them; verify before relying on a figure).
# Each check's mode is "warn" (shown beside the field, the filing goes on)
# or "refuse" (the filing cannot be saved or submitted while it fails).

REVIEW_SENIOR_SERIES_COMMITTEE_MIN = int(
    os.environ.get("REVIEW_SENIOR_SERIES_COMMITTEE_MIN", "25")
)
REVIEW_SENIOR_SPECIALTY_COMMITTEE_MIN = int(
    os.environ.get("REVIEW_SENIOR_SPECIALTY_COMMITTEE_MIN", "11")
)
REVIEW_COMMITTEE_SIZE_MODE = os.environ.get("REVIEW_COMMITTEE_SIZE_MODE", "refuse")
# The share of the committee that must attend, as a fraction.
REVIEW_QUORUM = os.environ.get("REVIEW_QUORUM", "2/3")
REVIEW_QUORUM_MODE = os.environ.get("REVIEW_QUORUM_MODE", "refuse")
# Senior filings and self-accrediting units' filings always name the
# pre-review filing of their meeting; intermediate and junior ones only when
# this is on.
PRE_REVIEW_REQUIRED_FOR_INTERMEDIATE_JUNIOR = env_bool(
    "PRE_REVIEW_REQUIRED_FOR_INTERMEDIATE_JUNIOR", False
)


# Fonts for the generated PDFs. The Debian packages install the full faces;
# `manage.py build_fonts` writes a subset of the common characters next to
# the other runtime files, so most documents never parse the whole CJK font.

PDF_FONT_DIR = Path(os.environ.get("PDF_FONT_DIR", VAR_DIR / "fonts"))

# A long roster renders in parts, this many processes at a time.
PDF_RENDER_PROCESSES = int(
    os.environ.get("PDF_RENDER_PROCESSES", min(2, os.cpu_count() or 1))
)


# Languages and time.

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("ug", "ئۇيغۇرچە"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES


# Wagtail.

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "职称评审备案")
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# The address the public reaches the verification API at; certificates print
# it in their QR codes, so it must not change once certificates are issued.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL)
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_USER_LOGIN_FORM = "config.forms.TranslatedLoginForm"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Avatars would be fetched from gravatar.com by every admin page: a request to
# a foreign service carrying a hash of the user's email, blocked in China.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Filings go through the offices' own review chain (approvals); guides are
# published by their editors directly. Wagtail's moderation workflows would
# only add a "submit for moderation" button that leads nowhere.
WAGTAIL_WORKFLOW_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
LOGIN_URL = "wagtailadmin_login"


# The REST API under /api/v1/. Nothing is open by default: a view that the
# public may call says so itself, and is throttled.

REST_FRAMEWORK = {
    # Portals send a token; admin users' browsers their session (with the
    # CSRF token on every write).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "filing.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Every list comes in pages, with a maximum page size.
    "DEFAULT_PAGINATION_CLASS": "config.api_pagination.NumberedPages",
    "EXCEPTION_HANDLER": "config.api_errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        # Per client address; a person checking a certificate needs a few.
        "certificate_verification": os.environ.get(
            "CERTIFICATE_VERIFICATION_RATE", "30/minute"
        ),
        # Per API token with the scope to verify certificates.
        "certificate_verification_token": os.environ.get(
            "CERTIFICATE_VERIFICATION_TOKEN_RATE", "600/minute"
        ),
    },
    # The reverse proxies in front of the web processes: with n, the client
    # is the n-th address from the end of X-Forwarded-For. With 0, only
    # REMOTE_ADDR counts, so no client dodges the throttle by forging it.
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES", "0")),
}

SPECTACULAR_SETTINGS = {
    # Lazy, like the endpoints' summaries: the schema and its page read in
    # the caller's language (Accept-Language), the title and intro included.
    "TITLE": _("Title-review filing API"),
    "DESCRIPTION": _(
        "The REST API of the title-review filing back-office, version 1. "
        "Every error has the body {code, detail, fields}; send Accept-Language "
        "zh-hans or ug for its sentences."
    ),
    "VERSION": "1",
    # Only /api/v1/ is described; Wagtail's page API (v2) has its own shape.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["config.api_schema.only_our_endpoints"],
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "FilingStatusEnum": "filing.models.Filing.Status",
        "ReviewOfficeKindEnum": "approvals.models.ReviewOffice.Kind",
        "AttachmentKindEnum": "filing.models.AttachmentKind",
        "FilingKindEnum": "filing.models.Filing.Kind",
        "VerificationStatusEnum": ["valid", "revoked", "not_found"],
        "CertificateStatusEnum": ["valid", "revoked"],
    },
    # The documentation page loads Swagger UI from our own static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}


# Security: the strict values are the default; dev.py relaxes them.

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]


# Email: printed to the console unless EMAIL_HOST is set.

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    # SSL from the first byte (port 465) or STARTTLS (port 587), never both.
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
    # A silent mail server must not hold a worker until django-q2's timeout.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")


# Logging: one logger per module, lazy arguments. Who did what to a filing
# goes to Wagtail's audit log, not here.

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "filing": {"level": LOG_LEVEL},
        "approvals": {"level": LOG_LEVEL},
        "config": {"level": LOG_LEVEL},
        # WeasyPrint reports every CSS property it does not support at
        # WARNING; only errors matter here.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # The worker says when it starts, stops and runs a task.
        "django-q": {"level": "INFO"},
    },
}
