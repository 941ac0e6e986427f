"""Translatable fields of the pipeline's own models, for django-modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from .models import GlossaryEntry


@register(GlossaryEntry)
class GlossaryEntryTR(TranslationOptions):
    fields = ("note",)
