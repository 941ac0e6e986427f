"""How long a hostile provider holds a job, and how much memory it costs (figures, not tests).

    .venv/bin/python benchmarks/provider_faults.py [--timeout 1.5] [--deadline 2.5]

One German page, translated into English and Danish through the real
deep-translator LibreTranslate client against the loopback server of
``tests/provider_server.py``, once per fault: wall time of the job, requests the
server saw, ``tracemalloc`` peak, bytes the flood server managed to write, and
the job's error. A healthy run is the baseline. Throw-away SQLite; talks to
nothing but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import django_on_scratch_database  # noqa: E402

DATABASE = django_on_scratch_database("exchange_site.settings.test")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

from wagtail.models import Page  # noqa: E402

from exchange_site.translation.errors import TranslationError  # noqa: E402
from exchange_site.translation.pipeline import translate_page  # noqa: E402
from exchange_site.translation.providers import reset_providers  # noqa: E402
from tests import factories  # noqa: E402
from tests.provider_server import ProviderServer  # noqa: E402

FAULTS = [
    (None, None),
    ("drip", None),
    ("flood", None),
    ("flood_declared", None),
    ("redirect", None),
    ("429", "3600"),
]


def german_page():
    home = factories.HomePageFactory(parent=Page.get_first_root_node())
    libraries = factories.PartnerLibraryIndexPageFactory(parent=home)
    return factories.PracticePageFactory(
        parent=factories.PracticeIndexPageFactory(parent=home),
        library=factories.PartnerLibraryPageFactory(parent=libraries),
        source_language="de",
        title=None,
        title_de="Offene Bibliothek am Sonntag",
        slug="offen",
        summary=None,
        summary_de="Lesepaten lesen in den Stadtteilbibliotheken vor.",
        body=None,
        body_de=[("paragraph", "<p>Die <b>Bibliothek</b> öffnet sonntags ohne Personal.</p>")],
    )


def configure(server: ProviderServer, timeout: float, deadline: float) -> None:
    os.environ["BENCH_LIBRE_URL"] = server.url
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "JOB_DEADLINE": deadline,
        "PROVIDERS": {
            **settings.MACHINE_TRANSLATION["PROVIDERS"],
            "loopback": {
                "CLASS": "exchange_site.translation.providers.deep_translator."
                "LibreTranslateTranslator",
                "OPTIONS": {"URL_ENV": "BENCH_LIBRE_URL", "TIMEOUT": timeout, "RETRIES": 2},
            },
        },
    }
    reset_providers()


def run(server: ProviderServer, page, fault: str | None, retry_after: str | None) -> dict:
    server.reset()
    server.set_fault(fault, retry_after=retry_after)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        translate_page(page, ["en", "da"], "loopback", dry_run=True)
        outcome = "succeeded"
    except TranslationError as error:
        outcome = str(error)[:110]
    wall = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "wall_seconds": wall,
        "requests": len(server.received),
        "tracemalloc_peak_mib": peak / 2**20,
        "flood_bytes_written_mib": server.flood_bytes_sent / 2**20,
        "outcome": outcome,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=1.5, help="TIMEOUT per request")
    parser.add_argument("--deadline", type=float, default=2.5, help="JOB_DEADLINE")
    args = parser.parse_args()
    call_command("migrate", "--noinput", verbosity=0)
    server = ProviderServer(hang_seconds=args.deadline).start()
    elsewhere = ProviderServer().start()
    server.redirect_to = elsewhere.url
    results = {}
    try:
        configure(server, args.timeout, args.deadline)
        with translation.override("en"):
            page = german_page()
            for fault, retry_after in FAULTS:
                name = fault or "healthy"
                if retry_after:
                    name += f" (Retry-After: {retry_after})"
                results[name] = run(server, page, fault, retry_after)
        results["redirect"]["requests_to_the_other_server"] = len(elsewhere.received)
    finally:
        server.stop()
        elsewhere.stop()
        DATABASE.unlink()
    print(f"TIMEOUT {args.timeout:g} s per request, JOB_DEADLINE {args.deadline:g} s")
    for name, figures in results.items():
        print(f"\n{name}")
        for key, value in figures.items():
            print(f"  {key:30} {value:,.2f}" if isinstance(value, float) else f"  {key:30} {value}")


if __name__ == "__main__":
    main()
