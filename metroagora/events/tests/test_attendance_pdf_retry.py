"""The attendance PDF is built once however often its task is delivered, and again after
an error (core.jobs); its page says which attempt runs; "Try again" starts anew."""

import pytest
from django.urls import reverse
from django.utils import translation

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.events import report_views
from metroagora.events.models import ReportFile, ReportFileStatus
from metroagora.events.tasks import build_attendance_pdf
from metroagora.events.tests.factories import EventFactory, RegistrationFactory
from metroagora.network.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def event(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    event = EventFactory(slug="pdf-forum")
    RegistrationFactory.create_batch(2, event=event)
    return event


@pytest.fixture
def host(event):
    host = with_two_factor(UserFactory())
    MembershipFactory(user=host, city=event.city, role="coordinator")
    return host


@pytest.fixture
def renders(monkeypatch):
    """Each PDF rendered; the first ones fail as many times as asked."""
    real = report_views.render_pdf
    seen: list[str] = []
    failures: list[Exception] = []

    def counted(html, base_url, *stylesheets):
        seen.append("rendered")
        if failures:
            raise failures.pop(0)
        return real(html, base_url, *stylesheets)

    monkeypatch.setattr(report_views, "render_pdf", counted)
    return seen, failures


def test_a_report_delivered_twice_is_built_once(event, renders):
    seen, _failures = renders
    report = ReportFile.objects.create(event=event, version="1")
    assert build_attendance_pdf.call(report.pk) == ReportFileStatus.DONE
    assert build_attendance_pdf.call(report.pk) == ReportFileStatus.DONE
    assert seen == ["rendered"]
    assert ReportFile.objects.get(pk=report.pk).attempts == 1


def test_a_failed_build_is_retried_later_and_succeeds(event, renders, settings):
    settings.TASKS = DUMMY
    seen, failures = renders
    failures.append(OSError("no space left"))
    report = ReportFile.objects.create(event=event, version="1")
    assert build_attendance_pdf.call(report.pk) == ReportFileStatus.QUEUED
    report.refresh_from_db()
    assert (report.attempts, report.error) == (1, "OSError: no space left")
    (retry,) = build_attendance_pdf.get_backend().results
    assert retry.args == [report.pk] and retry.task.run_after is not None
    assert retry.task.call(*retry.args) == ReportFileStatus.DONE
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (ReportFileStatus.DONE, 2, "")
    with report.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert seen == ["rendered", "rendered"]


def test_the_page_shows_the_attempt_then_try_again_builds_it(client, event, host, renders):
    seen, failures = renders
    url = reverse("events:attendance_pdf", args=[event.slug])
    client.force_login(host)
    failures.extend([OSError("no space left")] * 3)
    page = client.get(url)  # the immediate backend: three attempts at once, all failed
    assert page.status_code == 202
    assert "The attendance list could not be built. OSError: no space left" in page.text
    report = ReportFile.objects.get()
    assert (report.status, report.attempts) == (ReportFileStatus.FAILED, 3)
    ReportFile.objects.filter(pk=report.pk).update(status=ReportFileStatus.QUEUED, attempts=1)
    polled = client.get(url, headers={"HX-Request": "true"}).text
    assert "It failed; trying again (attempt 2 of 3)." in polled
    ReportFile.objects.filter(pk=report.pk).update(status=ReportFileStatus.FAILED, attempts=3)
    response = client.get(url + "?retry=1")  # "Try again": a new count of attempts
    assert response["Content-Type"] == "application/pdf"
    assert ReportFile.objects.get(pk=report.pk).attempts == 1
    assert len(seen) == 4
