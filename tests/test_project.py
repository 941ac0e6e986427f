"""Project-level guarantees: deploy checks, migrations, and the management commands."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from exchange_site import bootstrap

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_with_production_settings_and_environment():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="exchange_site.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="exchange.example.org",
    )
    assert result.returncode == 0, f"check --deploy failed:\n{result.stdout}\n{result.stderr}"


def test_production_refuses_to_start_without_a_secret_key():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="exchange_site.settings.production",
        DJANGO_ALLOWED_HOSTS="exchange.example.org",
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_production_processes_share_one_cache(tmp_path):
    """A privacy change or publish in one web process must reach every other one at once.

    Two separate processes with the production settings: what one caches, the
    other reads (the database cache, whose table ``migrate`` creates).
    """
    production = {
        "DJANGO_SETTINGS_MODULE": "exchange_site.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "exchange.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
    }
    migrated = manage("migrate", **production)
    assert migrated.returncode == 0, f"migrate failed:\n{migrated.stdout}\n{migrated.stderr}"
    probe = "from django.core.cache import cache; "
    written = manage("shell", "-c", probe + "cache.set('probe', 'shared', 60)", **production)
    assert written.returncode == 0, written.stderr
    read = manage("shell", "-c", probe + "print(cache.get('probe'))", **production)
    assert read.stdout.strip().splitlines()[-1:] == ["shared"], (
        f"a second production process does not see the first one's cache: {read.stdout!r}"
        f"\n{read.stderr}"
    )


def test_production_refuses_an_unknown_cache_url():
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="exchange_site.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="exchange.example.org",
        CACHE_URL="memcached://127.0.0.1:11211",
    )
    assert result.returncode != 0 and "CACHE_URL" in result.stderr, result.stderr


def test_migrations_are_in_sync_with_the_models():
    result = manage(
        "makemigrations",
        "--check",
        "--dry-run",
        DJANGO_SETTINGS_MODULE="exchange_site.settings.test",
    )
    assert result.returncode == 0, f"models changed without a migration:\n{result.stdout}"


@pytest.mark.django_db
def test_demo_admin_is_created_once_with_a_printed_random_password(settings, capsys):
    settings.DEBUG = True
    call_command("ensure_demo_admin")
    first = capsys.readouterr().out
    assert "password:" in first
    password = first.rsplit("password:", 1)[1].strip()
    from django.contrib.auth import authenticate

    assert authenticate(username="admin", password=password) is not None
    call_command("ensure_demo_admin")
    second = capsys.readouterr().out
    assert password not in second, "the password must be printed only once"


@pytest.mark.django_db
def test_demo_admin_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("ensure_demo_admin")


def test_catalogues_compile_without_gnu_gettext(tmp_path, settings):
    po = tmp_path / "da" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Practices"\nmsgstr "Praksis"\n'
    )
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_catalogues")
    import gettext

    catalogue = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    assert catalogue.gettext("Practices") == "Praksis"


def test_bootstrap_installs_what_pyproject_declares():
    wanted = bootstrap.requirements(["test"])
    names = {requirement.split(">")[0].split("[")[0].lower() for requirement in wanted}
    assert {"django", "wagtail", "deep-translator", "pytest-django"} <= names
