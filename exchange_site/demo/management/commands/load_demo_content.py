"""Load the partnership's demo content (see ``exchange_site.demo.content``); safe to run again."""

from django.core.management.base import BaseCommand

from exchange_site.demo.content import load_demo_content


class Command(BaseCommand):
    help = (
        "Create the demo site (Ballerup, Dresden and Strasbourg with their practices, "
        "minutes and a trip guide). Creates only what is missing; never changes existing pages."
    )

    def handle(self, *args, **options) -> None:
        created = load_demo_content()
        if not created or not any(created.values()):
            self.stdout.write("Demo content is already loaded; nothing to do.")
            return
        summary = ", ".join(f"{kind}: {count}" for kind, count in created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {summary}."))
