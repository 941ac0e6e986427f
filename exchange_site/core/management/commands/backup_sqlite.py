"""``manage.py backup_sqlite --output FILE``: a consistent copy while the site runs.

See ``exchange_site.core.backups`` for how, and README "Backups" for the
restore procedure and PostgreSQL.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from exchange_site.core.backups import (
    BackupError,
    archive_media,
    backup_database,
    media_archive_path,
)


class Command(BaseCommand):
    help = (
        "Copy the SQLite database with SQLite's online backup API (safe while the site and "
        "the worker run) and MEDIA_ROOT to a .media.tar.gz next to it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="the database copy")
        parser.add_argument(
            "--no-media", action="store_true", help="skip the media archive (e.g. when rsyncing)"
        )

    def handle(self, *args, output: Path, no_media: bool, **options) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                f"backup_sqlite backs up SQLite; this database is {connection.vendor} "
                "(use pg_dump, see README 'Backups')."
            )
        output = output.resolve()
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            backup_database(Path(connection.settings_dict["NAME"]), output)
            self.stdout.write(f"Database copied to {output}")
            if not no_media:
                archive = media_archive_path(output)
                files = archive_media(Path(settings.MEDIA_ROOT), archive)
                self.stdout.write(f"{files} media file(s) archived to {archive}")
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
