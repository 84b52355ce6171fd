"""The reminders task runs again later when some emails failed (a 1-day reminder cannot
wait for the next day); each reminder still goes once (ReminderLog is unique)."""

import pytest

from metroagora.funding import tasks
from metroagora.funding.reminders import ReminderReport

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_failed_reminders_are_sent_by_a_later_run(settings, monkeypatch):
    settings.TASKS = DUMMY
    backend = tasks.send_funding_reminders.get_backend()
    backend.clear()
    reports = [ReminderReport(reminders=3, failed=1), ReminderReport(reminders=1)]
    monkeypatch.setattr(tasks, "send_reminders", lambda: reports.pop(0))
    assert tasks.send_funding_reminders.call() == 3
    (retry,) = backend.results
    assert retry.kwargs == {"attempt": 2} and retry.task.run_after is not None
    assert retry.task.call(**retry.kwargs) == 1
    assert len(backend.results) == 1  # nothing failed: no further run


def test_it_stops_after_the_last_attempt(settings, monkeypatch):
    settings.TASKS = DUMMY
    backend = tasks.send_funding_reminders.get_backend()
    backend.clear()
    monkeypatch.setattr(tasks, "send_reminders", lambda: ReminderReport(failed=2))
    tasks.send_funding_reminders.call(attempt=3)
    assert backend.results == []
