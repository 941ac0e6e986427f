"""Translatable fields of the partner libraries, for django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import LibraryContact, PartnerLibraryIndexPage, PartnerLibraryPage


@register(PartnerLibraryIndexPage)
class PartnerLibraryIndexPageTR(TranslationOptions):
    fields = ("introduction",)


@register(PartnerLibraryPage)
class PartnerLibraryPageTR(TranslationOptions):
    fields = ("profile", "getting_there")


@register(LibraryContact)
class LibraryContactTR(TranslationOptions):
    fields = ("role",)
