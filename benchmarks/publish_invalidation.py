"""What a publish costs readers of other pages: cached practice articles surviving it, and
the render time of an unrelated practice page right after it.

    .venv/bin/python benchmarks/publish_invalidation.py [--publishes 20]

On the demo content (throw-away SQLite database, the benchmark settings, the
project's per-process cache), in-process through Django's test client: every
practice page is read in every language (caches warm), then one practice is
published with a new title, again and again. After each publish the script
takes the CPU time of the first request for an unrelated practice page (one that
neither shows nor is shown by the published one) in every language, then reads
every practice page in every language and counts how many articles came from
the cache (the article template was not rendered; Django's test instrumentation
reports each template rendered). Prints the medians; talks to no network at all.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import django_on_scratch_database  # noqa: E402

DATABASE = django_on_scratch_database("benchmarks.settings")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.signals import template_rendered  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402

from practices.models import PracticePage  # noqa: E402

ARTICLE = "practices/includes/practice_article.html"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class ArticleRenders:
    """Counts renders of the practice article (a render means: not served from the cache)."""

    def __init__(self) -> None:
        self.count = 0
        template_rendered.connect(self._seen)

    def _seen(self, sender, template, **kwargs) -> None:
        self.count += template.name == ARTICLE


def language_urls(page: PracticePage) -> list[str]:
    urls = []
    for code in LANGUAGES:
        with translation.override(code):
            urls.append(page.get_url())
    return urls


def pick_pages() -> tuple[PracticePage, PracticePage, list[PracticePage]]:
    """The practice to publish, an unrelated one (no relation either way), and all of them."""
    practices = list(PracticePage.objects.for_reader(None).order_by("path"))
    published = practices[0]
    neighbours = set(published.related_practices.values_list("pk", flat=True)) | set(
        PracticePage.objects.filter(related_practices=published).values_list("pk", flat=True)
    )
    unrelated = next(
        page for page in practices[1:] if page.pk not in neighbours and page.pk != published.pk
    )
    return published, unrelated, practices


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--publishes", type=int, default=20)
    args = parser.parse_args()

    setup_test_environment()  # template instrumentation, and "testserver" as an allowed host
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_content", verbosity=0)
    client, renders = Client(), ArticleRenders()
    published, unrelated, practices = pick_pages()
    every_article = [url for page in practices for url in language_urls(page)]
    for url in every_article:
        assert client.get(url).status_code == 200, url

    warm_ms, after_publish_ms, surviving = [], [], []
    try:
        for number in range(args.publishes):
            for url in language_urls(unrelated):  # warm reads, for comparison
                started = time.process_time()
                client.get(url)
                warm_ms.append((time.process_time() - started) * 1000)
            published.title_en = f"{published.title_en.split(' #')[0]} #{number}"
            published.save_revision().publish()
            renders.count = 0
            for url in language_urls(unrelated):
                started = time.process_time()
                client.get(url)
                after_publish_ms.append((time.process_time() - started) * 1000)
            for url in every_article:  # the unrelated page's renders are already counted
                client.get(url)
            surviving.append(len(every_article) - renders.count)
    finally:
        DATABASE.unlink()

    print(f"published: {published.slug!r}; unrelated page: {unrelated.slug!r}")
    print(
        f"cached practice articles (pages × languages): {len(every_article)}; "
        f"still cached after a publish (median of {args.publishes}): "
        f"{statistics.median(surviving):.0f}"
    )
    print(
        f"unrelated practice page, CPU time of the first request after a publish: "
        f"p50 {statistics.median(after_publish_ms):.1f} ms "
        f"(warm, no publish: p50 {statistics.median(warm_ms):.1f} ms)"
    )


if __name__ == "__main__":
    main()
