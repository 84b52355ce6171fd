"""Writing a newsletter: who may (per role and scope), one language at a time, the blocks,
the preview (HTML and text) before sending, and bad input."""

import html

import pytest

from metroagora.events.tests.factories import EventFactory
from metroagora.publications.models import IssueStatus, NewsletterIssue
from metroagora.publications.tests.factories_newsletter import (  # noqa: F401 - fixtures
    ROLES,
    IssueFactory,
    SubscriptionFactory,
    cities_fixture,
    people_fixture,
    roles,
    sign_in,
)

NEW = "/en/newsletter/new/"


def page(response) -> str:
    return html.unescape(response.content.decode())


def form_data(**data):
    return {
        "lang": "en",
        "subject": "Spring news",
        "city": "",
        "text": "Dear readers, **welcome**.",
        "blocks": ["events", "practices"],
        "practice_days": "14",
        **data,
    }


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_admins_and_coordinators_write(client, people, role):
    sign_in(client, people[role])
    response = client.get(NEW)
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        expected = 200 if role in {"admin", "coordinator", "other_coordinator"} else 403
        assert response.status_code == expected


def test_it_saves_a_citys_draft_written_by_its_coordinator(client, people, cities):
    sign_in(client, people["coordinator"])
    response = client.post(NEW, form_data(city="milan"))
    issue = NewsletterIssue.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/en/newsletter/{issue.pk}/"
    assert issue.city == cities.city and issue.status == IssueStatus.DRAFT
    assert issue.subject.to_json() == {"en": "Spring news", "_original": "en"}
    assert issue.blocks == [{"kind": "events"}, {"kind": "practices", "days": 14}]
    assert issue.created_by == people["coordinator"]
    shown = page(client.get(response["Location"]))
    assert "The draft is saved. Preview it, then send it when it is ready." in shown
    assert "<strong>welcome</strong>" in shown


def test_it_offers_coordinators_their_cities_only(client, people):
    sign_in(client, people["coordinator"])
    shown = page(client.get(NEW))
    assert '<option value="milan"' in shown
    assert '<option value="lyon"' not in shown and "The whole network" not in shown
    for city, message in (
        ("", "Choose one of the cities in the list."),
        ("lyon", "Choose the whole network or one of the cities in the list."),
        ("atlantis", "Choose the whole network or one of the cities in the list."),
    ):
        response = client.post(NEW, form_data(city=city))
        assert response.status_code == 400 and message in page(response)
    assert not NewsletterIssue.objects.exists()


def test_it_lets_network_admins_write_the_networks(client, people):
    sign_in(client, people["admin"])
    assert "The whole network" in page(client.get(NEW))
    assert client.post(NEW, form_data()).status_code == 302
    assert NewsletterIssue.objects.get().city is None


def test_it_adds_a_translation_and_keeps_the_original(client, people):
    issue = IssueFactory(subject={"en": "Spring news", "_original": "en"}, text={"en": "Hello."})
    sign_in(client, people["admin"])
    shown = page(client.get(f"/en/newsletter/{issue.pk}/edit/?lang=fr"))
    assert "You are writing in French." in shown
    assert 'lang="fr"' in shown
    response = client.post(
        f"/en/newsletter/{issue.pk}/edit/?lang=fr",
        form_data(lang="fr", subject="Nouvelles du printemps", text="Bonjour."),
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.subject.to_json() == {
        "en": "Spring news",
        "fr": "Nouvelles du printemps",
        "_original": "en",
    }
    assert issue.text.get("fr") == "Bonjour." and issue.text.original == "en"


@pytest.mark.parametrize("lang", ["xx", "", "<b>", "ga"])
def test_it_writes_in_the_original_language_when_the_language_is_tampered(client, people, lang):
    issue = IssueFactory()
    sign_in(client, people["admin"])
    shown = page(client.get(f"/en/newsletter/{issue.pk}/edit/?lang={lang}"))
    assert "You are writing in English." in shown
    client.post(f"/en/newsletter/{issue.pk}/edit/", form_data(lang=lang, subject="Changed"))
    issue.refresh_from_db()
    assert issue.subject.get("en") == "Changed" and set(issue.subject.languages()) == {"en", "fr"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"subject": ""}, "Write the subject (in this language or another one)."),
        ({"text": ""}, "Write the editorial text (in this language or another one)."),
        ({"subject": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({"blocks": ["events", "weather"]}, "Choose blocks from the list."),
        ({"practice_days": "0"}, "Ensure this value is greater than or equal to 1."),
    ],
)
def test_it_explains_what_is_wrong(client, people, data, message):
    sign_in(client, people["admin"])
    response = client.post(NEW, form_data(**data))
    assert response.status_code == 400
    assert message in page(response)
    assert not NewsletterIssue.objects.exists()


def test_it_keeps_other_cities_and_sent_issues_out_of_reach(client, people, cities):
    draft = IssueFactory(city=cities.city)
    sign_in(client, people["other_coordinator"])
    for url in ("edit/", "preview/", "preview/email/"):
        assert client.get(f"/en/newsletter/{draft.pk}/{url}").status_code == 403
    assert client.post(f"/en/newsletter/{draft.pk}/delete/").status_code == 403
    assert client.get(f"/en/newsletter/{draft.pk}/").status_code == 404
    sent = IssueFactory(city=cities.city, sent=True)
    sign_in(client, people["coordinator"])
    response = client.get(f"/en/newsletter/{sent.pk}/edit/")
    assert response.status_code == 302
    assert "already sent" in page(client.get(response["Location"]))


def test_it_previews_the_email_and_its_text_version(client, people, cities):
    EventFactory(city=cities.city, title={"en": "Climate assembly", "_original": "en"})
    SubscriptionFactory(city=cities.city)
    SubscriptionFactory(city=cities.city, pending=True)
    issue = IssueFactory(city=cities.city, blocks=[{"kind": "events"}, {"kind": "calls"}])
    sign_in(client, people["coordinator"])
    shown = page(client.get(f"/en/newsletter/{issue.pk}/preview/"))
    body = shown.split('class="newsletter-preview"')[1].split("</div>\n  <p>")[0]
    assert "<h3>News of the network</h3>" in body
    assert "<strong>spring</strong>" in body
    assert '<h4 id="nl-block-events-email">Next events</h4>' in body
    assert "Climate assembly" in body and "EU calls closing soon" not in body  # empty
    text = shown.split('<pre class="newsletter-text" lang="en">')[1].split("</pre>")[0]
    assert text.startswith("News of the network\n\nDear readers, **spring** is here.")
    assert "Next events" in text and "/en/events/" in text
    assert "/en/newsletter/unsubscribe/preview/" in text
    assert "It goes to 1 subscriber now" in shown
    assert f'action="/en/newsletter/{issue.pk}/send/"' in shown


def test_it_previews_what_readers_of_another_language_get(client, people):
    issue = IssueFactory()
    sign_in(client, people["admin"])
    french = page(client.get(f"/en/newsletter/{issue.pk}/preview/?lang=fr"))
    assert "Nouvelles du réseau" in french and "Not written in this language" not in french
    german = page(client.get(f"/en/newsletter/{issue.pk}/preview/?lang=de"))
    assert "Not written in this language: these subscribers get it in English." in german
    assert "News of the network" in german
    tampered = page(client.get(f"/en/newsletter/{issue.pk}/preview/?lang=zz"))
    assert "News of the network" in tampered and "Not written in this language" not in tampered
    alone = client.get(f"/en/newsletter/{issue.pk}/preview/email/?lang=fr")
    assert alone.status_code == 200 and alone["Content-Type"].startswith("text/html")
    assert page(alone).startswith('<!DOCTYPE html>\n<html lang="fr">')


def test_it_deletes_a_draft(client, people):
    issue = IssueFactory()
    sign_in(client, people["admin"])
    response = client.post(f"/en/newsletter/{issue.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/en/newsletter/"
    assert not NewsletterIssue.objects.exists()
    sent = IssueFactory(sent=True)
    client.post(f"/en/newsletter/{sent.pk}/delete/")
    assert NewsletterIssue.objects.filter(pk=sent.pk).exists()
