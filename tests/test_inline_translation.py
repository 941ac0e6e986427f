"""Inline objects in translation: stable keys, writes that stick, writes that never clobber.

Action items, participants and contact roles are translated like page fields;
these tests drive the real admin (edit, copy, revert), the review screen and
the pipeline (offline pseudo provider and the loopback LibreTranslate server).
"""

import html
import uuid

from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

import pytest
from modelcluster.fields import ParentalKey
from modeltranslation.translator import translator

from exchange_site.core.models import TranslatableOrderable
from exchange_site.translation.errors import SourceChanged
from exchange_site.translation.fields import translatable_fields
from exchange_site.translation.models import TranslationStatus
from exchange_site.translation.pipeline import translate_page
from exchange_site.translation.review import PageReview
from libraries.models import LibraryContact, PartnerLibraryPage
from meetings.models import ActionItem, MeetingMinutesPage, MeetingParticipant
from tests import factories

State = TranslationStatus.State
MARKERS = {"pseudo": "[FR] ", "libretranslate": "<fr> "}


@pytest.fixture
def minutes(site_tree):
    """Minutes written in German, live, with two action items and a participant."""
    page = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        source_language="de",
        title=None,
        title_de="Austausch Januar",
        slug="austausch-januar",
        summary=None,
        summary_de="Digitaler Erfahrungsaustausch.",
    )
    for description in ("Einladung senden.", "Protokoll verteilen."):
        factories.ActionItemFactory(page=page, description=None, description_de=description)
    MeetingParticipant.objects.create(page=page, name="Jean Martin", role_de="Moderation")
    page = MeetingMinutesPage.objects.get(pk=page.pk)
    page.save_revision().publish()
    return MeetingMinutesPage.objects.get(pk=page.pk)


@pytest.fixture
def library(dresden):
    LibraryContact.objects.create(page=dresden, name="Anna Schmidt", role_de="Leiterin Ausleihe")
    page = PartnerLibraryPage.objects.get(pk=dresden.pk)
    page.save_revision().publish()
    return PartnerLibraryPage.objects.get(pk=dresden.pk)


def reload(page):
    return type(page).objects.get(pk=page.pk)


def statuses(page, language=None) -> dict:
    rows = TranslationStatus.objects.filter(page_id=page.pk)
    if language:
        rows = rows.filter(language=language)
    return {(s.field, s.language): s.state for s in rows}


def current_keys(page) -> set[str]:
    latest = reload(page).get_latest_revision_as_object()
    return {item.key for item in translatable_fields(latest, latest.source_language) if item.units}


def revised(page, relation: str, child) -> dict:
    """The latest revision's copy of an inline object."""
    content = reload(page).get_latest_revision().content
    return next(c for c in content[relation] if c["inline_key"] == str(child.inline_key))


def french_html(client, page) -> str:
    with translation.override("fr"):
        url = reload(page).url
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return html.unescape(response.content.decode())


def edit_form(client, url: str, page) -> dict:
    """The admin's edit form as a browser would submit it untouched (a "plain save").

    StreamFields are drawn by JavaScript, so the scraped form has no inputs for
    them; the pages used here have empty streams, submitted as such.
    """
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    form = querydict_from_html(response.content.decode(), form_id="page-edit-form").dict()
    for field in type(page)._meta.get_fields():
        if isinstance(field, StreamField):
            form.setdefault(f"{field.name}-count", "0")
    return form


def admin_publish(client, page, form: dict, url: str | None = None):
    url = url or f"/admin/pages/{page.pk}/edit/"
    response = client.post(url, form | {"action-publish": "action-publish"})
    assert response.status_code == 302, (
        f"the admin refused the save: {response.content.decode()[:3000]}"
    )


def review(client, page, language: str, data: dict):
    url = f"/admin/translation/review/{page.pk}/{language}/"
    return client.post(url, {"confirm_unedited": "1", **data})


# --- the pipeline writes inline translations ------------------------------------


@pytest.mark.parametrize("provider", ["pseudo", "libretranslate"])
def test_minutes_inline_translations_are_written_revised_and_published(
    provider, minutes, loopback, client
):
    marker = MARKERS[provider]
    translate_page(minutes, targets=["fr"], provider=provider)
    page = reload(minutes)
    items = list(page.action_items.all())
    assert [item.description_fr for item in items] == [
        f"{marker}Einladung senden.",
        f"{marker}Protokoll verteilen.",
    ], "action item translations must be in the database columns"
    assert page.participants.get().role_fr == f"{marker}Moderation", "participant role column"
    content = page.get_latest_revision().content
    assert [child["description_fr"] for child in content["action_items"]] == [
        item.description_fr for item in items
    ], "the latest revision must hold the same translations (or a rollback loses them)"
    assert content["participants"][0]["role_fr"] == f"{marker}Moderation"
    assert not page.has_unpublished_changes, "a live page's translations are published"
    shown = french_html(client, page)
    assert f"{marker}Einladung senden." in shown and f"{marker}Moderation" in shown, (
        "the French reader page must show the translated action item and role"
    )
    expected = {
        f"action_items.{items[0].inline_key}.description",
        f"action_items.{items[1].inline_key}.description",
        f"participants.{page.participants.get().inline_key}.role",
    }
    machine = {field for (field, _), state in statuses(page, "fr").items() if state == "machine"}
    assert expected <= machine, f"statuses must be keyed by the inline keys: {machine}"


@pytest.mark.parametrize("provider", ["pseudo", "libretranslate"])
def test_library_contact_roles_are_written(provider, library, loopback, client):
    marker = MARKERS[provider]
    translate_page(library, targets=["fr"], provider=provider)
    page = reload(library)
    assert page.contacts.get().role_fr == f"{marker}Leiterin Ausleihe", "contact role column"
    content = page.get_latest_revision().content
    assert content["contacts"][0]["role_fr"] == f"{marker}Leiterin Ausleihe", "in the revision"
    assert f"{marker}Leiterin Ausleihe" in french_html(client, page), "on the live page"


def test_inline_translations_survive_rollback_to_the_translated_revision(minutes, admin_client):
    translate_page(minutes, targets=["fr"])
    translated = reload(minutes).get_latest_revision()
    item = reload(minutes).action_items.first()
    form = edit_form(admin_client, f"/admin/pages/{minutes.pk}/edit/", minutes)
    form["action_items-0-description_fr"] = ""  # an editor empties the translation
    admin_publish(admin_client, minutes, form)
    assert not ActionItem.objects.get(pk=item.pk).description_fr, "the edit emptied it"
    url = f"/admin/pages/{minutes.pk}/revisions/{translated.pk}/revert/"
    admin_publish(admin_client, minutes, edit_form(admin_client, url, minutes), url)
    restored = ActionItem.objects.get(inline_key=item.inline_key)
    assert restored.description_fr == "[FR] Einladung senden.", (
        "rolling back to the translated revision restores the action item translation"
    )
    key = f"action_items.{item.inline_key}.description"
    assert statuses(minutes, "fr")[key, "fr"] == State.MACHINE, "and its machine-draft status"


# --- every translatable inline model has a key ------------------------------------


def test_every_translatable_inline_model_has_a_translation_key():
    inline_models = [
        model
        for model in translator.get_registered_models()
        if any(isinstance(f, ParentalKey) for f in model._meta.get_fields())
    ]
    assert {m.__name__ for m in inline_models} >= {
        "LibraryContact",
        "MeetingParticipant",
        "ActionItem",
    }, f"the registered inline models changed: {inline_models}"
    for model in inline_models:
        assert issubclass(model, TranslatableOrderable), (
            f"{model.__name__} has translated fields but no inline_key"
        )


# --- the review screen saves inline fields ----------------------------------------


def test_review_save_of_an_action_item_persists(minutes, admin_client, client):
    translate_page(minutes, targets=["fr"])
    item = reload(minutes).action_items.first()
    key = f"action_items.{item.inline_key}.description"
    response = review(
        admin_client,
        minutes,
        "fr",
        {"action": "accept_all", f"text-{key}:0:0": "Envoyer l'invitation."},
    )
    assert response.status_code == 302, "the review save must succeed"
    page = reload(minutes)
    assert ActionItem.objects.get(pk=item.pk).description_fr == "Envoyer l'invitation.", (
        "the reviewed action item must be in its column"
    )
    assert revised(page, "action_items", item)["description_fr"] == "Envoyer l'invitation.", (
        "the revision"
    )
    assert statuses(page, "fr")[key, "fr"] == State.REVIEWED
    assert "Envoyer l'invitation." in french_html(client, page), "published to readers"


# --- add, delete, reorder in the admin --------------------------------------------


def test_admin_add_delete_reorder_inline_items_keeps_statuses_matching(minutes, admin_client):
    translate_page(minutes)
    form = edit_form(admin_client, f"/admin/pages/{minutes.pk}/edit/", minutes)
    form["participants-0-DELETE"] = "on"
    form["action_items-0-ORDER"], form["action_items-1-ORDER"] = "2", "1"
    total = int(form["action_items-TOTAL_FORMS"])
    form |= {
        "action_items-TOTAL_FORMS": str(total + 1),
        f"action_items-{total}-id": "",
        f"action_items-{total}-ORDER": str(total + 1),
        f"action_items-{total}-DELETE": "",
        f"action_items-{total}-description_de": "Termin finden.",
        f"action_items-{total}-owner": "Ballerup",
        f"action_items-{total}-due_date": "",
        f"action_items-{total}-status": "open",
    }
    admin_publish(admin_client, minutes, form)
    page = reload(minutes)
    assert not page.participants.exists(), "the participant was deleted"
    assert [i.description_de for i in page.action_items.all()] == [
        "Protokoll verteilen.",
        "Einladung senden.",
        "Termin finden.",
    ], "reordered and added"
    translate_page(page)
    page = reload(page)
    keys = current_keys(page)
    found = {field for field, _language in statuses(page)}
    assert found == keys, f"statuses must match the page's fields: extra {found - keys}"
    assert statuses(page)[
        f"action_items.{page.action_items.last().inline_key}.description", "fr"
    ] == (State.MACHINE), "the new item was translated"
    assert page.action_items.last().description_fr == "[FR] Termin finden."
    queue = admin_client.get("/admin/translation/review/?language=fr")
    counted = [row["fields"] for row in queue.context["page_obj"] if row["page_id"] == page.pk]
    assert counted == [len(keys)], f"the review queue counts only existing fields: {counted}"


# --- copy and revert --------------------------------------------------------------


def test_admin_copy_keeps_machine_drafts_machine(minutes, admin_client):
    translate_page(minutes, targets=["fr"])
    url = f"/admin/pages/{minutes.pk}/copy/"
    page_html = admin_client.get(url).content.decode()
    form = next(
        data
        for index in range(5)
        if "new_parent_page" in (data := querydict_from_html(page_html, form_index=index))
    ).dict()
    form |= {"publish_copies": "on"}
    form |= {name: f"{value}-kopie" for name, value in form.items() if name.startswith("new_slug")}
    response = admin_client.post(url, form)
    assert response.status_code == 302, f"copy refused: {response.content.decode()[:2000]}"
    copy = MeetingMinutesPage.objects.exclude(pk=minutes.pk).get()
    copied = statuses(copy, "fr")
    assert copied, "the copy must have statuses from the start"
    assert all(
        state == State.MACHINE for (field, _l), state in copied.items() if field != "title"
    ), f"the copy's unchanged machine drafts stay machine drafts: {copied}"
    assert {f for f, _l in copied} <= current_keys(copy), "copy statuses use the copy's keys"
    translate_page(copy, targets=["fr"])
    after = statuses(copy, "fr")
    assert State.REVIEWED not in after.values(), f"nothing became reviewed: {after}"
    assert {i.inline_key for i in copy.action_items.all()} == {
        i.inline_key for i in minutes.action_items.all()
    }, "inline objects keep their keys in a copy"


def test_copy_in_code_keeps_machine_drafts_machine(minutes):
    """No admin hook runs: the first job recognises the copied machine drafts."""
    translate_page(minutes, targets=["fr"])
    slugs = {f"slug_{code}": f"kopie-{code}" for code in ("en", "da", "de", "fr")}
    copy = reload(minutes).copy(update_attrs={"title_de": "Kopie", "slug": "kopie", **slugs})
    assert not statuses(copy), "a copy made in code starts without statuses"
    translate_page(copy, targets=["fr"])
    after = statuses(copy, "fr")
    assert set(after.values()) == {State.MACHINE}, f"copied drafts stay machine drafts: {after}"


def test_admin_revert_recomputes_statuses_from_the_text(minutes, admin_client):
    translate_page(minutes, targets=["fr"])
    machine_revision = reload(minutes).get_latest_revision()
    item = reload(minutes).action_items.first()
    key = f"action_items.{item.inline_key}.description"
    review(admin_client, minutes, "fr", {"action": "save", f"text-{key}:0:0": "Envoyez-la."})
    assert statuses(minutes, "fr")[key, "fr"] == State.REVIEWED
    url = f"/admin/pages/{minutes.pk}/revisions/{machine_revision.pk}/revert/"
    admin_publish(admin_client, minutes, edit_form(admin_client, url, minutes), url)
    assert ActionItem.objects.get(inline_key=item.inline_key).description_fr == (
        "[FR] Einladung senden."
    ), "the revert restored the machine text"
    assert statuses(minutes, "fr")[key, "fr"] == State.MACHINE, (
        "after the revert the field holds the machine draft again, so its status says so"
    )
    assert {f for f, _l in statuses(minutes)} <= current_keys(minutes), "no orphans"


# --- writes that never clobber ----------------------------------------------------


def test_reviewer_saving_while_a_job_runs_wins(minutes, admin_client):
    """The review save happens between the job's planning and its write."""
    translate_page(minutes, targets=["fr"])
    form = edit_form(admin_client, f"/admin/pages/{minutes.pk}/edit/", minutes)
    form["action_items-0-description_de"] = "Einladung heute senden."
    form["summary_de"] = "Neue Zusammenfassung."
    admin_publish(admin_client, minutes, form)  # the source changed: the job re-translates
    item = ActionItem.objects.get(page=minutes, description_de="Einladung heute senden.")
    key = f"action_items.{item.inline_key}.description"

    def reviewer_saves(done, total):
        response = review(
            admin_client, minutes, "fr", {"action": "save", f"text-{key}:0:0": "Envoyez-la."}
        )
        assert response.status_code == 302, "the reviewer's save must go through"

    translate_page(minutes, targets=["fr"], on_progress=reviewer_saves)
    assert ActionItem.objects.get(pk=item.pk).description_fr == "Envoyez-la.", (
        "the job must not overwrite the reviewer's newer text"
    )
    assert revised(minutes, "action_items", item)["description_fr"] == "Envoyez-la.", (
        "nor in the revision"
    )
    status = TranslationStatus.objects.get(page=minutes, field=key, language="fr")
    assert status.state == State.REVIEWED and status.pending_draft is None, (
        "the job's text for that field is dropped, the reviewer's stands"
    )
    assert reload(minutes).summary_fr == "[FR] Neue Zusammenfassung.", (
        "the job's other fields are still written"
    )


def test_job_finishing_while_a_reviewer_edits_keeps_both(minutes, django_user_model):
    """A job writes between the review's load and its save."""
    translate_page(minutes, targets=["fr"])
    reviewer = django_user_model.objects.create_superuser("rita", "rita@example.org", "pw")
    open_review = PageReview(reload(minutes), "fr")
    translate_page(minutes, targets=["en"])  # a job for another language finishes
    key = f"action_items.{reload(minutes).action_items.first().inline_key}.description"
    open_review.take_input({f"text-{key}:0:0": "Envoyez-la."})
    open_review.save(reviewer)
    page = reload(minutes)
    assert page.action_items.first().description_fr == "Envoyez-la.", "reviewer's text saved"
    assert page.action_items.first().description_en == "[EN] Einladung senden.", (
        "the review save must not roll back what the job wrote meanwhile"
    )
    assert page.get_latest_revision().content["summary_en"] == (
        "[EN] Digitaler Erfahrungsaustausch."
    ), "nor drop it from the revision"


def test_review_save_refuses_when_the_source_changed_meanwhile(minutes):
    translate_page(minutes, targets=["fr"])
    open_review = PageReview(reload(minutes), "fr")
    page = reload(minutes)
    page.summary_de = "Ganz anderer Text."
    page.save_revision().publish()
    open_review.take_input({"text-summary:0:0": "Échange."}, accept_all=True)
    with pytest.raises(SourceChanged):
        open_review.save(None)
    assert reload(minutes).summary_fr == "[FR] Digitaler Erfahrungsaustausch.", (
        "a review of an old source must not be stored as a translation of the new one"
    )


# --- admin saves and empty translations -------------------------------------------


def test_admin_save_of_empty_translations_never_makes_them_reviewed(library, admin_client):
    admin_publish(
        admin_client, library, edit_form(admin_client, f"/admin/pages/{library.pk}/edit/", library)
    )
    page = reload(library)
    assert not page.profile_fr or "Dresden" not in page.profile_fr, "nothing typed in French"
    assert State.REVIEWED not in statuses(page).values(), (
        f"an untouched language tab is no reviewed translation: {statuses(page)}"
    )
    translate_page(page)
    page = reload(library)
    assert "[FR] Die Städtischen Bibliotheken Dresden." in (page.profile_fr or ""), (
        f"the empty profile must get a machine draft, not stay empty: {page.profile_fr!r}"
    )
    assert statuses(page)["profile", "fr"] == State.MACHINE
    admin_publish(
        admin_client, page, edit_form(admin_client, f"/admin/pages/{page.pk}/edit/", page)
    )
    translate_page(page)
    assert State.REVIEWED not in statuses(page).values(), (
        f"re-saving machine drafts in the admin does not review them: {statuses(page)}"
    )


# --- the migration ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_gives_existing_rows_distinct_keys_and_moves_statuses(
    latest_schema_afterwards,
):
    before = [
        ("home", "0003_homepage_allow_external_translation_and_more"),
        ("meetings", "0003_exchangetripindexpage_allow_external_translation_and_more"),
    ]
    after = [("home", "0004_inline_translation_keys"), ("meetings", "0004_inline_translation_keys")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    others = [("translation", "0004_translationsettings"), ("wagtailcore", "0098_apitoken")]
    old = executor.loader.project_state(before + others).apps
    content_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="meetings", model="meetingminutespage"
    )
    page = old.get_model("meetings", "MeetingMinutesPage").objects.create(
        title="M",
        slug="m",
        path="9999",
        depth=1,
        locale=old.get_model("wagtailcore", "Locale").objects.first(),
        content_type=content_type,
        date="2022-01-14",
        format="online",
        source_language="de",
    )
    items = [
        old.get_model("meetings", "ActionItem").objects.create(
            page_id=page.pk, description=f"Task {n}", owner="X"
        )
        for n in range(3)
    ]
    old.get_model("wagtailcore", "Revision").objects.create(
        content_type=content_type,
        base_content_type=content_type,
        object_id=str(page.pk),
        created_at=timezone.now(),
        content={"action_items": [{"pk": items[0].pk, "description": "Task 0"}]},
    )
    old.get_model("translation", "TranslationStatus").objects.create(
        page_id=page.pk, field=f"action_items.{items[0].pk}.description", language="fr"
    )
    MigrationExecutor(connection).migrate(after)
    keys = list(ActionItem.objects.filter(page_id=page.pk).values_list("inline_key", flat=True))
    assert len(set(keys)) == 3 and all(isinstance(k, uuid.UUID) for k in keys), (
        f"every existing row needs its own key: {keys}"
    )
    first = ActionItem.objects.get(pk=items[0].pk).inline_key
    revision = apps.get_model("wagtailcore", "Revision").objects.get(object_id=str(page.pk))
    assert revision.content["action_items"][0]["inline_key"] == str(first), (
        "the revision's copy of the object must carry the same key"
    )
    assert TranslationStatus.objects.get(page_id=page.pk).field == (
        f"action_items.{first}.description"
    ), "statuses keyed by database id move to the new key"
