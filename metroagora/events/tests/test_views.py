"""Event pages: list and filters, detail, registration, organisers' pages."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.events.models import Event, EventPhoto, Registration, Session
from metroagora.events.tests.factories import EventFactory, RegistrationFactory, TopicFactory
from metroagora.network.tests.factories import CityFactory

GUEST = {
    "name": "Ana Guest",
    "email": "ana@example.org",
    "residence_city": "Porto",
    "residence_country": "PT",
    "role": "citizen",
}


def test_it_lists_upcoming_events_in_constant_queries(client, db, django_assert_max_num_queries):
    topic = TopicFactory()
    for _ in range(30):
        EventFactory().topics.add(topic)
    with django_assert_max_num_queries(6):
        response = client.get("/en/events/")
    assert response.status_code == 200
    assert response.content.count(b'class="card event-card"') == 20  # first page


def test_it_filters_by_city_kind_topic_language_and_date(client, db):
    lyon = CityFactory(slug="lyon", country="FR")
    topic = TopicFactory(slug="climate")
    match = EventFactory(city=lyon, kind="local", languages=["fr"], title={"en": "Match"})
    match.topics.add(topic)
    EventFactory(title={"en": "Other"})
    day = timezone.localdate(match.starts_at).isoformat()
    response = client.get(
        f"/en/events/?city=lyon&country=FR&kind=local&topic=climate&language=fr"
        f"&date_from={day}&date_to={day}"
    )
    assert b"Match" in response.content
    assert b"Other" not in response.content


def test_it_separates_past_from_upcoming(client, db):
    EventFactory(
        title={"en": "Long ago"},
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=9),
        status="held",
    )
    assert b"Long ago" not in client.get("/en/events/").content
    assert b"Long ago" in client.get("/en/events/?when=past").content


def test_it_answers_htmx_with_the_results_only(client, db):
    EventFactory()
    response = client.get("/en/events/", headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    assert b"event-card" in response.content


def test_it_hides_drafts_from_the_public(client, db):
    event = EventFactory(status="draft")
    assert client.get(event.get_absolute_url()).status_code == 404
    assert b"event-card" not in client.get("/en/events/").content


def test_it_shows_an_event_with_its_agenda_and_json_ld(client, db, django_assert_max_num_queries):
    event = EventFactory()
    for n in range(5):
        Session.objects.create(event=event, starts_at=event.starts_at, title=f"Session {n}")
    with django_assert_max_num_queries(14):
        response = client.get(event.get_absolute_url())
    content = response.content.decode()
    assert "Session 4" in content
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    assert '"@type": "Event"' in data.group(1)


def test_it_escapes_json_ld(client, db):
    event = EventFactory(title={"en": "</script><script>alert(1)</script>"})
    content = client.get(event.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in content


def test_it_registers_a_signed_in_person_in_one_click(client, db):
    event = EventFactory()
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        f"/en/events/{event.slug}/register/",
        {"residence_city": "Lyon", "residence_country": "FR", "role": "citizen"},
    )
    registration = Registration.objects.get(event=event)
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert registration.status == "confirmed"
    assert registration.user == user


def test_it_registers_a_guest_who_confirms_by_email(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/{event.slug}/register/", GUEST)
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.status == "pending"
    link = re.search(r"http://[^/]+(/\S+/confirm/)", mailoutbox[0].body).group(1)
    assert client.get(link).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 302
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert mailoutbox[-1].attachments[0][0] == "event.ics"


def test_it_explains_bad_registration_input(client, db):
    event = EventFactory()
    data = {**GUEST, "email": "not-an-email", "age_bracket": "18-30"}
    response = client.post(f"/fr/events/{event.slug}/register/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "email" in errors
    assert "__all__" in errors  # age bracket without consent
    assert Registration.objects.count() == 0


def test_it_shows_the_deadline_instead_of_the_form(client, db):
    event = EventFactory(registration_deadline=timezone.now() - timedelta(days=1))
    content = client.get(event.get_absolute_url()).content
    assert b"deadline has passed" in content
    response = client.post(f"/en/events/{event.slug}/register/", GUEST)
    assert response.status_code == 400
    assert Registration.objects.count() == 0


def test_it_shows_the_registration_page_with_code_and_qr(client, db):
    registration = RegistrationFactory()
    content = client.get(registration.get_absolute_url()).content
    assert registration.code.encode() in content
    assert b"<svg" in content


def test_it_cancels_from_the_link_and_frees_the_seat(client, db):
    registration = RegistrationFactory()
    url = f"/en/events/registration/{registration.token}/cancel/"
    assert client.get(url).status_code == 200
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_it_serves_an_ics_invitation(client, db):
    registration = RegistrationFactory()
    response = client.get(f"/en/events/registration/{registration.token}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content


def test_it_serves_calendar_feeds(client, db):
    event = EventFactory()
    EventFactory(status="draft", title={"en": "Secret draft"})
    body = client.get("/en/events/feed.ics").content
    assert body.count(b"BEGIN:VEVENT") == 1
    assert client.get(f"/en/events/cities/{event.city.slug}/feed.ics").status_code == 200


def test_it_serves_a_private_feed_of_ones_registrations(client, db):
    user = UserFactory()
    RegistrationFactory(user=user)
    RegistrationFactory()
    client.force_login(user)
    feed_url = re.search(
        r'value="http://testserver(/en/events/feeds/[^"]+)"',
        client.get("/en/events/mine/").content.decode(),
    ).group(1)
    client.logout()
    assert client.get(feed_url).content.count(b"BEGIN:VEVENT") == 1
    assert client.get("/en/events/feeds/forged:token.ics").status_code == 404


def _event_post(city, **overrides):
    start = (timezone.now() + timedelta(days=20)).strftime("%Y-%m-%d") + "T10:00"
    end = (timezone.now() + timedelta(days=20)).strftime("%Y-%m-%d") + "T17:00"
    data = {
        "slug": "summit",
        "title_en": "Summit",
        "title_original": "en",
        "kind": "international",
        "city": city.pk,
        "time_zone": "Europe/Rome",
        "starts_at": start,
        "ends_at": end,
        "venue_name": "Palazzo",
        "capacity": "50",
        "description_original": "en",
        "accessibility_original": "en",
        "languages": ["en", "it"],
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "0",
        "agenda-MAX_NUM_FORMS": "1000",
        "agenda-0-starts_at": start,
        "agenda-0-title": "Welcome",
        "agenda-0-speakers": "Mayor",
    }
    data.update(overrides)
    return data


def test_it_lets_a_coordinator_create_an_event_with_an_agenda(client, roles_events):
    client.force_login(roles_events.coordinator)
    response = client.post("/en/events/new/", _event_post(roles_events.event.city))
    assert response.status_code == 302, response.context["form"].errors
    event = Event.objects.get(slug="summit")
    assert event.status == "draft"
    assert event.starts_at.astimezone(event.tz).hour == 10
    assert list(event.sessions.values_list("title", flat=True)) == ["Welcome"]


def test_it_refuses_events_in_other_cities(client, roles_events):
    client.force_login(roles_events.other_coordinator)
    response = client.post("/en/events/new/", _event_post(roles_events.event.city))
    assert response.status_code == 400
    assert "city" in response.context["form"].errors
    assert not Event.objects.filter(slug="summit").exists()


def test_it_explains_an_end_before_the_start(client, roles_events):
    client.force_login(roles_events.coordinator)
    data = _event_post(roles_events.event.city)
    data["ends_at"] = data["starts_at"].replace("T10:00", "T08:00")
    response = client.post("/en/events/new/", data)
    assert response.status_code == 400
    assert "ends_at" in response.context["form"].errors
    assert not Event.objects.filter(slug="summit").exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("participant", 403), ("other_coordinator", 403), ("coordinator", 200), ("admin", 200)],
)
def test_it_guards_the_organiser_pages_by_role(client, roles_events, role, status):
    client.force_login(getattr(roles_events, role))
    slug = roles_events.event.slug
    for page in ("edit", "registrations", "check-in", "outputs"):
        assert client.get(f"/en/events/{slug}/{page}/").status_code == status


def test_it_sends_anonymous_organisers_to_sign_in(client, roles_events):
    response = client.get(f"/en/events/{roles_events.event.slug}/check-in/")
    assert response.status_code == 302


def test_it_checks_in_by_code_with_htmx(client, roles_events):
    registration = RegistrationFactory(event=roles_events.event)
    client.force_login(roles_events.coordinator)
    url = f"/en/events/{roles_events.event.slug}/check-in/"
    first = client.post(url, {"code": registration.code}, headers={"HX-Request": "true"})
    second = client.post(url, {"code": registration.code}, headers={"HX-Request": "true"})
    unknown = client.post(url, {"code": "ZZZZZZZZ"})
    assert b"checkin-checked_in" in first.content
    assert b"<html" not in first.content
    assert b"checkin-already" in second.content
    assert b"checkin-unknown" in unknown.content
    assert b"1 of 1 checked in" in second.content


def test_it_finds_people_by_name_at_check_in(client, roles_events):
    RegistrationFactory(event=roles_events.event, name="Zofia Kowalska")
    client.force_login(roles_events.coordinator)
    response = client.get(f"/en/events/{roles_events.event.slug}/check-in/?q=zofia")
    assert b"Zofia Kowalska" in response.content


def test_it_registers_on_the_spot(client, roles_events):
    client.force_login(roles_events.coordinator)
    response = client.post(
        f"/en/events/{roles_events.event.slug}/registrations/", {**GUEST, "check_in": "on"}
    )
    assert response.status_code == 302
    registration = Registration.objects.get(email="ana@example.org")
    assert registration.onsite and registration.checked_in_at


def test_it_refuses_a_file_that_is_not_an_image(client, roles_events):
    client.force_login(roles_events.coordinator)
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    response = client.post(
        f"/en/events/{roles_events.event.slug}/outputs/",
        {"form": "photo", "image": fake, "alt_text": "A room"},
    )
    assert response.status_code == 400
    assert response.context["photo_form"].errors["image"]
    assert EventPhoto.objects.count() == 0


def test_it_saves_minutes_and_shows_them_on_the_event(client, roles_events):
    client.force_login(roles_events.coordinator)
    url = f"/fr/events/{roles_events.event.slug}/outputs/"
    client.post(
        url, {"form": "outcome", "minutes": "Compte rendu **important**", "conclusions": ""}
    )
    content = client.get(f"/fr/events/{roles_events.event.slug}/").content.decode()
    assert '<div class="prose" lang="fr">' in content
    assert "<strong>important</strong>" in content


def test_it_lets_organisers_publish_and_cancel(
    client, roles_events, mailoutbox, django_capture_on_commit_callbacks
):
    event = roles_events.event
    RegistrationFactory(event=event)
    client.force_login(roles_events.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/events/{event.slug}/status/", {"status": "cancelled"})
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert len(mailoutbox) == 1


def test_it_keeps_event_page_queries_constant_as_registrations_grow(client, db):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    event = EventFactory(capacity=500)
    counts = []
    for total in (1, 60):
        while event.registrations.count() < total:
            RegistrationFactory(event=event)
        cache.clear()  # the guest form is cached; measure the same work each time
        with CaptureQueriesContext(connection) as queries:
            assert client.get(event.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_it_keeps_list_queries_constant_as_events_grow(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for total in (3, 45):
        while Event.objects.count() < total:
            EventFactory().topics.add(TopicFactory())
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/events/?when=all").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_calendar_feed_is_served_from_the_cache_until_an_event_or_city_changes(
    client, db, django_assert_max_num_queries
):
    event = EventFactory(title={"en": "First title", "_original": "en"})
    url = f"/en/events/cities/{event.city.slug}/feed.ics"
    assert b"First title" in client.get(url).content
    with django_assert_max_num_queries(2):  # the city, the events' stamp: not the events
        assert b"First title" in client.get(url).content
    event.title = {"en": "New title", "_original": "en"}
    event.save()
    assert b"New title" in client.get(url).content
    EventFactory(city=event.city, title={"en": "Another", "_original": "en"})
    assert client.get(url).content.count(b"BEGIN:VEVENT") == 2
    event.city.name = {"en": "Renamed city", "_original": "en"}
    event.city.save()
    assert b"Renamed city" in client.get(url).content
