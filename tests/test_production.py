"""The production path, run for real: ``bootstrap serve`` with gunicorn, PostgreSQL and the worker.

The end-to-end test starts ``python -m exchange_site.bootstrap serve`` exactly as
a systemd unit would (README, "Running in production"), on 127.0.0.1 and a
free port, against a throw-away PostgreSQL cluster (``tests/postgresql.py``).
It loads the demo, reads pages in four languages, logs into the admin with a
new superuser, publishes an edit of a Danish page through the edit form (CSRF
and all, over HTTP against gunicorn, as if behind the TLS proxy), waits for
the worker's pseudo translation on the German page, kills the worker with
SIGKILL, sees ``serve`` restart it and a second edit translated, and stops
everything with one SIGTERM. Every wait is bounded.

The smaller tests check the health endpoint, the supervisor's back-off, the
start-up refusal and ``set_site_address`` without servers.
"""

from __future__ import annotations

import datetime
import html
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError

from wagtail.fields import StreamField
from wagtail.models import Site

import pytest

from exchange_site import bootstrap
from exchange_site.translation.models import TranslationJob
from practices.models import PracticePage
from tests.postgresql import server_binaries, throwaway_server
from tests.serving import (
    ROOT,
    START_TIMEOUT,
    STOP_TIMEOUT,
    Browser,
    alive,
    create_superuser,
    form_errors,
    form_fields,
    free_port,
    health,
    manage,
    production_environment,
    publish_edit,
    serving,
    sign_in,
    wait_until,
    worker_pids,
)

TRANSLATION_TIMEOUT = 90
RESTART_TIMEOUT = 30
ADMIN = ("operator", "a-long-operator-password-for-the-test")


# --- without servers ------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_reports_the_database_and_the_oldest_queued_job(client, site_tree):
    job = TranslationJob.objects.create(
        page=site_tree.home, source_language="en", target_languages=["de"]
    )
    TranslationJob.objects.filter(pk=job.pk).update(
        created_at=job.created_at - datetime.timedelta(minutes=5)
    )
    response = client.get("/healthz")
    assert response.status_code == 200, f"/healthz answered {response.status_code}"
    body = response.json()
    assert body["status"] == "ok" and body["queued_translation_jobs"] == 1, body
    assert 299 <= body["oldest_queued_translation_job_age_seconds"] < 400, (
        f"the oldest queued job is five minutes old: {body}"
    )
    assert "no-store" in response["Cache-Control"], "the health answer must never be cached"
    assert site_tree.home.title not in response.content.decode(), "no page data in /healthz"


@pytest.mark.django_db
def test_health_answers_503_when_the_database_fails(client):
    failing = mock.patch(
        "exchange_site.health.connection.cursor", side_effect=OperationalError("gone")
    )
    with failing:
        response = client.get("/healthz")
    assert response.status_code == 503, f"a failing database should give 503, not {response}"
    assert response.json() == {"status": "error", "database": "unavailable"}, response.content


def test_serve_names_every_missing_variable():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in bootstrap.SERVE_REQUIRED_VARIABLES and key != "DJANGO_SETTINGS_MODULE"
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "exchange_site.bootstrap", "serve"],
        cwd=ROOT,
        env={**environment, "DJANGO_ALLOWED_HOSTS": "exchange.example.org"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, f"serve should refuse to start: {result}"
    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL", "MEDIA_ROOT"):
        assert name in result.stderr, f"the refusal should name {name}: {result.stderr}"
    assert "DJANGO_ALLOWED_HOSTS" not in result.stderr, result.stderr


def test_gunicorn_is_sized_and_bound_from_the_environment():
    command = bootstrap.gunicorn_command(
        {"WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "8", "PORT": "9000"}, python="python"
    )
    options = dict(zip(command[4::2], command[5::2], strict=False))
    assert options["--workers"] == "3" and options["--threads"] == "8", command
    assert options["--bind"] == "127.0.0.1:9000", f"PORT binds to the loopback only: {command}"
    assert bootstrap.bind_address({"BIND": "unix:/run/exchange.sock", "PORT": "1"}) == (
        "unix:/run/exchange.sock"
    )
    assert bootstrap.bind_address({}) == "127.0.0.1:8000"


def test_serve_installs_the_clients_of_the_configured_database_and_cache():
    assert bootstrap.serve_extras({"DATABASE_URL": "sqlite:////var/lib/x.sqlite3"}) == ()
    assert bootstrap.serve_extras(
        {"DATABASE_URL": "postgres://u@db/x", "CACHE_URL": "redis://cache:6379/0"}
    ) == ("postgres", "redis"), "PostgreSQL's driver and Redis's client come from the extras"
    assert "redis" in bootstrap.requirements(["redis"])[-1], "pyproject.toml has a redis extra"


def test_the_supervisor_restarts_a_dying_worker_with_growing_delays(monkeypatch, capsys):
    monkeypatch.setattr(bootstrap, "WORKER_RESTART_DELAYS", (0.2, 0.6))
    dying = [sys.executable, "-c", "raise SystemExit(3)"]
    supervisor = bootstrap.WorkerSupervisor(dying, dict(os.environ))
    supervisor.start()
    deadline = time.monotonic() + 20
    while supervisor.quick_deaths < 3 and time.monotonic() < deadline:
        supervisor.check()
        time.sleep(0.05)
    supervisor.stop()
    said = capsys.readouterr().out
    assert supervisor.quick_deaths >= 3, f"the worker should be restarted after each death:\n{said}"
    assert said.count("Task worker started") >= 3, said
    assert "stopped with exit code 3 after 0 s; restarting it in 0.2 s" in said, said
    assert "restarting it in 0.6 s" in said, f"the delay should grow while it keeps dying:\n{said}"


@pytest.mark.django_db
def test_set_site_address_changes_the_default_site(site_tree):
    call_command("set_site_address", "Exchange.Example.org", "--port", "443")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("exchange.example.org", 443)
    assert site.root_page.specific.full_url == "https://exchange.example.org/en/", (
        f"full URLs should use the new address: {site.root_page.specific.full_url}"
    )


# --- the real thing -------------------------------------------------------------------------


@pytest.fixture
def production(tmp_path) -> Iterator[tuple[dict[str, str], str, Path, subprocess.Popen]]:
    """``bootstrap serve`` on a throw-away PostgreSQL; stopped (and checked) by the test."""
    port = free_port()
    with throwaway_server(server_binaries()) as database_url:
        environment = production_environment(tmp_path, database_url, port)
        log = tmp_path / "serve.log"
        with serving(environment, log) as serve:
            yield environment, f"http://127.0.0.1:{port}", log, serve


def publish_danish_title(browser: Browser, page_id: int, title: str, log: Path) -> None:
    published = publish_edit(browser, page_id, {"title_da": title})
    assert published.status_code == 302, (
        f"publishing answered {published.status_code} (form errors: {form_errors(published)}); "
        f"log:\n{log.read_text()[-2000:]}"
    )


def german_page_shows(browser: Browser, path: str, marker: str) -> bool:
    response = browser.get(path)
    return response.status_code == 200 and re.search(marker, response.text) is not None


@pytest.mark.slow
@pytest.mark.skipif(
    server_binaries() is None or importlib.util.find_spec("gunicorn") is None,
    reason="needs PostgreSQL's server binaries (.ci/run installs them) and gunicorn",
)
def test_serve_runs_the_site_and_keeps_the_worker_alive(production):
    environment, base, log, serve = production
    wait_until(lambda: health(base), START_TIMEOUT, "serve answers /healthz", log)

    manage(environment, "load_demo_content")
    create_superuser(environment, *ADMIN)
    port = base.rsplit(":", 1)[1]
    manage(environment, "set_site_address", "127.0.0.1", "--port", port)

    browser = Browser(base)
    expected = {"en": "Partner Library Exchange", "da": "Partnerbibliotekernes udveksling"}
    expected |= {"de": "Austausch der Partnerbibliotheken", "fr": "<html"}
    for language, text in expected.items():
        home = browser.get(f"/{language}/")
        assert home.status_code == 200, f"/{language}/ answered {home.status_code}"
        assert text in home.text, f"/{language}/ should show {text!r}"
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text)
    assert stylesheet, "reader pages should link hashed static files (collectstatic)"
    static = browser.get(stylesheet.group(1))
    assert static.status_code == 200 and "immutable" in static.headers["Cache-Control"], (
        f"WhiteNoise should serve {stylesheet.group(1)} forever-cacheable: {static.headers}"
    )

    signed_in = sign_in(browser, *ADMIN)
    assert signed_in.status_code == 302, f"admin login answered {signed_in.status_code}"

    find_page = "from wagtail.models import Page; print(Page.objects.get(title_da=%r).pk)"
    found = manage(environment, "shell", "-c", find_page % "Ballerup Bibliotekerne")
    page_id = int(found.split()[-1])  # after the shell's "… objects imported" line
    german = "/de/bibliotheken/ballerup-libraries/"
    # An anonymous reader's view is kept in the shared whole-page cache: the worker, another
    # process, must invalidate it when it writes the translation.
    reader = Browser(base)
    for _view in range(2):
        assert reader.get(german).status_code == 200, "the German page of Ballerup should exist"

    publish_danish_title(browser, page_id, "Ballerup Bibliotekerne opdateret første gang", log)
    wait_until(
        lambda: german_page_shows(reader, german, r"\[DE\][^<]*opdateret første gang"),
        TRANSLATION_TIMEOUT,
        "the worker's German machine translation shows on the German page",
        log,
    )

    (first_worker,) = worker_pids(log)
    os.kill(first_worker, signal.SIGKILL)
    wait_until(
        lambda: len(worker_pids(log)) == 2, RESTART_TIMEOUT, "serve restarts the worker", log
    )
    assert "stopped with exit code -9" in log.read_text(), "serve should log the worker's death"
    publish_danish_title(browser, page_id, "Ballerup Bibliotekerne opdateret anden gang", log)
    wait_until(
        lambda: german_page_shows(reader, german, r"\[DE\][^<]*opdateret anden gang"),
        TRANSLATION_TIMEOUT,
        "the restarted worker translates the second edit",
        log,
    )
    state = health(base)
    assert state and state["queued_translation_jobs"] == 0, f"the queue should be empty: {state}"

    gunicorn = int(re.search(r"gunicorn started \(pid (\d+)", log.read_text()).group(1))
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(timeout=STOP_TIMEOUT) == 0, (
        f"serve should stop cleanly:\n{log.read_text()[-2000:]}"
    )
    leftovers = [pid for pid in (gunicorn, *worker_pids(log)) if alive(pid)]
    assert not leftovers, f"processes left running after serve stopped: {leftovers}"


def stream_content(page: PracticePage, name: str) -> object:
    """Blocks, text and ids, as any save in the admin keeps them.

    Saving in the admin (with Wagtail's own script too) stores list blocks in
    their newer form and rich text with ``'`` instead of ``&#x27;``.
    """

    def text(value: object) -> object:
        if isinstance(value, str):
            return html.unescape(value)
        if isinstance(value, list):
            return [text(item) for item in value]
        if isinstance(value, dict):
            return {key: text(item) for key, item in value.items()}
        return value

    stream = getattr(page, name)
    return text(stream.stream_block.get_api_representation(stream))


@pytest.mark.django_db
def test_the_scripted_browser_publishes_streamfields_as_wagtails_script_submits_them(
    admin_client,
):
    """``tests/serving.py`` posts what the edit form shows; an unchanged page stays unchanged."""
    call_command("load_demo_content", verbosity=0)
    streams = [f.name for f in PracticePage._meta.get_fields() if isinstance(f, StreamField)]
    for practice in PracticePage.objects.order_by("pk"):
        before = {name: stream_content(practice, name) for name in streams}
        url = f"/admin/pages/{practice.pk}/edit/"
        fields = form_fields(admin_client.get(url).content.decode(), "page-edit-form")
        data: dict[str, list[str]] = {}
        for name, value in [*fields, ("action-publish", "action-publish")]:
            data.setdefault(name, []).append(value)
        response = admin_client.post(url, data)
        errors = response.context["form"].errors if response.status_code == 200 else ""
        assert response.status_code == 302, f"publishing {practice.title} failed: {errors}"
        practice = PracticePage.objects.get(pk=practice.pk)
        for name in streams:
            after = stream_content(practice, name)
            assert after == before[name], f"{practice.title}: {name} changed by the round trip"
