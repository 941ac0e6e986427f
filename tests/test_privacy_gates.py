"""The pages between a reader and a private page speak the reader's language and reveal nothing."""

from wagtail.models import PageViewRestriction

import pytest

from tests import factories

SECRET_TITLE = "Hemmelige mødereferater"


@pytest.fixture
def password_practice(danish_practice):
    danish_practice.title_da = SECRET_TITLE
    danish_practice.save_revision().publish()
    return factories.PageViewRestrictionFactory(
        page=danish_practice, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig"
    )


def test_password_form_is_danish_in_the_sites_look_and_reveals_nothing(client, password_practice):
    url = password_practice.page.specific.get_url()
    danish_url = url.replace("/en/", "/da/", 1)
    html = client.get(danish_url).content.decode()
    for danish in ("Adgangskode påkrævet", "Du skal bruge en adgangskode", "Fortsæt"):
        assert danish in html, f"the Danish password form lacks {danish!r}"
    assert "Password required" not in html and "Continue" not in html, "English on /da/"
    assert 'class="site-header"' in html, "the password form is not in the site's look"
    assert SECRET_TITLE not in html, "the password form shows the private page's title"
    restriction, page_id = password_practice.pk, password_practice.page_id
    action = f"/da/_util/authenticate_with_password/{restriction}/{page_id}/"
    wrong = client.post(action, {"password": "forkert", "return_url": danish_url})
    assert "Adgangskoden er forkert" in wrong.content.decode(), "wrong password: no Danish error"
    assert SECRET_TITLE not in wrong.content.decode(), "the error page shows the private title"


@pytest.mark.parametrize(
    ("language", "heading"), [("da", "Log ind"), ("de", "Anmelden"), ("fr", "Se connecter")]
)
def test_front_end_login_speaks_the_readers_language(client, site_tree, language, heading):
    html = client.get(f"/{language}/_util/login/").content.decode()
    assert f"<h1>{heading}</h1>" in html, f"the {language} login page is not in {language}"
    assert 'class="site-header"' in html, "the login page is not in the site's look"
