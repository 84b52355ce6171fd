"""Subscribing (double opt-in, no enumeration, rate limits), confirming, unsubscribing
(with the button, and with a mail program's RFC 8058 one-click POST), and the one-click
subscription of the profile page."""

import html
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _

from metroagora.accounts.tests.factories import UserFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.publications import newsletter_emails as emails
from metroagora.publications import newsletter_services as services
from metroagora.publications.models import Subscription
from metroagora.publications.tests.factories_newsletter import SubscriptionFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/en/newsletter/subscribe/"
SENT = "/en/newsletter/subscribe/sent/"


@pytest.fixture
def lyon(db):
    return CityFactory(slug="lyon", name={"fr": "Lyon", "_original": "fr"}, country="FR")


def _confirm_path(message) -> str:
    found = re.search(r"https?://[^/\s]+(/[a-z]{2}/newsletter/confirm/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def _post(client, **data):
    return client.post(SUBSCRIBE, {"email": "", "language": "en", "city": "", **data})


def _html(response) -> str:
    return html.unescape(response.content.decode())


# --- Double opt-in ------------------------------------------------------------------------


def test_it_shows_the_form_in_the_readers_language(client, lyon):
    page = _html(client.get("/fr/newsletter/subscribe/?city=lyon"))
    assert '<option value="fr" selected>' in page
    assert '<option value="lyon" selected>' in page
    assert 'name="email"' in page and 'autocomplete="email"' in page


def test_it_sends_a_confirmation_link_in_the_chosen_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, email="Ana@Example.org", language="fr")
    assert response.status_code == 302 and response["Location"] == SENT
    subscription = Subscription.objects.get()
    assert subscription.email == "ana@example.org"
    assert subscription.language == "fr" and subscription.city is None
    assert not subscription.is_active
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    with translation.override("fr"):  # the email's words are in French
        assert message.subject == _("%(site)s: confirm your subscription to the newsletter") % {
            "site": "MetroAgora"
        }
    assert _confirm_path(message).startswith("/fr/newsletter/confirm/")
    body, mimetype = message.alternatives[0]
    assert isinstance(body, str)
    assert mimetype == "text/html" and 'lang="fr"' in body
    assert _confirm_path(message) in body


def test_it_confirms_only_when_the_button_is_pressed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, email="ana@example.org")
    path = _confirm_path(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm my subscription" in _html(page)
    assert not Subscription.objects.get().is_active  # a link checker opening it does nothing
    done = client.post(path)
    assert done.status_code == 200
    assert "ana@example.org gets the network's newsletter from now on." in _html(done)
    assert Subscription.objects.get().is_active
    assert client.post(path).status_code == 200  # twice is fine


def test_it_subscribes_to_a_citys_newsletter(client, lyon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, email="ana@example.org", city="lyon")
    client.post(_confirm_path(mail.outbox[0]))
    subscription = Subscription.objects.get()
    assert subscription.city == lyon and subscription.is_active
    assert "Lyon" in mail.outbox[0].body


def test_it_gives_the_same_answer_when_the_address_is_already_subscribed(
    client, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email="known@example.org", language="de")
    with django_capture_on_commit_callbacks(execute=True):
        known = _post(client, email="known@example.org", language="fr")
        new = _post(client, email="new@example.org", language="fr")
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    assert known.content == new.content
    # Nothing changes for the subscriber, and nobody else learns anything.
    assert Subscription.objects.get(email="known@example.org").language == "de"
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    page = _html(client.get(SENT))
    assert "If the address was already subscribed, nothing changes" in page


def test_it_sends_a_new_link_to_an_address_still_waiting(
    client, django_capture_on_commit_callbacks
):
    SubscriptionFactory(email="slow@example.org", pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, email="slow@example.org", language="it")
    assert response["Location"] == SENT
    assert Subscription.objects.get().language == "it"
    assert _confirm_path(mail.outbox[0]).startswith("/it/")


def test_it_does_not_flood_an_address_with_confirmations(django_capture_on_commit_callbacks):
    for n in range(5):  # from five different places
        client = Client(REMOTE_ADDR=f"10.0.0.{n}")
        with django_capture_on_commit_callbacks(execute=True):
            assert _post(client, email="victim@example.org")["Location"] == SENT
    assert len(mail.outbox) == 3  # CONFIRMATIONS_PER_ADDRESS


def test_it_limits_the_rate_of_subscriptions(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "newsletter.subscribe": "2/m"}
    assert _post(client, email="a@example.org").status_code == 302
    assert _post(client, email="b@example.org").status_code == 302
    refused = _post(client, email="c@example.org")
    assert refused.status_code == 429
    assert not Subscription.objects.filter(email="c@example.org").exists()


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address"),
        ({"email": ""}, "email", "Enter your email address."),
        (
            {"email": "ana@example.org", "city": "atlantis"},
            "city",
            "Choose the whole network or one of the cities in the list.",
        ),
        (
            {"email": "ana@example.org", "language": "xx"},
            "language",
            "Choose one of the languages in the list.",
        ),
        (
            {"email": "ana@example.org", "language": "<script>"},
            "language",
            "Choose one of the languages in the list.",
        ),
    ],
)
def test_it_explains_what_is_wrong(client, db, data, field, message):
    response = _post(client, **data)
    assert response.status_code == 400
    page = _html(response)
    assert f'id="id_{field}_error"' in page and message in page
    assert not Subscription.objects.exists()
    assert not mail.outbox


def test_it_refuses_a_language_that_is_not_one_of_the_site_in_the_service(db):
    with pytest.raises(ValidationError):
        services.request_subscription(email="ana@example.org", language="xx", city=None)


@pytest.mark.parametrize("token", ["nonsense", "eyJpZCI6MX0:1tX:forged"])
def test_it_refuses_a_tampered_confirmation_link(client, db, token):
    for response in (
        client.get(f"/en/newsletter/confirm/{token}/"),
        client.post(f"/en/newsletter/confirm/{token}/"),
    ):
        assert response.status_code == 400
        assert "This confirmation link is not valid" in _html(response)


def test_it_refuses_an_expired_confirmation_link(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, email="ana@example.org")
    path = _confirm_path(mail.outbox[0])
    monkeypatch.setattr(emails, "CONFIRM_MAX_AGE", -1)
    response = client.post(path)
    assert response.status_code == 400
    assert "This confirmation link has expired" in _html(response)
    assert not Subscription.objects.get().is_active


def test_it_does_not_let_an_old_link_undo_an_unsubscribe(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, email="ana@example.org")
    path = _confirm_path(mail.outbox[0])
    client.post(path)
    subscription = Subscription.objects.get()
    services.unsubscribe(subscription.token)
    subscription.refresh_from_db()
    Subscription.objects.filter(pk=subscription.pk).update(
        unsubscribed_at=subscription.unsubscribed_at.replace(
            year=subscription.unsubscribed_at.year + 1
        )
    )
    assert client.post(path).status_code == 400
    assert not Subscription.objects.get().is_active


# --- Unsubscribing --------------------------------------------------------------------------


def test_it_asks_before_unsubscribing(client, db):
    subscription = SubscriptionFactory(email="ana@example.org")
    page = client.get(f"/en/newsletter/unsubscribe/{subscription.token}/")
    assert page.status_code == 200
    assert "Stop sending the network's newsletter to ana@example.org?" in _html(page)
    subscription.refresh_from_db()
    assert subscription.is_active


def test_it_unsubscribes_with_the_button_even_without_a_csrf_cookie(db):
    subscription = SubscriptionFactory(email="ana@example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/en/newsletter/unsubscribe/{subscription.token}/")
    assert response.status_code == 200
    assert "ana@example.org no longer gets the network's newsletter." in _html(response)
    subscription.refresh_from_db()
    assert not subscription.is_active and subscription.unsubscribed_at is not None


def test_it_unsubscribes_with_the_one_click_post_of_rfc_8058(db):
    subscription = SubscriptionFactory(email="ana@example.org", language="fr")
    client = Client(enforce_csrf_checks=True)  # a mail provider: no cookie, no token
    response = client.post(
        f"/fr/newsletter/unsubscribe/{subscription.token}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    first = subscription.unsubscribed_at
    assert client.post(f"/fr/newsletter/unsubscribe/{subscription.token}/").status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at == first  # a second click changes nothing


def test_it_only_exempts_the_unsubscribe_page_from_csrf(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(SUBSCRIBE, {"email": "ana@example.org", "language": "en", "city": ""})
    assert response.status_code == 403


@pytest.mark.parametrize("method", ["get", "post"])
def test_it_says_so_when_an_unsubscribe_link_is_unknown(client, db, method):
    SubscriptionFactory()
    response = getattr(client, method)("/en/newsletter/unsubscribe/made-up-token/")
    assert response.status_code == 404
    assert "We do not know this unsubscribe link" in _html(response)
    assert Subscription.objects.get().is_active


# --- The profile page -----------------------------------------------------------------------


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_it_offers_a_one_click_subscription_on_the_profile(client, lyon):
    user = UserFactory()
    client.force_login(user)
    page = _html(client.get("/fr/accounts/profile/"))
    assert 'action="/fr/newsletter/subscribe/me/"' in page
    assert '<input type="hidden" name="language" value="fr">' in page
    assert '<option value="">' in page and '<option value="lyon">Lyon</option>' in page


def test_it_subscribes_a_verified_address_at_once(client, lyon):
    user = _verified(UserFactory(email="ana@example.org"))
    client.force_login(user)
    response = client.post("/en/newsletter/subscribe/me/", {"city": "lyon", "language": "fr"})
    assert response.status_code == 302 and response["Location"] == "/en/accounts/profile/"
    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.user == user
    assert (subscription.city, subscription.language) == (lyon, "fr")
    assert not mail.outbox
    page = _html(client.get("/en/accounts/profile/"))
    assert "You are subscribed to the newsletter of Lyon." in page
    assert f'action="/en/newsletter/unsubscribe/{subscription.token}/"' in page
    assert '<option value="lyon">' not in page  # already taken


def test_it_asks_an_unverified_address_to_confirm(client, db, django_capture_on_commit_callbacks):
    user = UserFactory(email="new@example.org")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/newsletter/subscribe/me/", {"city": "", "language": "en"})
    subscription = Subscription.objects.get()
    assert not subscription.is_active
    assert mail.outbox[0].to == ["new@example.org"]
    page = _html(client.get("/en/accounts/profile/"))
    assert "Almost done: we sent a link to new@example.org." in page
    assert "waiting for you to open the link we emailed" in page


def test_it_confirms_a_pending_subscription_once_the_address_is_verified(client, db):
    user = _verified(UserFactory(email="ana@example.org"))
    SubscriptionFactory(email="ana@example.org", pending=True)
    client.force_login(user)
    client.post("/en/newsletter/subscribe/me/", {"city": "", "language": "en"})
    assert Subscription.objects.get().is_active


def test_it_needs_a_signed_in_person_and_a_known_scope(client, db):
    response = client.post("/en/newsletter/subscribe/me/", {"city": "", "language": "en"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(_verified(UserFactory()))
    response = client.post("/en/newsletter/subscribe/me/", {"city": "atlantis", "language": "en"})
    assert response["Location"] == "/en/accounts/profile/"
    assert not Subscription.objects.exists()
    assert "Choose the whole network or one of the cities" in _html(
        client.get("/en/accounts/profile/")
    )
