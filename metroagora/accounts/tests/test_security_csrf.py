"""CSRF: a form posted without the page's token is refused, signed in or not."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory
from metroagora.events.models import Registration
from metroagora.events.tests.factories import EventFactory
from metroagora.forum.models import Contribution
from metroagora.forum.tests.factories import DebateFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def strict():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def person(db):
    user = UserFactory(email="ana@example.org", display_name="Ana")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/en/accounts/login/", {"login": "ana@example.org", "password": PASSWORD}),
        ("/en/accounts/signup/", {"email": "new@example.org", "password1": "x" * 12}),
        ("/en/accounts/password/reset/", {"email": "ana@example.org"}),
        ("/i18n/setlang/", {"language": "fr"}),
        ("/en/admin/login/", {"username": "ana@example.org", "password": PASSWORD}),
    ],
    ids=["sign-in", "sign-up", "password-reset", "language", "admin-sign-in"],
)
def test_it_refuses_signed_out_forms_without_the_token(strict, person, url, data):
    response = strict.post(url, data)
    assert response.status_code == 403
    assert b"CSRF verification failed" in response.content
    assert "_auth_user_id" not in strict.session
    assert not User.objects.filter(email="new@example.org").exists()


def test_it_refuses_signed_in_forms_without_the_token(strict, person):
    strict.force_login(person)
    debate = DebateFactory(slug="cities")
    event = EventFactory(slug="forum-2026")
    refused = {
        "/en/accounts/profile/edit/": {"display_name": "Changed"},
        "/en/accounts/logout/": {},
        f"/en/forum/{debate.slug}/post/": {"text": "Planted text", "stance": "for"},
        f"/en/events/{event.slug}/register/": {},
        "/en/api-tokens/": {"name": "planted"},
    }
    for url, data in refused.items():
        response = strict.post(url, data)
        assert response.status_code == 403, url
        assert b"CSRF verification failed" in response.content, url
    person.refresh_from_db()
    assert person.display_name == "Ana"
    assert "_auth_user_id" in strict.session  # the sign-out was refused too
    assert not Contribution.objects.exists()
    assert not Registration.objects.exists()


def test_it_accepts_the_same_form_with_the_token(strict, person):
    strict.get("/en/accounts/login/")
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        "/en/accounts/login/",
        {"login": person.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in strict.session
