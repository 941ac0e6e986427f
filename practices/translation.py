"""Translatable fields of the practices app, for django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import PracticeIndexPage, PracticePage, SustainableDevelopmentGoal, Topic


@register(Topic)
class TopicTR(TranslationOptions):
    fields = ("name", "description")


@register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalTR(TranslationOptions):
    fields = ("name",)


@register(PracticeIndexPage)
class PracticeIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(PracticePage)
class PracticePageTR(TranslationOptions):
    fields = ("summary", "body")
