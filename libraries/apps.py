from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibrariesConfig(AppConfig):
    """Partner library profiles: the first content app, which practices and meetings point at."""

    name = "libraries"
    label = "libraries"
    verbose_name = _("Partner libraries")
