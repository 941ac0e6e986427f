"""Test settings: fast hashing, plain static files, tasks run inline; the per-process cache of
``base`` (large enough that no test's pages are culled before they are read again)."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if os.environ.get("TEST_SQLITE_FILE"):
    # Tests with real worker processes need a test database other processes can open
    # (SQLite's default test database lives in memory); see tests/test_reliability.py.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_SQLITE_FILE"]}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tests publish pages all the time; they turn automatic translation on where they test it.
MACHINE_TRANSLATION = {
    **MACHINE_TRANSLATION,  # noqa: F405
    "DEFAULT": "pseudo",
    "AUTO_TRANSLATE_ON_PUBLISH": False,
}
