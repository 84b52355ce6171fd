"""Joining: sign-up with email verification, and what bad input gets."""

import re

from allauth.account.models import EmailAddress

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory

STRONG = "a-long-Pass-phrase-2026"


def _signup(client, email, password=STRONG, password2=None, lang="en"):
    return client.post(
        f"/{lang}/accounts/signup/",
        {"email": email, "password1": password, "password2": password2 or password},
    )


def test_it_signs_up_and_verifies_by_email(client, db, mailoutbox):
    response = _signup(client, "new@example.org")
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.password.startswith("md5$")  # tests use a fast hasher
    assert len(mailoutbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="new@example.org").verified


def test_it_rejects_a_taken_email_and_saves_nothing(client, db):
    UserFactory(email="taken@example.org")
    response = _signup(client, "taken@example.org", lang="fr")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert "Un autre utilisateur utilise déjà cette adresse e-mail." in response.content.decode()
    assert User.objects.filter(email="taken@example.org").count() == 1


def test_it_rejects_a_weak_password(client, db):
    response = _signup(client, "weak@example.org", password="password")
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="weak@example.org").exists()


def test_it_rejects_a_malformed_email(client, db):
    response = _signup(client, "not-an-email", lang="de")
    assert response.context["form"].errors["email"]
    assert User.objects.count() == 0


def test_it_rejects_mismatched_passwords(client, db):
    response = _signup(client, "x@example.org", password2="something-else-2026")
    assert response.context["form"].errors
    assert User.objects.count() == 0


def test_it_hashes_passwords_with_argon2_in_production(settings):
    from django.conf import settings as django_settings

    # the autouse fixture swaps the hasher for speed; the real setting is argon2
    import metroagora.settings as real

    assert real.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.PASSWORD_HASHERS != real.PASSWORD_HASHERS
