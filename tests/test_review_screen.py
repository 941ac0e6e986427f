"""The review screen reads like text, jobs can be watched, and reviewers hear of new drafts."""

from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import mail

from wagtail.models import GroupPagePermission

import pytest
from bs4 import BeautifulSoup

from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import TranslationJob, TranslationStatus
from exchange_site.translation.pipeline import translate_page
from meetings.models import ActionItem, MeetingMinutesPage
from practices.models import PracticePage
from tests import factories
from tests.test_inline_translation import edit_form
from tests.test_review import make_user

State = TranslationStatus.State
GUIDE = "https://example.org/guide"
BODY = f'<p>Læs <a href="{GUIDE}">vejledningen</a> om <b>højtlæsning</b>.</p>'


@pytest.fixture
def editors(site_tree) -> Group:
    group = Group.objects.create(name="Exchange editors")
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=site_tree.home, permission=Permission.objects.get(codename=codename)
        )
    return group


@pytest.fixture
def reviewer(django_user_model, editors):
    return make_user(django_user_model, "gerda", "review_de", groups=[editors])


@pytest.fixture
def linked_practice(site_tree, danish_library) -> PracticePage:
    """A Danish practice whose body has a link and bold text, drafted into German."""
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        source_language="da",
        library=danish_library,
        title=None,
        title_da="Højtlæsning",
        slug="hoejtlaesning",
        summary=None,
        summary_da="Vi læser højt.",
        body=None,
        body_da=[("paragraph", BODY)],
    )
    page.save_revision().publish()
    translate_page(page, ["de"])
    return PracticePage.objects.get(pk=page.pk)


def review_url(page, language="de") -> str:
    return f"/admin/translation/review/{page.pk}/{language}/"


def body_id(response) -> str:
    return next(s.id for s in response.context["review"].segments if s.id.startswith("body"))


def shown_text(html: str) -> str:
    """What a person reads on the screen, including the textareas' contents."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


# --- a screen that reads like text ----------------------------------------------------------


def test_the_review_screen_shows_formatting_never_raw_html(client, reviewer, linked_practice):
    client.force_login(reviewer)
    html = client.get(review_url(linked_practice)).content.decode()
    for raw in ("&lt;b&gt;", "&lt;a ", "&lt;/a&gt;", "<g1>", "&lt;g1&gt;", "<x2/>", "&lt;x"):
        assert raw not in html, f"raw markup {raw!r} is on the review screen"
    text = shown_text(html)
    assert "<b>" not in text and "href=" not in text, f"markup visible as text: {text[:500]}"
    soup = BeautifulSoup(html, "html.parser")
    source = soup.select_one('[data-segment^="body"] .source .text')
    assert source.select_one(f'a[href="{GUIDE}"]') is not None and source.select_one("b"), (
        f"the source is rendered with its link and bold: {source}"
    )
    textarea = soup.select_one('[data-segment^="body"] textarea').get_text()
    assert textarea == "[DE] Læs [1]vejledningen[/1] om [2]højtlæsning[/2].", (
        f"without JavaScript the marks are readable tokens: {textarea!r}"
    )
    legend = soup.select_one('[data-segment^="body"] .mark-legend').get_text(" ", strip=True)
    assert f"[1]…[/1] = link to {GUIDE}" in legend and "[2]…[/2] = bold" in legend, legend


def test_field_labels_are_the_editors_words_not_internal_keys(client, reviewer, site_tree):
    minutes = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, source_language="da", title=None, title_da="Møde i Ballerup"
    )
    for what in ("Send referatet", "Book lokalet"):
        ActionItem.objects.create(page=minutes, description_da=what, owner="Anne")
    minutes.save_revision().publish()
    translate_page(MeetingMinutesPage.objects.get(pk=minutes.pk), ["de"])
    client.force_login(reviewer)
    text = shown_text(client.get(review_url(minutes)).content.decode())
    assert "Action items › 2 › What" in text, f"inline fields are labelled by position: {text}"
    assert "action_items." not in text, "an internal key is shown"
    translations = shown_text(
        client.get(f"/admin/translation/pages/{minutes.pk}/").content.decode()
    )
    assert "Action items › 1 › What" in translations and "action_items." not in translations


def test_the_unedited_confirmation_is_at_the_top_from_the_start(client, reviewer, linked_practice):
    client.force_login(reviewer)
    soup = BeautifulSoup(client.get(review_url(linked_practice)).content, "html.parser")
    confirm = soup.select_one("[data-confirm-block]")
    assert confirm is not None and not confirm.has_attr("hidden"), (
        "a draft that is all machine output asks for confirmation before the first save"
    )
    first_field = soup.select_one("section.review-field")
    assert confirm in first_field.find_all_previous(), "the confirmation sits above the segments"
    assert soup.select_one("[data-share-value]").get_text() == "100"


def test_a_reviewed_translation_keeps_its_links(client, reviewer, linked_practice):
    client.force_login(reviewer)
    segment = body_id(client.get(review_url(linked_practice)))
    response = client.post(
        review_url(linked_practice),
        {"action": "save", f"text-{segment}": "Lies die [2]Vorlese[/2]-[1]Anleitung[/1]."},
    )
    assert response.status_code == 302, shown_text(response.content.decode())[:800]
    body = PracticePage.objects.get(pk=linked_practice.pk).body_de[0].value.source
    assert body == f'<p>Lies die <b>Vorlese</b>-<a href="{GUIDE}">Anleitung</a>.</p>', (
        "the link keeps its target and the marks their places"
    )


@pytest.mark.parametrize(
    "posted",
    [
        "Lies die Anleitung zum [2]Vorlesen[/2].",  # the link dropped
        'Lies die <a href="https://evil.example">Anleitung</a> zum [2]Vorlesen[/2].',
        "Lies die [3]Anleitung[/3] zum [2]Vorlesen[/2].",  # a mark the source has not
        "Lies die [1]Anleitung[/1] zum [1]Vorlesen[/1] [2]laut[/2].",  # a link used twice
    ],
)
def test_a_lost_or_tampered_link_is_refused_and_the_text_stays(
    client, reviewer, linked_practice, posted
):
    client.force_login(reviewer)
    segment = body_id(client.get(review_url(linked_practice)))
    response = client.post(
        review_url(linked_practice), {"action": "save", f"text-{segment}": posted}
    )
    assert response.status_code == 200, "the form comes back"
    soup = BeautifulSoup(response.content, "html.parser")
    row = soup.select_one(f'[data-segment="{segment}"]')
    assert "Keep the formatting of the original" in row.select_one(".error-message").get_text()
    assert row.select_one("textarea").get_text() == posted, "the reviewer's text is not lost"
    body = PracticePage.objects.get(pk=linked_practice.pk).body_de[0].value.source
    assert "evil.example" not in body and "Anleitung" not in body, f"nothing was stored: {body}"


# --- jobs you can watch ---------------------------------------------------------------------


def jobs_url(page) -> str:
    return f"/admin/translation/pages/{page.pk}/jobs.json"


def test_the_jobs_endpoint_reports_progress_and_what_to_do_next(client, reviewer, linked_practice):
    client.force_login(reviewer)
    job = create_job(linked_practice, ["de", "fr"])
    data = client.get(jobs_url(linked_practice)).json()
    assert data["active"] is True, "a queued job keeps the page polling"
    [shown] = [entry for entry in data["jobs"] if entry["id"] == job.pk]
    assert shown["status"] == "queued" and shown["progress_percent"] == 0
    assert [language["code"] for language in shown["languages"]] == ["de", "fr"]
    run_job(job.pk)
    data = client.get(jobs_url(linked_practice)).json()
    assert data["active"] is False, "polling stops when no job is queued or running"
    [shown] = [entry for entry in data["jobs"] if entry["id"] == job.pk]
    assert shown["status"] == "succeeded" and shown["progress_percent"] == 100
    review_urls = {language["code"]: language["review_url"] for language in shown["languages"]}
    assert review_urls == {"de": review_url(linked_practice), "fr": ""}, (
        "a finished job links to the review of the languages this user reviews"
    )
    assert f'href="{review_url(linked_practice)}"' in data["html"]


def test_a_failed_job_says_why_and_offers_retry(client, reviewer, linked_practice):
    client.force_login(reviewer)
    job = create_job(linked_practice, ["de"])
    TranslationJob.objects.filter(pk=job.pk).update(status="failed", error="The provider is down.")
    data = client.get(jobs_url(linked_practice)).json()
    [shown] = [entry for entry in data["jobs"] if entry["id"] == job.pk]
    assert shown["error"] == "The provider is down."
    assert shown["retry_url"] == f"/admin/translation/jobs/{job.pk}/retry/"
    assert "The provider is down." in data["html"] and shown["retry_url"] in data["html"]


def test_only_editors_of_the_page_see_its_jobs(client, django_user_model, linked_practice):
    create_job(linked_practice, ["de"])
    outsider = make_user(django_user_model, "otto", "review_de")
    client.force_login(outsider)
    response = client.get(jobs_url(linked_practice))
    assert response.status_code == 403, "someone who cannot edit the page sees no jobs"
    assert "jobs" not in response.json()
    client.logout()
    assert client.get(jobs_url(linked_practice)).status_code in (302, 403)


def test_the_publish_message_names_the_queued_languages(
    admin_client, settings, danish_library, django_capture_on_commit_callbacks
):
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "AUTO_TRANSLATE_ON_PUBLISH": True,
    }
    url = f"/admin/pages/{danish_library.pk}/edit/"
    form = edit_form(admin_client, url, danish_library) | {"action-publish": "action-publish"}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, form)
    assert response.status_code == 302, "the admin publishes the page"
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("Machine translation into English, German, French queued." in m for m in shown), (
        f"the editor is told which languages were queued: {shown}"
    )
    job = TranslationJob.objects.get(page=danish_library)
    assert job.target_languages == ["en", "de", "fr"], "the message names what was queued"


def test_only_configured_providers_are_offered(admin_client, monkeypatch, danish_practice):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    url = f"/admin/translation/pages/{danish_practice.pk}/"
    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    offered = {option["value"] for option in soup.select("select[name=provider] option")}
    assert "pseudo" in offered, "the pseudo provider needs nothing and is always offered"
    assert "deepl" not in offered and "libretranslate" not in offered, (
        f"providers without their environment variables are offered: {offered}"
    )
    response = admin_client.post(url, {"languages": ["de"], "provider": "deepl"})
    assert response.status_code == 200 and not TranslationJob.objects.exists(), (
        "an unconfigured provider cannot be posted either"
    )
    monkeypatch.setenv("DEEPL_API_KEY", "a-key")
    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    assert "deepl" in {option["value"] for option in soup.select("select[name=provider] option")}


# --- notifications that reach someone -------------------------------------------------------


def test_a_demo_style_reviewer_group_is_emailed_about_new_drafts(
    django_user_model, linked_practice, site_tree
):
    """As the demo sets them up: a "Reviewers – German" group holding review_de."""
    group = Group.objects.create(name="Reviewers – German")
    group.permissions.add(Permission.objects.get(codename="review_de"))
    reviewer = django_user_model.objects.create_user("reviewer-de", "reviewer-de@example.org", "pw")
    reviewer.groups.add(group)
    mail.outbox.clear()
    page = PracticePage.objects.get(pk=linked_practice.pk)
    page.summary_da = "Vi læser højt hver uge."
    page.save_revision().publish()
    run_job(create_job(page, ["de"]).pk)
    assert [message.to for message in mail.outbox] == [["reviewer-de@example.org"]], (
        "the German reviewers' group is e-mailed"
    )
    assert review_url(page) in mail.outbox[0].body and "Højtlæsning" in mail.outbox[0].subject


def test_the_dashboard_lists_the_drafts_waiting_in_my_languages(client, reviewer, linked_practice):
    client.force_login(reviewer)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = soup.select_one("[data-review-summary]")
    assert panel is not None, "the dashboard has the review panel"
    assert panel.select_one(f'a[href="{review_url(linked_practice)}"]') is not None, (
        f"the panel links to the waiting draft itself: {panel}"
    )
    assert "Højtlæsning" in panel.get_text()
