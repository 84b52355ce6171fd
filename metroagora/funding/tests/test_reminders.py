"""Reminders: when a watched call opens, 30, 7 and 1 days before deadlines; never twice."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.funding.models import ReminderLog, Watch
from metroagora.funding.reminders import send_reminders
from metroagora.funding.tasks import send_funding_reminders
from metroagora.funding.tests.factories import CallFactory
from metroagora.network.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
DAY = timedelta(days=1)


def kinds() -> list[str]:
    return sorted(ReminderLog.objects.values_list("kind", flat=True))


def watch(user, call, *, created=None) -> Watch:
    made = Watch.objects.create(user=user, call=call)
    if created is not None:
        Watch.objects.filter(pk=made.pk).update(created_at=created)
        made.refresh_from_db()
    return made


def test_reminders_30_7_and_1_days_before_the_deadline_once_each():
    now = timezone.now()
    person = UserFactory(email="ana@example.org")
    call = CallFactory(opens_at=now - 60 * DAY, deadline=now + 45 * DAY)
    watch(person, call, created=now - 50 * DAY)
    assert send_reminders(now).reminders == 0
    report = send_reminders(now + 16 * DAY)  # 29 days left
    assert report.reminders == 1 and report.emails == 1
    assert kinds() == ["30d"]
    message = mail.outbox[-1]
    assert message.to == ["ana@example.org"]
    assert message.subject == f"MetroAgora: Deadline in 29 days: {call.identifier}"
    assert call.get_absolute_url() in message.body
    assert send_reminders(now + 17 * DAY).reminders == 0  # never twice
    send_reminders(now + 39 * DAY)  # 6 days left
    send_reminders(now + 44 * DAY + timedelta(hours=2))  # under a day left
    assert kinds() == ["1d", "30d", "7d"]
    assert mail.outbox[-1].subject == f"MetroAgora: Deadline in 1 day: {call.identifier}"
    assert send_reminders(now + 46 * DAY).reminders == 0  # closed
    assert len(mail.outbox) == 3


def test_a_late_watch_gets_the_reminder_due_not_the_missed_ones():
    now = timezone.now()
    call = CallFactory(opens_at=now - 60 * DAY, deadline=now + 5 * DAY)
    watch(UserFactory(), call)
    send_reminders(now)
    assert kinds() == ["7d"]


def test_an_email_when_a_watched_call_opens():
    now = timezone.now()
    call = CallFactory(opens_at=now + 10 * DAY, deadline=now + 100 * DAY)
    watch(UserFactory(), call)
    assert send_reminders(now).reminders == 0  # not open yet
    send_reminders(now + 11 * DAY)
    assert kinds() == ["opened"]
    assert mail.outbox[-1].subject == f"MetroAgora: Now open: {call.identifier}"
    assert "It is open now." in mail.outbox[-1].body


def test_no_opening_email_for_a_call_already_open_when_watched():
    now = timezone.now()
    call = CallFactory(opens_at=now - 10 * DAY, deadline=now + 100 * DAY)
    watch(UserFactory(), call)
    assert send_reminders(now).reminders == 0


def test_both_stages_of_a_two_stage_call():
    now = timezone.now()
    call = CallFactory(
        opens_at=now - 60 * DAY,
        deadline=now + 3 * DAY,
        deadline_model="two-stage",
        second_deadline=now + 20 * DAY,
    )
    watch(UserFactory(), call, created=now - 30 * DAY)
    send_reminders(now)
    assert kinds() == ["30d-2", "7d"]  # in one email
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Deadline: " in body and "Second-stage deadline: " in body
    # After the first stage the call is closed to newcomers, but the second stage goes on.
    send_reminders(now + 5 * DAY)
    send_reminders(now + 14 * DAY)
    assert kinds() == ["30d-2", "7d", "7d-2"]


def test_a_city_watch_emails_every_coordinator_in_their_language():
    now = timezone.now()
    italian = UserFactory(email="it@example.org", preferred_languages=["it"])
    polish = UserFactory(email="pl@example.org", preferred_languages=["pl", "en"])
    city = MembershipFactory(user=italian, role="coordinator").city
    MembershipFactory(user=polish, city=city, role="coordinator")
    MembershipFactory(user=UserFactory(email="resident@example.org"), city=city)
    call = CallFactory(opens_at=now - 60 * DAY, deadline=now + 6 * DAY)
    Watch.objects.create(city=city, call=call)
    report = send_reminders(now)
    assert (report.reminders, report.emails) == (1, 2)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"it@example.org", "pl@example.org"}
    assert ReminderLog.objects.get().recipients == 2
    # Each body is rendered with its recipient's language active.
    assert by_address["it@example.org"].body.startswith("Gentile ")
    assert "/it/funding/watches/" in by_address["it@example.org"].body
    assert "/pl/funding/watches/" in by_address["pl@example.org"].body


def test_a_saved_search_emails_about_new_matching_calls():
    now = timezone.now()
    person = UserFactory()
    old = CallFactory(title="Energy communities in neighbourhoods", deadline=now + 90 * DAY)
    type(old).objects.filter(pk=old.pk).update(created_at=now - 2 * DAY)
    search = Watch.objects.create(user=person, search={"q": "energy"}, name="Energy")
    Watch.objects.filter(pk=search.pk).update(created_at=now - DAY)
    new = CallFactory(title="Energy poverty one-stop shops", deadline=now + 90 * DAY)
    CallFactory(title="Town twinning", deadline=now + 90 * DAY)
    send_reminders(now)
    logged = list(ReminderLog.objects.values_list("call_id", "kind"))
    assert logged == [(new.pk, "opened")]
    assert old.pk not in [c for c, _k in logged]
    assert "News from your saved search “Energy”" in mail.outbox[-1].body


def test_a_failed_email_is_retried_next_time(monkeypatch):
    now = timezone.now()
    call = CallFactory(opens_at=now - 60 * DAY, deadline=now + 6 * DAY)
    watch(UserFactory(), call)

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    report = send_reminders(now)
    assert report.failed == 1
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    assert send_reminders(now).reminders == 1


def test_inactive_people_get_nothing():
    now = timezone.now()
    call = CallFactory(opens_at=now - 60 * DAY, deadline=now + 6 * DAY)
    watch(UserFactory(is_active=False), call)
    assert send_reminders(now).reminders == 0


def test_the_command_and_the_task():
    now = timezone.now()
    watch(UserFactory(), CallFactory(opens_at=now - 60 * DAY, deadline=now + 6 * DAY))
    out = io.StringIO()
    call_command("send_funding_reminders", stdout=out)
    assert out.getvalue().strip() == "1 reminder(s) in 1 email(s) for 1 watch(es)."
    watch(UserFactory(), CallFactory(opens_at=now - 60 * DAY, deadline=now + 6 * DAY))
    result = send_funding_reminders.enqueue()
    assert result.return_value == 1
