"""Mixed load against the production start: readers in four languages, an editor, the worker.

    .venv/bin/python benchmarks/load_test.py [--seconds 30] [--max-requests 20000]
                                             [--readers 8] [--publish-every 3]
                                             [--databases sqlite,postgresql]

For each database (an embedded SQLite file, then a throw-away PostgreSQL
cluster from ``tests/postgresql.py``; PostgreSQL is skipped, saying why,
without its server binaries) this starts ``python -m exchange_site.bootstrap
serve`` exactly as an operator does (``tests/serving.py``: gunicorn sized by
``WEB_CONCURRENCY`` and ``GUNICORN_THREADS`` from this process's
environment, default 2 × 4; the supervised task worker; the offline
``pseudo`` provider) on 127.0.0.1, loads the demo, reads every page of the
sitemap once (a warm-up, which also finds the feeds, calendars and search
words), then for ``--seconds`` or ``--max-requests`` requests, whichever
comes first:

* ``--readers`` anonymous readers (threads, no think time) read pages of the
  sitemap in all four languages (home, practices, partner libraries, public
  minutes, trips), search in the page's language with a word of a title, and
  fetch the RSS/Atom feeds and the calendars;
* one editor, signed into the admin, opens a practice's edit form and
  publishes a changed title every ``--publish-every`` seconds, which queues a
  translation job into the three other languages;
* the worker translates meanwhile.

Prints per database: requests/s, p50/p95/p99 latency per kind, every error
(status and URL; target 0), publishes completed, and the translation jobs
queued and finished during the run, and how long the queue took to drain after it.

A script of its own (threads and ``requests``, already a dependency through
Wagtail) rather than locust: the load is small and fixed, the script needs the
project's own helpers to start and stop ``serve`` and to publish through the
admin's form, and locust would add gevent (which patches the standard
library) to the test dependencies for one benchmark. Every process it starts
is stopped when it ends, also on Ctrl+C, SIGTERM or an error; it talks to
nothing but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import secrets
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.postgresql import server_binaries, throwaway_server  # noqa: E402
from tests.serving import (  # noqa: E402
    START_TIMEOUT,
    Browser,
    create_superuser,
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

EDITOR = "load-editor"
DRAIN_TIMEOUT = 120
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "text/calendar")
KINDS = ("page", "search", "feed/calendar", "admin edit form", "admin publish")


@dataclass
class Targets:
    """What the readers read, found by reading the sitemap once."""

    pages: list[str]
    feeds: list[str]
    searches: list[str]


@dataclass
class Measurements:
    """Latencies per kind and every error, shared by the load threads."""

    budget: int
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    publishes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self) -> bool:
        """One more request within ``--max-requests``?"""
        with self.lock:
            self.budget -= 1
            return self.budget >= 0

    def record(self, kind: str, seconds: float, problem: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if problem:
                self.errors[f"{kind}: {problem}"] += 1


def timed(
    measurements: Measurements,
    kind: str,
    url: str,
    send: Callable[[], requests.Response],
    expected: int = 200,
) -> requests.Response | None:
    """Send one request, recording its latency and anything but ``expected`` as an error."""
    started = time.perf_counter()
    try:
        response = send()
    except (requests.RequestException, AssertionError, AttributeError) as error:
        measurements.record(kind, time.perf_counter() - started, f"{type(error).__name__} {url}")
        return None
    problem = None if response.status_code == expected else f"HTTP {response.status_code} {url}"
    measurements.record(kind, time.perf_counter() - started, problem)
    return response


def discover(browser: Browser) -> Targets:
    """Every page of the sitemap, its feeds, and words to search for; each read once (warm-up)."""
    sitemap = browser.get("/sitemap.xml")
    sitemap.raise_for_status()
    pages = [urlsplit(url).path for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)]
    feeds: set[str] = set()
    searches: set[str] = set()
    for path in pages:
        page = browser.get(path)
        if page.status_code != 200:
            raise RuntimeError(f"the warm-up read {path}: HTTP {page.status_code}")
        for kind, href in re.findall(
            r'<(?:a|link)\b[^>]*?type="([^"]+)"[^>]*?href="([^"]+)"', page.text
        ):
            if kind in FEED_TYPES:
                feeds.add(urlsplit(href).path)
        for href, kind in re.findall(
            r'<(?:a|link)\b[^>]*?href="([^"]+)"[^>]*?type="([^"]+)"', page.text
        ):
            if kind in FEED_TYPES:
                feeds.add(urlsplit(href).path)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.text, re.S)
        words = re.findall(r"\w{5,}", re.sub(r"<[^>]+>", " ", heading.group(1))) if heading else []
        language = path.strip("/").split("/")[0]
        searches.update(f"/{language}/search/?q={quote(word)}" for word in words[:2])
    targets = Targets(pages, sorted(feeds), sorted(searches))
    for url in targets.searches[:1] + targets.feeds:  # the first search indexes the demo
        browser.get(url)
    return targets


def reader(
    base: str, targets: Targets, measurements: Measurements, stop: threading.Event, seed: int
) -> None:
    """An anonymous reader: mostly pages, sometimes a search, now and then a feed or calendar."""
    browser = Browser(base)
    choose = random.Random(seed)  # noqa: S311 - a mix of requests, not a secret
    while not stop.is_set() and measurements.take():
        roll = choose.random()
        if roll < 0.15 and targets.searches:
            kind, url = "search", choose.choice(targets.searches)
        elif roll < 0.25 and targets.feeds:
            kind, url = "feed/calendar", choose.choice(targets.feeds)
        else:
            kind, url = "page", choose.choice(targets.pages)
        timed(measurements, kind, url, lambda url=url: browser.get(url))


def editor(
    base: str,
    password: str,
    practice: dict,
    every: float,
    measurements: Measurements,
    stop: threading.Event,
) -> None:
    """One editor: opens the practice's edit form and publishes a new title every ``every`` s."""
    browser = Browser(base)
    signed_in = sign_in(browser, EDITOR, password)
    if signed_in.status_code != 302:
        measurements.record("admin publish", 0.0, f"login HTTP {signed_in.status_code}")
        return
    edit_url = f"/admin/pages/{practice['id']}/edit/"
    title_field = f"title_{practice['source_language']}"
    number = 0
    while not stop.is_set() and measurements.take():
        started = time.monotonic()
        number += 1
        title = f"{practice['title']} ({number})"
        form = timed(measurements, "admin edit form", edit_url, lambda: browser.get(edit_url))
        if form is not None and form.status_code == 200 and measurements.take():
            published = timed(
                measurements,
                "admin publish",
                edit_url,
                lambda title=title, form=form: publish_edit(
                    browser, practice["id"], {title_field: title}, edit_form=form.text
                ),
                expected=302,
            )
            if published is not None and published.status_code == 302:
                with measurements.lock:
                    measurements.publishes += 1
            elif published is not None:
                measurements.record("admin publish", 0.0, f"form errors {form_errors(published)}")
        stop.wait(max(0.0, every - (time.monotonic() - started)))


def run_on(database_url: str, label: str, args: argparse.Namespace) -> None:
    """Start ``serve`` on ``database_url``, load it, print the figures, stop everything."""
    with tempfile.TemporaryDirectory(prefix="exchange-load-") as directory:
        data = Path(directory)
        port = free_port()
        sizing = {
            "WEB_CONCURRENCY": os.environ.get("WEB_CONCURRENCY", "").strip() or "2",
            "GUNICORN_THREADS": os.environ.get("GUNICORN_THREADS", "").strip() or "4",
        }
        if database_url.startswith("sqlite"):
            database_url = f"sqlite:///{data / 'site.sqlite3'}"
        environment = production_environment(data, database_url, port, **sizing)
        log = data / "serve.log"
        base = f"http://127.0.0.1:{port}"
        print(
            f"\n== {label}: starting serve on {base} (gunicorn {sizing['WEB_CONCURRENCY']} "
            f"workers × {sizing['GUNICORN_THREADS']} threads, one task worker)",
            flush=True,
        )
        with serving(environment, log):
            wait_until(lambda: health(base), START_TIMEOUT, "serve answers /healthz", log)
            manage(environment, "load_demo_content")
            manage(environment, "set_site_address", "127.0.0.1", "--port", str(port))
            password = secrets.token_urlsafe(16)
            create_superuser(environment, EDITOR, password)
            practice = first_practice(environment)
            targets = discover(Browser(base))
            print(
                f"   {len(targets.pages)} pages, {len(targets.feeds)} feeds/calendars, "
                f"{len(targets.searches)} searches; editing practice {practice['id']} "
                f"({practice['source_language']}) every {args.publish_every} s; "
                f"load {args.seconds} s or {args.max_requests} requests",
                flush=True,
            )
            measurements = Measurements(budget=args.max_requests)
            stop = threading.Event()
            threads = [
                threading.Thread(
                    target=reader, args=(base, targets, measurements, stop, n), daemon=True
                )
                for n in range(args.readers)
            ]
            threads.append(
                threading.Thread(
                    target=editor,
                    args=(base, password, practice, args.publish_every, measurements, stop),
                    daemon=True,
                )
            )
            started_at = time.time()
            started = time.monotonic()
            try:
                for thread in threads:
                    thread.start()
                deadline = started + args.seconds
                while time.monotonic() < deadline and any(t.is_alive() for t in threads):
                    time.sleep(0.2)
            finally:
                stop.set()
                for thread in threads:
                    thread.join(timeout=60)
            elapsed = time.monotonic() - started
            ended_at = time.time()
            drain_started = time.monotonic()
            queue = wait_until_drained(base)
            drained = time.monotonic() - drain_started
            jobs = job_counts(environment, started_at, ended_at)
        exceptions = Counter(
            re.findall(r"^(?:[\w.]+\.)?\w*(?:Error|Exception)\b.*$", log.read_text(), re.M)
        )
        if args.keep_logs:
            args.keep_logs.mkdir(parents=True, exist_ok=True)
            (args.keep_logs / f"{label.split()[0].lower()}-serve.log").write_text(log.read_text())
        report(label, measurements, elapsed, jobs, queue, drained)
        for line, count in exceptions.most_common(10):
            print(f"   in serve's log: {count} × {line[:300]}")


def first_practice(environment: dict[str, str]) -> dict:
    """The practice the editor edits: the demo's first, in its source language."""
    script = (
        "import json; from practices.models import PracticePage; "
        "p = PracticePage.objects.order_by('pk').first(); "
        "print(json.dumps({'id': p.pk, 'source_language': p.source_language, "
        "'title': getattr(p, 'title_' + p.source_language)}))"
    )
    return json.loads(manage(environment, "shell", "-c", script).strip().splitlines()[-1])


def wait_until_drained(base: str) -> dict:
    """Wait (bounded) until the worker has taken every queued job; the last health answer."""
    deadline = time.monotonic() + DRAIN_TIMEOUT
    state = health(base) or {}
    while state.get("queued_translation_jobs") and time.monotonic() < deadline:
        time.sleep(0.5)
        state = health(base) or {}
    return state


def job_counts(environment: dict[str, str], started_at: float, ended_at: float) -> dict:
    """Translation jobs queued during the run, and finished (by status) during it."""
    script = (
        "import json, datetime as d; from collections import Counter; "
        "from exchange_site.translation.models import TranslationJob as J; "
        f"s = d.datetime.fromtimestamp({started_at}, d.UTC); "
        f"e = d.datetime.fromtimestamp({ended_at}, d.UTC); "
        "print(json.dumps({"
        "'queued': J.objects.filter(created_at__gte=s, created_at__lte=e).count(), "
        "'finished': Counter(J.objects.filter(finished_at__gte=s, finished_at__lte=e)"
        ".values_list('status', flat=True)), "
        "'after': Counter(J.objects.filter(created_at__gte=s).values_list('status', flat=True))}))"
    )
    return json.loads(manage(environment, "shell", "-c", script).strip().splitlines()[-1])


def percentiles(latencies: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 in milliseconds."""
    if len(latencies) < 2:
        value = latencies[0] * 1000 if latencies else float("nan")
        return value, value, value
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000, cuts[98] * 1000


def report(
    label: str, m: Measurements, elapsed: float, jobs: dict, queue: dict, drained: float
) -> None:
    total = sum(len(values) for values in m.latencies.values())
    print(f"== {label}: {total} requests in {elapsed:.1f} s = {total / elapsed:.1f} requests/s")
    print(f"   {'kind':<16} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in KINDS:
        values = m.latencies.get(kind, [])
        p50, p95, p99 = percentiles(values)
        print(f"   {kind:<16} {len(values):>8} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}")
    print(f"   errors: {sum(m.errors.values())}")
    for problem, count in m.errors.most_common():
        print(f"     {count} × {problem}")
    attempted = len(m.latencies.get("admin publish", []))
    print(f"   publishes completed: {m.publishes}/{attempted}")
    print(
        f"   translation jobs: {jobs['queued']} queued during the run, finished during it: "
        f"{dict(jobs['finished']) or 0}; after the run: {dict(jobs['after'])}, queue empty "
        f"{drained:.1f} s after the run (health: {queue.get('queued_translation_jobs')} queued)",
        flush=True,
    )


def load_average() -> str:
    """As ``uptime`` shows it: the machine is shared, so the figures depend on it."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def interrupted(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops like Ctrl+C: every started process is stopped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=float(os.environ.get("LOAD_TEST_SECONDS", 30))
    )
    parser.add_argument(
        "--max-requests", type=int, default=int(os.environ.get("LOAD_TEST_MAX_REQUESTS", 20000))
    )
    parser.add_argument("--readers", type=int, default=int(os.environ.get("LOAD_TEST_READERS", 8)))
    parser.add_argument("--publish-every", type=float, default=3.0)
    parser.add_argument("--keep-logs", type=Path, help="copy serve's log (gunicorn, worker) here")
    parser.add_argument(
        "--databases", default=os.environ.get("LOAD_TEST_DATABASES", "sqlite,postgresql")
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, interrupted)
    print(f"load average before: {load_average()} ({os.cpu_count()} cores)")
    for name in args.databases.split(","):
        if name == "sqlite":
            run_on("sqlite://", "SQLite", args)
        elif name == "postgresql":
            binaries = server_binaries()
            if binaries is None:
                print("\n== PostgreSQL: skipped, no server binaries (apt-get install postgresql)")
                continue
            with throwaway_server(binaries) as database_url:
                run_on(database_url, f"PostgreSQL {binaries.parent.name}", args)
        else:
            parser.error(f"unknown database {name!r} (sqlite, postgresql)")
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit("interrupted: every process this run started has been stopped")
