"""The deadline calendar and the iCalendar feeds of deadlines."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from metroagora.funding.models import Watch
from metroagora.funding.tests.factories import CallFactory, WatchFactory, programme
from metroagora.funding.views import feed_token

pytestmark = pytest.mark.django_db
URL = reverse("funding:calendar")


def in_month(year: int, month: int, day: int, hour: int = 17) -> datetime:
    return datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def events(response) -> list:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_month_lists_its_deadlines_by_day(client):
    CallFactory(identifier="MAY-1", opens_at=in_month(2026, 1, 1), deadline=in_month(2026, 5, 12))
    CallFactory(
        identifier="MAY-2", opens_at=in_month(2026, 1, 1), deadline=in_month(2026, 5, 12, 12)
    )
    CallFactory(identifier="JUNE", opens_at=in_month(2026, 1, 1), deadline=in_month(2026, 6, 1))
    CallFactory(
        identifier="TWO",
        opens_at=in_month(2026, 1, 1),
        deadline=in_month(2026, 2, 3),
        second_deadline=in_month(2026, 5, 20),
        deadline_model="two-stage",
    )
    response = client.get(URL, {"month": "2026-05"})
    view = response.context["view"]
    assert view.count == 3
    assert [(day.day, [d.call.identifier for d in ds]) for day, ds in view.days] == [
        (12, ["MAY-2", "MAY-1"]),
        (20, ["TWO"]),
    ]
    html = response.content.decode()
    assert "<caption>Deadlines of calls in May 2026, by day (Brussels time)</caption>" in html
    assert 'scope="rowgroup" rowspan="2"' in html
    assert "Second stage" in html
    assert "?month=2026-04" in html and "?month=2026-06" in html


def test_a_wrong_month_shows_the_current_one(client):
    response = client.get(URL, {"month": "banana"})
    assert response.context["view"].month == timezone.localdate().replace(day=1)


def test_only_watched_calls_when_asked(client, roles):
    watched = CallFactory(identifier="MINE")
    CallFactory(identifier="OTHER", deadline=watched.deadline)
    Watch.objects.create(user=roles.participant, call=watched)
    client.force_login(roles.participant)
    month = timezone.localtime(watched.deadline).strftime("%Y-%m")
    view = client.get(URL, {"month": month, "watched": "1"}).context["view"]
    assert [d.call.identifier for _day, ds in view.days for d in ds] == ["MINE"]


def test_the_network_feed_has_one_event_per_deadline(client):
    call = CallFactory(two_stage=True)
    CallFactory(
        identifier="OLD",
        opens_at=timezone.now() - timedelta(days=400),
        deadline=timezone.now() - timedelta(days=200),
    )
    found = events(client.get(reverse("funding:feed")))
    assert [str(e["uid"]) for e in found] == [
        f"call-{call.pk}-deadline-1@metroagora",
        f"call-{call.pk}-deadline-2@metroagora",
    ]
    first = found[0]
    assert str(first["summary"]).startswith("First-stage deadline: LIFE-2026-SAP-CLIMA")
    deadline = call.deadline.replace(microsecond=0)
    assert first.decoded("dtend") == deadline
    assert first.decoded("dtstart") == deadline - timedelta(hours=1)
    assert str(first["url"]).endswith(call.get_absolute_url())
    assert first.walk("VALARM")


def test_the_feed_of_a_programme(client):
    CallFactory(identifier="LIFE-X")
    assert events(client.get(reverse("funding:feed"), {"programme": "horizon"})) == []
    assert len(events(client.get(reverse("funding:feed"), {"programme": "life"}))) == 1


def test_a_city_feed_has_the_calls_the_city_watches(client, roles):
    watched = CallFactory()
    CallFactory()
    Watch.objects.create(city=roles.city, call=watched)
    found = events(client.get(reverse("funding:city_feed", kwargs={"slug": roles.city.slug})))
    assert [str(e["uid"]) for e in found] == [f"call-{watched.pk}-deadline-1@metroagora"]


def test_a_personal_feed_has_own_city_and_saved_search_calls(client, roles):
    mine = CallFactory(identifier="MINE")
    for_city = CallFactory(identifier="CITY")
    searched = CallFactory(identifier="CERV-SEARCHED", title="Town twinning meetings")
    CallFactory(identifier="NOT-MINE")
    WatchFactory(user=roles.coordinator, call=mine)
    Watch.objects.create(city=roles.city, call=for_city)
    Watch.objects.create(user=roles.coordinator, search={"q": "twinning"}, name="Twinning")
    token = feed_token(roles.coordinator)
    response = client.get(reverse("funding:user_feed", kwargs={"token": token}))
    assert response["Cache-Control"] == "private, max-age=900"
    uids = sorted(str(e["uid"]) for e in events(response))
    assert uids == sorted(f"call-{c.pk}-deadline-1@metroagora" for c in (mine, for_city, searched))


def test_a_forged_feed_token_is_not_found(client, roles):
    token = feed_token(roles.participant)[:-2] + "xx"
    assert client.get(reverse("funding:user_feed", kwargs={"token": token})).status_code == 404


def test_a_month_already_seen_shows_a_call_added_since(client):
    CallFactory(identifier="FIRST", opens_at=in_month(2026, 1, 1), deadline=in_month(2026, 5, 12))
    assert "FIRST" in client.get(URL, {"month": "2026-05"}).content.decode()
    CallFactory(identifier="LATER", opens_at=in_month(2026, 1, 1), deadline=in_month(2026, 5, 14))
    html = client.get(URL, {"month": "2026-05"}).content.decode()
    assert "FIRST" in html and "LATER" in html
    assert "2 deadlines this month" in html


def test_the_month_is_kept_per_language_and_programme(client):
    CallFactory(
        identifier="MAY-LIFE", opens_at=in_month(2026, 1, 1), deadline=in_month(2026, 5, 12)
    )
    assert "Tuesday 12 May" in client.get(URL, {"month": "2026-05"}).content.decode()
    french = client.get(URL.replace("/en/", "/fr/"), {"month": "2026-05"}).content.decode()
    assert "mardi 12 mai" in french
    other = CallFactory(
        identifier="MAY-HORIZON",
        programme=programme("HORIZON"),
        opens_at=in_month(2026, 1, 1),
        deadline=in_month(2026, 5, 13),
    )
    only = client.get(URL, {"month": "2026-05", "programme": other.programme.slug}).content.decode()
    assert "MAY-HORIZON" in only and "MAY-LIFE" not in only


def test_the_calls_a_person_watches_are_not_shown_to_others(client, roles):
    watched = CallFactory(
        identifier="MINE", opens_at=in_month(2026, 1, 1), deadline=in_month(2026, 5, 12)
    )
    CallFactory(
        identifier="NOT-MINE", opens_at=in_month(2026, 1, 1), deadline=in_month(2026, 5, 13)
    )
    WatchFactory(user=roles.participant, call=watched)
    client.force_login(roles.participant)
    mine = client.get(URL, {"month": "2026-05", "watched": "1"}).content.decode()
    assert "MINE" in mine and "NOT-MINE" not in mine
    client.logout()
    everyone = client.get(URL, {"month": "2026-05", "watched": "1"}).content.decode()
    assert "NOT-MINE" in everyone
