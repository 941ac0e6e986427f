"""Admin wiring: menu items, URLs, page buttons and the glossary snippet."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from exchange_site.core.languages import LANGUAGE_CODES

from . import override_views, snippet_views, views
from .admin_ui import ReviewSummaryPanel, TranslateBulkAction, annotate_translation_states
from .exchange import admin as exchange_admin
from .models import GlossaryEntry, term_field
from .overrides import copy_overrides
from .permissions import review_permissions, reviewable_languages
from .pipeline import recompute_statuses
from .signals import languages_queued_on_publish


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryEntry
    icon = "doc-full"
    menu_label = _("Glossary")
    list_display = ["__str__", "protected", "note"]
    list_filter = ["protected"]
    search_fields = [term_field(code) for code in LANGUAGE_CODES]


register_snippet(GlossaryViewSet)


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path("translation/jobs/", views.job_index, name="translation_jobs"),
        path("translation/jobs/<int:job_id>/retry/", views.job_retry, name="translation_job_retry"),
        path("translation/pages/<int:page_id>/", views.page_translations, name="translation_page"),
        path("translation/usage/", views.usage_report, name="translation_usage"),
        path(
            "translation/pages/<int:page_id>/jobs.json",
            views.page_jobs_json,
            name="translation_page_jobs",
        ),
        path("translation/review/", views.review_queue, name="translation_review_queue"),
        path(
            "translation/review/<int:page_id>/<str:language>/",
            views.review_page,
            name="translation_review",
        ),
        *exchange_admin.urls(),
        path(
            "translation/review/<int:page_id>/<str:language>/links/",
            override_views.review_overrides,
            name="translation_overrides",
        ),
        path(
            "translation/review/snippets/<str:app_label>/<str:model_name>/<int:pk>/<str:language>/",
            snippet_views.review_snippet,
            name="translation_review_snippet",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_jobs_menu_item():
    return MenuItem(
        _("Translation jobs"), reverse("translation_jobs"), icon_name="globe", order=800
    )


@hooks.register("register_reports_menu_item")
def register_usage_report_menu_item():
    return MenuItem(
        _("Machine translation usage"), reverse("translation_usage"), icon_name="globe", order=900
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


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ReviewMenuItem(
        _("Review translations"), reverse("translation_review_queue"), icon_name="tasks", order=790
    )


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(reviewable_languages(request.user))


@hooks.register("register_permissions")
def register_review_permissions():
    return review_permissions()


@hooks.register("construct_homepage_panels")
def add_review_summary_panel(request, panels):
    panels.append(ReviewSummaryPanel(request.user))


@hooks.register("construct_explorer_page_queryset")
def add_translation_states(parent_page, pages, request):
    return annotate_translation_states(pages)


hooks.register("register_bulk_action", TranslateBulkAction)
hooks.register("register_bulk_action", exchange_admin.ExportTranslationsBulkAction)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def recompute_statuses_after_admin_save(request, page):
    """An admin save (or a revert) may empty, change or restore translations."""
    if hasattr(page.specific_class, "source_language"):
        recompute_statuses(page)


@hooks.register("after_copy_page")
def statuses_for_copies(request, page, new_page):
    """Copies start from the originals' statuses (checked against the copies' text) and
    per-language link and image overrides.

    Subpages copied along are matched to their originals by their path below
    the copied page (a copy keeps its subpages' slugs).
    """
    originals = {
        original.url_path.removeprefix(page.url_path): original
        for original in page.get_descendants(inclusive=True)
    }
    for copy in new_page.get_descendants(inclusive=True).specific():
        original = originals.get(copy.url_path.removeprefix(new_page.url_path))
        if original is not None and hasattr(copy, "source_language"):
            recompute_statuses(copy, copied_from=original)
            copy_overrides(original, copy)


@hooks.register("after_publish_page")
def say_which_translations_were_queued(request, page):
    """The editor learns at once which languages a publish queued, and where to watch them.

    The job itself is created when the publish commits (``signals``); the
    languages are known now. A publish scheduled for later queues nothing yet.
    """
    if page.has_unpublished_changes:
        return
    languages = languages_queued_on_publish(page.specific)
    if not languages:
        return
    names = dict(settings.LANGUAGES)
    wagtail_messages.info(
        request,
        gettext("Machine translation into %(languages)s queued.")
        % {"languages": ", ".join(str(names[code]) for code in languages)},
        buttons=[
            wagtail_messages.button(
                reverse("translation_page", args=[page.pk]), gettext("Follow its progress")
            )
        ],
    )


@hooks.register("insert_editor_js")
def watch_translation_jobs_on_the_edit_page():
    """The page editor's header shows the page's translation jobs live (``jobs.js``)."""
    return format_html(
        '<script src="{}" data-jobs-url-template="{}" defer></script>',
        static("translation/jobs.js"),
        reverse("translation_page_jobs", args=[0]),
    )
