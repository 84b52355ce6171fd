"""A process's page: timeline, what the person can do now and why not, staff links."""

import re

import pytest
from django.urls import reverse

from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    CategoryFactory,
    ProcessFactory,
    ProposalFactory,
    set_phases,
)


def _url(process) -> str:
    return f"/en/decisions/{process.slug}/"


@pytest.fixture
def process(roles):
    return ProcessFactory(
        city=roles.city,
        phase="supports",
        title={"en": "Greener Milan"},
        description={"en": "Plant **trees** where people walk.", "_original": "en"},
    )


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_a_published_process_to_every_role(client, people, process, role):
    sign_in(client, people[role])
    response = client.get(_url(process))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Greener Milan" in content
    assert "<strong>trees</strong>" in content


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("resident", 404),
        ("official", 404),
        ("other_coordinator", 404),
        ("coordinator", 200),
        ("admin", 200),
    ],
)
def test_it_hides_a_draft_from_all_but_its_managers(client, people, roles, role, status):
    draft = ProcessFactory(city=roles.city, status="draft")
    sign_in(client, people[role])
    assert client.get(_url(draft)).status_code == status


def test_it_shows_the_phases_in_order_with_the_current_one_marked(client, process):
    content = client.get(_url(process)).content.decode()
    timeline = content[content.index('class="phase-timeline"') :]
    timeline = timeline[: timeline.index("</ol>")]
    names = re.findall(r'class="phase-name">([^<]+)<', timeline)
    assert names == [
        "Information",
        "Proposals",
        "Supports",
        "Evaluation",
        "Voting",
        "Implementation",
    ]
    assert timeline.count('aria-current="step"') == 1
    current = re.search(
        r'<li class="phase phase-current" aria-current="step">(.*?)</li>', timeline, re.S
    )
    assert current is not None
    assert "Supports" in current.group(1)
    assert "(now)" in current.group(1)


def test_it_asks_anonymous_people_to_sign_in(client, process):
    content = client.get(_url(process)).content.decode()
    assert "Sign in to take part." in content
    assert reverse("account_login") in content


@pytest.mark.parametrize("role", ["participant", "unverified_resident"])
def test_it_tells_unverified_people_to_verify_and_links_there(client, people, process, role):
    sign_in(client, people[role])
    content = client.get(_url(process)).content.decode()
    assert "Only verified residents of" in content
    assert reverse("decisions:verify", kwargs={"city": process.city.slug}) + "?next=" in content


def test_it_invites_a_verified_resident_to_support(client, people, process):
    sign_in(client, people["resident"])
    content = client.get(_url(process)).content.decode()
    assert "Support the proposals you like" in content
    assert "Only verified residents" not in content


def test_it_offers_to_submit_a_proposal_during_the_proposals_phase(client, people, process):
    set_phases(process, "proposals")
    sign_in(client, people["resident"])
    content = client.get(_url(process)).content.decode()
    assert reverse("decisions:proposal_new", kwargs={"slug": process.slug}) in content


def test_a_registered_process_is_open_to_every_account(client, people, process):
    process.participation = "registered"
    process.save()
    sign_in(client, people["participant"])
    content = client.get(_url(process)).content.decode()
    assert "Support the proposals you like" in content


def test_it_says_when_a_process_starts_and_when_it_ended(client, roles):
    ended = ProcessFactory(city=roles.city)
    set_phases(ended, None)
    assert "This process has ended." in client.get(_url(ended)).content.decode()


def test_it_shows_figures_categories_and_budgets(client, process):
    category = CategoryFactory(process=process, name={"en": "Parks"})
    ProposalFactory(process=process, support_count=4, category=category)
    ProposalFactory(process=process, state="accepted")
    ProposalFactory(process=process, state="withdrawn")
    budget = BudgetFactory(process=process, title={"en": "Budget 2026"})
    content = client.get(_url(process)).content.decode()
    assert "<strong>2</strong> proposals" in content
    assert "<strong>1</strong> accepted by the city" in content
    assert "Parks" in content
    assert budget.get_absolute_url() in content
    assert "Budget 2026" in content


def test_it_links_to_the_voting_budgets_during_the_vote(client, people, roles):
    budget = BudgetFactory(process=ProcessFactory(city=roles.city, phase="voting"))
    sign_in(client, people["resident"])
    content = client.get(_url(budget.process)).content.decode()
    assert "Vote: “" in content


@pytest.mark.parametrize(
    ("role", "manages"),
    [
        ("anonymous", False),
        ("participant", False),
        ("resident", False),
        ("official", False),
        ("moderator", False),
        ("other_coordinator", False),
        ("coordinator", True),
        ("admin", True),
    ],
)
def test_it_links_to_the_staff_pages_for_managers_only(client, people, process, role, manages):
    sign_in(client, people[role])
    content = client.get(_url(process)).content.decode()
    for name in ("process_edit", "budget_create"):
        assert (reverse(f"decisions:{name}", kwargs={"slug": process.slug}) in content) is manages
    assert (reverse("decisions:manage", kwargs={"city": process.city.slug}) in content) is manages


def test_it_offers_to_publish_a_draft(client, people, roles):
    draft = ProcessFactory(city=roles.city, status="draft")
    sign_in(client, people["coordinator"])
    content = client.get(_url(draft)).content.decode()
    assert reverse("decisions:process_publish", kwargs={"slug": draft.slug}) in content


def test_it_builds_the_page_in_a_few_queries(
    client, people, process, django_assert_max_num_queries
):
    BudgetFactory.create_batch(3, process=process)
    CategoryFactory.create_batch(3, process=process)
    sign_in(client, people["resident"])
    client.get(_url(process))
    with django_assert_max_num_queries(14):
        client.get(_url(process))
