from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo content and accounts for a newcomer's site: the top layer, apart from the framework."""

    name = "exchange_site.demo"
    label = "demo"
    verbose_name = _("Demo content")
