"""Admin wiring of the core: the page editor's language bar (see ``language_panels``) and
page names in listings and choosers (see ``admin_titles``)."""

from django.templatetags.static import static
from django.utils.html import format_html

from wagtail import hooks

from .admin_titles import with_admin_titles
from .page_cache import store_page_views


@hooks.register("insert_editor_js")
def language_bar_js() -> str:
    return format_html('<script src="{}"></script>', static("js/admin-languages.js"))


@hooks.register("insert_global_admin_css")
def language_bar_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-languages.css"))


@hooks.register("construct_explorer_page_queryset")
def name_explorer_pages(parent_page, pages, request):
    return with_admin_titles(pages)


@hooks.register("construct_page_chooser_queryset")
def name_chooser_pages(pages, request):
    return with_admin_titles(pages)


# Inside Wagtail's view-restriction check (a higher order wraps first): only what
# passed the check is stored.
hooks.register("on_serve_page", store_page_views, order=100)
