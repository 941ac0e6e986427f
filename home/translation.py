"""Translatable fields of the home app, for django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import HomePage, LibraryContact, PartnerLibraryIndexPage, PartnerLibraryPage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("introduction", "body")


@register(PartnerLibraryIndexPage)
class PartnerLibraryIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(PartnerLibraryPage)
class PartnerLibraryPageTR(TranslationOptions):
    fields = ("profile",)


@register(LibraryContact)
class LibraryContactTR(TranslationOptions):
    fields = ("role",)
