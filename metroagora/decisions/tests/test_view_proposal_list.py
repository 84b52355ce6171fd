"""The proposals of a process: filters, order, pages, support buttons, constant queries."""

import re

import pytest
from django.urls import reverse

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions.models import Support
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ProcessFactory,
    ProposalFactory,
)

CARD = 'class="card proposal-card"'


def _url(process) -> str:
    return f"/en/decisions/{process.slug}/proposals/"


def _titles(response) -> list[str]:
    return re.findall(
        r'class="event-title"><a href="[^"]+" lang="en">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def process(roles):
    return ProcessFactory(city=roles.city, phase="supports", support_threshold=10)


@pytest.mark.parametrize("role", ROLES)
def test_it_lists_proposals_to_every_role(client, people, process, role):
    ProposalFactory(process=process, title="Benches in the park")
    sign_in(client, people[role])
    response = client.get(_url(process))
    assert response.status_code == 200
    assert "Benches in the park" in response.content.decode()


def test_it_hides_withdrawn_proposals_unless_asked(client, process):
    ProposalFactory(process=process, title="Still here")
    ProposalFactory(process=process, title="Gone away", state="withdrawn")
    assert _titles(client.get(_url(process))) == ["Still here"]
    assert _titles(client.get(_url(process) + "?state=withdrawn")) == ["Gone away"]


def test_it_filters_by_category_district_state_and_words(client, process):
    parks = CategoryFactory(process=process)
    north = DistrictFactory(city=process.city)
    match = ProposalFactory(
        process=process, title="Shade trees", category=parks, district=north, state="evaluating"
    )
    ProposalFactory(process=process, title="Shade sails", district=north, state="evaluating")
    ProposalFactory(process=process, title="Shade tents", category=parks, state="evaluating")
    ProposalFactory(process=process, title="Shade cloths", category=parks, district=north)
    ProposalFactory(
        process=process,
        title="Bike lanes",
        body="Paint lanes for bicycles on the main avenues.",
        category=parks,
        district=north,
        state="evaluating",
    )
    query = f"?category={parks.pk}&district={north.pk}&state=evaluating&q=trees"
    assert _titles(client.get(_url(process) + query)) == [match.title]


def test_it_searches_the_description_too(client, process):
    ProposalFactory(process=process, title="An idea", body="Fountains for hot summer days.")
    ProposalFactory(process=process, title="Another idea")
    assert _titles(client.get(_url(process) + "?q=fountains")) == ["An idea"]


def test_it_ignores_a_tampered_category_and_keeps_the_other_filters(client, process):
    other = CategoryFactory()  # a category of another process
    ProposalFactory(process=process, title="Benches")
    ProposalFactory(process=process, title="Fountains")
    response = client.get(_url(process) + f"?category={other.pk}&q=bench")
    assert response.status_code == 200
    assert _titles(response) == ["Benches"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("supports", ["Popular", "Newest", "Oldest"]),
        ("", ["Popular", "Newest", "Oldest"]),
        ("newest", ["Newest", "Popular", "Oldest"]),
        ("oldest", ["Oldest", "Popular", "Newest"]),
    ],
)
def test_it_sorts_by_supports_or_date(client, process, sort, expected):
    ProposalFactory(process=process, title="Oldest", support_count=1)
    ProposalFactory(process=process, title="Popular", support_count=9)
    ProposalFactory(process=process, title="Newest", support_count=2)
    assert _titles(client.get(_url(process) + f"?sort={sort}")) == expected


def test_it_pages_proposals_by_20(client, process):
    ProposalFactory.create_batch(25, process=process)
    first = client.get(_url(process)).content.decode()
    assert first.count(CARD) == 20
    assert "page=2" in first
    assert client.get(_url(process) + "?page=2").content.decode().count(CARD) == 5


def test_it_keeps_the_filters_in_the_page_links(client, process):
    ProposalFactory.create_batch(21, process=process, title="Trees again")
    content = client.get(_url(process) + "?q=trees&sort=newest").content.decode()
    assert "?q=trees&amp;sort=newest&amp;page=2" in content


def test_it_answers_htmx_with_the_results_only(client, process):
    ProposalFactory(process=process)
    response = client.get(_url(process), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<html" not in content
    assert content.count(CARD) == 1


def test_the_filter_form_works_with_and_without_javascript(client, process):
    content = client.get(_url(process)).content.decode()
    form = re.search(r"<form method=\"get\"[^>]*>", content).group(0)
    assert f'action="{_url(process)}"' in form
    assert f'hx-get="{_url(process)}"' in form
    assert 'hx-push-url="true"' in form


def test_it_shows_supports_and_progress_to_the_threshold(client, process):
    ProposalFactory(process=process, support_count=4)
    content = client.get(_url(process)).content.decode()
    assert "<strong>4</strong> supports" in content
    assert "10 needed for evaluation" in content
    assert '<progress class="support-progress" max="10" value="4"' in content


@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        ("anonymous", False),
        ("participant", False),
        ("unverified_resident", False),
        ("resident", True),
    ],
)
def test_it_offers_support_buttons_to_those_who_may_support(client, people, process, role, buttons):
    ProposalFactory.create_batch(2, process=process)
    sign_in(client, people[role])
    content = client.get(_url(process)).content.decode()
    assert (content.count('name="action" value="support"') == 2) is buttons
    if role in ("participant", "unverified_resident"):
        assert "Only verified residents of" in content


def test_it_offers_no_support_button_outside_the_supports_phase(client, people, roles):
    process = ProcessFactory(city=roles.city, phase="proposals")
    ProposalFactory(process=process)
    sign_in(client, people["resident"])
    content = client.get(_url(process)).content.decode()
    assert 'name="action"' not in content


def test_it_shows_which_proposals_the_person_supports(client, people, process):
    supported, other = ProposalFactory.create_batch(2, process=process)
    Support.objects.create(proposal=supported, user=people["resident"])
    sign_in(client, people["resident"])
    content = client.get(_url(process)).content.decode()
    assert content.count('name="action" value="withdraw"') == 1
    assert content.count('name="action" value="support"') == 1
    box = content[content.index(f'id="support-{supported.pk}"') :]
    assert box.index('value="withdraw"') < box.index("</form>")


def test_it_offers_to_submit_during_the_proposals_phase(client, people, roles):
    process = ProcessFactory(city=roles.city, phase="proposals")
    content = client.get(_url(process)).content.decode()
    assert reverse("decisions:proposal_new", kwargs={"slug": process.slug}) in content


def test_it_is_not_found_for_a_draft_process(client, roles):
    draft = ProcessFactory(city=roles.city, status="draft")
    assert client.get(_url(draft)).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "resident"])
def test_it_lists_proposals_in_constant_queries(
    client, people, process, role, django_assert_max_num_queries
):
    """3 proposals or 30, with supports by this person: the same number of queries."""
    user = people[role]
    sign_in(client, user)
    category = CategoryFactory(process=process)
    district = DistrictFactory(city=process.city)

    def make(n: int) -> None:
        for proposal in ProposalFactory.create_batch(
            n, process=process, category=category, district=district, author=UserFactory()
        ):
            if user.is_authenticated:
                Support.objects.create(proposal=proposal, user=user)

    make(3)
    client.get(_url(process))
    with django_assert_max_num_queries(14) as small:
        client.get(_url(process))
    make(27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(_url(process) + "?sort=supports")
    assert response.content.decode().count(CARD) == 20
