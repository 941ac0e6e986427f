"""``manage.py restore_sqlite --input FILE``: put a ``backup_sqlite`` copy back.

Stop the site and the worker first (README "Backups"): the restore replaces
the whole database under them.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from exchange_site.core.backups import (
    BackupError,
    extract_media,
    media_archive_path,
    restore_database,
)


class Command(BaseCommand):
    help = (
        "Restore the SQLite database (DATABASE_URL) from a backup_sqlite copy, and MEDIA_ROOT "
        "from the .media.tar.gz next to it. Stop the site and the worker first."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--input", dest="backup", required=True, type=Path, help="a backup_sqlite copy"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite an existing database (without it, only a new file is written)",
        )
        parser.add_argument("--no-media", action="store_true", help="leave MEDIA_ROOT alone")

    def handle(self, *args, backup: Path, replace: bool, no_media: bool, **options) -> None:
        if connection.vendor != "sqlite":
            raise CommandError("restore_sqlite restores SQLite; for PostgreSQL use pg_restore.")
        target = Path(connection.settings_dict["NAME"]).resolve()
        if target.exists() and target.stat().st_size and not replace:
            raise CommandError(f"{target} exists; stop the site, then add --replace to overwrite")
        archive = media_archive_path(backup.resolve())
        connections.close_all()
        try:
            restore_database(backup.resolve(), target)
            self.stdout.write(f"Database restored into {target}")
            if not no_media and archive.exists():
                files = extract_media(archive, Path(settings.MEDIA_ROOT))
                self.stdout.write(f"{files} media file(s) restored into {settings.MEDIA_ROOT}")
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
