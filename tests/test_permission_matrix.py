"""Who may do what, tried through the admin with forged POSTs, one user per role.

Libraries: Dresden and Ballerup have editor groups, Strasbourg has none
(its pages are for site editors only). Roles are built the way the demo
content builds them (``exchange_site.demo.content``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.fields import StreamField
from wagtail.models import GroupPagePermission, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from exchange_site.demo.content import LIBRARY_EDITOR_PAGE_PERMISSIONS, REVIEWER_PAGE_PERMISSIONS
from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import GlossaryEntry, TranslationJob, TranslationStatus
from libraries.models import PartnerLibraryPage
from meetings.models import ExchangeTripPage, MeetingMinutesPage
from practices.models import PracticePage
from practices.taxonomy import Topic

from . import factories

LIBRARIES = ("dresden", "ballerup", "strasbourg")
#: Role → the libraries whose pages it may change (None: every library).
MAY_CHANGE: dict[str, set[str] | None] = {
    "dresden_editor": {"dresden"},
    "ballerup_editor": {"ballerup"},
    "dresden_editor_reviewing_de": {"dresden"},
    "reviewer_de": None,
    "reviewer_fr": None,
    "site_editor": None,
    "superuser": None,
}
#: Roles without "add" permission: Wagtail lets them neither copy nor move (both add a page).
CANNOT_ADD = {"reviewer_de", "reviewer_fr"}
REVIEWS = {"reviewer_de": {"de"}, "reviewer_fr": {"fr"}, "dresden_editor_reviewing_de": {"de"}}


@dataclass
class World:
    tree: object
    libraries: dict[str, PartnerLibraryPage]
    users: dict = field(default_factory=dict)
    topic: object = None

    def may_change(self, role: str, library: str) -> bool:
        allowed = MAY_CHANGE[role]
        return allowed is None or library in allowed


def grant(group: Group, page: Page, codenames: list[str]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=codename)
        )


@pytest.fixture
def world(site_tree, django_user_model) -> World:
    access_admin = Permission.objects.get(codename="access_admin")
    indexes = {
        "libraries": site_tree.libraries,
        "practices": site_tree.practices,
        "meetings": site_tree.meetings,
        "trips": site_tree.trips,
    }
    library_groups = {}
    libraries = {}
    for key in LIBRARIES:
        group = None
        if key != "strasbourg":
            group = Group.objects.create(name=f"{key} editors")
            group.permissions.add(access_admin)
            for index, codenames in LIBRARY_EDITOR_PAGE_PERMISSIONS.items():
                grant(group, indexes[index], codenames)
            library_groups[key] = group
        libraries[key] = factories.PartnerLibraryPageFactory(
            parent=site_tree.libraries, title=f"{key.title()} library", editor_group=group
        )
    reviewer_groups = {}
    for language in ("de", "fr"):
        group = Group.objects.create(name=f"Reviewers {language}")
        group.permissions.add(access_admin, Permission.objects.get(codename=f"review_{language}"))
        grant(group, site_tree.home, REVIEWER_PAGE_PERMISSIONS)
        reviewer_groups[language] = group
    site_editors = Group.objects.create(name="Site editors")
    site_editors.permissions.add(access_admin)
    grant(site_editors, site_tree.home, ["add_page", "change_page", "publish_page"])
    memberships = {
        "dresden_editor": [library_groups["dresden"]],
        "ballerup_editor": [library_groups["ballerup"]],
        "dresden_editor_reviewing_de": [library_groups["dresden"], reviewer_groups["de"]],
        "reviewer_de": [reviewer_groups["de"]],
        "reviewer_fr": [reviewer_groups["fr"]],
        "site_editor": [site_editors],
    }
    users = {
        role: django_user_model.objects.create_user(role, f"{role}@example.org", "pw")
        for role in memberships
    }
    for role, groups in memberships.items():
        users[role].groups.add(*groups)
    users["superuser"] = django_user_model.objects.create_superuser(
        "superuser", "superuser@example.org", "pw"
    )
    return World(site_tree, libraries, users, factories.TopicFactory(name="Gaming"))


def empty_streams(model) -> dict:
    return {f.name: streamfield([]) for f in model._meta.get_fields() if isinstance(f, StreamField)}


def practice_form(world: World, title: str, library: PartnerLibraryPage, **extra) -> dict:
    data = {
        **empty_streams(PracticePage),
        "title_en": title,
        "slug_en": title.lower().replace(" ", "-"),
        "source_language": "en",
        "library": library.pk,
        "maturity": "pilot",
        "summary_en": "A practice.",
        **extra,
    }
    return nested_form_data(data) | {"topics": [world.topic.pk]}


def minutes_form(title: str, library: PartnerLibraryPage) -> dict:
    data = {
        **empty_streams(MeetingMinutesPage),
        "title_en": title,
        "slug_en": title.lower().replace(" ", "-"),
        "source_language": "en",
        "date": "2022-01-14",
        "format": "online",
        "host_library": library.pk,
        "participants": inline_formset([]),
        "action_items": inline_formset([]),
        "attachments": inline_formset([]),
    }
    return nested_form_data(data)


def trip_form(title: str, library: PartnerLibraryPage) -> dict:
    data = {
        **empty_streams(ExchangeTripPage),
        "title_en": title,
        "slug_en": title.lower().replace(" ", "-"),
        "source_language": "en",
        "host_library": library.pk,
        "start_date": "2027-04-26",
        "end_date": "2027-04-28",
    }
    return nested_form_data(data)


def practice(world: World, library: str, title: str) -> PracticePage:
    page = factories.PracticePageFactory(
        parent=world.tree.practices, library=world.libraries[library], title=title
    )
    page.topics.set([world.topic])
    page.save_revision().publish()
    return page


def latest_title(page: Page) -> str:
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object().title


# Each action: (forge the POST, did it happen?) on a fresh practice of the library.
def act_edit(client, world, page):
    form = practice_form(world, "Edited by forgery", page.library, slug_en=page.slug)
    client.post(f"/admin/pages/{page.pk}/edit/", form)
    return latest_title(page) == "Edited by forgery"


def act_publish(client, world, page):
    form = practice_form(world, "Published by forgery", page.library, slug_en=page.slug)
    client.post(f"/admin/pages/{page.pk}/edit/", form | {"action-publish": "action-publish"})
    return PracticePage.objects.get(pk=page.pk).title == "Published by forgery"


def act_unpublish(client, world, page):
    client.post(f"/admin/pages/{page.pk}/unpublish/", {})
    return not Page.objects.get(pk=page.pk).live


def act_delete(client, world, page):
    client.post(f"/admin/pages/{page.pk}/delete/", {})
    return not Page.objects.filter(pk=page.pk).exists()


def act_move(client, world, page):
    """Moving to the end of its own index: the only place a practice may live."""
    before = Page.objects.get(pk=page.pk).path
    client.post(f"/admin/pages/{page.pk}/move/{world.tree.practices.pk}/confirm/", {})
    return Page.objects.get(pk=page.pk).path != before


def act_copy(client, world, page):
    slug = f"{page.slug}-copy"
    client.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title_en": f"{page.title} copy",
            "new_slug_en": slug,
            "new_parent_page": world.tree.practices.pk,
        },
    )
    return Page.objects.filter(slug=slug).exists()


def act_bulk_unpublish(client, world, page):
    client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={page.pk}", {})
    return not Page.objects.get(pk=page.pk).live


ACTIONS = [act_edit, act_publish, act_unpublish, act_bulk_unpublish, act_copy, act_move, act_delete]


@pytest.mark.parametrize("role", MAY_CHANGE)
def test_page_actions_follow_library_groups(client, world, role):
    client.force_login(world.users[role])
    wrong = []
    for library in LIBRARIES:
        for action in ACTIONS:
            page = practice(world, library, f"{library} {action.__name__}")
            factories.PracticePageFactory(parent=world.tree.practices, library=page.library)
            happened = action(client, world, page)
            expected = world.may_change(role, library) and not (
                role in CANNOT_ADD and action in (act_copy, act_move)
            )
            if happened != expected:
                wrong.append(f"{action.__name__} on {library}: happened={happened}")
    assert wrong == [], f"{role} could do what it may not, or not what it may: {wrong}"


OWNER_FORMS = {
    "practice": (
        "practices",
        "practices/practicepage",
        lambda world, title, lib: practice_form(world, title, lib),
        PracticePage,
    ),
    "minutes": (
        "meetings",
        "meetings/meetingminutespage",
        lambda world, title, lib: minutes_form(title, lib),
        MeetingMinutesPage,
    ),
    "trip": (
        "trips",
        "meetings/exchangetrippage",
        lambda world, title, lib: trip_form(title, lib),
        ExchangeTripPage,
    ),
}


@pytest.mark.parametrize("role", ["dresden_editor", "site_editor"])
@pytest.mark.parametrize("kind", OWNER_FORMS)
def test_owner_or_host_must_be_an_own_library(client, world, role, kind):
    index_name, add_path, make_form, model = OWNER_FORMS[kind]
    index = getattr(world.tree, index_name)
    client.force_login(world.users[role])
    for library in LIBRARIES:
        title = f"{kind} owned by {library}"
        response = client.post(
            f"/admin/pages/add/{add_path}/{index.pk}/",
            make_form(world, title, world.libraries[library]),
        )
        created = model.objects.filter(title=title).exists()
        assert created == world.may_change(role, library), (
            f"{role} creating a {kind} for {library}: created={created}"
        )
        if not created:
            assert response.status_code == 200 and "Select a valid choice" in (
                response.content.decode()
            ), f"the refused {kind} form should say the library is not a valid choice"


def test_a_library_editor_cannot_hand_a_page_or_library_group_to_others(client, world):
    client.force_login(world.users["dresden_editor"])
    own = practice(world, "dresden", "Dresden practice")
    form = practice_form(world, "Dresden practice", world.libraries["ballerup"], slug_en=own.slug)
    client.post(f"/admin/pages/{own.pk}/edit/", form | {"action-publish": "action-publish"})
    assert PracticePage.objects.get(pk=own.pk).library == world.libraries["dresden"], (
        "a forged POST moved Dresden's practice to Ballerup"
    )
    dresden = world.libraries["dresden"]
    data = {
        **empty_streams(PartnerLibraryPage),
        "title_en": "Dresden library",
        "slug_en": dresden.slug,
        "source_language": "en",
        "city": "Dresden",
        "country": "DE",
        "main_language": "de",
        "editor_group": world.libraries["ballerup"].editor_group_id,
        "contacts": inline_formset([]),
        "action-publish": "action-publish",
    }
    response = client.post(f"/admin/pages/{dresden.pk}/edit/", nested_form_data(data))
    assert response.status_code == 302, "the library's own editor may publish its profile"
    dresden.refresh_from_db()
    assert dresden.editor_group.name == "dresden editors", (
        "a library editor changed which group edits the library"
    )
    response = client.post(
        f"/admin/pages/add/libraries/partnerlibrarypage/{world.tree.libraries.pk}/",
        nested_form_data(data | {"title_en": "Fake library", "slug_en": "fake"}),
    )
    assert not PartnerLibraryPage.objects.filter(slug="fake").exists(), (
        "a library editor added a partner library"
    )


def drafts(world: World) -> dict[str, PracticePage]:
    """One practice per library with German and French machine drafts and a failed job."""
    pages = {}
    for library in LIBRARIES:
        page = practice(world, library, f"Drafted practice of {library}")
        run_job(create_job(page, ["de", "fr"], "pseudo").pk)
        TranslationJob.objects.create(
            page=page, source_language="en", target_languages=["da"], provider="pseudo"
        )
        TranslationJob.objects.filter(page=page, target_languages=["da"]).update(
            status=TranslationJob.Status.FAILED, error="Provider down"
        )
        pages[library] = page
    assert TranslationStatus.objects.filter(state="machine").exists()
    return pages


@pytest.mark.parametrize("role", MAY_CHANGE)
def test_listings_show_only_pages_the_user_may_edit(client, world, role):
    pages = drafts(world)
    client.force_login(world.users[role])
    screens = {"job list": client.get("/admin/translation/jobs/")}
    if role in REVIEWS:
        screens["review queue"] = client.get("/admin/translation/review/")
    for screen, response in screens.items():
        assert response.status_code == 200, f"{role} cannot open the {screen}"
        html = response.content.decode()
        for library, page in pages.items():
            shown = page.title in html
            assert shown == world.may_change(role, library), (
                f"{role} on the {screen}: {library}'s page shown={shown}"
            )
    dashboard = client.get("/admin/").content.decode()
    for library, page in pages.items():
        if not world.may_change(role, library):
            assert page.title not in dashboard, f"{role}'s dashboard names {library}'s page"
    if role in REVIEWS:
        editable = sum(world.may_change(role, library) for library in LIBRARIES)
        language = next(iter(REVIEWS[role]))
        assert f"<strong>{editable}</strong>" in dashboard.split("data-review-summary")[1], (
            f"{role}'s dashboard should count {editable} page(s) waiting in {language}"
        )


@pytest.mark.parametrize("role", MAY_CHANGE)
def test_review_only_own_languages_and_libraries(client, world, role):
    pages = drafts(world)
    client.force_login(world.users[role])
    languages = REVIEWS.get(role, set()) | ({"de", "fr"} if role == "superuser" else set())
    for library, page in pages.items():
        for language in ("de", "fr"):
            response = client.post(
                f"/admin/translation/review/{page.pk}/{language}/",
                {"action": "accept_all", "confirm_unedited": "1"},
            )
            reviewed = TranslationStatus.objects.filter(
                page=page, language=language, state="reviewed"
            ).exists()
            allowed = language in languages and world.may_change(role, library)
            assert reviewed == allowed, (
                f"{role} reviewing {language} of {library}'s page: reviewed={reviewed} "
                f"(answer {response.status_code})"
            )


@pytest.mark.parametrize("role", MAY_CHANGE)
def test_retry_never_redirects_off_site(client, world, role):
    pages = drafts(world)
    client.force_login(world.users[role])
    for library, page in pages.items():
        job = TranslationJob.objects.get(page=page, status=TranslationJob.Status.FAILED)
        response = client.post(
            f"/admin/translation/jobs/{job.pk}/retry/", {"next": "http://evil.example/"}
        )
        assert "evil.example" not in response.get("Location", ""), (
            f"{role}'s retry redirected to a hostile next URL"
        )
        retried = TranslationJob.objects.filter(retry_of=job).exists()
        assert retried == world.may_change(role, library), (
            f"{role} retrying {library}'s job: retried={retried}"
        )
        if retried:
            assert response.url == "/admin/translation/jobs/", "refused next: back to the jobs"
    job = TranslationJob.objects.filter(status=TranslationJob.Status.FAILED).last()
    response = client.post(f"/admin/translation/jobs/{job.pk}/retry/", {"next": "//evil.example"})
    assert "evil.example" not in response.get("Location", ""), "scheme-relative next followed"


def grow_to(world: World, total: int) -> None:
    """``total`` Dresden practices, each with a German machine draft waiting for review,
    and as many topics and glossary entries."""
    while PracticePage.objects.count() < total:
        page = factories.PracticePageFactory(
            parent=world.tree.practices, library=world.libraries["dresden"]
        )
        TranslationStatus.objects.create(
            page=page, field="summary", language="de", state=TranslationStatus.State.MACHINE
        )
    while Topic.objects.count() < total:
        factories.TopicFactory()
    while GlossaryEntry.objects.count() < total:
        GlossaryEntry.objects.create(term_en=f"term {GlossaryEntry.objects.count()}")


#: Listing → what each of its rows shows (a link to edit or review, a snippet's name).
LISTINGS = {
    "page explorer": ("/admin/pages/{practices}/", "/edit/"),
    "review queue": ("/admin/translation/review/", '/de/">'),
    "topics": ("/admin/snippets/practices/topic/", "/admin/snippets/practices/topic/edit/"),
    "glossary": (
        "/admin/snippets/translation/glossaryentry/",
        "/admin/snippets/translation/glossaryentry/edit/",
    ),
}


@pytest.mark.parametrize("listing", LISTINGS)
def test_listing_as_a_library_editor_costs_the_same_queries_for_5_and_25_rows(
    client, world, listing
):
    """Per-row work (the user's libraries, permissions, titles) is done once per request."""
    user = world.users["dresden_editor_reviewing_de"]
    # Library editors who also keep the taxonomy and the glossary.
    user.groups.first().permissions.add(
        *Permission.objects.filter(codename__in=["change_topic", "change_glossaryentry"])
    )
    client.force_login(user)
    url, row_marker = LISTINGS[listing]
    url = url.format(practices=world.tree.practices.pk)
    counts = {}
    for total in (5, 25):
        grow_to(world, total)
        client.get(url)  # warm Wagtail's per-process caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, f"{listing} answered {response.status_code}"
        shown = response.content.decode().count(row_marker)
        assert shown >= total, f"{listing}: {shown} rows shown for {total}"
        counts[total] = len(queries)
    assert counts[5] == counts[25], f"{listing}: queries grew with the rows: {counts}"
