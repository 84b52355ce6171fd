"""Login lockout (django-axes): per email and address, on allauth's form and the admin's."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.utils import timezone, translation

from metroagora.accounts.tests.factories import UserFactory

LOGIN = "/en/accounts/login/"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def user(db):
    person = UserFactory(email="ana@example.org")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return person


@pytest.fixture
def limit_three(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def _try(client, password, email="ana@example.org", url=LOGIN, address="203.0.113.5"):
    return client.post(url, {"login": email, "password": password}, REMOTE_ADDR=address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_it_locks_out_after_the_failure_limit(client, user, limit_three):
    assert _try(client, "wrong-1").status_code == 200  # the form says the password is wrong
    assert _try(client, "wrong-2").status_code == 200
    response = _try(client, "wrong-3")
    assert response.status_code == 429
    assert b"Sign-in paused" in response.content
    assert response["Retry-After"] == str(15 * 60)
    # Even the right password is refused while locked out.
    response = _try(client, PASSWORD)
    assert response.status_code == 429
    assert not _signed_in(client)


def test_it_locks_out_before_allauths_own_limit_with_the_default_settings(client, user):
    from django.conf import settings

    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        assert _try(client, f"wrong-{attempt}").status_code == 200
    assert _try(client, "wrong-last").status_code == 429


def test_it_counts_per_email_and_address(client, user, limit_three):
    UserFactory(email="ben@example.org")
    EmailAddress.objects.create(
        user=UserFactory(email="cy@example.org"), email="cy@example.org", verified=True
    )
    for attempt in range(3):
        _try(client, f"wrong-{attempt}")
    assert _try(client, PASSWORD).status_code == 429
    # The same person from another address, and another person from this address, may sign in.
    assert _try(client, PASSWORD, address="198.51.100.7").status_code == 302
    client.logout()
    assert _try(client, PASSWORD, email="cy@example.org").status_code == 302


def test_it_ignores_the_case_of_the_email(client, user, limit_three):
    _try(client, "wrong-1", email="Ana@Example.org")
    _try(client, "wrong-2", email="ANA@example.org")
    assert _try(client, "wrong-3").status_code == 429


def test_it_forgets_the_failures_after_a_successful_sign_in(client, user, limit_three):
    _try(client, "wrong-1")
    _try(client, "wrong-2")
    assert _try(client, PASSWORD).status_code == 302
    client.logout()
    _try(client, "wrong-3")
    _try(client, "wrong-4")
    response = _try(client, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_it_lets_the_person_in_again_after_the_cool_off(client, user, limit_three):
    for attempt in range(3):
        _try(client, f"wrong-{attempt}")
    assert _try(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    response = _try(client, PASSWORD)
    assert response.status_code == 302
    assert _signed_in(client)


def test_it_locks_out_on_the_admin_sign_in_too(client, user, limit_three):
    user.is_staff = True
    user.save()
    for attempt in range(2):
        response = client.post(
            "/en/admin/login/",
            {"username": user.email, "password": f"wrong-{attempt}"},
            REMOTE_ADDR="203.0.113.5",
        )
        assert response.status_code == 200
    response = client.post(
        "/en/admin/login/",
        {"username": user.email, "password": "wrong-last"},
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 429
    # The admin and the site's form count the same failures.
    assert _try(client, PASSWORD).status_code == 429


def test_it_says_when_to_try_again_in_the_persons_language(client, user, limit_three):
    for attempt in range(2):
        _try(client, f"wrong-{attempt}", url="/fr/accounts/login/")
    before = timezone.localtime() + timedelta(minutes=15)
    response = _try(client, "wrong-last", url="/fr/accounts/login/")
    after = timezone.localtime() + timedelta(minutes=15)
    assert response.status_code == 429
    content = response.content.decode()
    assert '<html lang="fr"' in content
    with translation.override("fr"):
        heading = translation.gettext("Sign-in paused")
        when = translation.ngettext(
            "You can try again in %(minutes)s minute, at %(time)s.",
            "You can try again in %(minutes)s minutes, at %(time)s.",
            15,
        )
    assert heading != "Sign-in paused", "translate the lockout page (make messages)"
    assert f"<h1>{heading}</h1>" in content
    assert any(
        when % {"minutes": 15, "time": f"{retry:%H:%M} {retry.tzname()}"} in content
        for retry in (before, after)
    )


def test_it_counts_the_address_the_proxy_saw_behind_a_proxy(client, user, limit_three, settings):
    settings.AXES_CLIENT_IP_CALLABLE = "metroagora.accounts.lockout.forwarded_client_ip"
    settings.BEHIND_PROXY = True

    def through_proxy(password, forwarded):
        return client.post(
            LOGIN,
            {"login": user.email, "password": password},
            REMOTE_ADDR="10.0.0.10",  # the proxy
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    # An attacker varies what they send in X-Forwarded-For; the proxy adds the real address.
    for attempt in range(3):
        response = through_proxy(f"wrong-{attempt}", f"198.51.100.{attempt}, 203.0.113.5")
    assert response.status_code == 429
    # Someone else behind the same proxy is not locked out of their own sign-in.
    assert through_proxy(PASSWORD, "192.0.2.44").status_code == 302
