"""What anonymous readers get from the caches equals a fresh render, under real concurrency.

``tests/test_page_cache_attacks.py`` commits a change at one chosen moment of a
render, in one process. This test makes the moments happen for real: it starts
the production stack (``python -m exchange_site.bootstrap serve``: gunicorn with
several workers and threads, the supervised task worker, the shared database
cache, ``READER_PAGE_CACHE_SECONDS`` at its default, so the whole-page cache is
on) on 127.0.0.1 with the demo content, on an embedded SQLite file and on a
throw-away PostgreSQL cluster (skipped without its server binaries). Then, for
``RUN_SECONDS`` (or ``MAX_REQUESTS`` requests):

* ``READERS`` anonymous reader threads read the practices, their indexes and the
  home pages in every language as fast as the server answers, mostly the
  practices being edited;
* ``EDITORS`` editors, signed into the admin, publish their practices in turn,
  each publish putting a new numbered marker at the start of the summary in the
  page's source language (the article's lead and the cards of the indexes show it).

During the run, a read of an edited practice (in its source language) that
started after the editor saw publish *n* answered must show marker *n* or a
later one wherever it shows the summary (metadata, article): a view or an
article rendered from rows older than its cache key and stored under it would
show an older one. After the run (and after the worker has finished
every translation job), every reader address is read twice from the caches,
the shared cache is cleared, and every address is read again: a fresh render.
Page by page, after masking the per-request CSP nonce, the cached answers must
equal the fresh ones, and each practice's page shows its last marker.

Translation on publish stays on, as in production: the worker is a third
process writing to the same pages (the machine drafts of the other languages)
and bumping the same versions while readers read. The comparison stays well
defined because it starts only once no job is queued or running; the offline
``pseudo`` provider is deterministic, and a later job (had one still been
running) would only have moved versions, never made a cached page equal to a
fresh one by chance.

Any 5xx answer during the run or the crawls fails the test. Everything talks to
127.0.0.1 only, every loop is bounded, and ``tests/serving.py`` stops every
process the test started.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib.util
import json
import random
import re
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from exchange_site.core.languages import LANGUAGE_CODES
from tests.postgresql import server_binaries, throwaway_server
from tests.serving import (
    START_TIMEOUT,
    Browser,
    form_errors,
    free_port,
    health,
    manage,
    production_environment,
    publish_edit,
    serving,
    sign_in,
    wait_until,
)

RUN_SECONDS = 30
MAX_REQUESTS = 20_000
READERS = 8
EDITORS = 2
PRACTICES_PER_EDITOR = 2
EDITED_SHARE = 0.7  # of the reads: the edited practices, where reads overlap publishes
DRAIN_TIMEOUT = 90
SIZING = {"WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "4"}

NONCE = re.compile(r'nonce="[^"]+"')
CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from practices.models import PracticePage

call_command("load_demo_content", verbosity=0)
call_command("set_site_address", "127.0.0.1", "--port", "{port}")
for name in {editors!r}:
    get_user_model().objects.create_superuser(name, name + "@example.org", {password!r})

def addresses(page):
    urls = {{}}
    for code in {languages!r}:
        with translation.override(code):
            urls[code] = page.get_url()
    return urls

practices = []
for page in PracticePage.objects.filter(live=True).order_by("pk"):
    practices.append({{
        "id": page.pk,
        "source_language": page.source_language,
        "summary": getattr(page, "summary_" + page.source_language),
        "urls": addresses(page),
        "index_urls": addresses(page.get_parent().specific),
        "home_urls": addresses(page.get_parent().get_parent().specific),
    }})
print(json.dumps(practices))
"""

DRAIN = """
import json, time
from collections import Counter
from exchange_site.translation.models import TranslationJob as Job
unfinished = [Job.Status.QUEUED, Job.Status.RUNNING]
deadline = time.monotonic() + {timeout}
while Job.objects.filter(status__in=unfinished).exists() and time.monotonic() < deadline:
    time.sleep(0.3)
print(json.dumps(Counter(Job.objects.values_list("status", flat=True))))
"""

CLEAR_CACHE = "from django.core.cache import cache; cache.clear(); print('cleared')"


@dataclass
class Practice:
    """An edited practice: where it is read, and the publishes its editor saw answered."""

    id: int
    source_language: str
    summary: str
    url: str  # in its source language, where the summary is the editor's own text
    published: list[tuple[int, float]] = field(default_factory=list)  # (number, answered at)

    def marker(self, number: int) -> str:
        return f"Mark{self.id}n{number:04d}"

    def latest_seen_before(self, moment: float) -> int:
        return max((number for number, at in self.published if at < moment), default=0)

    def numbers_shown(self, html: str) -> list[int]:
        return [int(number) for number in re.findall(rf"Mark{self.id}n(\d{{4}})", html)]


@dataclass
class Run:
    """What the threads observed; shared under ``lock``."""

    budget: int
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    stale_reads: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        with self.lock:
            self.budget -= 1
            self.requests += 1
            return self.budget >= 0

    def note(self, bucket: list[str], problem: str) -> None:
        with self.lock:
            bucket.append(problem)


@pytest.fixture(params=["sqlite", "postgresql"])
def stack(request, tmp_path) -> Iterator[tuple[dict[str, str], str, Path]]:
    """``bootstrap serve`` with the demo loaded; every process stopped afterwards."""
    port = free_port()
    if request.param == "postgresql":
        binaries = server_binaries()
        if binaries is None:
            pytest.skip("needs PostgreSQL's server binaries (.ci/run installs them)")
        database = throwaway_server(binaries)
    else:
        database = contextlib.nullcontext(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    with database as database_url:
        environment = production_environment(tmp_path, database_url, port, **SIZING)
        environment.pop("READER_PAGE_CACHE_SECONDS", None)  # the default: the page cache is on
        log = tmp_path / "serve.log"
        base = f"http://127.0.0.1:{port}"
        with serving(environment, log):
            wait_until(lambda: health(base), START_TIMEOUT, "serve answers /healthz", log)
            yield environment, base, log


def masked(html: str) -> str:
    """The page without what differs per request: the CSP nonce and CSRF tokens."""
    return CSRF_TOKEN.sub(r'\1…"', NONCE.sub('nonce="…"', html))


def short_diff(cached: str, fresh: str) -> str:
    lines = difflib.unified_diff(
        fresh.replace("><", ">\n<").splitlines(),
        cached.replace("><", ">\n<").splitlines(),
        "fresh render",
        "from the caches",
        n=1,
        lineterm="",
    )
    return "\n".join(line[:200] for line in list(lines)[:24])


def read(browser: Browser, url: str, run: Run | None = None) -> tuple[int, str, float]:
    """One anonymous read: status, body, and when it was sent (``time.monotonic``)."""
    sent = time.monotonic()
    response = browser.get(url)
    if response.status_code >= 500 and run is not None:
        run.note(run.server_errors, f"HTTP {response.status_code} {url}")
    return response.status_code, response.text, sent


def reader(
    base: str,
    urls: list[str],
    edited: list[Practice],
    run: Run,
    stop: threading.Event,
    seed: int,
) -> None:
    """Reads as fast as the server answers; checks each edited practice shows no older marker."""
    browser = Browser(base)
    by_url = {practice.url: practice for practice in edited}
    edited_urls = [practice.url for practice in edited]
    choose = random.Random(seed)  # noqa: S311 - a mix of reads, not a secret
    while not stop.is_set() and run.take():
        url = choose.choice(edited_urls if choose.random() < EDITED_SHARE else urls)
        practice = by_url.get(url)
        try:
            status, html, sent = read(browser, url, run)
        except Exception as error:  # noqa: BLE001 - every failure is reported
            run.note(run.failures, f"{type(error).__name__} reading {url}: {error}")
            continue
        if practice is None or status != 200:
            continue
        expected = practice.latest_seen_before(sent)
        shown = min(practice.numbers_shown(html), default=0)  # head, article and cards
        if shown < expected:
            run.note(
                run.stale_reads,
                f"{url}: marker {shown} shown to a read sent after publish {expected} answered",
            )


def editor(
    base: str,
    username: str,
    password: str,
    practices: list[Practice],
    run: Run,
    stop: threading.Event,
) -> None:
    """Publishes its practices in turn, each with the next numbered marker in the summary."""
    browser = Browser(base)
    signed_in = sign_in(browser, username, password)
    if signed_in.status_code != 302:
        run.note(run.failures, f"{username} could not sign in: HTTP {signed_in.status_code}")
        return
    number = 0
    while not stop.is_set() and run.take():
        practice = practices[number % len(practices)]
        number += 1
        summary = f"{practice.marker(number)} {practice.summary}"
        try:
            published = publish_edit(
                browser, practice.id, {f"summary_{practice.source_language}": summary}
            )
        except Exception as error:  # noqa: BLE001 - every failure is reported
            run.note(run.failures, f"{username} publishing {practice.url}: {error}")
            continue
        if published.status_code >= 500:
            run.note(run.server_errors, f"HTTP {published.status_code} publishing {practice.url}")
        elif published.status_code != 302:
            run.note(
                run.failures,
                f"publishing {practice.url} answered {published.status_code}: "
                f"{form_errors(published)}",
            )
        else:
            with run.lock:
                practice.published.append((number, time.monotonic()))


def crawl(base: str, urls: list[str], what: str) -> dict[str, str]:
    """Every address read once by a new anonymous reader; anything but a 200 fails."""
    browser = Browser(base)
    pages = {}
    for url in urls:
        status, html, _sent = read(browser, url)
        assert status == 200, f"{what}: {url} answered {status}"
        pages[url] = html
    return pages


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("gunicorn") is None, reason="needs gunicorn (bootstrap serve)"
)
def test_readers_get_from_the_caches_what_a_fresh_render_shows(stack):
    environment, base, log = stack
    port = base.rsplit(":", 1)[1]
    password = secrets.token_urlsafe(16)
    usernames = [f"race-editor-{number}" for number in range(EDITORS)]
    setup = SETUP.format(
        port=port, editors=usernames, password=password, languages=list(LANGUAGE_CODES)
    )
    found = json.loads(manage(environment, "shell", "-c", setup).strip().splitlines()[-1])

    urls = sorted(
        {
            url
            for practice in found
            for kind in ("urls", "index_urls", "home_urls")
            for url in practice[kind].values()
        }
    )
    warm = Browser(base)
    readable = [url for url in urls if read(warm, url)[0] == 200]  # gated pages are not cached
    edited = [
        Practice(p["id"], p["source_language"], p["summary"], p["urls"][p["source_language"]])
        for p in found
        if p["urls"][p["source_language"]] in readable
    ][: EDITORS * PRACTICES_PER_EDITOR]
    assert len(edited) == EDITORS * PRACTICES_PER_EDITOR, f"too few public practices: {found}"

    run = Run(budget=MAX_REQUESTS)
    stop = threading.Event()
    threads = [
        threading.Thread(target=reader, args=(base, readable, edited, run, stop, n), daemon=True)
        for n in range(READERS)
    ] + [
        threading.Thread(
            target=editor,
            args=(base, name, password, edited[n::EDITORS], run, stop),
            daemon=True,
        )
        for n, name in enumerate(usernames)
    ]
    started = time.monotonic()
    try:
        for thread in threads:
            thread.start()
        while time.monotonic() < started + RUN_SECONDS and any(t.is_alive() for t in threads):
            time.sleep(0.2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    seconds = time.monotonic() - started
    publishes = sum(len(practice.published) for practice in edited)
    print(  # noqa: T201 - the run's figures, shown with -s
        f"{run.requests} requests in {seconds:.1f} s, {publishes} publishes; "
        f"stale reads during the run: {len(run.stale_reads)}"
    )
    assert not run.server_errors, f"server errors during the run: {run.server_errors[:10]}"
    assert not run.failures, f"requests failed during the run: {run.failures[:10]}"
    assert all(practice.published for practice in edited), (
        f"every edited practice should be published at least once: {edited}"
    )

    jobs = manage(environment, "shell", "-c", DRAIN.format(timeout=DRAIN_TIMEOUT))
    jobs = json.loads(jobs.strip().splitlines()[-1])
    assert not {"QUEUED", "RUNNING"} & {status.upper() for status in jobs}, (
        f"the worker did not finish the translations within {DRAIN_TIMEOUT} s: {jobs}"
    )
    cached = [crawl(base, readable, f"cached read {n}") for n in (1, 2)]
    manage(environment, "shell", "-c", CLEAR_CACHE)
    fresh = crawl(base, readable, "fresh read")

    stale = [
        f"{url} (cached read {n}):\n{short_diff(masked(pages[url]), masked(fresh[url]))}"
        for n, pages in enumerate(cached, start=1)
        for url in readable
        if masked(pages[url]) != masked(fresh[url])
    ]
    assert not stale, (
        f"{len(stale)} cached answers differ from a fresh render (stale pages):\n"
        + "\n\n".join(stale[:4])
    )
    for practice in edited:
        last = max(number for number, _at in practice.published)
        assert practice.marker(last) in fresh[practice.url], (
            f"{practice.url} does not show its last published summary {practice.marker(last)}"
        )
    assert not run.stale_reads, (
        f"{len(run.stale_reads)} reads during the run showed a summary older than a publish "
        f"already answered: {run.stale_reads[:10]}"
    )
