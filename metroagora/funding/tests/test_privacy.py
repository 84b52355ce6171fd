"""A person's data in EU funding: their watches (deleted) and what they wrote (unnamed)."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.funding import privacy
from metroagora.funding.models import Watch
from metroagora.funding.tests.factories import (
    CallFactory,
    PartnerAnswerFactory,
    PartnerSearchFactory,
    WatchFactory,
)

pytestmark = pytest.mark.django_db


def test_it_exports_watches_and_partner_searches():
    person = UserFactory()
    call = CallFactory(identifier="LIFE-2026-CIT")
    WatchFactory(user=person, call=call)
    WatchFactory(user=person, call=None, name="Climate", search={"q": "climate"})
    search = PartnerSearchFactory(created_by=person, text="We look for a university.")
    PartnerAnswerFactory(search=search, author=person, message="We are in.")
    data = privacy.export_personal_data(person)
    assert {w["call"] for w in data["watches"]} == {"LIFE-2026-CIT", None}
    assert {w["search_name"] for w in data["watches"]} == {"", "Climate"}
    assert data["partner_searches_written"][0]["text"] == "We look for a university."
    assert data["partner_answers_written"][0]["message"] == "We are in."


def test_erasing_deletes_watches_and_unnames_the_rest():
    person, other = UserFactory(), UserFactory()
    WatchFactory(user=person)
    theirs = WatchFactory(user=other, created_by=person)
    search = PartnerSearchFactory(created_by=person)
    answer = PartnerAnswerFactory(search=search, author=person)
    privacy.erase_personal_data(person)
    assert not Watch.objects.filter(user=person).exists()
    theirs.refresh_from_db()
    search.refresh_from_db()
    answer.refresh_from_db()
    assert theirs.created_by is None and theirs.user == other
    assert search.created_by is None and answer.author is None
