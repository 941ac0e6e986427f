from django.apps import AppConfig


class BareSiteConfig(AppConfig):
    name = "benchmarks.bare_site"
    label = "bare_site"
    default_auto_field = "django.db.models.BigAutoField"
