"""The evaluation form and submit_feedback(): after the start, confirmed only, once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from metroagora.events.feedback import submit_feedback
from metroagora.events.models import Feedback
from metroagora.events.tests.factories import EventFactory, RegistrationFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def started(db):
    start = timezone.now() - timedelta(hours=2)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=4))


def _url(registration, lang="en"):
    with translation.override(lang):
        return reverse("events:feedback", args=[registration.token])


def test_it_saves_one_evaluation(started):
    registration = RegistrationFactory(event=started)
    feedback = submit_feedback(
        registration,
        rating=4,
        learned="  How Lyon budgets  ",
        would_return=True,
        changed_view="yes",
    )
    assert feedback.event == started
    assert feedback.learned == "How Lyon budgets"
    with pytest.raises(ValidationError) as error:
        submit_feedback(registration, rating=5)
    assert error.value.code == "already"
    assert Feedback.objects.get().rating == 4


def test_it_refuses_evaluations_before_the_event_starts(db):
    registration = RegistrationFactory(event=EventFactory())
    with pytest.raises(ValidationError) as error:
        submit_feedback(registration, rating=5)
    assert error.value.code == "not_started"


@pytest.mark.parametrize("status", ["pending", "waitlisted", "cancelled"])
def test_it_refuses_evaluations_from_unconfirmed_registrations(started, status):
    registration = RegistrationFactory(event=started, status=status)
    with pytest.raises(ValidationError) as error:
        submit_feedback(registration, rating=5)
    assert error.value.code == "not_confirmed"


def test_it_refuses_evaluations_of_cancelled_events(db):
    start = timezone.now() - timedelta(hours=2)
    event = EventFactory(status="cancelled", starts_at=start, ends_at=start + timedelta(hours=3))
    with pytest.raises(ValidationError) as error:
        submit_feedback(RegistrationFactory(event=event), rating=5)
    assert error.value.code == "cancelled"


@pytest.mark.parametrize("rating", [0, 6])
def test_it_validates_the_rating(started, rating):
    with pytest.raises(ValidationError):
        submit_feedback(RegistrationFactory(event=started), rating=rating)
    assert not Feedback.objects.exists()


def test_it_validates_the_changed_view_answer(started):
    with pytest.raises(ValidationError):
        submit_feedback(RegistrationFactory(event=started), rating=3, changed_view="maybe")


def test_it_shows_the_form_with_radio_buttons(client, started):
    registration = RegistrationFactory(event=started)
    response = client.get(_url(registration))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert html.count('type="radio" name="rating"') == 5
    assert 'name="learned"' in html
    assert html.count('type="radio" name="would_return"') == 2
    assert html.count('type="radio" name="changed_view"') == 3


def test_it_saves_the_form_then_thanks_on_the_next_visit(client, started):
    registration = RegistrationFactory(event=started)
    url = _url(registration)
    response = client.post(
        url,
        {"rating": "5", "learned": "A lot", "would_return": "yes", "changed_view": "somewhat"},
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get(registration_id=registration.pk)
    assert (feedback.rating, feedback.would_return, feedback.changed_view) == (5, True, "somewhat")
    response = client.get(url)
    assert b"already answered" in response.content
    assert b'name="rating"' not in response.content
    # a second post changes nothing
    client.post(url, {"rating": "1"})
    assert Feedback.objects.get().rating == 5


def test_it_keeps_optional_answers_empty(client, started):
    registration = RegistrationFactory(event=started)
    response = client.post(_url(registration), {"rating": "3"})
    assert response.status_code == 302, response.content.decode()
    feedback = Feedback.objects.get()
    assert feedback.would_return is None
    assert feedback.changed_view == ""


def test_it_asks_for_the_rating(client, started):
    registration = RegistrationFactory(event=started)
    response = client.post(_url(registration), {"learned": "x"})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Feedback.objects.exists()


def test_it_says_when_the_evaluation_is_not_open_yet(client, db):
    registration = RegistrationFactory(event=EventFactory())
    response = client.get(_url(registration))
    assert b"The evaluation opens when the event starts" in response.content
    assert client.post(_url(registration), {"rating": "5"}).status_code == 200
    assert not Feedback.objects.exists()


def test_it_uses_the_language_of_the_address(client, started):
    registration = RegistrationFactory(event=started, language="en")
    response = client.get(_url(registration, "fr"))
    assert response.status_code == 200
    assert b'<html lang="fr">' in response.content


def test_it_returns_404_for_an_unknown_token(client, db):
    response = client.get(reverse("events:feedback", args=["not-a-token"]))
    assert response.status_code == 404
