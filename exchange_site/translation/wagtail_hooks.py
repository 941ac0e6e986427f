"""Admin wiring: menu items, URLs, page buttons and the glossary snippet."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import GlossaryEntry


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryEntry
    icon = "doc-full"
    menu_label = _("Glossary")
    list_display = ["__str__", "protected", "note"]
    list_filter = ["protected"]
    search_fields = ["term_en", "term_da", "term_de", "term_fr"]


register_snippet(GlossaryViewSet)


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path("translation/jobs/", views.job_index, name="translation_jobs"),
        path("translation/jobs/<int:job_id>/retry/", views.job_retry, name="translation_job_retry"),
        path("translation/pages/<int:page_id>/", views.page_translations, name="translation_page"),
    ]


@hooks.register("register_admin_menu_item")
def register_jobs_menu_item():
    return MenuItem(
        _("Translation jobs"), reverse("translation_jobs"), icon_name="globe", order=800
    )


class TranslationsButton(PageMenuItem):
    label = _("Translations")
    icon_name = "globe"
    url_name = "translation_page"

    def is_shown(self, user):
        return hasattr(self.page.specific_class, "source_language") and (
            self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def translation_header_button(page, user, view_name, next_url=None):
    yield TranslationsButton(page=page, priority=62)


@hooks.register("register_page_listing_more_buttons")
def translation_listing_button(page, user, next_url=None):
    yield TranslationsButton(page=page, priority=55)
