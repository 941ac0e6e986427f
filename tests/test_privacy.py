"""``for_reader`` semantics, its cost, its cache keys, and the scan that keeps reader code on it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from wagtail.models import PageViewRestriction

import pytest

from exchange_site.core.privacy import reader_audience, reader_pages
from libraries.models import PartnerLibraryPage
from practices.models import PracticePage
from tests import factories

pytestmark = pytest.mark.django_db

REPOSITORY = Path(__file__).resolve().parent.parent


def request_for(user=None, session: dict | None = None):
    request = RequestFactory().get("/en/")
    request.user = user or AnonymousUser()
    request.session = session or {}
    return request


@pytest.fixture
def practices(site_tree, dresden):
    return {
        # Fixed summaries: Faker's words include "member", which the search would find.
        name: factories.PracticePageFactory(
            parent=site_tree.practices, title=name, summary=f"The {name} one.", library=dresden
        )
        for name in ("open", "members", "board", "password")
    }


def titles(queryset) -> set[str]:
    return {page.title for page in queryset}


def test_for_reader_honours_each_kind_of_restriction(practices, django_user_model, board, reader):
    factories.PageViewRestrictionFactory(
        page=practices["members"], restriction_type=PageViewRestriction.LOGIN
    )
    factories.PageViewRestrictionFactory(
        page=practices["board"], restriction_type=PageViewRestriction.GROUPS, groups=[board]
    )
    factories.PageViewRestrictionFactory(
        page=practices["password"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    outsider = django_user_model.objects.create_user("outsider", "o@example.org", "pw")
    superuser = django_user_model.objects.create_superuser("admin", "a@example.org", "pw")

    expected = {
        "anonymous": (None, {"open"}),
        "logged in, not in the group": (outsider, {"open", "members"}),
        "in the group": (reader, {"open", "members", "board"}),
        "superuser": (superuser, {"open", "members", "board"}),
    }
    for who, (user, visible) in expected.items():
        shown = titles(PracticePage.objects.for_reader(request_for(user)))
        assert shown == visible, f"{who} should see {sorted(visible)}, saw {sorted(shown)}"


def test_for_reader_hides_a_password_page_even_after_its_password(practices):
    restriction = factories.PageViewRestrictionFactory(
        page=practices["password"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    request = request_for(
        session={restriction.passed_view_restrictions_session_key: [restriction.pk]}
    )
    assert restriction.accept_request(request), "Wagtail itself should let this visitor in"
    assert "password" not in titles(PracticePage.objects.for_reader(request)), (
        "a password page should never be listed, even to a visitor who entered its password"
    )


def test_for_reader_honours_a_restricted_ancestor_and_drafts(site_tree, practices, reader):
    factories.PageViewRestrictionFactory(
        page=site_tree.practices, restriction_type=PageViewRestriction.LOGIN
    )
    practices["open"].unpublish()
    assert not PracticePage.objects.for_reader(request_for()).exists(), (
        "pages below a login-only index should be hidden from anonymous readers"
    )
    assert titles(PracticePage.objects.for_reader(request_for(reader))) == {
        "members",
        "board",
        "password",
    }, "a logged-in reader should see the live pages below a login-only index, not drafts"
    menu = reader_pages().child_of(site_tree.home).for_reader(request_for())
    assert site_tree.practices.pk not in {page.pk for page in menu}, (
        "for_reader on pages of every type (the menu) should hide the private index"
    )


def test_for_reader_works_on_related_managers(practices):
    hub = practices["open"]
    hub.related_practices = [practices["members"], practices["board"]]
    hub.save()
    factories.PageViewRestrictionFactory(
        page=practices["members"], restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(hub.related_practices.for_reader(request_for())) == {"board"}, (
        "related practices should honour the restriction too"
    )


def test_restrictions_cost_one_query_then_none(practices, django_assert_num_queries, reader):
    factories.PageViewRestrictionFactory(
        page=practices["members"], restriction_type=PageViewRestriction.LOGIN
    )
    with django_assert_num_queries(1):
        reader_audience(request_for())
    with django_assert_num_queries(0):
        reader_audience(request_for(reader))  # cached; a login restriction needs no groups
    practices["open"].save_revision().publish()
    with django_assert_num_queries(0):
        reader_audience(request_for())  # publishing does not touch privacy


def test_readers_who_pass_the_same_restrictions_share_cached_fragments(
    practices, django_user_model, reader, board
):
    outsider = django_user_model.objects.create_user("outsider", "o@example.org", "pw")
    assert (
        reader_audience(request_for()).cache_key == reader_audience(request_for(reader)).cache_key
    ), "without restrictions everyone sees the same lists and shares the cache"
    factories.PageViewRestrictionFactory(
        page=practices["board"], restriction_type=PageViewRestriction.GROUPS, groups=[board]
    )
    keys = {
        who: reader_audience(request_for(user)).cache_key
        for who, user in (("anonymous", None), ("outsider", outsider), ("member", reader))
    }
    assert keys["anonymous"] == keys["outsider"] != keys["member"], (
        f"only readers who see the same pages should share a cache key: {keys}"
    )


def test_library_filter_offers_only_libraries_the_reader_may_see(client, site_tree, dresden):
    hidden = factories.PartnerLibraryPageFactory(parent=site_tree.libraries, title="Hidden Lib")
    factories.PageViewRestrictionFactory(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    factories.PracticePageFactory(parent=site_tree.practices, library=hidden, title="Its practice")
    html_text = client.get(f"/en/practices/?library={hidden.pk}").content.decode()
    assert "Hidden Lib" not in html_text, "a private library should not be a filter choice"
    assert PartnerLibraryPage.objects.for_reader(None).filter(pk=hidden.pk).count() == 0


# Reader code must go through for_reader -------------------------------------------------

READER_CODE = [
    "home/models.py",
    "libraries/models.py",
    "exchange_site/core/context_processors.py",
    "exchange_site/core/templatetags",
    "practices/models.py",
    "practices/filters.py",
    "meetings/models.py",
    "meetings/feeds.py",
    "meetings/calendar.py",
    "exchange_site/search",
]
# (file, function) pairs allowed to call .live()/.public(): the filter itself.
ALLOWED = {("exchange_site/core/privacy.py", "for_reader")}


def python_files() -> list[Path]:
    files = []
    for entry in [*READER_CODE, "exchange_site/core/privacy.py"]:
        path = REPOSITORY / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def direct_visibility_calls(source: str, filename: str) -> list[str]:
    """``.live()`` / ``.public()`` calls in a module, named by file, innermost function and line."""
    calls = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("live", "public")
            and (filename, function) not in ALLOWED
        ):
            calls.append(f"{filename}:{node.lineno} in {function}() calls .{node.func.attr}()")
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(source, filename=filename), "<module>")
    return calls


def test_reader_code_filters_pages_only_through_for_reader():
    found = [
        call
        for path in python_files()
        for call in direct_visibility_calls(path.read_text(), str(path.relative_to(REPOSITORY)))
    ]
    assert not found, (
        "reader code must use .for_reader(request), which honours view restrictions:\n"
        + "\n".join(found)
    )
    templates = [
        path
        for app in ("home", "practices", "meetings", "exchange_site")
        for path in (REPOSITORY / app).rglob("templates/**/*.html")
    ]
    in_templates = [
        str(path.relative_to(REPOSITORY))
        for path in templates
        if re.search(r"\.(live|public|get_children)\b", path.read_text())
    ]
    assert not in_templates, f"templates must not list pages themselves: {in_templates}"


def test_the_site_never_installs_the_benchmark_page_types():
    """``benchmarks/bare_site`` lists pages with ``.live()`` and no privacy filter on purpose
    (it measures plain Wagtail); only ``benchmarks/settings.py`` may install it, which is why
    the scan above does not read it."""
    from exchange_site.settings import base

    for settings_module in (base, settings):
        installed = [app for app in settings_module.INSTALLED_APPS if app.startswith("benchmarks")]
        assert not installed, f"the site must not serve the benchmark's page types: {installed}"


def test_the_scan_catches_direct_calls_outside_the_allow_list():
    source = (
        "class Index:\n"
        "    def get_context(self, request):\n"
        "        return Page.objects.live().public()\n"
        "    def for_reader(self, request):\n"
        "        return self.live()\n"
    )
    assert direct_visibility_calls(source, "home/models.py") == [
        "home/models.py:3 in get_context() calls .public()",
        "home/models.py:3 in get_context() calls .live()",
        "home/models.py:5 in for_reader() calls .live()",
    ], "the scan should name every direct call, allowed only in the core privacy's for_reader"
    assert not direct_visibility_calls(
        "def for_reader(qs):\n    return qs.live()\n", "exchange_site/core/privacy.py"
    )


def test_search_results_and_count_follow_for_reader(client, site_tree, practices, reader):
    """Also run on PostgreSQL (tests/test_postgresql.py): its search filters paths itself."""
    factories.PageViewRestrictionFactory(
        page=practices["members"], restriction_type=PageViewRestriction.LOGIN
    )
    anonymous = client.get("/en/search/?q=members").content.decode()
    assert "0 results for" in anonymous and ">members<" not in anonymous, (
        "anonymous search should neither list nor count a login-only page"
    )
    client.force_login(reader)
    logged_in = client.get("/en/search/?q=members").content.decode()
    assert "1 result for" in logged_in and ">members<" in logged_in, (
        "a logged-in reader should find the login-only page"
    )
