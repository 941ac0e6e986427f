"""Monthly character budgets: spent from the job records, estimated before bulk runs, enforced
before anything is sent.

The jobs talk to the loopback server (``tests/provider_server.py``), so "nothing reaches the
provider" is what that server received.
"""

import datetime
import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from wagtail.users.models import UserProfile

import pytest

from exchange_site.translation.budget import (
    BudgetExceeded,
    JobBudget,
    remaining,
    spent,
    this_month,
)
from exchange_site.translation.jobs import create_job, run_job
from exchange_site.translation.models import (
    ProviderBudget,
    ProviderUsage,
    TranslationJob,
    TranslationSettings,
)
from exchange_site.translation.pipeline import estimate_characters
from practices.models import PracticePage
from tests import factories
from tests.postgresql import server_binaries, throwaway_server

Status = TranslationJob.Status
ROOT = Path(__file__).resolve().parent.parent


def set_budget(provider: str, characters: int | None) -> None:
    ProviderBudget.objects.update_or_create(
        settings=TranslationSettings.load(),
        provider=provider,
        defaults={"monthly_characters": characters},
    )


def spend(provider: str, characters: int, month=None) -> None:
    """Characters an earlier job of this month (or ``month``) spent."""
    ProviderUsage.objects.create(
        provider=provider, month=month or this_month(), characters=characters, settled=True
    )


@pytest.fixture
def pages(site_tree, danish_library, loopback):
    """Three Danish practices, about 150 characters each to send per language."""
    made = []
    for n in range(3):
        page = factories.PracticePageFactory(
            parent=site_tree.practices,
            library=danish_library,
            source_language="da",
            title=None,
            title_da=f"Læsehunde nummer {n}",
            slug=f"laesehunde-{n}",
            summary=None,
            summary_da=f"Børn læser højt for en hund hver lørdag, hold nummer {n}.",
            body=None,
            body_da=[("paragraph", f"<p>Hunden <b>lytter</b> uden at rette, gang {n}.</p>")],
        )
        page.save_revision().publish()
        made.append(page)
    loopback.received.clear()
    return made


def test_a_job_over_the_budget_is_refused_before_anything_is_sent(pages, loopback, admin_client):
    needed = estimate_characters(pages[0], ["de"])["libretranslate"]
    set_budget("libretranslate", 1000)
    spend("libretranslate", 1000 - needed + 1)  # one character short
    job = run_job(create_job(pages[0], ["de"]).pk)
    assert job.status == Status.REFUSED, f"expected a refusal, got {job.status}: {job.error}"
    assert loopback.received == [], "a refused job sent text to the provider"
    assert f"needs about {needed} characters from libretranslate" in job.error, job.error
    assert f"only {needed - 1} of this month's 1,000 are left" in job.error, job.error
    assert PracticePage.objects.get(pk=pages[0].pk).summary_de is None, "a refusal wrote text"
    assert spent("libretranslate") == 1000 - needed + 1, "a refusal spent characters"
    html = admin_client.get(reverse("translation_jobs")).content.decode()
    assert "Refused (over budget)" in html, "the jobs page should show the refusal"
    assert "Refused before sending anything" in html, "the jobs page should give the reason"
    assert reverse("translation_job_retry", args=[job.pk]) in html, "a refusal can be retried"


def test_a_job_that_fits_spends_what_it_sent(pages, loopback):
    set_budget("libretranslate", 10_000)
    needed = estimate_characters(pages[0], ["de", "fr"])
    job = run_job(create_job(pages[0], ["de", "fr"]).pk)
    assert job.status == Status.SUCCEEDED, job.error
    usage = ProviderUsage.objects.get(job=job)
    assert usage.settled and usage.provider == "libretranslate"
    assert usage.characters == loopback.characters == job.characters_sent, (
        f"recorded {usage.characters}, the provider received {loopback.characters}"
    )
    assert needed == {"libretranslate": loopback.characters}, (
        f"the estimate {needed} should be what was sent ({loopback.characters})"
    )
    assert remaining("libretranslate") == 10_000 - loopback.characters


def test_reused_translations_cost_nothing_and_are_not_estimated(pages, loopback):
    run_job(create_job(pages[0], ["de"]).pk)
    assert estimate_characters(pages[0], ["de"]) == {}, "nothing is left to send"


def test_a_failed_job_counts_only_what_came_back(pages, loopback):
    set_budget("libretranslate", 10_000)
    loopback.set_fault("500")
    job = run_job(create_job(pages[0], ["de"]).pk)
    assert job.status == Status.FAILED
    assert ProviderUsage.objects.get(job=job).characters == 0, (
        "no answer came back, so nothing is billed; the reservation must be released"
    )
    assert remaining("libretranslate") == 10_000


def test_the_budget_is_per_month(pages, loopback):
    set_budget("libretranslate", 500)
    last_month = (this_month() - datetime.timedelta(days=1)).replace(day=1)
    spend("libretranslate", 500, month=last_month)
    job = run_job(create_job(pages[0], ["de"]).pk)
    assert job.status == Status.SUCCEEDED, "last month's spending does not count this month"


def test_blank_means_unlimited(pages, loopback):
    set_budget("libretranslate", None)
    spend("libretranslate", 10_000_000)
    assert remaining("libretranslate") is None
    assert run_job(create_job(pages[0], ["de"]).pk).status == Status.SUCCEEDED


def test_usage_survives_the_deletion_of_the_page(pages, loopback):
    run_job(create_job(pages[0], ["de"]).pk)
    before = spent("libretranslate")
    assert before > 0
    pages[0].delete()
    assert spent("libretranslate") == before, "deleting a page gave its characters back"


def test_the_refusal_is_written_in_the_requesters_language(pages, loopback, django_user_model):
    editor = django_user_model.objects.create_superuser("karen", "karen@example.dk", "pw")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "da"
    profile.save()
    set_budget("libretranslate", 10)
    job = run_job(create_job(pages[0], ["de"], requested_by=editor).pk)
    assert job.status == Status.REFUSED
    assert "Afvist, før noget blev sendt" in job.error, f"not in Danish: {job.error}"


def test_the_usage_report_shows_spending_per_provider_and_month(client, django_user_model):
    editor = django_user_model.objects.create_superuser("karen", "karen@example.dk", "pw")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "da"
    profile.save()
    client.force_login(editor)
    set_budget("deepl", 500_000)
    spend("deepl", 459_000)
    spend("libretranslate", 1_234)
    last_month = (this_month() - datetime.timedelta(days=1)).replace(day=1)
    spend("deepl", 77_000, month=last_month)
    html = client.get(reverse("translation_usage")).content.decode()
    assert "Forbrug af maskinoversættelse" in html, "the report should be in Danish"
    month = html.split(f'data-usage-month="{this_month():%Y-%m}"')[1].split("</table>")[0]
    deepl = month.split('data-usage-provider="deepl"')[1].split("</tr>")[0]
    assert "459.000" in deepl and "500.000" in deepl and "41.000" in deepl, deepl
    assert "1.234" in month.split('data-usage-provider="libretranslate"')[1]
    earlier = html.split(f'data-usage-month="{last_month:%Y-%m}"')[1].split("</table>")[0]
    assert "77.000" in earlier, "last month's spending should be listed"


def test_budgets_are_set_in_the_settings(admin_client):
    url = reverse("wagtailsettings:edit", args=["translation", "translationsettings"])
    shown = admin_client.get(url, follow=True)
    url = shown.request["PATH_INFO"]
    page = shown.content.decode()
    assert "Monthly character budgets" in page, "the settings should offer budgets"
    data = {
        "show_machine_drafts": "on",
        "unedited_confirmation_threshold": "80",
        "budgets-TOTAL_FORMS": "1",
        "budgets-INITIAL_FORMS": "0",
        "budgets-MIN_NUM_FORMS": "0",
        "budgets-MAX_NUM_FORMS": "1000",
        "budgets-0-provider": "deepl",
        "budgets-0-monthly_characters": "500000",
        "budgets-0-ORDER": "",
        "budgets-0-DELETE": "",
        "budgets-0-id": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, f"the settings should save: {response.content[:300]}"
    assert ProviderBudget.objects.get(provider="deepl").monthly_characters == 500_000


# --- estimates and confirmations -----------------------------------------------------------


def test_translate_pages_all_shows_the_estimate_and_needs_a_yes(pages, loopback):
    set_budget("libretranslate", 100_000)
    spend("libretranslate", 59_000)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was translated"):
        call_command("translate_pages", "--all", "--to", "de", stdout=out, stderr=io.StringIO())
    estimate = out.getvalue()
    assert "characters; 41,000 left this month" in estimate, estimate
    assert loopback.received == [], "nothing may be sent before the run is confirmed"
    out = io.StringIO()
    call_command("translate_pages", "--all", "--to", "de", "--yes", stdout=out)
    assert "0 failure(s)" in out.getvalue(), out.getvalue()
    estimated = int(re.search(r"about ([\d,]+) characters;", estimate)[1].replace(",", ""))
    # Snippets are estimated one by one, so a text several of them share (three glossary
    # notes say "Library name.") is counted each time though the memory sends it once.
    assert loopback.characters <= estimated <= loopback.characters * 1.05, (
        f"the estimate should be what the run sent ({loopback.characters}): {estimate}"
    )


def test_translate_pages_all_asks_on_a_terminal(pages, loopback, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    with pytest.raises(CommandError):
        call_command("translate_pages", "--all", "--to", "de", stdout=io.StringIO())
    assert loopback.received == []
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    call_command("translate_pages", "--all", "--to", "de", stdout=io.StringIO())
    assert loopback.received, "a yes should run the translation"


def test_the_bulk_action_shows_the_estimate_before_queueing(
    pages, loopback, django_user_model, client, django_capture_on_commit_callbacks
):
    editor = django_user_model.objects.create_superuser("karen", "karen@example.dk", "pw")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "da"
    profile.save()
    client.force_login(editor)
    set_budget("libretranslate", 300)
    needed = sum(estimate_characters(page, ["de"])["libretranslate"] for page in pages)
    assert needed > 300, f"the three pages should need more than the budget: {needed}"
    ids = "&".join(f"id={page.pk}" for page in pages)
    url = f"/admin/bulk/wagtailcore/page/translate/?next=/admin/&{ids}"
    first = client.post(url, {"languages": ["de"], "provider": ""})
    html = first.content.decode()
    assert first.status_code == 200 and "data-budget-estimate" in html
    assert f"cirka {needed} tegn; 300 tilbage i denne måned" in html, "estimate in Danish"
    assert "bliver afvist" in html, "the editor should be told the run is over the budget"
    assert not TranslationJob.objects.exists() and loopback.received == []
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, {"languages": ["de"], "provider": "", "confirmed": "de|"})
    assert second.status_code == 302
    statuses = sorted(TranslationJob.objects.values_list("status", flat=True))
    assert statuses.count(Status.REFUSED) >= 1, f"the jobs over the budget are refused: {statuses}"
    assert spent("libretranslate") <= 300, "the budget was overspent"


def test_changing_the_selection_on_the_confirmation_asks_again(pages, admin_client):
    url = f"/admin/bulk/wagtailcore/page/translate/?next=/admin/&id={pages[0].pk}"
    response = admin_client.post(url, {"languages": ["fr"], "provider": "", "confirmed": "de|"})
    assert response.status_code == 200 and "data-budget-estimate" in response.content.decode()
    assert not TranslationJob.objects.exists()


# --- two workers, one remainder ----------------------------------------------------------


def reserve_in_threads(jobs: list[TranslationJob], characters: int) -> list[str]:
    """Each job reserves ``characters`` from its own thread and connection, all at once."""
    outcomes: list[str] = []
    start = threading.Barrier(len(jobs))

    def reserve(job):
        try:
            start.wait(timeout=10)
            JobBudget(job).reserve({"libretranslate": characters})
            outcomes.append("reserved")
        except BudgetExceeded:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=reserve, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


IN_MEMORY_TEST_DATABASE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and not (
    settings.DATABASES["default"].get("TEST", {}).get("NAME")
)


# Threads sharing an in-memory database fail on table locks instead of waiting; and a
# transactional test empties the tables, so it runs alone in a child (test_workers_on_*).
@pytest.mark.skipif(
    IN_MEMORY_TEST_DATABASE, reason="run by test_workers_on_* on a SQLite file and PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_cannot_both_spend_the_last_remainder(site_tree, danish_library):
    page = factories.PracticePageFactory(
        parent=site_tree.practices,
        library=danish_library,
        source_language="da",
        title=None,
        title_da="Læsehunde",
        slug="laesehunde",
        summary=None,
        summary_da="Børn læser højt for en hund.",
    )
    set_budget("libretranslate", 1000)
    spend("libretranslate", 400)
    jobs = [create_job(page, ["de"]) for _ in range(6)]
    outcomes = reserve_in_threads(jobs, 500)
    assert sorted(outcomes) == ["refused"] * 5 + ["reserved"], (
        f"600 characters left, six workers asking 500 each: {outcomes}"
    )
    assert spent("libretranslate") == 900, "the one reservation that fits is recorded"


def run_concurrency_test(**environment: str) -> subprocess.CompletedProcess:
    """The threaded test above in a child pytest, on a database other connections can open."""
    test = (
        f"{Path(__file__).relative_to(ROOT)}::test_two_workers_cannot_both_spend_the_last_remainder"
    )
    return subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "pytest", test, "-p", "no:cacheprovider", "-n", "0", "-rA"],
        cwd=ROOT,
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        timeout=600,
    )


def assert_passed(child: subprocess.CompletedProcess, database: str) -> None:
    report = child.stdout[-4000:] + child.stderr[-2000:]
    assert child.returncode == 0, f"the concurrency test failed on {database}:\n{report}"
    assert f"database: {database}" in child.stdout, f"the child did not use {database}:\n{report}"
    assert "1 passed" in child.stdout and "skipped" not in child.stdout, report


@pytest.mark.slow
def test_workers_on_file_sqlite(tmp_path):
    assert_passed(
        run_concurrency_test(
            DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
            TEST_SQLITE_FILE=str(tmp_path / "test.sqlite3"),
        ),
        "sqlite3",
    )


@pytest.mark.slow
@pytest.mark.skipif(
    server_binaries() is None,
    reason="PostgreSQL server binaries not installed (.ci/run installs Debian's postgresql)",
)
def test_workers_on_postgresql():
    with throwaway_server(server_binaries()) as database_url:
        assert_passed(run_concurrency_test(DATABASE_URL=database_url), "postgresql")


def test_a_provider_gets_one_budget(admin_client):
    url = admin_client.get(
        reverse("wagtailsettings:edit", args=["translation", "translationsettings"]), follow=True
    ).request["PATH_INFO"]
    row = {"provider": "deepl", "monthly_characters": "1000", "ORDER": "", "DELETE": "", "id": ""}
    data = {
        "show_machine_drafts": "on",
        "unedited_confirmation_threshold": "80",
        "budgets-TOTAL_FORMS": "2",
        "budgets-INITIAL_FORMS": "0",
        "budgets-MIN_NUM_FORMS": "0",
        "budgets-MAX_NUM_FORMS": "1000",
        **{f"budgets-{n}-{key}": value for n in range(2) for key, value in row.items()},
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200, "two budgets for one provider must not save"
    assert not ProviderBudget.objects.exists()
