"""Benchmarks for the translation pipeline (figures, not pass/fail tests).

    .venv/bin/python benchmarks/translation_pipeline.py [--pages 1000] [--latency-ms 50]

1. Characters a provider receives after a one-paragraph edit of a long page,
   against the characters of the changed paragraph (target: at most 1.1×).
2. Pipeline overhead per segment with the offline pseudo provider (target < 2 ms).
3. N demo-sized pages × 3 languages through the loopback LibreTranslate
   server (real HTTP on 127.0.0.1, each answer delayed by ``--latency-ms``
   like a provider elsewhere): pages per second, requests, peak memory, and
   the speed-up over ``BASELINE_PAGES_PER_SECOND``. Pages are created first
   and then translated one by one, loaded by id, as a bulk run does.

Runs on a throw-away SQLite database; talks to nothing but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import django_on_scratch_database  # noqa: E402

DATABASE = django_on_scratch_database("exchange_site.settings.test")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

from wagtail.models import Page  # noqa: E402

from exchange_site.translation.pipeline import translate_page  # noqa: E402
from exchange_site.translation.providers import reset_providers  # noqa: E402
from practices.models import PracticePage  # noqa: E402
from tests import factories  # noqa: E402
from tests.provider_server import ProviderServer  # noqa: E402

#: Part 3 before batching and concurrency (one request per segment, one at a time):
#: 100 pages × 3 languages with 50 ms latency per request, measured on the same machine.
BASELINE_PAGES_PER_SECOND = 0.82
BASELINE_LATENCY_MS = 50

PARAGRAPH = (
    "<p>Die Städtischen Bibliotheken Dresden erproben seit {n} Jahren neue Wege, "
    "um <b>Kinder und Familien</b> für das Lesen zu begeistern. Ehrenamtliche lesen "
    "in den Stadtteilbibliotheken vor und beraten Schulen bei der Ausstattung ihrer "
    "Bibliotheken; die Erfahrungen teilen wir mit unseren Partnern in Straßburg.</p>"
)


def use_loopback(server: ProviderServer) -> None:
    os.environ["BENCH_LIBRE_URL"] = server.url
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "PROVIDERS": {
            **settings.MACHINE_TRANSLATION["PROVIDERS"],
            "loopback": {
                "CLASS": "exchange_site.translation.providers.deep_translator."
                "LibreTranslateTranslator",
                "OPTIONS": {"URL_ENV": "BENCH_LIBRE_URL", "TIMEOUT": 5, "RETRIES": 1},
            },
        },
    }
    reset_providers()


def build_tree():
    root = Page.get_first_root_node()
    home = factories.HomePageFactory(parent=root)
    libraries = factories.PartnerLibraryIndexPageFactory(parent=home)
    practices = factories.PracticeIndexPageFactory(parent=home)
    library = factories.PartnerLibraryPageFactory(parent=libraries)
    return practices, library


def practice(parent, library, number: int, paragraphs: int) -> PracticePage:
    return factories.PracticePageFactory(
        parent=parent,
        library=library,
        source_language="de",
        title=None,
        title_de=f"Praxisbeispiel {number}",
        slug=f"praxis-{number}",
        summary=None,
        summary_de="Lesepaten lesen in den Stadtteilbibliotheken vor.",
        body=None,
        body_de=[("heading", {"text": "Worum es geht", "level": "h2"})]
        + [("paragraph", PARAGRAPH.format(n=number * 100 + n)) for n in range(paragraphs)]
        + [
            (
                "key_facts",
                [{"label": "Seit", "value": "2019"}, {"label": "Ehrenamtliche", "value": "45"}],
            )
        ],
    )


def edit_benchmark(server: ProviderServer, parent, library) -> dict:
    page = practice(parent, library, 0, paragraphs=60)
    translate_page(page, ["fr"], "loopback")
    body = page.body_de.get_prep_value()
    changed = "<p>Seit Herbst öffnen wir auch am Sonntag, mit Lesungen für Familien.</p>"
    body[30]["value"] = changed
    page.body_de = body
    page.save_revision().publish()
    server.received.clear()
    translate_page(PracticePage.objects.get(pk=page.pk), ["fr"], "loopback")
    changed_chars = len("Seit Herbst öffnen wir auch am Sonntag, mit Lesungen für Familien.")
    return {
        "changed_paragraph_chars": changed_chars,
        "chars_sent": server.characters,
        "ratio": server.characters / changed_chars,
    }


def overhead_benchmark(parent, library) -> dict:
    page = practice(parent, library, 1, paragraphs=200)
    started = time.perf_counter()
    report = translate_page(page, ["en", "da", "fr"], "pseudo")
    first = time.perf_counter() - started
    started = time.perf_counter()
    translate_page(PracticePage.objects.get(pk=page.pk), ["en", "da", "fr"], "pseudo")
    second = time.perf_counter() - started
    return {
        "segments": report.segments_total,
        "ms_per_segment_first_run": 1000 * first / report.segments_total,
        "ms_per_segment_unchanged_rerun": 1000 * second / report.segments_total,
    }


def bulk_benchmark(server: ProviderServer, parent, library, count: int, latency_ms: float) -> dict:
    page_ids = [practice(parent, library, 10 + n, paragraphs=5).pk for n in range(count)]
    server.received.clear()
    server.max_in_flight = 0
    server.latency_seconds = latency_ms / 1000
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    segments = 0
    for page_id in page_ids:
        page = PracticePage.objects.get(pk=page_id)
        segments += translate_page(page, ["en", "da", "fr"], "loopback").segments_sent
    wall = time.perf_counter() - started
    server.latency_seconds = 0.0
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "pages": count,
        "languages": 3,
        "latency_ms_per_request": latency_ms,
        "segments_sent": segments,
        "requests": len(server.received),
        "most_requests_in_flight": server.max_in_flight,
        "wall_seconds": wall,
        "pages_per_second": count / wall,
        "peak_rss_mib": rss_after,
        "peak_rss_growth_mib": rss_after - rss_before,
    } | (
        {"speed_up_vs_baseline": count / wall / BASELINE_PAGES_PER_SECOND}
        if latency_ms == BASELINE_LATENCY_MS
        else {}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument(
        "--latency-ms", type=float, default=50, help="delay of each answer in part 3"
    )
    args = parser.parse_args()
    call_command("migrate", "--noinput", verbosity=0)
    server = ProviderServer().start()
    try:
        use_loopback(server)
        with translation.override("en"):
            parent, library = build_tree()
            results = {
                "one-paragraph edit": edit_benchmark(server, parent, library),
                "pipeline overhead (pseudo)": overhead_benchmark(parent, library),
                f"{args.pages} pages × 3 languages (loopback)": bulk_benchmark(
                    server, parent, library, args.pages, args.latency_ms
                ),
            }
    finally:
        server.stop()
        DATABASE.unlink()
    for name, figures in results.items():
        print(f"\n{name}")
        for key, value in figures.items():
            print(
                f"  {key:32} {value:,.2f}" if isinstance(value, float) else f"  {key:32} {value:,}"
            )


if __name__ == "__main__":
    main()
