"""The PDF report of a map: for its moderators, with the groups and statements."""

import pytest
from django.urls import reverse

from metroagora.events import report_views
from metroagora.opinions.tasks import run_analysis
from metroagora.opinions.tests.factories import vote_in_two_camps


def _url(opinion_map):
    return reverse("opinions:report", args=[opinion_map.slug])


@pytest.fixture
def camps(make_map):
    camps = vote_in_two_camps(make_map(statements=0))
    run_analysis(camps.opinion_map)
    camps.opinion_map.refresh_from_db()
    return camps


@pytest.mark.parametrize("role", ["moderator", "coordinator", "admin"])
def test_it_sends_moderators_a_pdf(client, people, camps, role):
    client.force_login(getattr(people, role))
    response = client.get(_url(camps.opinion_map))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{camps.opinion_map.slug}-opinion-map.pdf"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert len(body) > 1000


def test_it_makes_a_pdf_before_any_analysis(client, people, make_map):
    client.force_login(people.moderator)
    response = client.get(_url(make_map()))
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_it_puts_the_groups_and_statements_in_the_report(client, people, camps, monkeypatch):
    rendered = []

    def fake_pdf(html, base_url, *stylesheets):
        rendered.append(html)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(report_views, "render_pdf", fake_pdf)
    client.force_login(people.moderator)
    client.get(_url(camps.opinion_map))
    html = rendered[0]
    assert "<svg" in html
    assert html.count("<polygon") == 2
    assert "Group A" in html
    assert "Group B" in html
    assert "10 (50%)" in html
    for statement in camps.statements:
        assert statement.text in html
    assert "20 participants, 20 of them placed in groups." in html


def test_it_sends_anonymous_visitors_to_sign_in(client, camps):
    response = client.get(_url(camps.opinion_map))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["participant", "resident", "other_coordinator"])
def test_it_refuses_the_report_to_others(client, people, camps, role):
    client.force_login(getattr(people, role))
    assert client.get(_url(camps.opinion_map)).status_code == 403
