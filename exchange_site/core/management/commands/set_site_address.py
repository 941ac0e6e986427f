"""``manage.py set_site_address HOST [--port N]``: the default Wagtail Site's address.

Wagtail builds the full URLs of the admin's "View live" links, the sitemap
and e-mails from the Site record; the demo creates it as localhost:80.
"""

from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site


class Command(BaseCommand):
    help = "Set the hostname (and port) of the default Wagtail Site, e.g. exchange.example.org."

    def add_arguments(self, parser) -> None:
        parser.add_argument("hostname")
        parser.add_argument("--port", type=int, default=443, help="443 (default) behind TLS")

    def handle(self, *args, hostname: str, port: int, **options) -> None:
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("there is no default site yet: run migrate and create the site")
        site.hostname, site.port = hostname.strip().lower(), port
        site.full_clean()
        site.save()
        self.stdout.write(f"Default site: {site.hostname}:{site.port} ({site.site_name or '-'})")
