"""The account's own data: export, and the anonymous tombstone the account becomes."""

import json

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.test import Client

from metroagora.accounts import privacy
from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory, with_two_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    person = UserFactory(
        email="ada@example.org",
        display_name="Ada Lovelace",
        residence_city="London",
        preferred_languages=["en", "fr"],
        is_moderator=True,
    )
    EmailAddress.objects.create(user=person, email="ada@example.org", verified=True, primary=True)
    EmailAddress.objects.create(user=person, email="ADA@work.example", verified=False)
    return person


def _session(user):
    client = Client()
    client.force_login(user)
    return UserSession.objects.create(
        user=user, session_key=client.session.session_key, ip="192.0.2.1", user_agent="Lynx"
    )


def _failure(username):
    return AccessAttempt.objects.create(
        username=username,
        ip_address="192.0.2.9",
        user_agent="curl",
        http_accept="*/*",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )


def test_it_lists_the_persons_verified_addresses_in_lower_case(person):
    EmailAddress.objects.filter(email="ADA@work.example").update(verified=True)
    assert privacy.email_addresses(person) == ["ada@example.org", "ada@work.example"]


def test_an_address_typed_in_but_never_verified_is_not_the_persons(person):
    # Anyone can type any address: data found under it may be someone else's.
    assert privacy.email_addresses(person) == ["ada@example.org"]
    EmailAddress.objects.filter(email="ada@example.org").update(verified=False)
    assert privacy.email_addresses(person) == []


def test_an_account_made_without_address_records_uses_its_own_address():
    assert privacy.email_addresses(UserFactory(email="Admin@Example.org")) == ["admin@example.org"]


def test_it_exports_the_profile_addresses_devices_sessions_and_failures(person):
    with_two_factor(person)
    _session(person)
    _failure("ada@example.org")
    _failure("ada@work.example")  # an address not verified: maybe not theirs
    data = privacy.export_personal_data(person)
    json.dumps(data)
    assert data["profile"]["display_name"] == "Ada Lovelace"
    assert data["profile"]["preferred_languages"] == ["en", "fr"]
    assert data["profile"]["moderator"] is True
    assert len(data["email_addresses"]) == 2
    assert data["two_factor_devices"][0]["type"] == Authenticator.Type.TOTP
    assert data["sessions"][0]["browser"] == "Lynx"
    assert [f["browser"] for f in data["failed_sign_ins"]] == ["curl"]
    assert len(data["failed_sign_ins"]) == 1


def test_erasing_makes_an_anonymous_tombstone(person):
    with_two_factor(person)
    session = _session(person)
    _failure("ada@example.org")
    kept = _failure("someone@else.example")
    person.groups.add(Group.objects.create(name="Editors"))
    confirmation = EmailConfirmation.create(EmailAddress.objects.get(email="ADA@work.example"))
    other = UserFactory()
    LogEntry.objects.create(
        user=other,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(person.pk),
        object_repr="Ada Lovelace",
        action_flag=CHANGE,
    )
    about_other = LogEntry.objects.create(
        user=person,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(other.pk),
        object_repr=str(other),
        action_flag=CHANGE,
    )

    privacy.erase_personal_data(person)

    person.refresh_from_db()
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert privacy.is_erased(person)
    assert (person.display_name, person.residence_city, person.preferred_languages) == ("", "", [])
    assert not (person.is_active or person.is_moderator or person.is_staff)
    assert not person.has_usable_password() and person.last_login is None
    assert not person.groups.exists()
    assert not EmailAddress.objects.filter(user=person).exists()
    assert not EmailConfirmation.objects.filter(pk=confirmation.pk).exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert not UserSession.objects.filter(pk=session.pk).exists()
    assert not Session.objects.filter(session_key=session.session_key).exists()
    assert list(AccessAttempt.objects.all()) == [kept]
    assert not LogEntry.objects.filter(object_repr="Ada Lovelace").exists()
    assert not LogEntry.objects.filter(pk=about_other.pk).exists()  # their own admin history


def test_erased_accounts_are_found_by_their_address(person):
    other = UserFactory()
    privacy.erase_personal_data(person)
    assert list(User.objects.filter(privacy.erased_accounts())) == [person]
    assert not privacy.is_erased(other)


def test_plain_makes_model_values_json_ready():
    from datetime import date
    from decimal import Decimal

    from metroagora.core.translated import TranslatedText

    value = {"a": [Decimal("1.50"), date(2026, 1, 2)], "b": TranslatedText({"en": "Hi"}, "en")}
    assert privacy.plain(value) == {
        "a": ["1.50", "2026-01-02"],
        "b": {"en": "Hi", "_original": "en"},
    }


def test_it_exports_the_audit_entries_by_and_about_the_person(person):
    from metroagora.core.audit import record

    other = UserFactory(display_name="Grace")
    record(person, "network.verify", obj_label="Grace", subject=other, place="Lyon")
    record(other, "network.verify", obj_label="Ada Lovelace", subject=person, place="Lyon")
    record(other, "forum.close_debate", obj_label="Someone else's debate")
    entries = privacy.export_personal_data(person)["audit_log"]
    json.dumps(entries)
    assert [(e["by_you"], e["about_you"]) for e in entries] == [(True, False), (False, True)]
    assert entries[1]["what_happened"] == "Verified that Ada Lovelace lives in Lyon"


def test_the_privacy_notice_tells_about_the_audit_log():
    assert any("audit log" in str(item.what) for item in privacy.NOTICE.items)
