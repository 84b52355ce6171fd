"""The pages of a person's data: the download, the account deletion, the privacy page."""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.publications.models.website import Page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("metroagora.api.tests.urls_with_personal_data"),
]

PASSWORD = "correct-horse-battery"  # UserFactory's


@pytest.fixture
def person():
    return UserFactory(email="ines@example.org", display_name="Ines Example")


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


def _url(name, lang="en"):
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"personal_data:{name}")


# --- Download ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(client, method):
    response = getattr(client, method)(_url("download"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_page_says_what_the_download_holds(signed_in):
    response = signed_in.get(_url("download"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Download my data (ZIP)" in html and "data.json" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_download_is_a_zip_of_the_persons_data(signed_in, person):
    response = signed_in.post(_url("download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="metroagora-my-data-')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["profile"]["email"] == "ines@example.org"


def test_the_download_needs_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.post(_url("download")).status_code == 403


def test_downloads_are_rate_limited(signed_in, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "privacy.export": "1/m"}
    assert signed_in.post(_url("download")).status_code == 200
    assert signed_in.post(_url("download")).status_code == 429


def test_other_methods_are_refused(signed_in):
    assert signed_in.put(_url("download")).status_code == 405


# --- Deletion ---------------------------------------------------------------------------


def test_the_deletion_page_explains_what_happens(signed_in):
    response = signed_in.get(_url("delete"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Former member" in html and "cannot be undone" in html
    assert 'autocomplete="current-password"' in html


def test_anonymous_visitors_cannot_delete(client, person):
    response = client.post(_url("delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_active


def test_a_wrong_password_deletes_nothing(signed_in, person):
    response = signed_in.post(_url("delete"), {"password": "guess", "confirm": "on"})
    assert response.status_code == 400
    assert "This is not your password" in response.content.decode()
    person.refresh_from_db()
    assert person.email == "ines@example.org" and person.is_active


def test_the_box_must_be_ticked(signed_in, person):
    response = signed_in.post(_url("delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active


def test_the_deletion_needs_the_csrf_token(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    response = client.post(_url("delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.is_active


def test_the_person_deletes_their_account_and_is_signed_out(signed_in, person):
    response = signed_in.post(_url("delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == _url("deleted")
    person.refresh_from_db()
    assert not person.is_active and person.email.endswith("@erased.invalid")
    assert signed_in.get(reverse("accounts:profile")).status_code == 302  # signed out
    page = signed_in.get(response["Location"])
    assert page.status_code == 200
    assert "Your account was deleted" in page.content.decode()


def test_password_guesses_are_rate_limited(signed_in, person, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "privacy.delete": "2/m"}
    for _ in range(2):
        signed_in.post(_url("delete"), {"password": "guess", "confirm": "on"})
    response = signed_in.post(_url("delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    person.refresh_from_db()
    assert person.is_active


def test_the_only_network_admin_is_told_why_they_cannot(client):
    admin = with_two_factor(UserFactory(is_superuser=True))
    client.force_login(admin)
    page = client.get(_url("delete"))
    assert "only network admin" in page.content.decode()
    assert 'name="password"' not in page.content.decode()
    response = client.post(_url("delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 400
    assert User.objects.get(pk=admin.pk).is_superuser


# --- The privacy page and the profile ----------------------------------------------------


def test_the_privacy_page_lists_what_is_kept_why_and_how_long(
    client, settings, django_assert_max_num_queries
):
    settings.RETENTION_INACTIVE_ACCOUNT_DAYS = 400
    settings.RETENTION_WARNING_DAYS = 14
    settings.RETENTION_GUEST_REGISTRATION_DAYS = 7
    with django_assert_max_num_queries(3):
        response = client.get(_url("privacy"))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Your account", "Events", "Forum", "Opinion maps", "Local decisions"):
        assert f">{title}</h3>" in html
    assert "400 days" in html and "14 days before" in html and "after 7 days" in html
    assert _url("download") in html and _url("delete") in html


def test_the_privacy_page_says_when_nothing_is_deleted(client, settings):
    settings.RETENTION_INACTIVE_ACCOUNT_DAYS = 0
    settings.RETENTION_GUEST_REGISTRATION_DAYS = 0
    html = client.get(_url("privacy")).content.decode()
    assert "Accounts are kept until their owners delete them." in html
    assert "kept until the organisers delete it" in html


def test_the_privacy_page_links_the_privacy_notice_once_published(client):
    Page.objects.create(
        slug="privacy",
        kind="privacy",
        title={"en": "Privacy notice", "_original": "en"},
        body={"en": "Who we are.", "_original": "en"},
        published=True,
    )
    html = client.get(_url("privacy")).content.decode()
    assert 'href="/en/pages/privacy/"' in html


def test_the_privacy_page_is_translated(client):
    response = client.get(_url("privacy", "fr"))
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_the_profile_links_to_the_persons_data(signed_in):
    html = signed_in.get(reverse("accounts:profile")).content.decode()
    assert 'id="your-data-h"' in html
    for name in ("download", "privacy", "delete"):
        assert f'href="{_url(name)}"' in html
