"""Each page type renders on the front end with all of its fields visible."""

import datetime

from django.core.files.base import ContentFile
from django.utils import translation

from wagtail.documents.models import Document

import pytest

from meetings.models import ActionItem, MeetingAttachment, MeetingParticipant
from tests import factories


def html_of(client, page, language: str = "en") -> str:
    with translation.override(language):
        url = page.url
    response = client.get(url, HTTP_HOST="localhost")
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.content.decode()


@pytest.fixture
def practice(site_tree, dresden):
    topic = factories.TopicFactory(name="Art lending")
    goal = factories.SustainableDevelopmentGoalFactory(number=11, name="Sustainable cities")
    other = factories.PracticePageFactory(
        parent=site_tree.practices, title="Bibo 7/10", library=dresden
    )
    practice = factories.PracticePageFactory(
        parent=site_tree.practices,
        title="Artothek",
        library=dresden,
        summary="Borrow art like books.",
        body=[
            ("paragraph", "<p>Readers borrow <b>original prints</b>.</p>"),
            ("heading", {"text": "Getting started", "level": "h2"}),
            ("quote", {"text": "Art belongs in every home.", "attribution": "A reader"}),
            ("key_facts", [{"label": "Works in the collection", "value": "2,500"}]),
            ("how_to_adopt", [{"title": "Find a room with good light", "description": ""}]),
            (
                "resources",
                [
                    {
                        "title": "Artothek catalogue",
                        "url": "https://example.org/art",
                        "page": None,
                        "document": None,
                        "description": "",
                    }
                ],
            ),
            (
                "contact",
                {
                    "name": "Anna Schmidt",
                    "role": "Curator",
                    "email": "anna@example.org",
                    "phone": "",
                },
            ),
        ],
    )
    practice.topics.set([topic])
    practice.sdgs.set([goal])
    practice.related_practices.set([other])
    practice.save()
    return practice


def test_practice_page_shows_every_field(client, practice):
    html = html_of(client, practice)
    for visible in [
        "Artothek",
        "Borrow art like books.",
        "Städtische Bibliotheken Dresden",
        "Established",
        "Art lending",
        "11. Sustainable cities",
        "<b>original prints</b>",
        "Getting started",
        "Art belongs in every home.",
        "Works in the collection",
        "2,500",
        "Find a room with good light",
        "https://example.org/art",
        "Anna Schmidt",
        "anna@example.org",
        "Bibo 7/10",
    ]:
        assert visible in html, f"the practice page does not show {visible!r}"


def test_practice_index_lists_practices(client, site_tree, practice):
    html = html_of(client, site_tree.practices)
    assert "Artothek" in html and "Borrow art like books." in html


def test_partner_library_page_shows_profile_contacts_and_practices(client, dresden, practice):
    factories.LibraryContactFactory(page=dresden, name="Jens Weber", role="Head of branches")
    html = html_of(client, dresden, "de")
    for visible in [
        "Städtische Bibliotheken Dresden",
        "Die Städtischen Bibliotheken Dresden.",
        "Jens Weber",
        "Head of branches",
        "https://library.example.org",
        "Artothek",
    ]:
        assert visible in html, f"the library page does not show {visible!r}"


@pytest.fixture
def minutes(site_tree, dresden, practice):
    page = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings,
        title="Strasbourg visits Dresden",
        date=datetime.date(2022, 6, 13),
        end_date=datetime.date(2022, 6, 16),
        format="on_site",
        host_library=dresden,
        summary="Five colleagues from Strasbourg visited Dresden.",
        agenda=[("item", {"title": "School libraries", "notes": "<p>Visit two schools.</p>"})],
        decisions=[("decision", "<p>Continue the exchange online.</p>")],
        next_meeting_date=datetime.date(2022, 9, 1),
        next_meeting_notes="Online, on volunteers",
    )
    page.participating_libraries.set([dresden])
    page.practices_discussed.set([practice])
    document = Document.objects.create(title="Programme June 2022")
    document.file.save("programme.pdf", ContentFile(b"%PDF-1.4 demo"))
    page.participants = [MeetingParticipant(name="Claire Dubois", role="Médiathécaire")]
    page.action_items = [
        ActionItem(
            description="Send the invitation",
            owner="Dresden",
            due_date=datetime.date(2022, 7, 1),
            status="done",
        ),
    ]
    page.attachments = [MeetingAttachment(document=document)]
    page.save()
    return page


def test_minutes_page_shows_every_field(client, minutes):
    html = html_of(client, minutes)
    for visible in [
        "Strasbourg visits Dresden",
        "Monday 13 June 2022",
        "Thursday 16 June 2022",
        "On site",
        "Städtische Bibliotheken Dresden",
        "Five colleagues from Strasbourg visited Dresden.",
        "Claire Dubois",
        "Médiathécaire",
        "School libraries",
        "Visit two schools.",
        "Continue the exchange online.",
        "Send the invitation",
        "Done",
        "Programme June 2022",
        "Artothek",
        "Thursday 1 September 2022",
        "Online, on volunteers",
    ]:
        assert visible in html, f"the minutes page does not show {visible!r}"


def test_meeting_index_and_practice_link_back(client, site_tree, minutes, practice):
    assert "Strasbourg visits Dresden" in html_of(client, site_tree.meetings)
    assert "Strasbourg visits Dresden" in html_of(client, practice), (
        "a practice page should list the meetings where it was discussed"
    )


@pytest.fixture
def trip(site_tree, dresden, practice):
    page = factories.ExchangeTripPageFactory(
        parent=site_tree.trips,
        title="Study visit to Dresden",
        host_library=dresden,
        introduction="Three days with the Dresden team.",
        programme=[
            (
                "day",
                {
                    "date": datetime.date(2027, 4, 26),
                    "title": "Branches",
                    "sessions": [
                        {
                            "start_time": datetime.time(9, 30),
                            "title": "Bibo 7/10 on a Sunday",
                            "location": "Pieschen",
                            "description": "<p>Open without staff.</p>",
                        }
                    ],
                },
            )
        ],
        practical_information=[("paragraph", "<p>Take tram 3 from the station.</p>")],
        checklist=[("item", "Bring your library card")],
    )
    page.practices_to_see.set([practice])
    page.save()
    return page


def test_trip_guide_shows_every_field(client, trip):
    html = html_of(client, trip)
    for visible in [
        "Study visit to Dresden",
        "Städtische Bibliotheken Dresden",
        "Monday 26 April 2027",
        "Wednesday 28 April 2027",
        "Three days with the Dresden team.",
        "Bibo 7/10 on a Sunday",
        "Pieschen",
        "Open without staff.",
        "Take tram 3 from the station.",
        "Bring your library card",
        "Artothek",
    ]:
        assert visible in html, f"the trip guide does not show {visible!r}"


def test_home_page_shows_minutes_practices_and_upcoming_trips(client, site_tree, minutes, trip):
    site_tree.home.featured_practices.set([minutes.practices_discussed.get()])
    site_tree.home.save()
    html = html_of(client, site_tree.home)
    for visible in [
        "Libraries learning from each other.",
        "Strasbourg visits Dresden",
        "Artothek",
        "Study visit to Dresden",
        "Städtische Bibliotheken Dresden",
    ]:
        assert visible in html, f"the home page does not show {visible!r}"
    assert 'href="/en/practices/"' in html, "the main menu should link the practice index"


def test_unknown_url_gives_the_site_404(client, site_tree):
    response = client.get("/en/no-such-page/", HTTP_HOST="localhost")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
