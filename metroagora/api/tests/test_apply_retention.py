"""``manage.py apply_retention``: warnings, then deletions of inactive accounts, and the
deletion of guest registrations never confirmed; ``--dry-run`` changes nothing."""

import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from metroagora.accounts.models import User
from metroagora.accounts.tests.factories import UserFactory
from metroagora.api import personal_data_retention as retention
from metroagora.events.models import Registration, RegistrationStatus
from metroagora.events.tests.factories import RegistrationFactory
from metroagora.network.tests.factories import MembershipFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("metroagora.api.tests.urls_with_personal_data"),
]


@pytest.fixture(autouse=True)
def rules(settings):
    settings.RETENTION_INACTIVE_ACCOUNT_DAYS = 100
    settings.RETENTION_WARNING_DAYS = 10
    settings.RETENTION_GUEST_REGISTRATION_DAYS = 30
    settings.SITE_URL = "https://agora.example"


def _away(days, **fields):
    """A person whose last sign-in was ``days`` ago."""
    return UserFactory(last_login=timezone.now() - timedelta(days=days), **fields)


def _run(*args):
    out = io.StringIO()
    call_command("apply_retention", "--no-progress", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _backdate_warnings(days):
    LogEntry.objects.update(action_time=timezone.now() - timedelta(days=days))


def _deleted(user):
    user.refresh_from_db()
    return not user.is_active and user.email.endswith("@erased.invalid")


def test_the_owner_is_warned_in_their_language_then_the_account_is_deleted():
    person = _away(95, email="ola@example.org", preferred_languages=["pl", "en"])
    mail.outbox.clear()
    output = _run()
    assert "0 deleted; 1 warned" in output
    (message,) = mail.outbox
    assert message.to == ["ola@example.org"]
    assert "https://agora.example/pl/accounts/login/" in message.body
    assert "https://agora.example/pl/account/data/" in message.body
    warning = LogEntry.objects.get()
    assert warning.change_message.startswith(retention.WARNING_MARK)
    assert warning.object_repr == f"#{person.pk}"  # no name in the admin history
    assert not _deleted(person)

    mail.outbox.clear()
    assert "0 deleted; 0 warned" in _run()  # once is enough
    assert mail.outbox == []

    User.objects.filter(pk=person.pk).update(last_login=timezone.now() - timedelta(days=101))
    _backdate_warnings(10)
    assert "1 deleted; 0 warned" in _run()
    assert _deleted(person)


def test_the_warning_gives_the_deletion_date_in_the_persons_language():
    _away(95, preferred_languages=["de"])
    _run()
    due = (timezone.now() + timedelta(days=10)).date()
    with translation.override("de"):
        assert date_format(due, "DATE_FORMAT") in mail.outbox[0].subject


def test_an_account_is_never_deleted_sooner_than_the_warning_period_after_its_warning():
    person = _away(300)  # long inactive, never warned
    assert "0 deleted; 1 warned" in _run()
    assert not _deleted(person)
    _backdate_warnings(9)
    assert "0 deleted; 0 warned" in _run()
    _backdate_warnings(10)
    assert "1 deleted" in _run()
    assert _deleted(person)


def test_signing_in_after_the_warning_keeps_the_account():
    person = _away(95)
    _run()
    _backdate_warnings(12)
    User.objects.filter(pk=person.pk).update(last_login=timezone.now() - timedelta(days=1))
    mail.outbox.clear()
    assert "0 deleted; 0 warned" in _run()
    assert not _deleted(person) and mail.outbox == []


def test_active_staff_and_deleted_accounts_are_left_alone():
    _away(5)
    _away(500, is_moderator=True)
    _away(500, is_superuser=True)
    MembershipFactory(user=_away(500), role="coordinator")
    gone = _away(500)
    from metroagora.api import personal_data

    personal_data.delete_account(None, gone)
    mail.outbox.clear()
    assert "0 deleted; 0 warned" in _run()
    assert mail.outbox == []


def test_accounts_never_used_count_from_when_they_were_made():
    never = UserFactory(last_login=None)
    User.objects.filter(pk=never.pk).update(date_joined=timezone.now() - timedelta(days=95))
    UserFactory(last_login=None)  # just joined
    mail.outbox.clear()
    _run()
    assert [list(m.to) for m in mail.outbox] == [[never.email]]


def test_unconfirmed_guest_registrations_are_deleted_after_the_period():
    old = RegistrationFactory(status=RegistrationStatus.PENDING, confirmed_at=None)
    recent = RegistrationFactory(status=RegistrationStatus.PENDING, confirmed_at=None)
    confirmed = RegistrationFactory()
    Registration.objects.filter(pk__in=[old.pk, confirmed.pk]).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    assert "older than 30 days: 1 deleted" in _run()
    assert set(Registration.objects.values_list("pk", flat=True)) == {recent.pk, confirmed.pk}


def test_a_dry_run_says_what_would_happen_and_changes_nothing():
    warned = _away(150)
    _run()
    _backdate_warnings(20)
    _away(95)
    old = RegistrationFactory(status=RegistrationStatus.PENDING, confirmed_at=None)
    Registration.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    mail.outbox.clear()
    before = (LogEntry.objects.count(), Registration.objects.count())
    output = _run("--dry-run")
    assert "1 would be deleted." in output
    assert "1 would be deleted; 1 would be warned" in output
    assert (LogEntry.objects.count(), Registration.objects.count()) == before
    assert mail.outbox == []
    assert not _deleted(warned)


def test_a_failed_email_is_reported_and_tried_again_next_time(monkeypatch):
    failing = _away(95, email="bounce@example.org")
    fine = _away(95)

    from django.core.mail import EmailMessage

    send = EmailMessage.send

    def flaky(message, *args, **kwargs):
        if message.to == ["bounce@example.org"]:
            raise OSError("mail server down")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    errors = io.StringIO()
    call_command("apply_retention", "--no-progress", stdout=io.StringIO(), stderr=errors)
    assert f"account {failing.pk} not warned: mail server down" in errors.getvalue()
    assert LogEntry.objects.get().object_id == str(fine.pk)


def test_the_rules_can_be_turned_off(settings):
    settings.RETENTION_INACTIVE_ACCOUNT_DAYS = 0
    settings.RETENTION_GUEST_REGISTRATION_DAYS = 0
    person = _away(5000)
    old = RegistrationFactory(status=RegistrationStatus.PENDING, confirmed_at=None)
    Registration.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=999))
    output = _run()
    assert "Inactive accounts: kept" in output and "registrations: kept" in output
    assert not _deleted(person) and Registration.objects.filter(pk=old.pk).exists()


def test_the_defaults_apply_without_settings(settings):
    for name in (
        "RETENTION_INACTIVE_ACCOUNT_DAYS",
        "RETENTION_WARNING_DAYS",
        "RETENTION_GUEST_REGISTRATION_DAYS",
    ):
        delattr(settings, name)
    assert retention.policy() == retention.Policy(
        guest_registration_days=30, inactive_account_days=1095, warning_days=30
    )


def test_the_progress_bar_counts_accounts(capsys):
    _away(95)
    call_command("apply_retention", stdout=io.StringIO())
    assert "1/1" in capsys.readouterr().err
