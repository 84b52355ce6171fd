"""Funding won by programme and year, success rate, money per inhabitant; projects and
applications entered by hand."""

from decimal import Decimal

import pytest
from django.urls import reverse

from metroagora.funding.models import Application, FundedProject
from metroagora.funding.tests.conftest import ROLES, sign_in
from metroagora.funding.tests.factories import (
    ApplicationFactory,
    CallFactory,
    FundedProjectFactory,
    ParticipantFactory,
    programme,
)

pytestmark = pytest.mark.django_db


def test_the_network_page_sums_by_programme_year_and_city(
    client, roles, django_assert_max_num_queries
):
    roles.city.population = 2_000_000
    roles.city.save()
    life = FundedProjectFactory(
        programme=programme("LIFE"), starts_on="2022-03-01", eu_contribution=Decimal("900000")
    )
    ParticipantFactory(project=life, city=roles.city, eu_contribution=Decimal("600000"))
    ParticipantFactory(project=life, city=roles.other_city, eu_contribution=Decimal("300000"))
    horizon = FundedProjectFactory(
        programme=programme("HORIZON"), starts_on="2024-01-01", eu_contribution=Decimal("400000")
    )
    ParticipantFactory(project=horizon, city=roles.city, eu_contribution=None)  # only city: all
    ParticipantFactory(project=horizon, city=None, name="A university")
    ApplicationFactory(city=roles.city, status="won")
    ApplicationFactory(city=roles.city, status="lost")
    ApplicationFactory(city=roles.city, status="lost")
    ApplicationFactory(city=roles.other_city, status="submitted")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("funding:results"))
    report = response.context["report"]
    assert report.total == Decimal("1300000")
    assert report.projects == 2
    assert dict(report.by_programme) == {
        "LIFE Programme": Decimal("900000"),
        "Horizon Europe": Decimal("400000"),
    }
    assert dict(report.by_year) == {"2022": Decimal("900000"), "2024": Decimal("400000")}
    assert (report.applications.won, report.applications.decided) == (1, 3)
    city_row = report.cities[0]
    assert city_row.city == roles.city
    assert city_row.total == Decimal("1000000")
    assert city_row.per_inhabitant == Decimal("0.5")
    html = response.content.decode()
    assert 'role="img" aria-labelledby="programme-chart-title"' in html
    assert "<caption>EU funding won, by programme</caption>" in html
    assert '<th scope="row">LIFE Programme</th><td class="num">€900,000</td>' in html
    assert "33%" in html  # success rate


def test_the_city_page_lists_projects_and_shows_applications_to_its_coordinators(client, roles):
    project = FundedProjectFactory(title="Cool schoolyards")
    ParticipantFactory(project=project, city=roles.city)
    call = CallFactory(title="Heat call")
    ApplicationFactory(city=roles.city, call=call, status="submitted")
    url = reverse("funding:city_results", kwargs={"slug": roles.city.slug})
    html = client.get(url).content.decode()
    assert "Cool schoolyards" in html
    assert "Heat call" not in html  # applications are for coordinators
    client.force_login(roles.coordinator)
    html = client.get(url).content.decode()
    assert "Heat call" in html
    assert "Track an application" in html


@pytest.mark.parametrize("role", ROLES)
def test_who_can_add_a_project_for_the_city(client, people, roles, role):
    sign_in(client, people[role])
    client.post(
        reverse("funding:project_create"),
        {
            "city": roles.city.pk,
            "city_role": "coordinator",
            "city_contribution": "",
            "title": "Cool schoolyards",
            "acronym": "COOL",
            "programme": programme("LIFE").pk,
            "call_identifier": "",
            "starts_on": "2024-01-01",
            "ends_on": "2026-12-31",
            "total_cost": "1000000",
            "eu_contribution": "600000",
            "summary": "",
            "results": "",
            "url": "",
        },
    )
    saved = FundedProject.objects.filter(acronym="COOL").first()
    assert (saved is not None) == (role in ("coordinator", "admin")), role
    if saved:
        participant = saved.participants.get()
        assert participant.city == roles.city
        assert participant.eu_contribution == Decimal("600000")  # the project's, by default


def test_an_eu_contribution_above_the_total_is_refused(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(
        reverse("funding:project_create"),
        {
            "city": roles.city.pk,
            "city_role": "participant",
            "title": "X",
            "starts_on": "2024-01-01",
            "ends_on": "2023-01-01",
            "total_cost": "1000",
            "eu_contribution": "2000",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end is before the start" in html or "above the total cost" in html
    assert not FundedProject.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_can_edit_a_project(client, people, roles, role):
    project = FundedProjectFactory(title="Before")
    ParticipantFactory(project=project, city=roles.city)
    sign_in(client, people[role])
    client.post(
        reverse("funding:project_edit", kwargs={"pk": project.pk}),
        {"title": "After", "starts_on": "2023-01-01", "ends_on": "2026-12-31"},
    )
    project.refresh_from_db()
    assert (project.title == "After") == (role in ("coordinator", "admin")), role


def test_a_coordinator_tracks_an_application_and_updates_it(client, roles):
    call = CallFactory()
    client.force_login(roles.coordinator)
    response = client.post(
        reverse("funding:application_create"),
        {
            "city": roles.city.pk,
            "call": call.identifier,
            "role": "partner",
            "status": "submitted",
            "submitted_on": "2026-03-01",
            "amount_requested": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.created_by == roles.coordinator
    response = client.post(
        reverse("funding:application", kwargs={"pk": application.pk}),
        {
            "city": roles.other_city.pk,
            "call": call.identifier,
            "role": "partner",
            "status": "won",
            "submitted_on": "2026-03-01",
        },
    )
    application.refresh_from_db()
    assert application.status == "won"
    assert application.city == roles.city  # cannot move to another city


def test_an_unknown_call_identifier_says_what_to_do(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(
        reverse("funding:application_create"),
        {"city": roles.city.pk, "call": "NOPE", "role": "partner", "status": "submitted"},
    )
    assert response.status_code == 400
    assert "No call has this identifier" in response.content.decode()


def test_others_cannot_update_a_citys_application(client, roles):
    application = ApplicationFactory(city=roles.city)
    client.force_login(roles.other_coordinator)
    url = reverse("funding:application", kwargs={"pk": application.pk})
    assert client.get(url).status_code == 403


def test_the_project_page(client, roles):
    project = FundedProjectFactory(acronym="COOL", url="https://cordis.europa.eu/project/id/1")
    ParticipantFactory(project=project, city=roles.city, role="coordinator")
    html = client.get(project.get_absolute_url()).content.decode()
    assert "COOL: " in html
    assert "https://cordis.europa.eu/project/id/1" in html
    assert reverse("funding:city_results", kwargs={"slug": roles.city.slug}) in html
