"""Create the demo administrator and one demo user per demo group, once, with random passwords.

There is no fixed password anywhere: each password is generated on creation
and shown only then. The demo groups (one editor group per library, one
reviewer group per language) come from ``load_demo_content``, which runs
first. Refuses to run with production settings.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from exchange_site.demo.content import demo_accounts

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Create the demo admin account and a demo user in each demo group "
        "(development only); prints each password once."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("The demo admin is for development only (DEBUG is off).")
        user_model = get_user_model()
        if user_model.objects.filter(username=USERNAME).exists():
            self.stdout.write(
                f"Demo admin '{USERNAME}' exists (its password was printed when it was created; "
                f"reset it with: python manage.py changepassword {USERNAME})."
            )
        else:
            password = secrets.token_urlsafe(12)
            user_model.objects.create_superuser(USERNAME, "admin@example.org", password)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo admin created. Log in at /admin/ as '{USERNAME}' "
                    f"with password: {password}"
                )
            )
        self.demo_users(user_model)

    def demo_users(self, user_model) -> None:
        existing = []
        for username, group in demo_accounts():
            if user_model.objects.filter(username=username).exists():
                existing.append(username)
                continue
            password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(username, f"{username}@example.org", password)
            user.groups.add(group)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo user created in group '{group.name}': '{username}' "
                    f"with password: {password}"
                )
            )
        if existing:
            self.stdout.write(
                f"Demo users exist: {', '.join(existing)} (passwords were printed when they were "
                "created; reset one with: python manage.py changepassword <name>)."
            )
