"""The network's dashboard page: public, read from the stored figures only."""

import re

import pytest
from django.urls import reverse

from metroagora.impact.models import ImpactFigure
from metroagora.impact.services import refresh_impact_figures
from metroagora.impact.tests.conftest import sign_in

pytestmark = pytest.mark.django_db
URL = "/en/impact/"


@pytest.fixture
def refreshed(world, django_capture_on_commit_callbacks):
    from metroagora.impact.models import ImpactRefresh, RefreshStatus

    refresh_impact_figures()
    ImpactRefresh.objects.create(status=RefreshStatus.DONE, finished_at=world.event.ends_at)
    return world


def test_it_shows_the_headline_figures_to_anyone(client, refreshed):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Impact of the network</h1>" in html
    assert "<strong>9</strong> People taking part" in html
    assert "<strong>11</strong> People reached" in html
    assert "<strong>500,000</strong> EU funding won (euros)" in html
    assert "Figures computed on" in html
    assert 'id="detail"' not in html  # the coordinators' detail is for city pages
    assert "Compute the figures now" not in html


def test_every_chart_is_an_accessible_svg_with_a_table_beside_it(client, refreshed):
    html = client.get(URL).content.decode()
    charts = re.findall(r"<svg [^>]*>", html)
    assert len(charts) >= 7 + 4  # the trends, cities, regions, countries, diversity...
    for tag in charts:
        if 'class="impact-chart"' not in tag:
            continue
        assert 'role="img"' in tag
        ident = re.search(r'aria-labelledby="([^ "]+)-title" aria-describedby="\1-desc"', tag)
        assert ident, tag
        assert f'<title id="{ident.group(1)}-title">' in html
        assert f'<desc id="{ident.group(1)}-desc">' in html
    assert "style=" not in html
    assert "<table>" in html and '<th scope="col">' in html and '<th scope="row">' in html
    assert html.count("<caption>") >= 8
    assert "Table: the figures month by month" in html


def test_withheld_figures_say_so_instead_of_a_number(client, refreshed):
    html = client.get(URL).content.decode()
    # IT 1 and FR 2: both withheld
    assert "fewer than 5" in html
    assert "figures of fewer than 5 people are withheld" in html


def test_it_runs_a_few_queries_whatever_the_data(client, refreshed, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert response.status_code == 200


def test_the_page_reads_only_the_stored_figures(client, refreshed):
    ImpactFigure.objects.filter(metric="people_taking_part", city=None, period=None).update(
        value=4242
    )
    assert "<strong>4,242</strong> People taking part" in client.get(URL).content.decode()


def test_before_the_first_computation_it_says_so(client, db):
    html = client.get(URL).content.decode()
    assert "The figures have not been computed yet" in html
    assert "<strong>0</strong> People taking part" in html


def test_the_city_switcher_goes_to_the_city_page_without_javascript(client, refreshed):
    response = client.get(URL, {"city": refreshed.milan.slug})
    assert response.status_code == 302
    assert response["Location"] == reverse("impact:city", args=[refreshed.milan.slug])
    assert client.get(URL, {"city": ""})["Location"] == reverse("impact:dashboard")


def test_an_unknown_city_in_the_switcher_says_what_to_do(client, refreshed):
    response = client.get(URL, {"city": "atlantis"}, follow=True)
    assert "There is no such city: choose one from the list." in response.content.decode()


def test_the_switcher_lists_every_city(client, refreshed):
    html = client.get(URL).content.decode()
    assert '<label for="impact-city">' in html
    assert f'<option value="{refreshed.milan.slug}">' in html
    assert f'<option value="{refreshed.lyon.slug}">' in html


def test_it_is_translated(client, refreshed):
    html = client.get("/fr/impact/").content.decode()
    assert '<html lang="fr">' in html


def test_network_admins_see_the_computation_status_and_button(client, refreshed, roles):
    sign_in(client, roles.admin)
    html = client.get(URL).content.decode()
    assert 'id="refresh-status"' in html
    assert "Compute the figures now" in html
    assert "hx-trigger" not in html  # nothing running: no polling


def test_the_nav_links_to_the_dashboard(client, db):
    html = client.get("/en/events/").content.decode()
    assert '<a href="/en/impact/">Impact</a>' in html
