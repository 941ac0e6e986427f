"""``migrate`` that also adds the page language columns, without asking."""

from wagtail_modeltranslation.management.commands.migrate_translation import (
    Command as MigrateTranslationCommand,
)


class Command(MigrateTranslationCommand):
    """wagtail-modeltranslation's ``migrate``, never interactive.

    After the migrations it adds the language columns of ``wagtailcore_page``
    (which live outside Django's migrations) and, on a terminal, asks for
    confirmation first; without a terminal that question ends in ``EOFError``
    and breaks deploy scripts. The columns follow from the configured languages
    and are only ever added, never dropped, so there is nothing to confirm.
    Django's own ``migrate`` asks nothing either way.
    """

    def handle(self, *args, **options) -> None:
        super().handle(*args, **{**options, "interactive": False})
