"""Casting a ballot: within the budget and the rules, tampered ids, previews, changes."""

from decimal import Decimal

import pytest
from django.urls import reverse

from metroagora.decisions import services
from metroagora.decisions.models import Ballot, BallotChoice, BallotReceipt
from metroagora.decisions.tests.conftest import sign_in
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ProcessFactory,
    ProjectFactory,
    set_phases,
)

HTMX = {"HX-Request": "true"}


def _url(budget, lang: str = "en") -> str:
    return f"/{lang}/decisions/budgets/{budget.pk}/vote/"


@pytest.fixture
def budget(roles):
    budget = BudgetFactory(
        process=ProcessFactory(city=roles.city, phase="voting"),
        amount=Decimal("100000"),
        min_projects=1,
        max_projects=2,
    )
    for title, cost in (("Trees", "60000"), ("Benches", "30000"), ("Fountain", "50000")):
        ProjectFactory(budget=budget, title={"en": title}, cost=Decimal(cost))
    return budget


@pytest.fixture
def ids(budget) -> dict[str, int]:
    return {str(p.title): p.pk for p in budget.projects.all()}


def _nothing_saved() -> None:
    assert not BallotReceipt.objects.exists()
    assert not Ballot.objects.exists()
    assert not BallotChoice.objects.exists()


def test_it_saves_a_ballot_within_the_budget(client, people, budget, ids):
    sign_in(client, people["resident"])
    response = client.post(_url(budget), {"projects": [ids["Trees"], ids["Benches"]]})
    assert response.status_code == 302
    assert response["Location"] == budget.get_absolute_url()
    assert services.my_ballot(people["resident"], budget) == {ids["Trees"], ids["Benches"]}
    page = client.get(response["Location"]).content.decode()
    assert "Your ballot is saved. You can change it until the vote closes on" in page


def test_a_voter_changes_the_ballot(client, people, budget, ids):
    sign_in(client, people["resident"])
    client.post(_url(budget), {"projects": [ids["Trees"]]})
    client.post(_url(budget), {"projects": [ids["Fountain"], ids["Benches"]]})
    assert services.my_ballot(people["resident"], budget) == {ids["Fountain"], ids["Benches"]}
    assert BallotReceipt.objects.count() == 1
    assert Ballot.objects.count() == 1


def test_it_refuses_a_ballot_over_the_budget_and_saves_nothing(client, people, budget, ids):
    sign_in(client, people["resident"])
    response = client.post(_url(budget), {"projects": [ids["Trees"], ids["Fountain"]]})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Your ballot is not saved:" in content
    assert "Your choice costs 110,000 EUR, over the budget of 100,000 EUR." in content
    assert "Over the budget by 10,000 EUR: remove a project." in content
    assert content.count(" checked") == 2  # what the person chose is kept
    _nothing_saved()


def test_a_failed_change_keeps_the_previous_ballot(client, people, budget, ids):
    sign_in(client, people["resident"])
    client.post(_url(budget), {"projects": [ids["Benches"]]})
    response = client.post(_url(budget), {"projects": [ids["Trees"], ids["Fountain"]]})
    assert response.status_code == 400
    assert services.my_ballot(people["resident"], budget) == {ids["Benches"]}


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        ([], "Choose at least one project."),
        (["Trees", "Benches", "Fountain"], "Choose at most 2 projects."),
    ],
)
def test_it_enforces_the_number_of_projects(client, people, budget, ids, chosen, message):
    budget.amount = Decimal("500000")
    budget.save()
    sign_in(client, people["resident"])
    response = client.post(_url(budget), {"projects": [ids[name] for name in chosen]})
    assert response.status_code == 400
    assert message in response.content.decode()
    _nothing_saved()


def test_it_enforces_a_minimum_of_projects(client, people, budget, ids):
    budget.min_projects = 2
    budget.save()
    sign_in(client, people["resident"])
    response = client.post(_url(budget), {"projects": [ids["Trees"]]})
    assert response.status_code == 400
    assert "Choose at least 2 projects." in response.content.decode()
    _nothing_saved()


@pytest.mark.parametrize("tampered", ["999999", "abc", "other-budget"])
def test_it_refuses_tampered_project_ids(client, people, budget, ids, tampered):
    if tampered == "other-budget":
        tampered = str(ProjectFactory().pk)
    sign_in(client, people["resident"])
    response = client.post(_url(budget), {"projects": [ids["Benches"], tampered]})
    assert response.status_code == 400
    assert "The ballot holds a project that is not on this budget." in response.content.decode()
    _nothing_saved()


def test_it_answers_in_the_language_of_the_page(client, people, budget, ids):
    sign_in(client, people["resident"])
    response = client.post(_url(budget, "fr"), {"projects": [ids["Trees"], ids["Fountain"]]})
    assert response.status_code == 400
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.parametrize("phase", ["evaluation", "implementation"])
def test_it_refuses_outside_the_voting_phase(client, people, budget, ids, phase):
    set_phases(budget.process, phase)
    sign_in(client, people["resident"])
    response = client.post(_url(budget), {"projects": [ids["Benches"]]})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Voting opens on" in content or "The vote is closed." in content
    _nothing_saved()


@pytest.mark.parametrize("role", ["participant", "unverified_resident"])
def test_it_refuses_people_who_are_not_verified(client, people, budget, ids, role):
    sign_in(client, people[role])
    response = client.post(_url(budget), {"projects": [ids["Benches"]]})
    assert response.status_code == 400
    assert "Only verified residents of" in response.content.decode()
    _nothing_saved()


def test_anonymous_people_are_sent_to_sign_in(client, budget, ids):
    response = client.post(_url(budget), {"projects": [ids["Benches"]]})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    _nothing_saved()


def test_it_takes_posts_only(client, people, budget):
    sign_in(client, people["resident"])
    assert client.get(_url(budget)).status_code == 405


# --- Previews -----------------------------------------------------------------------


def test_htmx_previews_the_total_without_saving(client, people, budget, ids):
    sign_in(client, people["resident"])
    response = client.post(
        _url(budget), {"projects": [ids["Trees"], ids["Fountain"]], "preview": "1"}, headers=HTMX
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert "Your choice: 110,000 of 100,000 EUR" in content
    assert "Over the budget by 10,000 EUR: remove a project." in content
    _nothing_saved()


def test_a_preview_within_the_budget_says_what_is_left(client, people, budget, ids):
    sign_in(client, people["resident"])
    response = client.post(
        _url(budget), {"projects": [ids["Benches"]], "preview": "1"}, headers=HTMX
    )
    content = response.content.decode()
    assert "Your choice: 30,000 of 100,000 EUR" in content
    assert "70,000 EUR left" in content
    assert "errorlist" not in content


def test_a_preview_ignores_tampered_ids(client, people, budget, ids):
    sign_in(client, people["resident"])
    response = client.post(
        _url(budget), {"projects": [ids["Benches"], "999999", "x"], "preview": "1"}, headers=HTMX
    )
    assert "Your choice: 30,000 of 100,000 EUR" in response.content.decode()


def test_without_javascript_a_preview_shows_the_whole_page(client, people, budget, ids):
    sign_in(client, people["resident"])
    response = client.post(_url(budget), {"projects": [ids["Trees"]], "preview": "1"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" in content
    assert "Your choice: 60,000 of 100,000 EUR" in content
    assert content.count(" checked") == 1
    _nothing_saved()


def test_it_is_rate_limited(client, people, budget, ids, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "decisions.vote": "1/h"}
    sign_in(client, people["resident"])
    client.post(_url(budget), {"projects": [ids["Benches"]]})
    response = client.post(_url(budget), {"projects": [ids["Trees"]]})
    assert response.status_code == 429
    assert services.my_ballot(people["resident"], budget) == {ids["Benches"]}
