"""Translatable fields of the home page, for django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import HomePage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("introduction", "body")
