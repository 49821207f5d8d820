"""Test settings: the real settings with a fast hasher and isolated media."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")

from cms.settings import *  # noqa: E402,F401,F403

# The test client speaks plain HTTP; the production HTTPS settings are checked
# by tests/test_settings.py in a process of their own.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not CACHE_URL.startswith("redis://"):  # noqa: F405
    # CI also runs the suite with CACHE_URL=redis://... (the shared cache of a scaled-out site).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="vetted-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="vetted-test-static-")
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file rather than shared-cache memory, so tests that run workflow calls
    # in several threads see SQLite's real locking (busy timeout) as production does.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"vetted-test-{os.getpid()}.sqlite3")
    }

# Tests scan with the rules alone unless they train a model themselves
# (tests/test_claims_model.py), so a model built on this machine changes nothing.
CLAIMS_MODEL_PATH = Path(tempfile.mkdtemp(prefix="vetted-test-claims-")) / "claims_model.skops"
CLAIMS_REVIEWER_LABELS_PATH = CLAIMS_MODEL_PATH.parent / "claims_reviewer_labels.tsv"
