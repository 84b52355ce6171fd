"""A person's newsletter subscriptions: export and erase."""

import pytest
from allauth.account.models import EmailAddress

from metroagora.accounts.tests.factories import UserFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.publications import privacy
from metroagora.publications.models.newsletter import Delivery, NewsletterIssue, Subscription
from metroagora.publications.models.website import NewsPost

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = UserFactory(email="nina@example.org")
    EmailAddress.objects.create(user=person, email="nina@work.example", verified=True)
    return person


def _issue(**fields):
    return NewsletterIssue.objects.create(
        subject={"en": "News", "_original": "en"}, text={"en": "Text", "_original": "en"}, **fields
    )


def test_it_exports_subscriptions_signed_in_or_with_an_address(person):
    signed_in = Subscription.objects.create(
        email="nina@example.org", user=person, city=CityFactory(slug="turin"), language="it"
    )
    Subscription.objects.create(email="nina@work.example", language="en")
    Subscription.objects.create(email="someone@example.org", language="en")
    Delivery.objects.create(issue=_issue(), subscription=signed_in, language="it")
    NewsPost.objects.create(
        slug="hello",
        title={"en": "Hello"},
        summary={"en": "Hi"},
        body={"en": "Hi"},
        author=person,
    )
    data = privacy.export_personal_data(person)
    by_email = {s["email"]: s for s in data["newsletter_subscriptions"]}
    assert set(by_email) == {"nina@example.org", "nina@work.example"}
    assert by_email["nina@example.org"]["city"] == "turin"
    assert by_email["nina@example.org"]["issues_received"] == 1
    assert by_email["nina@work.example"]["city"] is None
    assert data["news_written"] == ["hello"]


def test_erasing_deletes_subscriptions_and_unnames_what_they_wrote(person):
    Subscription.objects.create(email="NINA@work.example", language="en")
    Subscription.objects.create(email="nina@example.org", user=person, language="en")
    kept = Subscription.objects.create(email="someone@example.org", language="en")
    issue = _issue(created_by=person, sent_count=1)
    Delivery.objects.create(issue=issue, subscription=kept, language="en")
    privacy.erase_personal_data(person)
    assert list(Subscription.objects.all()) == [kept]
    issue.refresh_from_db()
    assert issue.created_by is None and issue.sent_count == 1
