"""Regressions found by ``benchmarks/load_test.py``: what broke only with many threads at once.

gunicorn runs the site with several threads per process (``GUNICORN_THREADS``),
so anything a module keeps for all threads must be safe to use from several
at the same time.
"""

from __future__ import annotations

import sys
import threading

from exchange_site.core.languages import LANGUAGE_CODES
from exchange_site.search.text import fold, stem

WORDS = [
    fold(word)
    for word in [
        "Bibliotheken",
        "Lesepaten",
        "Nachhaltigkeitsziele",
        "Büchereien",
        "Kinder",
        "ab",
        "biblioteker",
        "læselyst",
        "bæredygtighed",
        "møder",
        "médiathèques",
        "lecture",
        "partenaires",
        "libraries",
        "reading",
        "sustainability",
        "meetings",
    ]
]


def test_searches_in_several_threads_at_once_stem_every_word_as_one_thread_does():
    expected = {(word, code): stem(word, code) for word in WORDS for code in LANGUAGE_CODES}
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: a shared stemmer breaks
    problems: list[str] = []

    def search_many_times() -> None:
        try:
            for _round in range(60):
                for (word, code), wanted in expected.items():
                    if (got := stem(word, code)) != wanted:
                        problems.append(f"{word} ({code}): {got!r} instead of {wanted!r}")
                        return
        except Exception as error:  # noqa: BLE001 - the failure this test is about
            problems.append(repr(error))

    try:
        threads = [threading.Thread(target=search_many_times) for _number in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        sys.setswitchinterval(interval)
    assert not problems, (
        f"stemming in 8 threads at once (as gunicorn's threads search) failed: {problems[:3]}"
    )
