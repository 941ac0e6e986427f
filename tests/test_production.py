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
import importlib.util
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError

from wagtail.models import Site

import pytest
import requests

from exchange_site import bootstrap
from exchange_site.translation.models import TranslationJob
from tests.postgresql import server_binaries, throwaway_server

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 420  # first start: collectstatic, migrate on an empty PostgreSQL, catalogues
TRANSLATION_TIMEOUT = 90
RESTART_TIMEOUT = 30
STOP_TIMEOUT = 90
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], timeout: float, what: str, log: Path) -> object:
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(
                f"gave up after {timeout} s waiting until {what}; serve's log ends:\n"
                f"{log.read_text()[-4000:]}"
            )
        time.sleep(0.5)


class FormFields(HTMLParser):
    """The name/value pairs a browser submits from the form with id ``form_id``.

    Hand-written because the test talks HTTP to gunicorn (not Django's test
    client) and no parsing library is a dependency; ``<template>`` rows (empty
    inline forms) are skipped, as a browser does.
    """

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.in_template = form_id, False, 0
        self.fields: list[tuple[str, str]] = []
        self.textarea: list[str] | None = None
        self.select: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        names = {key for key, _value in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        elif tag == "template":
            self.in_template += 1
        if not self.inside or self.in_template or tag == "form":
            return
        name = a.get("name")
        kind = a.get("type", "text").lower()
        if tag == "input" and name and kind not in {"submit", "button", "image", "file", "reset"}:
            if kind in {"checkbox", "radio"}:
                if "checked" in names:
                    self.fields.append((name, a.get("value") or "on"))
            else:
                self.fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select = {"name": name, "first": None, "chosen": [], "multiple": "multiple" in a}
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in names:
                self.select["chosen"].append(value)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "template":
            self.in_template -= 1
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.fields.append((name, text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"] and self.select["first"] is not None:
                chosen = [self.select["first"]]
            self.fields.extend((self.select["name"], value) for value in chosen)
            self.select = None


class Browser:
    """Just enough of a browser behind the TLS proxy: forwarded HTTPS, cookies, CSRF origin.

    The production cookies are ``Secure``; as the proxy speaks HTTPS to the
    browser and HTTP to gunicorn, the cookies are kept here and sent by hand.
    """

    def __init__(self, base: str) -> None:
        self.base, self.cookies = base, {}
        self.proxy_headers = {"X-Forwarded-Proto": "https"}
        self.origin = "https://" + base.removeprefix("http://")

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        for _hop in range(6):
            headers = {**self.proxy_headers, "Origin": self.origin, "Referer": self.origin + path}
            response = requests.request(
                method,
                self.base + path,
                headers=headers,
                cookies=self.cookies,
                allow_redirects=False,
                timeout=30,
                **kwargs,
            )
            self.cookies.update(response.cookies.get_dict())
            if not response.is_redirect or method == "POST":
                return response
            path = re.sub(r"^https?://[^/]+", "", response.headers["Location"])
        raise AssertionError(f"too many redirects from {path}")

    def get(self, path: str) -> requests.Response:
        return self.request("GET", path)

    def post(self, path: str, data: list[tuple[str, str]] | dict) -> requests.Response:
        return self.request("POST", path, data=data)


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def start_serve(environment: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603 - this interpreter, the documented command
            [sys.executable, "-m", "exchange_site.bootstrap", "serve"],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def worker_pids(log: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"Task worker started \(pid (\d+)\)", log.read_text())]


def alive(pid: int) -> bool:
    """Still a process (a zombie counts as gone: nobody will run it again)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def manage(environment: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture
def production(tmp_path) -> Iterator[tuple[dict[str, str], str, Path, subprocess.Popen]]:
    """``bootstrap serve`` on a throw-away PostgreSQL; stopped (and checked) by the test."""
    port = free_port()
    with throwaway_server(server_binaries()) as database_url:
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "TEST_"))},
            "DJANGO_SETTINGS_MODULE": "exchange_site.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            "PORT": str(port),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
            "MACHINE_TRANSLATION_PROVIDER": "pseudo",
        }
        log = tmp_path / "serve.log"
        serve = start_serve(environment, log)
        try:
            yield environment, f"http://127.0.0.1:{port}", log, serve
        finally:
            if serve.poll() is None:
                serve.send_signal(signal.SIGTERM)
                try:
                    serve.wait(timeout=STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    serve.kill()
                    serve.wait(timeout=10)
            for pid in [
                *worker_pids(log),
                *map(int, re.findall(r"gunicorn started \(pid (\d+)", log.read_text())),
            ]:
                if alive(pid):
                    os.kill(pid, signal.SIGKILL)


def publish_danish_title(browser: Browser, page_id: int, title: str, log: Path) -> None:
    edit = browser.get(f"/admin/pages/{page_id}/edit/")
    assert edit.status_code == 200, f"the edit form answered {edit.status_code}"
    fields = form_fields(edit.text, "page-edit-form")
    assert any(name == "title_da" for name, _value in fields), (
        f"no Danish title in the edit form: {[name for name, _value in fields][:40]}"
    )
    fields = [(n, title if n == "title_da" else v) for n, v in fields]
    published = browser.post(
        f"/admin/pages/{page_id}/edit/", [*fields, ("action-publish", "action-publish")]
    )
    errors = re.findall(r'class="error-message"[^>]*>(.*?)<', published.text, re.S)
    assert published.status_code == 302, (
        f"publishing answered {published.status_code} (form errors: {errors[:5]}); "
        f"log:\n{log.read_text()[-2000:]}"
    )


def german_page_shows(browser: Browser, path: str, marker: str) -> bool:
    response = browser.get(path)
    return response.status_code == 200 and re.search(marker, response.text) is not None


def health(base: str) -> dict | None:
    try:
        response = requests.get(base + "/healthz", timeout=10)
    except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still booting
        return None
    return json.loads(response.text) if response.status_code == 200 else None


@pytest.mark.slow
@pytest.mark.skipif(
    server_binaries() is None or importlib.util.find_spec("gunicorn") is None,
    reason="needs PostgreSQL's server binaries (.ci/run installs them) and gunicorn",
)
def test_serve_runs_the_site_and_keeps_the_worker_alive(production):
    environment, base, log, serve = production
    wait_until(lambda: health(base), START_TIMEOUT, "serve answers /healthz", log)

    manage(environment, "load_demo_content")
    manage(
        {
            **environment,
            "DJANGO_SUPERUSER_USERNAME": ADMIN[0],
            "DJANGO_SUPERUSER_PASSWORD": ADMIN[1],
            "DJANGO_SUPERUSER_EMAIL": "operator@example.org",
        },
        "createsuperuser",
        "--noinput",
    )
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

    login = browser.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    signed_in = browser.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": token,
            "username": ADMIN[0],
            "password": ADMIN[1],
            "next": "/admin/",
        },
    )
    assert signed_in.status_code == 302, f"admin login answered {signed_in.status_code}"

    find_page = "from wagtail.models import Page; print(Page.objects.get(title_da=%r).pk)"
    found = manage(environment, "shell", "-c", find_page % "Ballerup Bibliotekerne")
    page_id = int(found.split()[-1])  # after the shell's "… objects imported" line
    german = "/de/bibliotheken/ballerup-libraries/"
    assert browser.get(german).status_code == 200, "the German page of Ballerup should exist"

    publish_danish_title(browser, page_id, "Ballerup Bibliotekerne opdateret første gang", log)
    wait_until(
        lambda: german_page_shows(browser, german, r"\[DE\][^<]*opdateret første gang"),
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
        lambda: german_page_shows(browser, german, r"\[DE\][^<]*opdateret anden gang"),
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
