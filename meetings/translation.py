"""Translatable fields of the meetings app, for django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    ActionItem,
    ExchangeTripIndexPage,
    ExchangeTripPage,
    MeetingIndexPage,
    MeetingMinutesPage,
    MeetingParticipant,
)


@register(MeetingIndexPage)
class MeetingIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(MeetingMinutesPage)
class MeetingMinutesPageTR(TranslationOptions):
    fields = ("summary", "agenda", "decisions", "next_meeting_notes")


@register(MeetingParticipant)
class MeetingParticipantTR(TranslationOptions):
    fields = ("role",)


@register(ActionItem)
class ActionItemTR(TranslationOptions):
    fields = ("description",)


@register(ExchangeTripIndexPage)
class ExchangeTripIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(ExchangeTripPage)
class ExchangeTripPageTR(TranslationOptions):
    fields = (
        "introduction",
        "meeting_point",
        "programme",
        "practical_information",
        "checklist",
    )
