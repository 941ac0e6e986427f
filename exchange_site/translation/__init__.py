"""The translation pipeline: machine-translated drafts for every page, reviewed by editors.

Nothing is imported here (Django imports this package while it loads apps,
before models exist); the public entry points live in their modules:

- ``pipeline.translate_page`` — translate one page now, returns a ``TranslationReport``;
- ``tasks.enqueue_translation`` / ``tasks.retry_job`` — the same as a background
  job (``TranslationJob``), run by ``jobs.run_job``;
- ``errors.TranslationError`` and its subclasses — what callers catch.

Dependencies point one way: models ← pipeline ← jobs ← tasks ← signals/views.
Providers are configured in ``settings.MACHINE_TRANSLATION`` (see ``providers``).
"""
