"""Login throttling, security headers, no inline script on reader pages, secret-free 500 pages."""

import datetime
import re
import sys
import uuid
from html.parser import HTMLParser

from django.test import Client, RequestFactory
from django.views.debug import technical_500_response

from wagtail.models import PageViewRestriction

import pytest
from axes.utils import reset

from tests import factories


@pytest.fixture(autouse=True)
def _no_lockouts_left_over(db):
    """Lockouts are per IP and user name; every test starts and ends with none."""
    reset()
    yield
    reset()


@pytest.fixture
def reader_pages(site_tree, dresden, danish_practice):
    """One page of every reader type, with the routes readers use."""
    meeting = factories.MeetingMinutesPageFactory(
        parent=site_tree.meetings, host_library=dresden, date=datetime.date(2023, 2, 1)
    )
    trip = factories.ExchangeTripPageFactory(parent=site_tree.trips, host_library=dresden)
    meetings = site_tree.meetings.url
    return [
        site_tree.home.url,
        site_tree.libraries.url,
        dresden.url,
        site_tree.practices.url,
        danish_practice.url,
        meetings,
        f"{meetings}action-items/",
        meeting.url,
        f"{meeting.url}print/",
        site_tree.trips.url,
        trip.url,
        f"{trip.url}print/",
        "/en/search/?q=library",
        "/en/no-such-page/",
        "/en/_util/login/",
    ]


class ScriptCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values)
        self.handlers += [f"<{tag} {name}>" for name, _value in attrs if name.startswith("on")]


def test_reader_pages_send_csp_and_permissions_policy_and_no_inline_script(client, reader_pages):
    for url in reader_pages:
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url} answered {response.status_code}"
        policy = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy and "object-src 'none'" in policy, (
            f"{url} should send a strict CSP, got {policy!r}"
        )
        assert "'unsafe-inline'" not in policy, f"{url}: reader pages need no unsafe-inline"
        assert "camera=()" in response.get("Permissions-Policy", ""), (
            f"{url} should switch off powerful features with Permissions-Policy"
        )
        collector = ScriptCollector()
        collector.feed(response.content.decode())
        nonce = re.search(r"'nonce-([^']+)'", policy)
        inline = [
            script
            for script in collector.scripts
            if "src" not in script and (not nonce or script.get("nonce") != nonce.group(1))
        ]
        assert not inline, f"{url} has inline <script> without the request's nonce: {inline}"
        assert not collector.handlers, f"{url} has inline event handlers: {collector.handlers}"


def test_admin_csp_allows_inline_script_only_under_admin(admin_client, site_tree):
    response = admin_client.get(f"/admin/pages/{site_tree.home.pk}/edit/")
    policy = response.get("Content-Security-Policy", "")
    assert response.status_code == 200 and "default-src 'self'" in policy, policy
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self' 'unsafe-inline'", (
        f"Wagtail's inline widget scripts need unsafe-inline (and no nonce): {policy}"
    )
    assert directives["style-src"] == "'self' 'unsafe-inline'", f"inline styles: {policy}"
    assert directives["img-src"] == "'self' data:" and directives["object-src"] == "'none'", (
        f"everything else stays as strict as on reader pages: {policy}"
    )
    assert "camera=()" in response.get("Permissions-Policy", ""), "admin sends Permissions-Policy"


def failed_admin_login(client: Client, username: str = "editor"):
    return client.post("/admin/login/", {"username": username, "password": "wrong"})


def test_admin_login_locks_out_after_the_configured_failures(client, django_user_model, settings):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "right-pw")
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = failed_admin_login(client)
        assert response.status_code == 200, f"failure {attempt + 1} should show the form again"
    assert failed_admin_login(client).status_code == 429, "the last allowed failure locks out"
    locked = client.post("/admin/login/", {"username": "editor", "password": "right-pw"})
    assert locked.status_code == 429, "even the right password is refused while locked out"
    assert "_auth_user_id" not in client.session, "a locked-out client must not be logged in"

    reset(username="editor")
    unlocked = client.post("/admin/login/", {"username": "editor", "password": "right-pw"})
    assert unlocked.status_code == 302, "after axes_reset the right password works again"


def test_lockout_counts_one_ip_and_user_name_pair(client, django_user_model, settings):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "right-pw")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        failed_admin_login(client, "someone-else")
    response = client.post("/admin/login/", {"username": "editor", "password": "right-pw"})
    assert response.status_code == 302, "another user's failures must not lock this user out"


def test_page_password_is_throttled(client, site_tree, dresden, settings):
    PageViewRestriction.objects.create(
        page=dresden, restriction_type=PageViewRestriction.PASSWORD, password="opensesame"
    )
    form = client.get(dresden.url).content.decode()
    action = re.search(r'action="([^"]*authenticate_with_password[^"]*)"', form).group(1)
    data = {"password": "guess", "return_url": dresden.url}
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(action, data)
        assert response.status_code == 200, f"wrong password {attempt + 1} shows the form again"
    assert client.post(action, data).status_code == 429, "the last allowed failure locks out"
    right = client.post(action, {**data, "password": "opensesame"})
    assert right.status_code == 429, "the right password is refused while locked out"
    assert client.get(dresden.url).status_code == 200
    assert "Städtische Bibliotheken" not in client.get(dresden.url).content.decode(), (
        "the protected page must stay hidden"
    )
    reset()
    assert client.post(action, {**data, "password": "opensesame"}).status_code == 302, (
        "after a reset the right password opens the page"
    )


def test_debug_page_hides_database_url_secret_key_and_api_keys(settings, monkeypatch):
    token = uuid.uuid4().hex[:8]  # not in this file's source, which the page quotes
    password = f"db-pass-{token}"
    secrets = {
        "DATABASE_URL": f"postgres://exchange:{password}@db.internal:5432/exchange",
        "DJANGO_SECRET_KEY": f"secret-key-{token}",
        "DEEPL_API_KEY": f"deepl-key-{token}",
        "LIBRETRANSLATE_API_KEY": f"libre-key-{token}",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    settings.DEBUG = True
    settings.SECRET_KEY = secrets["DJANGO_SECRET_KEY"]
    request = RequestFactory().get(
        "/en/?q=1", HTTP_AUTHORIZATION=f"Bearer {secrets['DEEPL_API_KEY']}", **dict(secrets)
    )
    database_url = secrets["DATABASE_URL"]  # a local variable of the failing frame
    try:
        raise RuntimeError(f"could not connect to {database_url}")
    except RuntimeError:
        html = technical_500_response(request, *sys.exc_info()).content.decode()
    assert "RuntimeError" in html, "the technical page should still explain the error"
    leaked = [name for name, value in secrets.items() if value in html]
    assert not leaked, f"the DEBUG page shows the values of {leaked}"
    assert password not in html, "the database password must not appear anywhere"


def test_front_end_login_for_restricted_pages_is_throttled(
    client, django_user_model, site_tree, dresden, settings
):
    django_user_model.objects.create_user("reader", "reader@example.org", "right-pw")
    PageViewRestriction.objects.create(page=dresden, restriction_type=PageViewRestriction.LOGIN)
    redirect = client.get(dresden.url)
    assert redirect.status_code == 302 and redirect.url.startswith("/en/_util/login/"), (
        f"a login-restricted page should send readers to the front-end login: {redirect}"
    )
    login_url = redirect.url.split("?")[0]
    assert client.get(redirect.url).status_code == 200, "Wagtail's front-end login form should show"
    wrong = {"username": "reader", "password": "wrong", "next": dresden.url}
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login_url, wrong)
        assert response.status_code == 200, f"failure {attempt + 1} shows the form again"
    locked = client.post(login_url, wrong)
    assert locked.status_code == 429 and "Too many failed attempts" in locked.content.decode(), (
        "the last allowed failure locks out, with a message saying so"
    )
    reset(username="reader")
    response = client.post(login_url, {**wrong, "password": "right-pw"})
    assert response.status_code == 302 and response.url == dresden.url, "unlocked, login works"
    assert client.get(dresden.url).status_code == 200, "the logged-in reader sees the page"
