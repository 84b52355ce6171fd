"""Report pages and downloads: who may see them, what they contain, constant queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.events import report_data
from metroagora.events.tests.factories import (
    EventFactory,
    FeedbackFactory,
    ProjectFactory,
    RegistrationFactory,
)
from metroagora.network.tests.factories import CityFactory, MembershipFactory


@pytest.fixture(autouse=True)
def _english():
    """Reverse URLs with /en/ whatever language an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def setup(db):
    lyon = CityFactory(slug="lyon", name={"en": "Lyon", "fr": "Lyon"}, country="FR")
    milan = CityFactory(slug="milan", name={"en": "Milan", "it": "Milano"}, country="IT")
    warsaw = CityFactory(slug="warsaw", name={"en": "Warsaw", "pl": "Warszawa"}, country="PL")
    project = ProjectFactory(slug="cerv")
    start = timezone.now() - timedelta(days=10)
    event = EventFactory(
        slug="lyon-forum",
        city=lyon,
        project=project,
        status="held",
        starts_at=start,
        ends_at=start + timedelta(days=1),
        time_zone="Europe/Paris",
    )
    now = timezone.now()
    for i in range(4):
        RegistrationFactory(event=event, name=f"Local {i}", checked_in_at=now)
    RegistrationFactory(event=event, name="No Show")  # confirmed, never checked in
    for i in range(2):
        RegistrationFactory(
            event=event,
            name=f"Milanese {i}",
            residence_city="Milano",
            residence_country="IT",
            invited_by=milan,
            checked_in_at=now,
            demographics_consent=True,
            age_bracket="18-30",
            gender="woman",
        )
    RegistrationFactory(
        event=event,
        name="Varsovian",
        residence_city="Warszawa",
        residence_country="PL",
        invited_by=warsaw,
        organisation="=HYPERLINK(evil)",
        checked_in_at=now,
    )
    RegistrationFactory(event=event, name="Gone Away", status="cancelled")
    host = with_two_factor(UserFactory())
    MembershipFactory(user=host, city=lyon, role="coordinator")
    other = with_two_factor(UserFactory())
    MembershipFactory(user=other, city=milan, role="coordinator")
    admin = with_two_factor(UserFactory(is_superuser=True, is_staff=True))
    return {
        "event": event,
        "project": project,
        "lyon": lyon,
        "milan": milan,
        "host": host,
        "other": other,
        "admin": admin,
        "participant": UserFactory(),
    }


URL_NAMES = ["report", "report_csv", "report_xlsx", "attendance_pdf"]


@pytest.mark.parametrize("name", URL_NAMES)
def test_it_sends_anonymous_visitors_to_sign_in(client, setup, name):
    response = client.get(reverse(f"events:{name}", args=["lyon-forum"]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("who", ["participant", "other"])
def test_it_forbids_people_who_do_not_organise_the_event(client, setup, name, who):
    client.force_login(setup[who])
    assert client.get(reverse(f"events:{name}", args=["lyon-forum"])).status_code == 403


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("who", ["host", "admin"])
def test_it_lets_organisers_and_admins_in(client, setup, name, who):
    client.force_login(setup[who])
    response = client.get(reverse(f"events:{name}", args=["lyon-forum"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_returns_404_for_an_unknown_event(client, setup):
    client.force_login(setup["admin"])
    assert client.get(reverse("events:report", args=["nope"])).status_code == 404


def test_it_shows_the_figures_and_the_publication_text(client, setup):
    client.force_login(setup["host"])
    response = client.get(reverse("events:report", args=["lyon-forum"]))
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "The event involved 7 citizens, including 4 participants from the city of Lyon " in html
    assert "2 participants from the city of Milan (Italy)" in html
    assert "1 participant from the city of Warsaw (Poland)" in html
    start = setup["event"].starts_at.astimezone(setup["event"].tz).strftime("%d/%m/%Y")
    assert f"The event took place in Lyon, France, from {start} to" in html
    assert "Event 1 – Participation" in html
    # the text in every other UI language, marked with its language
    for code in ("fr", "de", "it", "es", "pl"):
        assert f'<details class="publication-language" lang="{code}">' in html
    assert "Milano (Italia)" in html  # the Italian block names cities in Italian
    assert 'role="img"' in html and "<caption>" in html
    assert 'scope="row"' in html
    assert "style=" not in html.split("<main", 1)[1]
    assert reverse("events:report_csv", args=["lyon-forum"]) in html


def test_it_shows_the_report_in_the_language_of_the_address(client, setup):
    client.force_login(setup["host"])
    response = client.get(reverse("events:report", args=["lyon-forum"]).replace("/en/", "/fr/"))
    assert response.status_code == 200
    assert '<div class="publication" lang="fr">' in response.content.decode()


def test_it_lists_participants_with_their_answers_in_csv(client, setup):
    client.force_login(setup["host"])
    response = client.get(reverse("events:report_csv", args=["lyon-forum"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[0] == "Name" and header[2] == "Organisation"
    assert len(body) == 9  # every registration, cancelled ones with their status
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert by_name["Milanese 0"]["Invited by"] == "Milan"
    assert by_name["Milanese 0"]["Country of residence"] == "Italy"
    assert by_name["Milanese 0"]["Age bracket"] == "18 to 30"
    assert by_name["Milanese 0"]["Gender"] == "Woman"
    assert by_name["Local 0"]["Age bracket"] == ""
    assert by_name["No Show"]["Checked in"] == ""
    assert by_name["Local 0"]["Checked in"] != ""
    assert by_name["Gone Away"]["Status"] == "Cancelled"
    assert by_name["Varsovian"]["Organisation"] == "'=HYPERLINK(evil)"  # no formula


def test_it_builds_an_xlsx_that_opens(client, setup):
    from openpyxl import load_workbook

    client.force_login(setup["admin"])
    response = client.get(reverse("events:report_xlsx", args=["lyon-forum"]))
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Participants", "Figures"]
    participants = list(workbook["Participants"].iter_rows(values_only=True))
    assert participants[0][0] == "Name"
    assert len(participants) == 10
    rows = workbook["Figures"].iter_rows(values_only=True)
    figures = {row[0]: row[1] for row in rows if len(row) > 1}
    assert figures["Attended"] == 7
    assert figures["Registered (confirmed)"] == 8
    assert figures["Countries"] == 3


def test_it_renders_a_pdf_attendance_list(client, setup):
    client.force_login(setup["host"])
    response = client.get(reverse("events:attendance_pdf", args=["lyon-forum"]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_it_shows_the_status_while_the_pdf_is_built(client, setup, monkeypatch):
    from types import SimpleNamespace

    from metroagora.events import tasks
    from metroagora.events.models import ReportFile

    # a worker that has not picked the job up yet
    monkeypatch.setattr(tasks, "build_attendance_pdf", SimpleNamespace(enqueue=lambda *a: None))
    client.force_login(setup["host"])
    url = reverse("events:attendance_pdf", args=["lyon-forum"])
    page = client.get(url)
    assert page.status_code == 202
    assert 'hx-trigger="every 2s"' in page.content.decode()
    partial = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert ReportFile.objects.get().status == "queued"


def test_it_builds_the_pdf_once_until_registrations_change(client, setup):
    from metroagora.events.models import ReportFile

    client.force_login(setup["host"])
    url = reverse("events:attendance_pdf", args=["lyon-forum"])
    client.get(url)
    client.get(url)
    assert ReportFile.objects.count() == 1
    registration = setup["event"].registrations.first()
    registration.organisation = "Changed"
    registration.save()
    client.get(url)
    assert ReportFile.objects.count() == 2


def test_it_puts_one_table_per_invited_town_in_the_attendance_list(setup):
    event = setup["event"]
    registrations = report_data.registrations_for_list(event, confirmed_only=True)
    html = report_data.attendance_html(event, registrations)
    assert html.count("<table>") == 3  # local, Milan, Warsaw
    assert "Local participants – Lyon (France)" in html
    assert "Participants sent by the city of Milan (Italy)" in html
    assert "Participants sent by the city of Warsaw (Poland)" in html
    assert "Gone Away" not in html  # cancelled
    assert "Signature" in html


@pytest.mark.parametrize("name", ["report", "report_csv", "report_xlsx"])
def test_it_runs_the_same_queries_for_10_and_100_registrations(client, setup, name):
    event = setup["event"]
    client.force_login(setup["host"])
    url = reverse(f"events:{name}", args=[event.slug])
    client.get(url)  # warm up the session and the caches

    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    RegistrationFactory.create_batch(10, event=event, checked_in_at=timezone.now())
    small = count_queries()
    milan = setup["milan"]
    RegistrationFactory.create_batch(90, event=event, invited_by=milan, residence_country="IT")
    for registration in RegistrationFactory.create_batch(
        10, event=event, checked_in_at=timezone.now()
    ):
        FeedbackFactory(registration=registration)
    assert count_queries() == small


def test_it_shows_the_report_in_few_queries(client, setup, django_assert_max_num_queries):
    client.force_login(setup["host"])
    with django_assert_max_num_queries(12):
        client.get(reverse("events:report", args=["lyon-forum"]))


# --- Project report ------------------------------------------------------------------------


def _second_event(setup):
    start = timezone.now() - timedelta(days=40)
    event = EventFactory(
        slug="milan-forum",
        city=setup["milan"],
        project=setup["project"],
        status="held",
        starts_at=start,
        ends_at=start + timedelta(hours=5),
    )
    for i in range(3):
        registration = RegistrationFactory(
            event=event, residence_country="IT", checked_in_at=timezone.now()
        )
        FeedbackFactory(registration=registration, rating=3 + i)  # 3, 4, 5
    return event


def test_it_aggregates_the_project_for_network_admins(client, setup):
    _second_event(setup)
    FeedbackFactory(registration=setup["event"].registrations.get(name="Local 0"), rating=2)
    client.force_login(setup["admin"])
    response = client.get(reverse("events:project_report", args=["cerv"]))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.events == 2
    assert report.participants == 10
    assert report.countries == 3
    assert report.feedback.answers == 4
    assert report.feedback.good_share == pytest.approx(0.5)
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert reverse("events:report", args=["milan-forum"]) in html


def test_it_lets_only_coordinators_of_every_host_city_see_the_project(client, setup):
    _second_event(setup)
    url = reverse("events:project_report", args=["cerv"])
    client.force_login(setup["host"])  # coordinates Lyon, not Milan
    assert client.get(url).status_code == 403
    MembershipFactory(user=setup["host"], city=setup["milan"], role="coordinator")
    assert client.get(url).status_code == 200
    client.force_login(setup["participant"])
    assert client.get(url).status_code == 403


def test_it_sends_anonymous_visitors_of_the_project_report_to_sign_in(client, setup):
    response = client.get(reverse("events:project_report", args=["cerv"]))
    assert response.status_code == 302


def test_it_returns_404_for_an_unknown_project(client, setup):
    client.force_login(setup["admin"])
    assert client.get(reverse("events:project_report", args=["nope"])).status_code == 404


def test_it_answers_the_status_poll_with_a_link_not_the_file(client, setup):
    client.force_login(setup["host"])
    url = reverse("events:attendance_pdf", args=["lyon-forum"])
    client.get(url)  # built at once by the immediate task backend
    poll = client.get(url, headers={"HX-Request": "true"})
    assert poll.status_code == 200
    assert f'href="{url}"' in poll.content.decode()


@pytest.mark.parametrize("name", ["report_csv", "report_xlsx", "attendance_pdf"])
def test_each_download_of_the_participants_is_in_the_audit_log(client, setup, name):
    from metroagora.core.models import AuditEntry

    client.force_login(setup["host"])
    response = client.get(reverse(f"events:{name}", args=["lyon-forum"]))
    assert response.status_code == 200
    (entry,) = AuditEntry.objects.all()
    assert (entry.actor, entry.action, entry.city) == (
        setup["host"],
        "events.export_participants",
        setup["lyon"],
    )


def test_a_pdf_whose_worker_died_is_built_again(client, setup, monkeypatch):
    from types import SimpleNamespace

    from metroagora.events import tasks
    from metroagora.events.models import REPORT_FILE_JOB, ReportFile

    queued: list[int] = []
    monkeypatch.setattr(tasks, "build_attendance_pdf", SimpleNamespace(enqueue=queued.append))
    client.force_login(setup["host"])
    url = reverse("events:attendance_pdf", args=["lyon-forum"])
    client.get(url)
    report = ReportFile.objects.get()
    started = timezone.now() - timedelta(minutes=5)
    ReportFile.objects.filter(pk=report.pk).update(status="running", claimed_at=started)
    client.get(url)
    assert queued == [report.pk]  # a live worker is left alone
    dead = timezone.now() - REPORT_FILE_JOB.stale_after - timedelta(minutes=1)
    ReportFile.objects.filter(pk=report.pk).update(claimed_at=dead)
    assert client.get(url).status_code == 202
    assert queued == [report.pk, report.pk]
