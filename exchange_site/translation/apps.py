from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "exchange_site.translation"
    label = "translation"
    verbose_name = _("Translation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from exchange_site.core.registry import (
            register_draft_display,
            register_reader_overrides,
            register_review_states,
            register_synonym_source,
        )
        from exchange_site.core.text_cleaning import clean_text_on_save

        from . import checks, signals  # noqa: F401 - register the start-up checks, publish handler
        from .admin_ui import AdminReviewStates
        from .display import MachineDraftDisplay
        from .glossary import synonym_groups
        from .http import redact_secrets_in_http_logs
        from .models import GlossaryEntry
        from .overrides import ReaderOverrides
        from .snippets import connect_snippet_translation

        register_draft_display(MachineDraftDisplay())
        register_synonym_source(synonym_groups)
        register_review_states(AdminReviewStates())
        register_reader_overrides(ReaderOverrides())
        connect_snippet_translation()
        clean_text_on_save(GlossaryEntry)
        redact_secrets_in_http_logs()
