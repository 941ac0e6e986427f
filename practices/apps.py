from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "practices"
    label = "practices"
    verbose_name = _("Practices")

    def ready(self) -> None:
        from exchange_site.core.content_cache import invalidate_content_on_save
        from exchange_site.core.text_cleaning import clean_text_on_save

        from .taxonomy import SustainableDevelopmentGoal, Topic

        # Practice cards show topic and goal names: a renamed topic must reach readers.
        invalidate_content_on_save(Topic, SustainableDevelopmentGoal)
        clean_text_on_save(Topic, SustainableDevelopmentGoal)
