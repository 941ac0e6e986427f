"""Search latency for the search-quality test set, on the demo content.

    .venv/bin/python benchmarks/search_quality.py [--rounds 20] [--extra-words 0]

Throw-away SQLite database, demo content loaded. Prints, per query of
``tests/search_quality.py``: the median time of the search itself
(``exchange_site.search.engine.run``: match, rank, snippets, "Did you mean")
and of the whole reader view through Django's test client (routing, template,
the page chrome); then the median and p95 over all queries, the time to
build the index from nothing, and the hits in the top 3 with the mean
reciprocal rank. ``--extra-words N`` adds N random words to the index (on one
public page) to see how matching and "Did you mean" grow with the
vocabulary (the demo has about 2,400 indexed words). Talks to nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import django_on_scratch_database  # noqa: E402

DATABASE = django_on_scratch_database("benchmarks.settings")

from django.core.management import call_command  # noqa: E402
from django.db.models import Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402

from wagtail.models import Page  # noqa: E402

from exchange_site.core.privacy import reader_pages  # noqa: E402
from exchange_site.search import engine  # noqa: E402
from exchange_site.search.index import ensure_index_fresh  # noqa: E402
from exchange_site.search.models import IndexedWord, SearchDocument  # noqa: E402
from tests.search_quality import CASES  # noqa: E402


def median_ms(function, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def add_random_words(count: int) -> None:
    page = Page.objects.get(Q(slug_en="artothek") | Q(slug_de="artothek"))
    rng = random.Random(7)
    words = {
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 12))) for _ in range(count)
    }
    IndexedWord.objects.bulk_create(
        [IndexedWord(page=page, language="en", stem=w, word=w, folded=w) for w in words],
        ignore_conflicts=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--extra-words", type=int, default=0)
    options = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_content", verbosity=0)
    SearchDocument.objects.all().delete()
    IndexedWord.objects.all().delete()
    start = time.perf_counter()
    pages = ensure_index_fresh()
    build = time.perf_counter() - start
    if options.extra_words:
        add_random_words(options.extra_words)
    print(f"index built from nothing: {pages} pages in {build * 1000:.0f} ms; ", end="")
    print(f"{IndexedWord.objects.count()} indexed words")

    client = Client(HTTP_HOST="localhost")
    searches, views, reciprocal = [], [], []
    print(f"{'query':<44} {'search ms':>9} {'view ms':>8}  rank")
    for case in CASES:
        visible = reader_pages().for_reader(None)
        with translation.override(case.language):
            search = partial(engine.run, case.query, visible, case.language, hide_drafts=False)
            outcome = search()
            searched = median_ms(search, options.rounds)
        view = partial(client.get, f"/{case.language}/search/", {"q": case.query})
        assert view().status_code == 200, f"{case.label}: the view failed"
        viewed = median_ms(view, options.rounds)
        if case.kind == "typo" and outcome.suggestion:
            outcome = engine.run(outcome.suggestion, visible, case.language, hide_drafts=False)
        ids = [result.page.pk for result in outcome.results]
        expected = Page.objects.get(
            Q(slug_en=case.expected[0])
            | Q(slug_da=case.expected[0])
            | Q(slug_de=case.expected[0])
            | Q(slug_fr=case.expected[0])
        ).pk
        rank = ids.index(expected) + 1 if expected in ids else None
        reciprocal.append(1 / rank if rank else 0.0)
        searches.append(searched)
        views.append(viewed)
        print(f"{case.label[:44]:<44} {searched:>9.1f} {viewed:>8.1f}  {rank}")

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    top3 = sum(1 for r in reciprocal if r >= 1 / 3)
    print(
        f"\nsearch: median {statistics.median(searches):.1f} ms, p95 {p95(searches):.1f} ms; "
        f"view: median {statistics.median(views):.1f} ms, p95 {p95(views):.1f} ms"
    )
    print(
        f"{top3}/{len(CASES)} first expected pages in the top 3, "
        f"MRR {sum(reciprocal) / len(reciprocal):.3f}"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        DATABASE.unlink(missing_ok=True)
