"""Factories for every content type; tests build small trees with these, never the demo."""

import datetime

from wagtail.models import PageViewRestriction

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from home.models import HomePage
from libraries.models import LibraryContact, PartnerLibraryIndexPage, PartnerLibraryPage
from meetings.models import (
    ActionItem,
    ExchangeTripIndexPage,
    ExchangeTripPage,
    MeetingIndexPage,
    MeetingMinutesPage,
)
from practices.models import PracticeIndexPage, PracticePage, SustainableDevelopmentGoal, Topic


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Partner Library Exchange"
    introduction = "<p>Libraries learning from each other.</p>"

    class Meta:
        model = HomePage


class PartnerLibraryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Partner libraries"

    class Meta:
        model = PartnerLibraryIndexPage


class PartnerLibraryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Library {n}")
    city = factory.Faker("city")
    country = "DE"
    main_language = "de"
    website = "https://library.example.org"

    class Meta:
        model = PartnerLibraryPage


class LibraryContactFactory(DjangoModelFactory):
    name = factory.Faker("name")
    email = factory.Faker("safe_email")

    class Meta:
        model = LibraryContact


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic


class SustainableDevelopmentGoalFactory(DjangoModelFactory):
    number = factory.Sequence(lambda n: n % 17 + 1)
    name = factory.Sequence(lambda n: f"Goal {n % 17 + 1}")

    class Meta:
        model = SustainableDevelopmentGoal
        django_get_or_create = ("number",)


class PracticeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Practices"

    class Meta:
        model = PracticeIndexPage


class PracticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Practice {n}")
    summary = factory.Faker("sentence", nb_words=12)
    maturity = PracticePage.Maturity.ESTABLISHED

    class Meta:
        model = PracticePage


class MeetingIndexPageFactory(wagtail_factories.PageFactory):
    title = "Meetings"

    class Meta:
        model = MeetingIndexPage


class MeetingMinutesPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Exchange meeting {n}")
    date = datetime.date(2022, 1, 14)
    format = MeetingMinutesPage.Format.ONLINE
    summary = factory.Faker("sentence", nb_words=12)

    class Meta:
        model = MeetingMinutesPage


class ActionItemFactory(DjangoModelFactory):
    description = factory.Faker("sentence", nb_words=8)
    owner = factory.Faker("name")
    due_date = datetime.date(2022, 3, 1)

    class Meta:
        model = ActionItem


class ExchangeTripIndexPageFactory(wagtail_factories.PageFactory):
    title = "Exchange trips"

    class Meta:
        model = ExchangeTripIndexPage


class ExchangeTripPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Study visit {n}")
    start_date = datetime.date(2027, 4, 26)
    end_date = datetime.date(2027, 4, 28)
    introduction = factory.Faker("sentence", nb_words=12)

    class Meta:
        model = ExchangeTripPage


class PageViewRestrictionFactory(DjangoModelFactory):
    """Wagtail privacy on a page (and everything below it); ``groups=[...]`` for GROUPS."""

    restriction_type = PageViewRestriction.LOGIN

    class Meta:
        model = PageViewRestriction
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create and groups:
            self.groups.add(*groups)
