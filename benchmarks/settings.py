"""Settings for ``benchmarks/reader_pages.py``: production-like serving, plus the bare page type."""

import os

from exchange_site.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-key")  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "benchmarks.bare_site"]  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MACHINE_TRANSLATION = {**MACHINE_TRANSLATION, "AUTO_TRANSLATE_ON_PUBLISH": False}  # noqa: F405
