"""The audit log page: network admins read it all, city coordinators their cities."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.core.audit import record
from metroagora.core.models import AuditEntry
from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PAGE = reverse("core:audit")
CSV = reverse("core:audit_csv")


@pytest.fixture
def entries(roles):  # noqa: F811
    """One entry in each city, one without a city."""
    moderator = UserFactory(display_name="Mona Moderator", email="mona@example.org")
    return {
        "milan": record(roles.coordinator, "forum.hide", obj_label="Milan debate", city=roles.city),
        "lyon": record(
            roles.other_coordinator,
            "decisions.answer",
            obj_label="Lyon park",
            city=roles.other_city,
        ),
        "network": record(moderator, "forum.block", obj_label="Someone", reason="Spam"),
    }


def _page(client, user, query=""):
    client.force_login(user)
    return client.get(PAGE + query)


def _labels(response) -> set[str]:
    return {row["entry"].object_label for row in response.context["rows"]}


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client.get(CSV).status_code == 302


@pytest.mark.parametrize("role", ["participant", "resident", "policymaker", "moderator"])
def test_it_refuses_everyone_else(client, roles, role):  # noqa: F811
    assert _page(client, getattr(roles, role)).status_code == 403
    assert client.get(CSV).status_code == 403


def test_it_shows_every_entry_to_network_admins(client, roles, entries):  # noqa: F811
    response = _page(client, roles.admin)
    assert response.status_code == 200
    assert _labels(response) == {"Milan debate", "Lyon park", "Someone"}
    body = response.content.decode()
    assert "Blocked Someone from the Forum" in body
    assert "Mona Moderator" in body


def test_it_shows_coordinators_their_cities_only(client, roles, entries):  # noqa: F811
    response = _page(client, roles.coordinator)
    assert response.status_code == 200
    assert _labels(response) == {"Milan debate"}
    other = _page(client, roles.other_coordinator)
    assert _labels(other) == {"Lyon park"}
    # Asking for another city's entries gives nothing (the city is not even a choice).
    response = _page(client, roles.coordinator, "?city=lyon")
    assert _labels(response) == {"Milan debate"}
    assert not response.context["form"].is_valid()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?group=forum", {"Milan debate", "Someone"}),
        ("?group=decisions", {"Lyon park"}),
        ("?actor=mona", {"Someone"}),
        ("?actor=MONA%40EXAMPLE", {"Someone"}),
        ("?city=lyon", {"Lyon park"}),
        ("?group=forum&city=milan", {"Milan debate"}),
    ],
)
def test_it_filters(client, roles, entries, query, expected):  # noqa: F811
    assert _labels(_page(client, roles.admin, query)) == expected


def test_it_filters_by_date(client, roles, entries):  # noqa: F811
    today = timezone.localdate()
    assert len(_labels(_page(client, roles.admin, f"?since={today}&until={today}"))) == 3
    tomorrow = today + timedelta(days=1)
    assert _labels(_page(client, roles.admin, f"?since={tomorrow}")) == set()
    yesterday = today - timedelta(days=1)
    assert _labels(_page(client, roles.admin, f"?until={yesterday}")) == set()
    backwards = _page(client, roles.admin, f"?since={today}&until={yesterday}")
    assert "The end date comes before the start date." in backwards.content.decode()


def test_it_pages_by_fifty_keeping_the_filters(client, roles):  # noqa: F811
    for n in range(51):
        record(roles.admin, "forum.unblock", obj_label=f"Person {n}")
    response = _page(client, roles.admin, "?group=forum")
    assert len(response.context["rows"]) == 50
    assert "?group=forum&amp;page=2" in response.content.decode()
    assert len(_page(client, roles.admin, "?group=forum&page=2").context["rows"]) == 1


def test_its_query_count_does_not_grow_with_the_entries(client, roles):  # noqa: F811
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        return len(queries)

    client.force_login(roles.coordinator)
    record(roles.admin, "forum.hide", obj_label="First", city=roles.city)
    few = count()
    for n in range(60):
        record(roles.admin, "forum.hide", obj_label=f"Debate {n}", city=roles.city)
    assert count() == few


def test_the_csv_holds_the_filtered_entries_made_harmless(client, roles, entries):  # noqa: F811
    record(roles.admin, "forum.hide", obj_label="=HYPERLINK(1)", city=roles.city, reason="@cmd")
    client.force_login(roles.coordinator)
    response = client.get(CSV + "?group=forum")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["when", "who", "action"]
    objects = sorted(row[4] for row in rows[1:])
    assert objects == ["'=HYPERLINK(1)", "Milan debate"]  # not Lyon's, not the network's
    assert "'@cmd" in [row[7] for row in rows[1:]]


def test_the_page_links_only_to_this_site(client, roles):  # noqa: F811
    record(roles.admin, "forum.hide", obj_label="Bad", obj_url="javascript:alert(1)")
    record(roles.admin, "forum.hide", obj_label="Good", obj_url="/en/forum/debate-1/")
    body = _page(client, roles.admin).content.decode()
    assert 'href="/en/forum/debate-1/"' in body
    assert "javascript:alert" not in body
    assert AuditEntry.objects.count() == 2
