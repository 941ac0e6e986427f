from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "exchange_site.translation"
    label = "translation"
    verbose_name = _("Translation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from home.i18n import register_visibility_filter

        from . import checks, signals  # noqa: F401 - register the start-up checks, publish handler
        from .display import may_show
        from .http import redact_secrets_in_http_logs

        register_visibility_filter(may_show)
        redact_secrets_in_http_logs()
