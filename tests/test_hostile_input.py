"""Hostile query strings and form input never cause a server error.

A fixed list of nasty values (unbalanced quotes, NUL bytes, a 600-word query,
control characters, huge integers, impossible dates, unicode oddities) is sent
to every reader and admin listing through Django's test client, each value in
every parameter a view reads, and once more as repeated parameters. A bounded
number of requests (a few hundred); every answer must be a normal page, a
redirect or a 400 — never a 500.
"""

from __future__ import annotations

import datetime

from django.test import Client

import pytest

from exchange_site.translation.pipeline import translate_page
from practices.models import PracticePage
from tests import factories

HOSTILE_VALUES = [
    '"unbalanced',
    "it's \"both' kinds",
    "nul\x00byte",
    " ".join(["library"] * 600),
    "vertical\x0btab\x1fand\x7fdel",
    "9" * 40,
    "-1",
    "1e999",
    "99999-12-31",
    "2024-13-45",
    "0001-01-01",
    "²",
    "١٢٣",
    "\u202eevil\ufeff\u200b",
    "𝔭𝔯𝔞𝔠𝔱𝔦𝔠𝔢 🏳️‍🌈",
    "* OR NEAR( AND -",
    "%00%27",
]
ACCEPTABLE = {200, 301, 302, 400, 403, 404, 405}


@pytest.fixture
def hostile_site(site_tree, dresden, danish_practice):
    """A little of everything, so every listing has rows to filter."""
    factories.TopicFactory(slug="gaming")
    factories.SustainableDevelopmentGoalFactory(number=4)
    meeting = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, host_library=dresden, date=datetime.date(2023, 2, 1)
    )
    factories.ActionItemFactory(page=meeting, owner="Anja")
    meeting.save()
    factories.ExchangeTripPageFactory(parent=site_tree.trips, host_library=dresden)
    danish_practice.save_revision().publish()
    translate_page(PracticePage.objects.get(pk=danish_practice.pk), ["de"])
    return site_tree


def reader_targets(tree) -> list[tuple[str, list[str]]]:
    meetings = tree.meetings.url
    return [
        ("/en/", ["q", "page"]),
        (tree.practices.url, ["topic", "library", "country", "sdg", "maturity", "page"]),
        (meetings, ["library"]),
        (f"{meetings}action-items/", ["library", "owner"]),
        (f"{meetings}feed/rss/", ["library"]),
        (f"{meetings}feed/atom/", ["page"]),
        (f"{meetings}calendar/", ["library"]),
        ("/en/search/", ["q", "topic", "library", "country", "sdg", "maturity", "page"]),
        ("/da/search/", ["q", "page"]),
    ]


def admin_targets(tree, practice) -> list[tuple[str, list[str]]]:
    return [
        (f"/admin/pages/{tree.practices.pk}/", ["ordering", "p", "q", "locale"]),
        ("/admin/pages/search/", ["q", "p", "ordering", "content_type"]),
        ("/admin/translation/review/", ["language", "library", "type", "age", "p"]),
        ("/admin/translation/jobs/", ["status", "p"]),
        (f"/admin/translation/pages/{practice.pk}/", ["p"]),
        ("/admin/snippets/practices/topic/", ["q", "p", "ordering"]),
        (
            "/admin/snippets/translation/glossaryentry/",
            ["q", "p", "protected", "ordering"],
        ),
        ("/admin/documents/", ["q", "p", "collection_id", "ordering"]),
    ]


def assert_no_server_error(client: Client, url: str, data, label: str) -> None:
    response = client.get(url, data)
    assert response.status_code in ACCEPTABLE, (
        f"GET {url} with {label} answered {response.status_code}"
    )


def test_reader_listings_survive_hostile_query_strings(client, hostile_site):
    for url, params in reader_targets(hostile_site):
        for value in HOSTILE_VALUES:
            assert_no_server_error(client, url, dict.fromkeys(params, value), f"{value!r}")
        repeated = dict.fromkeys(params, HOSTILE_VALUES[:5])
        assert_no_server_error(client, url, repeated, "repeated parameters")


def test_admin_listings_survive_hostile_query_strings(admin_client, hostile_site, danish_practice):
    for url, params in admin_targets(hostile_site, danish_practice):
        for value in HOSTILE_VALUES:
            assert_no_server_error(admin_client, url, dict.fromkeys(params, value), f"{value!r}")
        repeated = dict.fromkeys(params, HOSTILE_VALUES[:5])
        assert_no_server_error(admin_client, url, repeated, "repeated parameters")


TAMPERED_ACTIONS = [
    "retranslate:no-such-segment",
    "retranslate:",
    "copy:no-such-segment",
    "accept_all\x00",
    "delete_everything",
    "",
    "9" * 40,
]


def test_tampered_review_actions_are_refused_not_crashed(
    admin_client, hostile_site, danish_practice
):
    url = f"/admin/translation/review/{danish_practice.pk}/de/"
    assert admin_client.get(url).status_code == 200, "the review screen must open"
    for action in TAMPERED_ACTIONS:
        for provider in ["", "no-such-provider", "nul\x00"]:
            response = admin_client.post(url, {"action": action, "provider": provider})
            assert response.status_code in ACCEPTABLE, (
                f"review action {action!r} with provider {provider!r} answered "
                f"{response.status_code}"
            )
    response = admin_client.post(
        url, {"action": "retranslate:no-such-segment"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400, "an unknown segment is a bad request"


def test_tampered_job_ids_and_languages_are_not_server_errors(admin_client, hostile_site):
    for url in [
        "/admin/translation/review/1/xx/",
        f"/admin/translation/review/{'9' * 30}/de/",
        f"/admin/translation/pages/{'9' * 30}/",
        f"/admin/translation/jobs/{'9' * 30}/retry/",
    ]:
        for method in (admin_client.get, admin_client.post):
            response = method(url)
            assert response.status_code in ACCEPTABLE, f"{url} answered {response.status_code}"
