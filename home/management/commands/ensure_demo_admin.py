"""Create the demo administrator once, with a random password printed once.

There is no fixed password anywhere: the password is generated on creation
and shown only then. Refuses to run with production settings.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the demo admin account (development only); prints its password once."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo admin is for development only (DEBUG is off).")
        user_model = get_user_model()
        if user_model.objects.filter(username=USERNAME).exists():
            self.stdout.write(
                f"Demo admin '{USERNAME}' exists (its password was printed when it was created; "
                f"reset it with: python manage.py changepassword {USERNAME})."
            )
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(USERNAME, "admin@example.org", password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin created. Log in at /admin/ as '{USERNAME}' with password: {password}"
            )
        )
