"""Editorial pages: the public page (markdown, translations with fallback) and the staff
pages of the network admins (list, create, edit one language at a time, publish)."""

import pytest
from django.urls import reverse

from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.publications.models import Page
from metroagora.publications.tests.factories_website import (  # noqa: F401 - fixtures
    ROLES,
    PageFactory,
    en,
    fr,
    people,
    sign_in,
)

pytestmark = pytest.mark.django_db


def _post(**overrides):
    data = {
        "lang": "en",
        "title": "About the project",
        "slug": "about",
        "kind": "about",
        "body": "## Who we are\n\nCities working together.",
        "in_footer": "on",
        "order": "1",
    }
    data.update(overrides)
    return data


# --- The public page --------------------------------------------------------------------


def test_it_shows_a_published_page_as_sanitised_markdown(client):
    PageFactory(
        slug="about",
        title=en("About us"),
        body=en("## Our cities\n\n**Together**<script>alert(1)</script>"),
    )
    response = client.get("/en/pages/about/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>About us</h1>" in content
    assert "<h2>Our cities</h2>" in content
    assert "<strong>Together</strong>" in content
    assert "<script>alert" not in content


def test_it_shows_the_readers_language_when_translated(client):
    PageFactory(
        slug="about",
        title={"en": "About us", "fr": "À propos", "_original": "en"},
        body={"en": "English text", "fr": "Texte français", "_original": "en"},
    )
    content = client.get("/fr/pages/about/").content.decode()
    assert "<h1>À propos</h1>" in content
    assert "Texte français" in content
    assert "English text" not in content


def test_it_falls_back_to_the_original_language_and_marks_it(client):
    PageFactory(slug="mentions", title=fr("Mentions légales"), body=fr("Texte original"))
    content = client.get("/de/pages/mentions/").content.decode()
    assert '<h1 lang="fr">Mentions légales</h1>' in content
    assert '<div class="prose" lang="fr">' in content
    assert "Texte original" in content
    assert 'class="fallback-note"' in content


@pytest.mark.parametrize("role", ROLES)
def test_only_network_admins_see_a_draft_page(client, people, role):  # noqa: F811
    PageFactory(slug="draft", draft=True)
    sign_in(client, people[role])
    response = client.get("/en/pages/draft/")
    assert response.status_code == (200 if role == "admin" else 404)
    if role == "admin":
        assert b"Draft: only network admins see this page." in response.content


def test_it_returns_404_for_an_unknown_page(client):
    assert client.get("/en/pages/nowhere/").status_code == 404


# --- Staff pages, per role --------------------------------------------------------------


def _expected(role, allowed=200):
    if role == "anonymous":
        return 302  # to the sign-in page
    return allowed if role == "admin" else 403


@pytest.mark.parametrize("role", ROLES)
def test_only_network_admins_manage_pages(client, people, role):  # noqa: F811
    page = PageFactory(slug="about")
    sign_in(client, people[role])
    for url in (
        reverse("publications:page_list"),
        reverse("publications:page_create"),
        reverse("publications:page_edit", kwargs={"slug": page.slug}),
    ):
        assert client.get(url).status_code == _expected(role), url
    response = client.post(reverse("publications:page_create"), _post(slug="new-page"))
    assert response.status_code == _expected(role, 302)
    assert Page.objects.filter(slug="new-page").exists() is (role == "admin")
    response = client.post(
        reverse("publications:page_publish", kwargs={"slug": page.slug}), {"action": "unpublish"}
    )
    assert response.status_code == _expected(role, 302)
    page.refresh_from_db()
    assert page.published is (role != "admin")


def test_the_page_list_shows_drafts_and_translations(client, roles):  # noqa: F811
    PageFactory(
        slug="about",
        title={"en": "About", "fr": "À propos", "_original": "en"},
        body={"en": "Text", "fr": "Texte", "_original": "en"},
    )
    PageFactory(slug="privacy", title=en("Privacy"), draft=True)
    client.force_login(roles.admin)
    content = client.get(reverse("publications:page_list")).content.decode()
    assert "<caption>" in content
    assert content.count('<th scope="row">') == 2
    assert "Draft" in content
    assert "/pages/about/edit/?lang=fr" in content


def test_an_admin_adds_a_page_as_a_draft(client, roles):  # noqa: F811
    client.force_login(roles.admin)
    response = client.post(reverse("publications:page_create"), _post())
    assert response.status_code == 302
    page = Page.objects.get(slug="about")
    assert not page.published
    assert page.kind == "about" and page.in_footer and page.order == 1
    assert page.title.to_json() == {"en": "About the project", "_original": "en"}
    assert client.get("/en/pages/about/").status_code == 200  # the admin sees the draft
    client.logout()
    assert client.get("/en/pages/about/").status_code == 404


def test_an_admin_translates_a_page_one_language_at_a_time(client, roles):  # noqa: F811
    page = PageFactory(slug="about", title=en("About"), body=en("English text"))
    client.force_login(roles.admin)
    url = reverse("publications:page_edit", kwargs={"slug": "about"})
    form = client.get(url + "?lang=fr").content.decode()
    assert 'lang="fr"' in form
    response = client.post(
        url,
        {
            "lang": "fr",
            "title": "À propos",
            "kind": "about",
            "body": "Texte français",
            "in_footer": "on",
            "order": "0",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title.to_json() == {"en": "About", "fr": "À propos", "_original": "en"}
    assert page.body.get("en") == "English text"
    assert page.body.get("fr") == "Texte français"
    assert page.slug == "about"


def test_it_says_what_is_missing_in_the_page_form(client, roles):  # noqa: F811
    client.force_login(roles.admin)
    response = client.post(reverse("publications:page_create"), _post(title="", body=""))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Write the title (in this language or another one)." in content
    assert "Write the text (in this language or another one)." in content
    assert not Page.objects.exists()


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("new", "This address is used by the site"),
        ("about", "Another page already uses this short name"),
    ],
)
def test_it_refuses_a_taken_or_reserved_address(client, roles, slug, message):  # noqa: F811
    PageFactory(slug="about")
    client.force_login(roles.admin)
    response = client.post(reverse("publications:page_create"), _post(slug=slug))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Page.objects.count() == 1


def test_an_admin_publishes_and_withdraws_a_page_from_its_page(client, roles):  # noqa: F811
    page = PageFactory(slug="about", draft=True)
    client.force_login(roles.admin)
    url = reverse("publications:page_publish", kwargs={"slug": "about"})
    response = client.post(url, {"action": "publish", "next": "page"})
    assert response["Location"] == "/en/pages/about/"
    page.refresh_from_db()
    assert page.published
    client.post(url, {"action": "unpublish"})
    page.refresh_from_db()
    assert not page.published
    assert client.get(url).status_code == 405
    response = client.post(url, {"action": "explode"}, follow=True)
    assert "Choose to publish the page or to withdraw it." in response.content.decode()
