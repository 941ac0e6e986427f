"""``migrate`` that also adds the page language columns and the cache table, without asking."""

from django.core.management import call_command

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

    It also creates the table of a database cache (production's shared cache,
    see ``settings.production``), so one command prepares a new database;
    ``createcachetable`` does nothing when no database cache is configured or
    the table exists.
    """

    def handle(self, *args, **options) -> None:
        super().handle(*args, **{**options, "interactive": False})
        call_command("createcachetable", database=options["database"], verbosity=0)
