from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page: the top of the site, listing what the content apps hold."""

    name = "home"
    label = "home"
    verbose_name = _("Home page")
