"""Drive ``bootstrap serve`` from outside, as its operator and its users would.

Shared by ``tests/test_production.py`` (the production path, end to end) and
``benchmarks/load_test.py`` (readers and an editor against it): the
environment ``serve`` runs with, starting it and making sure that every process it
started is gone afterwards, and just enough of a browser behind the TLS proxy
to read pages and publish an edit through the admin's form.
"""

from __future__ import annotations

import contextlib
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

import requests

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 420  # first start: collectstatic, migrate on an empty PostgreSQL, catalogues
STOP_TIMEOUT = 90


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
    inline forms) are skipped, as a browser does. A StreamField is drawn by
    Wagtail's JavaScript from the JSON in its ``w-block`` element; its fields
    are what that script would submit (``streamfield_fields``).
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
        if "data-w-block-data-value" in a:
            (state, _errors) = json.loads(a["data-w-block-arguments-value"])
            definition = unpack_telepath(json.loads(a["data-w-block-data-value"]), {})
            self.fields.extend(streamfield_fields(a["id"], definition, state))
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


def unpack_telepath(packed: object, seen: dict[int, object]) -> object:
    """A block definition as Wagtail's telepath packs it, with its shared parts resolved."""
    if isinstance(packed, list):
        return [unpack_telepath(item, seen) for item in packed]
    if not isinstance(packed, dict):
        return packed
    if "_ref" in packed:
        return seen[packed["_ref"]]
    if "_type" in packed:
        value = {"_type": packed["_type"], "_args": unpack_telepath(packed["_args"], seen)}
    elif "_val" in packed:
        value = packed["_val"]
    else:
        inner = packed.get("_dict", packed.get("_list", packed))
        value = (
            unpack_telepath(inner, seen)
            if "_list" in packed
            else {key: unpack_telepath(item, seen) for key, item in inner.items() if key != "_id"}
        )
    if "_id" in packed:
        seen[packed["_id"]] = value
    return value


def streamfield_fields(prefix: str, block: dict, state: object) -> list[tuple[str, str]]:
    """The fields Wagtail's StreamField script submits for ``state`` (its JSON form state)."""
    kind, args = block["_type"], block["_args"]
    if kind in ("wagtail.blocks.StreamBlock", "wagtail.blocks.ListBlock"):
        if kind == "wagtail.blocks.StreamBlock":
            children = {child["_args"][0]: child for _group, group in args[1] for child in group}
        fields = [(f"{prefix}-count", str(len(state or [])))]
        for number, item in enumerate(state or []):
            child = children[item["type"]] if kind == "wagtail.blocks.StreamBlock" else args[1]
            item_prefix = f"{prefix}-{number}"
            fields += [(f"{item_prefix}-deleted", ""), (f"{item_prefix}-order", str(number))]
            fields.append((f"{item_prefix}-id", item.get("id") or ""))
            if "type" in item:
                fields.append((f"{item_prefix}-type", item["type"]))
            fields += streamfield_fields(f"{item_prefix}-value", child, item["value"])
        return fields
    if kind == "wagtail.blocks.StructBlock":
        values = state or {}
        return [
            field
            for child in args[1]
            for field in streamfield_fields(
                f"{prefix}-{child['_args'][0]}", child, values.get(child["_args"][0])
            )
        ]
    if kind != "wagtail.blocks.FieldBlock":
        raise ValueError(f"no form fields known for a {kind} at {prefix}")
    widget = args[1]
    if 'type="checkbox"' in json.dumps(widget):
        return [(prefix, "on")] if state else []
    if isinstance(state, dict):  # a chooser: its value is the chosen object's id
        state = state.get("id")
    values = state if isinstance(state, list) else [state]
    return [(prefix, "" if value is None else str(value)) for value in values]


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


def production_environment(
    data: Path, database_url: str, port: int, **overrides: str
) -> dict[str, str]:
    """What an operator's environment file holds, on 127.0.0.1:``port``, data under ``data``.

    The pseudo provider translates offline; nothing talks to anything beyond 127.0.0.1.
    """
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "TEST_"))},
        "DJANGO_SETTINGS_MODULE": "exchange_site.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(data / "media"),
        "STATIC_ROOT": str(data / "static"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
        "MACHINE_TRANSLATION_PROVIDER": "pseudo",
        **overrides,
    }


def gunicorn_pids(log: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"gunicorn started \(pid (\d+)", log.read_text())]


@contextlib.contextmanager
def serving(environment: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """``bootstrap serve`` running; afterwards stopped with SIGTERM, and anything left killed.

    The caller may stop ``serve`` itself (and check how it stopped); whatever
    happens in the block, even Ctrl+C, no gunicorn or worker outlives it.
    """
    serve = start_serve(environment, log)
    try:
        yield serve
    finally:
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
            try:
                serve.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                serve.kill()
                serve.wait(timeout=10)
        for pid in [*worker_pids(log), *gunicorn_pids(log)]:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def health(base: str) -> dict | None:
    """``/healthz``'s answer, or None while the site is not (yet) answering."""
    try:
        response = requests.get(base + "/healthz", timeout=10)
    except (requests.ConnectionError, requests.Timeout):  # not listening yet, or still booting
        return None
    return json.loads(response.text) if response.status_code == 200 else None


def create_superuser(environment: dict[str, str], username: str, password: str) -> None:
    manage(
        {
            **environment,
            "DJANGO_SUPERUSER_USERNAME": username,
            "DJANGO_SUPERUSER_PASSWORD": password,
            "DJANGO_SUPERUSER_EMAIL": f"{username}@example.org",
        },
        "createsuperuser",
        "--noinput",
    )


def sign_in(browser: Browser, username: str, password: str) -> requests.Response:
    """The admin's login form, CSRF token and all; a 302 means signed in."""
    login = browser.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    return browser.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )


def publish_edit(
    browser: Browser, page_id: int, changes: dict[str, str], edit_form: str | None = None
) -> requests.Response:
    """Change ``changes``' fields in the page's edit form and press "Publish" (302: published).

    ``edit_form`` is the form's HTML when the caller has opened it already.
    Raises AssertionError when the form does not have one of the fields.
    """
    if edit_form is None:
        edit = browser.get(f"/admin/pages/{page_id}/edit/")
        assert edit.status_code == 200, f"the edit form answered {edit.status_code}"
        edit_form = edit.text
    fields = form_fields(edit_form, "page-edit-form")
    missing = set(changes) - {name for name, _value in fields}
    assert not missing, f"no {missing} in the edit form: {[n for n, _v in fields][:40]}"
    fields = [(name, changes.get(name, value)) for name, value in fields]
    return browser.post(
        f"/admin/pages/{page_id}/edit/", [*fields, ("action-publish", "action-publish")]
    )


def form_errors(response: requests.Response) -> list[str]:
    return re.findall(r'class="error-message"[^>]*>(.*?)<', response.text, re.S)[:5]
