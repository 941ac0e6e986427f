"""Editorial review of machine drafts in the admin, and what readers are told."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.cache import cache
from django.utils import timezone, translation

from wagtail.models import GroupPagePermission, Page, PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import (
    TranslationJob,
    TranslationMemoryEntry,
    TranslationSettings,
    TranslationStatus,
)
from exchange_site.translation.pipeline import translate_page
from practices.models import PracticePage
from tests import factories

State = TranslationStatus.State


def make_user(django_user_model, name, *permissions, groups=(), email=True):
    user = django_user_model.objects.create_user(
        name, f"{name}@example.org" if email else "", "pw", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *[Permission.objects.get(codename=codename) for codename in permissions],
    )
    user.groups.add(*groups)
    return user


@pytest.fixture
def editors_group(site_tree):
    """Ordinary Wagtail editors: may edit and publish everything under the home page."""
    group = Group.objects.create(name="Exchange editors")
    for permission in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group,
            page=site_tree.home,
            permission=Permission.objects.get(codename=permission),
        )
    return group


@pytest.fixture
def german_reviewer(django_user_model, editors_group):
    return make_user(django_user_model, "gerda", "review_de", groups=[editors_group])


@pytest.fixture
def french_reviewer(django_user_model, editors_group):
    return make_user(django_user_model, "francois", "review_fr", groups=[editors_group])


@pytest.fixture
def danish_practice(site_tree, danish_library):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Læselyst",
        slug="laeselyst",
        summary=None,
        summary_da="Vi vil understøtte læsefærdigheder og læselyst på alle niveauer.",
        body=None,
        body_da=[("paragraph", "<p>Vi arbejder med <b>interaktiv</b> læsning.</p>")],
    )
    page.save_revision().publish()
    translate_page(page, ["de", "fr"])
    return PracticePage.objects.get(pk=page.pk)


def denied(response) -> bool:
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def review_url(page, language):
    return f"/admin/translation/review/{page.pk}/{language}/"


def segment_ids(response):
    return [segment.id for segment in response.context["review"].segments]


def test_queue_lists_only_the_reviewers_languages(client, german_reviewer, danish_practice):
    client.force_login(german_reviewer)
    response = client.get("/admin/translation/review/")
    assert response.status_code == 200
    rows = list(response.context["page_obj"])
    assert {row["language"] for row in rows} == {"de"}, "a German reviewer sees German items only"
    assert rows[0]["fields"] == 3 and "Review" in response.content.decode()


def test_queue_filters_by_library_type_and_age(client, django_user_model, danish_practice):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    library_id = danish_practice.library_id
    assert (
        len(client.get(f"/admin/translation/review/?library={library_id}").context["page_obj"]) == 2
    )
    assert (
        len(
            client.get(f"/admin/translation/review/?library={library_id + 999}").context["page_obj"]
        )
        == 0
    )
    assert len(client.get("/admin/translation/review/?language=fr").context["page_obj"]) == 1
    type_id = danish_practice.content_type_id
    assert len(client.get(f"/admin/translation/review/?type={type_id}").context["page_obj"]) == 2
    assert len(client.get("/admin/translation/review/?age=7").context["page_obj"]) == 0
    TranslationStatus.objects.update(
        machine_translated_at=timezone.now() - datetime.timedelta(days=10)
    )
    assert len(client.get("/admin/translation/review/?age=7").context["page_obj"]) == 2


def test_people_who_review_nothing_get_no_queue(client, django_user_model, editors_group):
    client.force_login(make_user(django_user_model, "ed", groups=[editors_group]))
    assert denied(client.get("/admin/translation/review/"))


def test_review_view_aligns_source_draft_and_translation(client, german_reviewer, danish_practice):
    client.force_login(german_reviewer)
    response = client.get(review_url(danish_practice, "de"))
    html = response.content.decode()
    assert response.status_code == 200
    segments = response.context["review"].segments
    assert [s.source_display for s in segments] == [
        "Læselyst",
        "Vi vil understøtte læsefærdigheder og læselyst på alle niveauer.",
        "Vi arbejder med <b>interaktiv</b> læsning.",
    ]
    assert segments[2].draft == "[DE] Vi arbejder med [1]interaktiv[/1] læsning.", (
        "the editor spells the bold mark as a numbered token, not as HTML"
    )
    assert "Machine draft by pseudo" in html
    assert "100% of this translation is unmodified machine output." in " ".join(
        BeautifulSoup(html, "html.parser").get_text().split()
    )


def test_a_reviewer_cannot_review_another_language(client, german_reviewer, danish_practice):
    client.force_login(german_reviewer)
    assert denied(client.get(review_url(danish_practice, "fr")))
    response = client.post(review_url(danish_practice, "fr"), {"action": "accept_all"})
    assert denied(response)
    assert TranslationStatus.objects.filter(language="fr", state=State.REVIEWED).count() == 0


def test_accept_all_needs_confirmation_when_unedited(client, german_reviewer, danish_practice):
    client.force_login(german_reviewer)
    response = client.post(review_url(danish_practice, "de"), {"action": "accept_all"})
    assert response.status_code == 200 and response.context["confirm_needed"]
    assert "I have read the whole translation" in response.content.decode()
    assert not TranslationStatus.objects.filter(state=State.REVIEWED).exists()


def test_accept_all_with_confirmation_reviews_and_creates_a_revision(
    client, german_reviewer, danish_practice
):
    client.force_login(german_reviewer)
    revisions_before = danish_practice.revisions.count()
    response = client.post(
        review_url(danish_practice, "de"), {"action": "accept_all", "confirm_unedited": "1"}
    )
    assert response.status_code == 302
    statuses = TranslationStatus.objects.filter(page=danish_practice, language="de")
    assert {s.state for s in statuses} == {State.REVIEWED}
    assert {s.reviewed_by for s in statuses} == {german_reviewer}
    assert danish_practice.revisions.count() == revisions_before + 1
    assert danish_practice.revisions.order_by("-created_at").first().user == german_reviewer
    assert (
        TranslationMemoryEntry.objects.filter(origin="reviewed", target_language="de").count() == 3
    )
    assert TranslationStatus.objects.filter(language="fr", state=State.MACHINE).count() == 3


def test_edit_and_accept_one_segment(client, german_reviewer, danish_practice):
    client.force_login(german_reviewer)
    ids = segment_ids(client.get(review_url(danish_practice, "de")))
    response = client.post(
        review_url(danish_practice, "de"),
        {
            "action": "save",
            f"text-{ids[2]}": "Wir arbeiten mit [1]interaktivem[/1] Lesen.",
        },
    )
    assert response.status_code == 302
    page = PracticePage.objects.get(pk=danish_practice.pk)
    assert page.body_de[0].value.source == "<p>Wir arbeiten mit <b>interaktivem</b> Lesen.</p>"
    body_status = TranslationStatus.objects.get(page=page, language="de", field="body")
    assert body_status.state == State.REVIEWED
    assert TranslationStatus.objects.get(page=page, language="de", field="summary").state == (
        State.MACHINE
    ), "segments not accepted stay machine drafts"


def test_formatting_must_survive_review(client, german_reviewer, danish_practice):
    client.force_login(german_reviewer)
    ids = segment_ids(client.get(review_url(danish_practice, "de")))
    response = client.post(
        review_url(danish_practice, "de"),
        {
            "action": "save",
            f"text-{ids[2]}": "Wir arbeiten mit interaktivem Lesen.",
        },
    )
    assert response.status_code == 200
    assert "Keep the formatting of the original" in response.content.decode()
    page = PracticePage.objects.get(pk=danish_practice.pk)
    assert page.body_de[0].value.source == "<p>[DE] Vi arbejder med <b>interaktiv</b> læsning.</p>"


def test_copy_source_and_retranslate_fill_the_editor_without_saving(
    client, german_reviewer, danish_practice, loopback
):
    client.force_login(german_reviewer)
    ids = segment_ids(client.get(review_url(danish_practice, "de")))
    response = client.post(review_url(danish_practice, "de"), {"action": f"copy:{ids[1]}"})
    assert response.context["review"].segments[1].text == (
        "Vi vil understøtte læsefærdigheder og læselyst på alle niveauer."
    )
    response = client.post(
        review_url(danish_practice, "de"),
        {"action": f"retranslate:{ids[1]}", "provider": "libretranslate"},
    )
    segment = response.context["review"].segments[1]
    assert segment.text.startswith("<de> Vi vil"), "the loopback provider's new draft is shown"
    assert [r.texts for r in loopback.received] == [
        ["Vi vil understøtte læsefærdigheder og læselyst på alle niveauer."]
    ]
    assert (
        TranslationStatus.objects.get(page=danish_practice, language="de", field="summary").state
        == State.MACHINE
    )


def test_outdated_translation_shows_what_changed(client, german_reviewer, danish_practice):
    client.force_login(german_reviewer)
    client.post(
        review_url(danish_practice, "de"), {"action": "accept_all", "confirm_unedited": "1"}
    )
    page = PracticePage.objects.get(pk=danish_practice.pk)
    page.summary_da = "Vi vil understøtte læselyst for børn på alle niveauer."
    page.save_revision().publish()
    translate_page(page, ["de"])
    response = client.get(review_url(page, "de"))
    html = response.content.decode()
    assert "What changed in the source" in html
    assert "<ins>læselyst for børn</ins>" in html or "<ins>" in html
    assert PracticePage.objects.get(pk=page.pk).summary_de.startswith("[DE] Vi vil understøtte"), (
        "the reviewed text stays until the new draft is approved"
    )


def test_readers_see_machine_drafts_marked(client, danish_practice):
    with translation.override("de"):
        url = danish_practice.url
    html = client.get(url, HTTP_HOST="localhost").content.decode()
    assert 'class="notice notice--machine"' in html, "readers must be told it is machine-made"
    assert 'data-machine-fields="title summary body"' in html
    assert 'href="/da/practices/laeselyst/" hreflang="da"' in html, "with a link to the original"
    assert 'lang="de">[DE] Vi vil understøtte' in html


def test_the_site_can_show_the_original_instead_of_drafts(client, danish_practice):
    settings_row = TranslationSettings.load()
    settings_row.show_machine_drafts = False
    settings_row.save()
    with translation.override("de"):
        url = danish_practice.url
    html = client.get(url, HTTP_HOST="localhost").content.decode()
    assert "[DE]" not in html.split("<main", 1)[1], "no unreviewed machine text is shown"
    assert 'lang="da">Vi vil understøtte' in html
    assert "notice--fallback" in html


def test_reviewed_text_is_shown_without_a_machine_notice(client, german_reviewer, danish_practice):
    client.force_login(german_reviewer)
    client.post(
        review_url(danish_practice, "de"), {"action": "accept_all", "confirm_unedited": "1"}
    )
    client.logout()
    with translation.override("de"):
        url = PracticePage.objects.get(pk=danish_practice.pk).url
    html = client.get(url, HTTP_HOST="localhost").content.decode()
    assert "notice--machine" not in html


def test_reviewers_are_notified_of_new_drafts(german_reviewer, french_reviewer, site_tree):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        title=None,
        title_da="Gaming",
        slug="gaming",
        summary=None,
        summary_da="Spil på biblioteket.",
        library=factories.PartnerLibraryPageFactory(parent=site_tree.libraries),
    )
    run_job(create_job(page, ["de"]).pk)
    assert [message.to for message in mail.outbox] == [["gerda@example.org"]]
    assert "/admin/translation/review/" in mail.outbox[0].body


def test_dashboard_and_listing_show_what_waits(client, german_reviewer, danish_practice):
    client.force_login(german_reviewer)
    dashboard = client.get("/admin/").content.decode()
    assert "Translations to review" in dashboard and "<strong>1</strong> German" in dashboard
    listing = client.get(f"/admin/pages/{danish_practice.get_parent().pk}/").content.decode()
    assert 'data-chip="de-waiting"' in listing and 'data-chip="fr-waiting"' in listing


def test_bulk_action_queues_translation(
    client, django_user_model, danish_practice, django_capture_on_commit_callbacks
):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    url = f"/admin/bulk/wagtailcore/page/translate/?next=/admin/&id={danish_practice.pk}"
    assert client.get(url).status_code == 200
    estimate = client.post(url, {"languages": ["en"], "provider": "pseudo"})
    assert estimate.status_code == 200 and "data-budget-estimate" in estimate.content.decode()
    assert not TranslationJob.objects.exists(), "nothing is queued before the confirmation"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"languages": ["en"], "provider": "pseudo", "confirmed": "en|pseudo"}
        )
    assert response.status_code == 302
    job = TranslationJob.objects.get(page=danish_practice)
    assert job.target_languages == ["en"] and job.status == TranslationJob.Status.SUCCEEDED


def test_translate_now_form_queues_a_job(
    client, german_reviewer, danish_practice, django_capture_on_commit_callbacks
):
    client.force_login(german_reviewer)
    url = f"/admin/translation/pages/{danish_practice.pk}/"
    assert "Translate now" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"languages": ["en"], "provider": ""})
    assert TranslationJob.objects.get(page=danish_practice).status == "succeeded"


def test_automatic_mode_is_chosen_per_page_type(
    settings, danish_practice, django_capture_on_commit_callbacks
):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "AUTO_TRANSLATE_ON_PUBLISH": True,
    }
    choices = TranslationSettings.load()
    choices.not_translated_on_publish.add(ContentType.objects.get_for_model(PracticePage))
    with django_capture_on_commit_callbacks(execute=True):
        danish_practice.save_revision().publish()
    assert not TranslationJob.objects.exists(), "practices are not translated on publish"
    choices.not_translated_on_publish.clear()
    with django_capture_on_commit_callbacks(execute=True):
        danish_practice.save_revision().publish()
    assert TranslationJob.objects.count() == 1


def test_private_minutes_are_not_sent_to_external_providers(site_tree, dresden, loopback):
    minutes = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        source_language="de",
        title=None,
        title_de="Interne Sitzung",
        summary=None,
        summary_de="Nur für das Team.",
        host_library=dresden,
    )
    PageViewRestriction.objects.create(page=minutes, restriction_type="login")
    job = run_job(create_job(minutes, ["fr"], "libretranslate").pk)
    assert job.status == TranslationJob.Status.FAILED
    assert "This page is private" in job.error
    assert loopback.received == [], "nothing may leave the server"
    assert run_job(create_job(minutes, ["fr"], "pseudo").pk).status == "succeeded", (
        "on-server translation is allowed"
    )
    minutes.allow_external_translation = True
    minutes.save()
    minutes.summary_de = "Nur für das Team, jetzt erlaubt."
    minutes.save_revision().publish()
    assert run_job(create_job(minutes, ["fr"], "libretranslate").pk).status == "succeeded"


def test_library_editors_edit_only_their_library_pages(
    client, django_user_model, site_tree, editors_group
):
    dresden_group = Group.objects.create(name="Dresden editors")
    ballerup_group = Group.objects.create(name="Ballerup editors")
    dresden = factories.PartnerLibraryPageFactory(
        parent=site_tree.libraries, editor_group=dresden_group
    )
    ballerup = factories.PartnerLibraryPageFactory(
        parent=site_tree.libraries, editor_group=ballerup_group
    )
    own = factories.PracticePageFactory(parent=site_tree.practices, library=dresden)
    other = factories.PracticePageFactory(parent=site_tree.practices, library=ballerup)
    editor = make_user(django_user_model, "dora", groups=[editors_group, dresden_group])
    client.force_login(editor)
    assert client.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert denied(client.get(f"/admin/pages/{other.pk}/edit/")), (
        "a Dresden editor may not edit Ballerup's practice"
    )
    assert denied(client.get(f"/admin/pages/{ballerup.pk}/edit/"))
    central = make_user(django_user_model, "carl", groups=[editors_group])
    client.force_login(central)
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code == 200, (
        "editors outside library groups keep ordinary permissions"
    )
    assert Page.objects.filter(pk=other.pk).exists()


def test_a_reader_between_saving_and_committing_the_setting_does_not_keep_the_old_value(
    client, danish_practice, django_capture_on_commit_callbacks
):
    """A reader in another connection reads the committed (old) row while the admin saves."""
    assert TranslationSettings.readers_see_machine_drafts(), "the demo default shows drafts"
    settings_row = TranslationSettings.load()
    settings_row.show_machine_drafts = False
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.save()
        # What such a reader leaves behind: the old value, cached for a minute.
        cache.set(
            TranslationSettings.READER_CACHE_KEY, True, TranslationSettings.READER_CACHE_SECONDS
        )
    assert not TranslationSettings.readers_see_machine_drafts(), (
        "after the commit readers should follow the saved setting, not a value read before it"
    )
