"""Reader-page speed: a practice page against a bare Wagtail page of the same size.

    .venv/bin/python benchmarks/reader_pages.py [--requests 600] [--clients 4]

Both pages are served the same way in the same run: one WSGI server on
127.0.0.1 (Django's threaded server, DEBUG off, the project's middleware),
the same site chrome (base.html), the same database. The practice page is
the demo's "Bibo 7/10" (library, topics, SDGs, related practices, meetings,
contacts, StreamField body, language fallback); the bare page is a plain
``Page`` with a rich-text body padded to the same HTML size (±10 %). Rounds
alternate between the two pages to cancel drift. Prints requests/s, p50 and
p95 per page, sequential and with concurrent clients, and the ratio
(target: practice ≥ 0.8 × bare) — rendered (the whole-page cache for anonymous
readers switched off, the fragment cache on) and, last, answered from the
whole-page cache (``exchange_site/core/page_cache.py``).

Then the cold case, what the first reader after a publish pays: in this
process, through Django's test client (the same middleware and templates),
the cache cleared before every request, CPU milliseconds per request
(``time.process_time``, so other work on the machine does not count) for both
pages and their ratio (target: practice ≤ 1.0 × bare). A third page joins
these rounds: the practice's content built the plain Wagtail way
(``PlainPracticePage``: the same body, library, topics, goals, related
practices and meetings, with none of our layers), so the figures separate
what the content costs from what our layers add to it.
Talks to nothing but 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.common import ROOT, django_on_scratch_database  # noqa: E402

DATABASE = django_on_scratch_database("benchmarks.settings")

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import (  # noqa: E402
    ThreadedWSGIServer,
    WSGIRequestHandler,
    get_internal_wsgi_application,
)
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import translation  # noqa: E402

from benchmarks.bare_site.models import BarePage, PlainPracticePage  # noqa: E402
from home.models import HomePage  # noqa: E402
from practices.models import PracticePage  # noqa: E402

PRACTICE_PATH = "/en/practices/bibo-7-10/"
BARE_PATH = "/en/bare/bare-page/"
PLAIN_PATH = "/en/bare/plain-practice/"
COLD_PAGES = {"practice": PRACTICE_PATH, "bare": BARE_PATH, "plain": PLAIN_PATH}
RESULTS = ROOT / "benchmarks" / "results"
PARAGRAPH = (
    "<p>The branch library opens on Sunday mornings without staff: readers let "
    "themselves in with their library card, borrow and return with self-service "
    "machines, and the entrance is monitored.</p>"
)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve_forever(ports: multiprocessing.Queue, page_cache_seconds: int) -> None:
    from django.conf import settings

    settings.READER_PAGE_CACHE_SECONDS = page_cache_seconds
    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
    server.set_app(get_internal_wsgi_application())
    ports.put(server.server_address[1])
    server.serve_forever()


def serve(page_cache_seconds: int = 0) -> tuple[multiprocessing.Process, str]:
    """The server runs in its own process, so the measuring clients do not share its GIL."""
    connections.close_all()  # a forked child must open its own database connection
    ports: multiprocessing.Queue = multiprocessing.Queue()
    process = multiprocessing.Process(
        target=_serve_forever, args=(ports, page_cache_seconds), daemon=True
    )
    process.start()
    return process, f"http://127.0.0.1:{ports.get(timeout=30)}"


def fetch(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        body = response.read()
    return time.perf_counter() - started, len(body)


def build_pages(base: str) -> dict[str, int]:
    """The demo site, plus a bare page whose HTML is as large as the practice page's."""
    call_command("load_demo_content", verbosity=0)
    _seconds, practice_size = fetch(base + PRACTICE_PATH)
    # At the practice page's depth, so both are routed through as many levels.
    bare_index = HomePage.objects.get().add_child(instance=BarePage(title="Bare", slug="bare"))
    bare = BarePage(title="Bare page", slug="bare-page", body=PARAGRAPH)
    bare_index.add_child(instance=bare)
    bare.save_revision().publish()
    _seconds, bare_size = fetch(base + BARE_PATH)
    paragraphs = max(1, round((practice_size - bare_size) / len(PARAGRAPH)) + 1)
    bare.body = PARAGRAPH * paragraphs
    bare.save_revision().publish()
    _seconds, bare_size = fetch(base + BARE_PATH)
    assert abs(bare_size - practice_size) <= practice_size * 0.1, (practice_size, bare_size)
    build_plain_practice(bare_index)
    _seconds, plain_size = fetch(base + PLAIN_PATH)
    return {"practice": practice_size, "bare": bare_size, "plain": plain_size}


def build_plain_practice(parent: BarePage) -> None:
    """The practice page's English content, copied into a plain Wagtail page beside the bare one."""
    with translation.override("en"):
        practice = PracticePage.objects.get(url_path__endswith="/bibo-7-10/")
        plain = PlainPracticePage(
            title=practice.title,
            slug="plain-practice",
            library=practice.library,
            maturity=practice.maturity,
            summary=practice.summary,
            body=practice.body.raw_data,
        )
        parent.add_child(instance=plain)
        plain.topics.set(practice.topics.all())
        plain.sdgs.set(practice.sdgs.all())
        plain.related.set(practice.related_practices.all())
        plain.meetings.set(practice.discussed_in_meetings.all())
        plain.save_revision().publish()


def measure(url: str, count: int, clients: int) -> list[float]:
    if clients == 1:
        return [fetch(url)[0] for _ in range(count)]
    with ThreadPoolExecutor(clients) as pool:
        return [seconds for seconds, _size in pool.map(fetch, [url] * count)]


def summary(latencies: list[float], wall: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / wall,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(0.95 * (len(ordered) - 1))] * 1000,
    }


def run(base: str, requests: int, clients: int, rounds: int = 6) -> dict[str, dict]:
    """Alternating rounds (practice, bare, practice, …); totals per page."""
    per_round = max(1, requests // rounds)
    latencies: dict[str, list[float]] = {"practice": [], "bare": []}
    walls = {"practice": 0.0, "bare": 0.0}
    for _round in range(rounds):
        for name, path in (("practice", PRACTICE_PATH), ("bare", BARE_PATH)):
            started = time.perf_counter()
            latencies[name] += measure(base + path, per_round, clients)
            walls[name] += time.perf_counter() - started
    return {name: summary(latencies[name], walls[name]) for name in latencies}


def cold_cpu_ms(requests: int, rounds: int = 6) -> dict[str, dict[str, float]]:
    """CPU ms per request with every cache cleared first; alternating rounds, as above."""
    client = Client(HTTP_HOST="127.0.0.1")
    per_round = max(1, requests // rounds)
    cpu_ms: dict[str, list[float]] = {name: [] for name in COLD_PAGES}
    for path in COLD_PAGES.values():  # compile templates, open the connection
        client.get(path)
    for _round in range(rounds):
        for name, path in COLD_PAGES.items():
            for _ in range(per_round):
                cache.clear()
                started = time.process_time()
                response = client.get(path)
                cpu_ms[name].append((time.process_time() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
    return {
        name: {
            "requests": len(values),
            "median_cpu_ms": statistics.median(values),
            "p95_cpu_ms": sorted(values)[int(0.95 * (len(values) - 1))],
        }
        for name, values in cpu_ms.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=600, help="requests per page and mode")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients")
    parser.add_argument("--cold", type=int, default=300, help="cold requests per page")
    parser.add_argument("--cold-only", action="store_true", help="skip the served rounds")
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    server, base = serve()
    results: dict = {}
    modes: list[str] = []
    try:
        sizes = build_pages(base)
        results["sizes_bytes"] = sizes
        if not args.cold_only:
            modes = ["sequential", f"{args.clients}_clients", "whole_page_cache_sequential"]
            modes.append(f"whole_page_cache_{args.clients}_clients")
            for mode in modes:
                if mode == modes[2]:  # the same rounds, answered from the whole-page cache
                    server.terminate()
                    server, base = serve(page_cache_seconds=300)
                if mode in modes[::2]:  # warm caches and templates
                    for path in (PRACTICE_PATH, BARE_PATH):
                        for _ in range(20):
                            fetch(base + path)
                clients = args.clients if mode.endswith("clients") else 1
                results[mode] = run(base, args.requests, clients)
        server.terminate()
        results["cold"] = cold_cpu_ms(args.cold)
    finally:
        server.terminate()
        DATABASE.unlink()

    print(
        f"HTML size: practice {sizes['practice']:,} B, bare {sizes['bare']:,} B,"
        f" plain practice {sizes['plain']:,} B"
    )
    for mode in modes:
        practice, bare = results[mode]["practice"], results[mode]["bare"]
        ratio = practice["rps"] / bare["rps"]
        results[mode]["ratio"] = ratio
        print(f"\n{mode.replace('_', ' ')}:")
        for name, figures in (("practice page", practice), ("bare page", bare)):
            print(
                f"  {name:14} {figures['rps']:7.1f} req/s   p50 {figures['p50_ms']:6.1f} ms"
                f"   p95 {figures['p95_ms']:6.1f} ms"
            )
        verdict = "PASS" if ratio >= 0.8 else "FAIL"
        print(f"  practice / bare: {ratio:.2f}× (target ≥ 0.8×: {verdict})")
    cold = results["cold"]
    cold["ratio"] = cold["practice"]["median_cpu_ms"] / cold["bare"]["median_cpu_ms"]
    cold["ratio_to_plain"] = cold["practice"]["median_cpu_ms"] / cold["plain"]["median_cpu_ms"]
    print("\ncold (cache cleared before each request), CPU per request:")
    for name in COLD_PAGES:
        figures = cold[name]
        label = "plain practice page" if name == "plain" else f"{name} page"
        print(
            f"  {label:20} median {figures['median_cpu_ms']:6.1f} ms"
            f"   p95 {figures['p95_cpu_ms']:6.1f} ms"
        )
    verdict = "PASS" if cold["ratio"] <= 1.0 else "FAIL"
    print(f"  practice / bare CPU: {cold['ratio']:.2f}× (target ≤ 1.0×: {verdict})")
    print(
        f"  practice / plain practice CPU (the same content without our layers):"
        f" {cold['ratio_to_plain']:.2f}×"
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "reader_pages.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
