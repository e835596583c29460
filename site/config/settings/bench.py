"""Settings for `make bench`: production behaviour on a scratch database."""

import os

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = "bench-only-not-secret"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405

# The benchmarks load 100,000 applications; keep them away from `make run`'s data.
BENCH_DIR = VAR_DIR / "bench"  # noqa: F405
if "DATABASE_URL" not in os.environ:
    DATABASES["default"].update(  # noqa: F405
        dj_database_url.parse(f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}")
        | {"OPTIONS": DATABASES["default"]["OPTIONS"]}  # noqa: F405
    )
PRIVATE_STORAGE_ROOT = BENCH_DIR / "private"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_STORAGE_ROOT  # noqa: F405
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405

# Loading the demo data sends its notifications; the figures matter, not them.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING["loggers"]["django-q"]["level"] = "WARNING"  # noqa: F405
