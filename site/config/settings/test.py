"""Settings for the test suite: `make test`."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Static files come from the apps directly here; WhiteNoise serves only the
# collected files of a deployment.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405

_TMP = Path(tempfile.mkdtemp(prefix="title-filing-test-"))
MEDIA_ROOT = _TMP / "media"
PRIVATE_STORAGE_ROOT = _TMP / "private"
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_STORAGE_ROOT  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's in-memory default, so that the race tests' extra
    # processes open the same database as the test itself.
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test.sqlite3")}  # noqa: F405
else:
    # One database per test run, so that two runs on one server never meet.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": f"test_title_filing_{os.getpid()}"
    }

# Tasks run in the test process unless a test starts a cluster itself.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # The test database is thrown away after the run: durability buys nothing.
    DATABASES["default"]["OPTIONS"]["init_command"] = (  # noqa: F405
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=OFF;PRAGMA foreign_keys=ON;"
    )
