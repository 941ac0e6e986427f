"""Error pages and reports that never show a secret.

Django's default filter hides *settings* whose names look secret, but it shows
every request.META entry — under runserver, META is the whole process
environment: ``DATABASE_URL``, ``DEEPL_API_KEY``, ``DJANGO_SECRET_KEY`` — and
it cannot see a secret inside another value (a connection error quoting the
database URL, a query string with an API key). So:

- the filter also hides settings and META entries whose names look secret
  (Django's pattern plus URL, DSN, DATABASE and CREDENTIAL), and
- the reporter replaces the value of every environment variable with such a
  name, wherever it appears in the finished page or text report (exception
  message, local variables, headers).
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

from django.utils.html import escape
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

SENSITIVE_NAMES = re.compile(
    r"API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|URL|DSN|DATABASE|CREDENTIAL",
    flags=re.IGNORECASE,
)
# Short values ("1", "true") would blank out half the page without protecting anything.
MIN_SECRET_LENGTH = 6


def secret_environment_values() -> list[str]:
    """Values of environment variables whose names look secret, longest first.

    A URL's password counts on its own too: the database settings hold it
    separately once ``DATABASE_URL`` has been parsed.
    """
    values = set()
    for name, value in os.environ.items():
        if SENSITIVE_NAMES.search(name):
            values |= {value, urlsplit(value).password or ""}
    return sorted((v for v in values if len(v) >= MIN_SECRET_LENGTH), key=len, reverse=True)


class SecretHidingReporterFilter(SafeExceptionReporterFilter):
    """Hides settings and request.META entries by name (see the module docstring)."""

    hidden_settings = SENSITIVE_NAMES

    def get_safe_request_meta(self, request):
        return {
            key: self.cleansed_substitute if SENSITIVE_NAMES.search(key) else value
            for key, value in super().get_safe_request_meta(request).items()
        }


class SecretHidingExceptionReporter(ExceptionReporter):
    """Django's reporter, with secret environment values masked in what it renders."""

    def get_traceback_html(self) -> str:
        return self._mask(super().get_traceback_html(), html=True)

    def get_traceback_text(self) -> str:
        return self._mask(super().get_traceback_text(), html=False)

    def _mask(self, report: str, html: bool) -> str:
        substitute = self.filter.cleansed_substitute
        for secret in secret_environment_values():
            report = report.replace(secret, substitute)
            if html:
                report = report.replace(str(escape(secret)), substitute)
        return report
