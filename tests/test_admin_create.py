"""Every page type can be created through the Wagtail admin, in its author's language."""

import datetime

from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from libraries.models import PartnerLibraryIndexPage, PartnerLibraryPage
from meetings.models import (
    ExchangeTripIndexPage,
    ExchangeTripPage,
    MeetingIndexPage,
    MeetingMinutesPage,
)
from practices.models import PracticeIndexPage, PracticePage

from . import factories


class AdminCreationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = Page.get_first_root_node()
        cls.home = factories.HomePageFactory(parent=root)
        Site.objects.update(root_page=cls.home)
        cls.libraries = factories.PartnerLibraryIndexPageFactory(parent=cls.home)
        cls.practices = factories.PracticeIndexPageFactory(parent=cls.home)
        cls.meetings = factories.MeetingIndexPageFactory(parent=cls.home)
        cls.trips = factories.ExchangeTripIndexPageFactory(parent=cls.home)
        cls.library = factories.PartnerLibraryPageFactory(parent=cls.libraries)
        cls.topic = factories.TopicFactory(name="Gaming")
        cls.goal = factories.SustainableDevelopmentGoalFactory(number=4, name="Quality education")

    def setUp(self):
        self.login()

    def page_data(self, model, title: str, language: str, **fields) -> dict:
        """Only the source-language title and slug: no other language is required.

        Every StreamField column the form renders gets an empty stream unless given.
        """
        empty_streams = {
            field.name: streamfield([])
            for field in model._meta.get_fields()
            if isinstance(field, StreamField)
        }
        return {
            **empty_streams,
            f"title_{language}": title,
            f"slug_{language}": title.lower().replace(" ", "-"),
            "source_language": language,
            **fields,
        }

    def test_top_level_indexes(self):
        for model, title in [
            (PartnerLibraryIndexPage, "Libraries"),
            (PracticeIndexPage, "Practices"),
            (MeetingIndexPage, "Minutes"),
            (ExchangeTripIndexPage, "Trips"),
        ]:
            model.objects.all().delete()
            self.assertCanCreate(
                self.home, model, nested_form_data(self.page_data(model, title, "en"))
            )

    def test_home_page_under_root(self):
        self.assertCanCreateAt(Page, HomePage)

    def test_partner_library_written_in_danish(self):
        data = self.page_data(
            PartnerLibraryPage,
            "Ballerup Bibliotekerne",
            "da",
            city="Ballerup",
            country="DK",
            main_language="da",
            website="https://ballerupbib.dk",
            street_address="Hovedgaden 60",
            postal_code="2750",
            time_zone="",
            getting_there_da="S-tog linje C til Ballerup Station.",
            profile_da=rich_text("<p>Ballerup Kommunes største kulturinstitution.</p>"),
            contacts=inline_formset([{"name": "Mette Jensen", "role_da": "Bibliotekar"}]),
        )
        self.assertCanCreate(self.libraries, PartnerLibraryPage, nested_form_data(data))
        library = PartnerLibraryPage.objects.get(title_da="Ballerup Bibliotekerne")
        self.assertEqual(library.postal_address_lines[:2], ["Hovedgaden 60", "2750 Ballerup"])
        self.assertEqual(library.getting_there_da, "S-tog linje C til Ballerup Station.")
        self.assertEqual(str(library.zone), "Europe/Copenhagen", "Denmark's zone by default")
        self.assertEqual(library.source_language, "da")
        self.assertEqual(library.title_en, None, "no English title should be invented")
        self.assertEqual(library.contacts.get().role_da, "Bibliotekar")

    def test_practice_written_in_german(self):
        data = self.page_data(
            PracticePage,
            "Artothek",
            "de",
            library=self.library.pk,
            maturity="established",
            summary_de="Bilder ausleihen wie Bücher.",
            body_de=streamfield(
                [
                    ("paragraph", rich_text("<p>Die Artothek verleiht <b>Kunstwerke</b>.</p>")),
                    ("heading", {"text": "So geht's", "level": "h2"}),
                    ("quote", {"text": "Kunst für alle", "attribution": "Leserin"}),
                    ("key_facts", streamfield([("item", {"label": "Seit", "value": "1985"})])),
                    ("contact", {"name": "Anna Schmidt", "role": "", "email": "", "phone": ""}),
                ]
            ),
        )
        form = nested_form_data(data) | {"topics": [self.topic.pk], "sdgs": [self.goal.pk]}
        self.assertCanCreate(self.practices, PracticePage, form)
        practice = PracticePage.objects.get(title_de="Artothek")
        self.assertEqual(list(practice.topics.all()), [self.topic])
        self.assertEqual(
            [block.block_type for block in practice.body_de][:3],
            [
                "paragraph",
                "heading",
                "quote",
            ],
        )

    def test_meeting_minutes_with_action_items(self):
        data = self.page_data(
            MeetingMinutesPage,
            "Online exchange January 2022",
            "de",
            date="2022-01-14",
            format="online",
            host_library=self.library.pk,
            summary_de="Digitaler Erfahrungsaustausch.",
            agenda_de=streamfield(
                [("item", {"title": "Schulbibliotheken", "notes": rich_text("")})]
            ),
            decisions_de=streamfield([("decision", rich_text("<p>Treffen im Frühjahr.</p>"))]),
            participants=inline_formset([{"name": "Jean Martin", "role_de": "", "library": ""}]),
            action_items=inline_formset(
                [
                    {
                        "description_de": "Einladung senden",
                        "owner": "Dresden",
                        "due_date": "2022-02-01",
                        "status": "open",
                    }
                ]
            ),
            attachments=inline_formset([]),
            next_meeting_date="2022-04-01",
        )
        form = nested_form_data(data) | {"participating_libraries": [self.library.pk]}
        self.assertCanCreate(self.meetings, MeetingMinutesPage, form)
        minutes = MeetingMinutesPage.objects.get(title_de="Online exchange January 2022")
        self.assertEqual(list(minutes.participating_libraries.all()), [self.library])
        self.assertEqual(minutes.action_items.get().due_date, datetime.date(2022, 2, 1))
        self.assertEqual(minutes.participants.get().name, "Jean Martin")

    def test_exchange_trip_guide(self):
        data = self.page_data(
            ExchangeTripPage,
            "Study visit to Ballerup",
            "en",
            host_library=self.library.pk,
            start_date="2027-04-26",
            end_date="2027-04-28",
            introduction_en="Three days in Ballerup.",
            programme_en=streamfield(
                [
                    (
                        "day",
                        {
                            "date": "2027-04-26",
                            "title": "Arrival",
                            "sessions": streamfield(
                                [
                                    (
                                        "item",
                                        {
                                            "start_time": "10:00",
                                            "end_time": "11:30",
                                            "title": "Welcome",
                                            "location": "",
                                            "description": rich_text(""),
                                        },
                                    )
                                ]
                            ),
                        },
                    )
                ]
            ),
            checklist_en=streamfield([("item", "Bring a library card")]),
        )
        self.assertCanCreate(self.trips, ExchangeTripPage, nested_form_data(data))
        session = ExchangeTripPage.objects.get().programme_en[0].value["sessions"][0]
        self.assertEqual(
            (session["start_time"], session["end_time"]),
            (datetime.time(10, 0), datetime.time(11, 30)),
            "the session's start and end times should be saved from the admin form",
        )

    def test_end_date_before_start_is_rejected(self):
        data = self.page_data(
            ExchangeTripPage,
            "Backwards trip",
            "en",
            host_library=self.library.pk,
            start_date="2027-04-28",
            end_date="2027-04-26",
        )
        url = f"/admin/pages/add/meetings/exchangetrippage/{self.trips.pk}/"
        response = self.client.post(url, nested_form_data(data))
        self.assertEqual(response.status_code, 200, "an invalid form should be shown again")
        self.assertContains(response, "The end date cannot be before the start date.")
        self.assertFalse(ExchangeTripPage.objects.exists())
