"""Demo groups and users: one editor group per library, one reviewer group per language."""

import re
from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command

import pytest

from exchange_site.translation.permissions import can_review
from libraries.models import PartnerLibraryPage
from practices.models import PracticePage

pytestmark = pytest.mark.django_db

ACCOUNT_LINE = re.compile(r"group '(?P<group>[^']+)': '(?P<username>[^']+)' with password: (\S+)")


@pytest.fixture
def accounts(settings) -> dict[str, tuple[str, str]]:
    """Load the demo and create its accounts; username → (group name, printed password)."""
    settings.DEBUG = True
    call_command("load_demo_content", stdout=StringIO())
    out = StringIO()
    call_command("ensure_demo_admin", stdout=out)
    return {
        match["username"]: (match["group"], match[3])
        for match in ACCOUNT_LINE.finditer(out.getvalue())
    }


def test_each_library_and_language_has_a_group_with_a_demo_user(accounts):
    assert {name: group for name, (group, _password) in accounts.items()} == {
        "ballerup-editor": "Ballerup editors",
        "dresden-editor": "Dresden editors",
        "strasbourg-editor": "Strasbourg editors",
        "reviewer-en": "Reviewers – English",
        "reviewer-da": "Reviewers – Danish",
        "reviewer-de": "Reviewers – German",
        "reviewer-fr": "Reviewers – French",
    }, "the run command should print one demo user per demo group"
    for library in PartnerLibraryPage.objects.all():
        assert library.editor_group.name == f"{library.city} editors", (
            f"{library.city} should be edited by its own demo group"
        )
    for username, (group, password) in accounts.items():
        user = authenticate(username=username, password=password)
        assert user is not None, f"the printed password of {username} does not log in"
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert user.has_perm("wagtailadmin.access_admin"), f"{username} cannot open the admin"


def test_demo_users_have_the_permissions_of_their_role(accounts):
    def user(name):
        return authenticate(username=name, password=accounts[name][1])

    dresden_editor, reviewer = user("dresden-editor"), user("reviewer-de")
    own = PracticePage.objects.get(slug_de="artothek")
    other = PracticePage.objects.get(slug_da="verdensmaal-til-hverdagsmaal")
    assert own.library.city == "Dresden" and other.library.city == "Ballerup"
    assert own.permissions_for_user(dresden_editor).can_publish(), (
        "Dresden's editor should publish Dresden's practice"
    )
    assert not other.permissions_for_user(dresden_editor).can_edit(), (
        "Dresden's editor must not edit Ballerup's practice"
    )
    assert other.get_parent().permissions_for_user(dresden_editor).can_add_subpage(), (
        "library editors add practices under the practice index"
    )
    assert other.permissions_for_user(reviewer).can_edit(), "reviewers edit every page"
    assert can_review(reviewer, "de") and not can_review(reviewer, "fr"), (
        "the German reviewer reviews German only"
    )
    assert not can_review(dresden_editor, "de"), "library editors are not reviewers"


def test_passwords_are_printed_once(accounts, settings):
    out = StringIO()
    call_command("load_demo_content", stdout=StringIO())
    call_command("ensure_demo_admin", stdout=out)
    second = out.getvalue()
    for username, (_group, password) in accounts.items():
        assert password not in second, f"{username}'s password was printed again"
        assert username in second, f"the second run should say that {username} exists"


def test_library_editors_change_only_their_own_librarys_files(accounts, client, settings, tmp_path):
    """The attached programme of Strasbourg's (possibly private) minutes is Strasbourg's file."""
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = tmp_path
    programme = get_document_model().objects.get()
    assert programme.collection.name == "Strasbourg", "the demo attachment is in its host's files"
    client.login(username="ballerup-editor", password=accounts["ballerup-editor"][1])
    listing = client.get("/admin/documents/")
    assert programme.title not in listing.content.decode(), (
        "Ballerup's editor sees the title of Strasbourg's attachment in the document listing"
    )
    for action in ("edit", "delete"):
        url = f"/admin/documents/{action}/{programme.pk}/"
        answered = client.get(url).status_code
        assert answered in (302, 403), f"Ballerup's editor opened {url} ({answered})"
    client.post(f"/admin/documents/delete/{programme.pk}/")
    assert get_document_model().objects.filter(pk=programme.pk).exists(), (
        "a forged delete by another library's editor removed the attachment"
    )
    client.login(username="strasbourg-editor", password=accounts["strasbourg-editor"][1])
    assert client.get(f"/admin/documents/edit/{programme.pk}/").status_code == 200, (
        "Strasbourg's editor cannot edit Strasbourg's own attachment"
    )
