"""Events: the list with filters and pages, an event, and registering through the API."""

from datetime import timedelta

from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.api.tests.conftest import assert_error_body, make_token
from metroagora.events.models import Registration, Session
from metroagora.events.tests.factories import EventFactory, RegistrationFactory, TopicFactory
from metroagora.network.tests.factories import CityFactory

REGISTRATION = {"residence_city": "Lyon", "residence_country": "FR", "role": "citizen"}


def test_it_lists_events_at_page_size_50_in_constant_queries(
    client, db, django_assert_max_num_queries
):
    topic = TopicFactory(slug="climate")
    for _n in range(60):
        EventFactory().topics.add(topic)
    with django_assert_max_num_queries(3):  # count, page, topics
        response = client.get("/api/v1/events?limit=50")
    data = response.json()
    assert data["count"] == 60 and len(data["results"]) == 50
    assert data["results"][0]["topics"] == ["climate"]
    assert data["next"] == "http://testserver/api/v1/events?limit=50&offset=50"
    assert data["previous"] is None
    last = client.get(data["next"]).json()
    assert len(last["results"]) == 10 and last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/events?limit=50&offset=0"


def test_it_never_lists_drafts(client, db):
    EventFactory(slug="draft", status="draft")
    EventFactory(slug="public")
    assert [e["slug"] for e in client.get("/api/v1/events").json()["results"]] == ["public"]
    assert client.get("/api/v1/events/draft").status_code == 404


def test_it_filters_events(client, db):
    lyon = CityFactory(slug="lyon", country="FR")
    match = EventFactory(slug="match", city=lyon, kind="local", languages=["fr"])
    match.topics.add(TopicFactory(slug="climate"))
    EventFactory(slug="other")
    past = EventFactory(
        slug="past",
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=9),
        status="held",
    )
    day = timezone.localdate(match.starts_at).isoformat()
    query = (
        f"city=lyon&country=FR&kind=local&topic=climate&language=fr&date_from={day}&date_to={day}"
    )
    assert [e["slug"] for e in client.get(f"/api/v1/events?{query}").json()["results"]] == ["match"]
    assert [e["slug"] for e in client.get("/api/v1/events?when=past").json()["results"]] == [
        past.slug
    ]
    assert client.get("/api/v1/events?when=all").json()["count"] == 3


def test_it_gives_an_event_with_its_agenda_and_seats(client, db):
    event = EventFactory(slug="summit", capacity=10)
    Session.objects.create(event=event, starts_at=event.starts_at, title="Welcome")
    RegistrationFactory(event=event, email="guest@example.org")
    RegistrationFactory(event=event, status="waitlisted")
    response = client.get("/api/v1/events/summit")
    data = response.json()
    assert data["agenda"][0]["title"] == "Welcome"
    assert data["seats"] == {"capacity": 10, "confirmed": 1, "waitlisted": 1, "left": 9}
    assert data["registration_open"] is True and data["registration_problem"] is None
    assert b"guest@example.org" not in response.content


def test_it_registers_the_token_owner(db, post_json):
    user = UserFactory(display_name="Ana")
    event = EventFactory(slug="summit", capacity=1)
    raw = make_token(user, scopes=("register",))
    response = post_json(
        "/api/v1/events/summit/registrations",
        {**REGISTRATION, "photo_consent": True, "language": "fr"},
        token=raw,
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "confirmed" and len(data["check_in_code"]) == 8
    registration = Registration.objects.get(event=event)
    assert (registration.user, registration.name, registration.language) == (user, "Ana", "fr")
    assert registration.photo_consent is True
    # Again: a conflict. Someone else: the waiting list (capacity 1).
    assert_error_body(
        post_json("/api/v1/events/summit/registrations", REGISTRATION, token=raw), 409
    )
    other = make_token(scopes=("register",))
    waiting = post_json("/api/v1/events/summit/registrations", REGISTRATION, token=other).json()
    assert waiting["status"] == "waitlisted" and waiting["check_in_code"] is None


def test_it_refuses_registration_when_closed_or_inconsistent(db, post_json):
    EventFactory(
        slug="gone",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=1),
    )
    EventFactory(slug="open")
    raw = make_token(scopes=("register",))
    data = assert_error_body(
        post_json("/api/v1/events/gone/registrations", REGISTRATION, token=raw), 409
    )
    assert "deadline" in data["detail"]
    for body, field in (
        ({**REGISTRATION, "residence_country": "XX"}, "residence_country"),
        ({**REGISTRATION, "gender": "woman"}, "demographics_consent"),
        ({**REGISTRATION, "invited_by": "atlantis"}, "invited_by"),
        ({**REGISTRATION, "residence_city": "   "}, "residence_city"),
    ):
        data = assert_error_body(
            post_json("/api/v1/events/open/registrations", body, token=raw), 422
        )
        assert ["body", field] in [e["loc"] for e in data["errors"]], data
    assert_error_body(
        post_json("/api/v1/events/nowhere/registrations", REGISTRATION, token=raw), 404
    )
    assert not Registration.objects.exists()


def test_registering_needs_the_register_scope(db, post_json):
    EventFactory(slug="open")
    raw = make_token(scopes=("read", "vote"))
    assert_error_body(post_json("/api/v1/events/open/registrations", REGISTRATION, token=raw), 403)
    assert_error_body(post_json("/api/v1/events/open/registrations", REGISTRATION), 401)
    assert not Registration.objects.exists()
