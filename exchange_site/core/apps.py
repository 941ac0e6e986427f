from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The framework every page of the exchange builds on; it imports no content app."""

    name = "exchange_site.core"
    label = "core"
    verbose_name = _("Partnership")

    def ready(self) -> None:
        from .content_cache import connect_invalidation
        from .i18n import install_source_language_support
        from .language_panels import install_language_panels
        from .page_urls import install_site_root_paths
        from .redirects import connect_redirects
        from .routing import install_routing
        from .sibling_slugs import install_sibling_slug_validation
        from .text_cleaning import connect_text_cleaning

        install_source_language_support()
        install_language_panels()
        connect_invalidation()
        connect_text_cleaning()
        connect_redirects()
        install_routing()
        install_site_root_paths()
        install_sibling_slug_validation()
