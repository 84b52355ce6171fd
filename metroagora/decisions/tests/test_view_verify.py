"""Residents verify they live in a city: with a code, with the census, or in person."""

import pytest
from django.urls import reverse

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import services
from metroagora.decisions.models import CensusEntry, InvitationCode
from metroagora.decisions.tests.conftest import sign_in
from metroagora.network.models import Membership, VerificationLogEntry
from metroagora.network.tests.factories import CityFactory


def _url(city) -> str:
    return f"/en/decisions/verify/{city.slug}/"


@pytest.fixture
def code(roles):
    batch = services.generate_invitation_codes(
        roles.coordinator, roles.city, count=2, label="Market day"
    )
    return batch.codes.order_by("pk").first()


@pytest.fixture
def census(roles):
    services.upload_census(
        roles.coordinator, roles.city, filename="census.csv", data=b"identifier\n12345678Z\n"
    )


def _verified(user, city) -> bool:
    return Membership.objects.filter(
        user=user, city=city, role="resident", verified_at__isnull=False
    ).exists()


def test_anonymous_people_are_sent_to_sign_in(client, roles):
    response = client.get(_url(roles.city))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_is_not_found_for_an_unknown_city(client, people):
    sign_in(client, people["participant"])
    assert client.get("/en/decisions/verify/atlantis/").status_code == 404


def test_it_explains_the_ways_to_verify(client, people, roles, census):
    sign_in(client, people["participant"])
    content = client.get(_url(roles.city)).content.decode()
    assert "With an invitation code" in content
    assert "checked against the city&#x27;s list and never stored" in content
    assert "can also check your papers in person" in content
    assert reverse("network:declare_residence", kwargs={"slug": roles.city.slug}) in content


def test_it_says_when_the_city_has_no_census_list(client, people, roles):
    sign_in(client, people["participant"])
    content = client.get(_url(roles.city)).content.decode()
    assert "This city has not shared a census list yet" in content
    assert 'name="census-identifier"' not in content


def test_it_shows_a_verified_resident_when_and_how(client, people, roles, code):
    person = people["participant"]
    services.verify_with_code(person, roles.city, code.code)
    sign_in(client, person)
    content = client.get(_url(roles.city)).content.decode()
    assert "You are a verified resident of" in content
    assert "Verified with: Invitation code." in content
    assert 'name="code-code"' not in content


def test_a_person_waiting_for_a_check_can_still_verify_now(client, people, roles):
    sign_in(client, people["unverified_resident"])
    content = client.get(_url(roles.city)).content.decode()
    assert "a coordinator has not checked it yet" in content
    assert 'name="code-code"' in content
    assert reverse("network:declare_residence", kwargs={"slug": roles.city.slug}) not in content


def test_a_code_verifies_and_is_used_up(client, people, roles, code):
    person = people["participant"]
    sign_in(client, person)
    response = client.post(
        _url(roles.city), {"method": "code", "code-code": code.code.lower().replace("-", " ")}
    )
    assert response.status_code == 302
    assert _verified(person, roles.city)
    code.refresh_from_db()
    assert code.used_by == person
    entry = VerificationLogEntry.objects.get(person=person)
    assert entry.method == "code"
    page = client.get(response["Location"]).content.decode()
    assert "You are now a verified resident of" in page


def test_it_goes_back_where_the_person_came_from(client, people, roles, code):
    sign_in(client, people["participant"])
    back = "/en/decisions/some-process/"
    response = client.post(
        _url(roles.city) + f"?next={back}", {"method": "code", "code-code": code.code, "next": back}
    )
    assert response["Location"] == back


def test_it_never_sends_people_to_another_site(client, people, roles, code):
    sign_in(client, people["participant"])
    response = client.post(
        _url(roles.city), {"method": "code", "code-code": code.code, "next": "//evil.example/"}
    )
    assert response["Location"] == _url(roles.city)


def test_a_used_code_is_refused(client, people, roles, code):
    services.verify_with_code(people["participant"], roles.city, code.code)
    other = UserFactory()
    sign_in(client, other)
    response = client.post(_url(roles.city), {"method": "code", "code-code": code.code})
    assert response.status_code == 400
    assert "This code has already been used." in response.content.decode()
    assert not _verified(other, roles.city)


def test_an_unknown_code_is_refused(client, people, roles, code):
    sign_in(client, people["participant"])
    response = client.post(_url(roles.city), {"method": "code", "code-code": "ZZZZ-ZZZZ-ZZZZ"})
    assert response.status_code == 400
    assert "This code does not exist." in response.content.decode()
    assert not _verified(people["participant"], roles.city)


def test_a_code_of_another_city_is_refused(client, people, roles, code):
    lyon = CityFactory(slug="lyon-2")
    sign_in(client, people["participant"])
    response = client.post(_url(lyon), {"method": "code", "code-code": code.code})
    assert response.status_code == 400
    assert "This code is for" in response.content.decode()
    assert InvitationCode.objects.filter(used_at__isnull=False).count() == 0


def test_the_census_identifier_verifies(client, people, roles, census):
    person = people["participant"]
    sign_in(client, person)
    response = client.post(
        _url(roles.city), {"method": "census", "census-identifier": "12.345.678-z"}
    )
    assert response.status_code == 302
    assert _verified(person, roles.city)
    assert CensusEntry.objects.get().used_by == person
    assert VerificationLogEntry.objects.get(person=person).method == "census"


def test_an_unknown_identifier_is_refused(client, people, roles, census):
    sign_in(client, people["participant"])
    response = client.post(_url(roles.city), {"method": "census", "census-identifier": "99999999X"})
    assert response.status_code == 400
    assert "This identifier is not in the census list of" in response.content.decode()
    assert not _verified(people["participant"], roles.city)


def test_an_identifier_verifies_one_account_only(client, people, roles, census):
    services.verify_with_census(people["participant"], roles.city, "12345678Z")
    sign_in(client, people["policymaker"])
    response = client.post(_url(roles.city), {"method": "census", "census-identifier": "12345678Z"})
    assert response.status_code == 400
    assert "This identifier has already verified an account." in response.content.decode()


def test_it_asks_for_the_field(client, people, roles, code):
    sign_in(client, people["participant"])
    response = client.post(_url(roles.city), {"method": "code", "code-code": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_it_asks_to_choose_a_way(client, people, roles):
    sign_in(client, people["participant"])
    response = client.post(_url(roles.city), {"method": "magic"}, follow=True)
    assert "Choose a way to verify" in response.content.decode()
    assert not _verified(people["participant"], roles.city)


def test_verifying_again_changes_nothing(client, people, roles, code):
    sign_in(client, people["resident"])  # already verified
    response = client.post(_url(roles.city), {"method": "code", "code-code": code.code})
    assert response.status_code == 200
    code.refresh_from_db()
    assert code.used_at is None


def test_it_is_rate_limited_and_keeps_what_was_typed(client, people, roles, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "decisions.verify": "2/h"}
    sign_in(client, people["participant"])
    for _attempt in range(2):
        client.post(_url(roles.city), {"method": "code", "code-code": "AAAA-BBBB-CCCC"})
    response = client.post(_url(roles.city), {"method": "code", "code-code": "AAAA-BBBB-CCCD"})
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many attempts." in content
    assert 'value="AAAA-BBBB-CCCD"' in content
