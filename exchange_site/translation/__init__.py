"""The translation pipeline: machine-translated drafts for every page, reviewed by editors.

Public interface (everything else is internal):

- ``translate_page(page, targets=None, provider=None, dry_run=False)`` — extract
  segments, translate those that need it through a provider, write drafts and
  statuses; returns a ``TranslationReport``.
- ``enqueue_translation(page, targets=None, provider="", requested_by=None)`` — the
  same, as a background job (``TranslationJob``); ``retry_job(job)`` re-runs one.
- ``TranslationError`` and its subclasses — what callers catch.

Publishing a page queues a job when ``MACHINE_TRANSLATION["AUTO_TRANSLATE_ON_PUBLISH"]``
is on. Providers are configured in ``settings.MACHINE_TRANSLATION`` (see
``providers/__init__.py``).
"""

from .errors import TranslationError

__all__ = ["TranslationError", "enqueue_translation", "retry_job", "translate_page"]


def __getattr__(name: str):
    # Lazy: this package is imported while Django loads apps, before models exist.
    if name == "translate_page":
        from .pipeline import translate_page

        return translate_page
    if name in {"enqueue_translation", "retry_job"}:
        from . import jobs

        return getattr(jobs, name)
    raise AttributeError(name)
