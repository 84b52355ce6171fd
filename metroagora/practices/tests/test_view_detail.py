"""A practice's page: who sees it, what it shows, constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.events.models import Topic
from metroagora.events.tests.factories import EventFactory
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.funding import selectors as funding_selectors
from metroagora.network.tests.factories import CityFactory
from metroagora.practices import selectors, services
from metroagora.practices.tests.conftest import ROLES, sign_in
from metroagora.practices.tests.factories import (
    IndicatorFactory,
    PracticeFactory,
    PracticeLinkFactory,
    TransferFactory,
)

CITY = {"coordinator", "editor", "admin"}


def _topics(*slugs):
    return [Topic.objects.get(slug=slug) for slug in slugs]


# --- Who sees it ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_a_published_practice_to_everyone(client, people, roles, role):
    practice = PracticeFactory(city=roles.city, published=True)
    sign_in(client, people[role])
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert practice.title.get("fr") in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("stage", ["draft", "in_review", "changes_requested"])
def test_it_shows_an_unpublished_practice_only_to_its_city_and_the_editors(
    client, people, roles, role, stage
):
    practice = PracticeFactory(city=roles.city, **{stage: True})
    sign_in(client, people[role])
    expected = 200 if role in CITY else 404
    assert client.get(practice.get_absolute_url()).status_code == expected


def test_it_answers_404_for_an_unknown_practice(client, db):
    assert client.get("/en/practices/no-such-practice/").status_code == 404


def test_it_sends_staff_without_two_factor_to_set_it_up(client, roles):
    practice = PracticeFactory(city=roles.city, in_review=True)
    client.force_login(UserFactory(is_editor=True))
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/totp/activate/"


# --- What it shows ------------------------------------------------------------------------


def test_it_shows_every_section_indicators_links_and_events(client, db):
    practice = PracticeFactory(published=True, translated=True)
    IndicatorFactory(practice=practice, label="Votants", baseline=8, value=14, unit="%")
    PracticeLinkFactory(practice=practice, title="Le règlement")
    practice.events.add(EventFactory(title={"en": "Forum of cities"}))
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "<h1>Neighbourhood participatory budget" in content  # the English title
    for section in ("summary", "challenge", "actions", "results", "success_factors"):
        assert getattr(practice, section).get("fr")[:30] in content, section
    assert '<div class="prose" lang="fr">' in content  # sections fall back to French
    assert "Easy to transfer" in content
    assert '<th scope="row">Votants</th><td>8 %</td><td>14 %</td>' in content
    assert "Le règlement" in content
    assert "Forum of cities" in content
    assert "Available in: French, English" in content


def test_it_hides_draft_events_linked_to_the_practice(client, roles):
    """APP BUG: selectors.practice_for_page prefetches every linked event
    (Prefetch("events", to_attr="event_list")) and detail.html lists them all, whereas the
    event side shows only published practices. An organiser may link a practice from a
    draft event (services.link_event_practices accepts any event they can change), so the
    public practice page shows the draft event's title and a link that answers 404."""
    practice = PracticeFactory(published=True)
    draft = EventFactory(city=roles.city, status="draft", title={"en": "Secret summit"})
    services.link_event_practices(roles.coordinator, draft, [practice])
    public = EventFactory(city=roles.city, status="held", title={"en": "Forum of cities"})
    services.link_event_practices(roles.coordinator, public, [practice])
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "Forum of cities" in content
    assert "Secret summit" not in content


def test_it_hides_the_contact_email_from_anonymous_readers(client, roles):
    practice = PracticeFactory(published=True, contact_email="claire@lyon.example.fr")
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "Claire Martin" in content
    assert "claire@lyon.example.fr" not in content
    assert "Sign in to see the contact" in content
    client.force_login(roles.participant)
    content = client.get(practice.get_absolute_url()).content.decode()
    assert 'href="mailto:claire@lyon.example.fr"' in content


def test_it_shows_the_transfers_of_other_cities(client, db):
    practice = PracticeFactory(published=True)
    TransferFactory(practice=practice, city=CityFactory(name={"en": "Porto"}), status="adopted")
    TransferFactory(practice=practice, city=CityFactory(name={"en": "Gdańsk"}), status="stopped")
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "Porto</a>: Adopted" in content
    assert "Gdańsk</a>: Stopped" in content


def test_it_says_when_no_city_adopts_it_yet(client, db):
    practice = PracticeFactory(published=True)
    assert (
        "No city has started a transfer yet."
        in client.get(practice.get_absolute_url()).content.decode()
    )


def test_it_shows_similar_practices_by_shared_topics(client, db):
    budget, youth, climate = _topics("participatory-budgeting", "youth", "climate")
    practice = PracticeFactory(published=True, topics=[budget, youth])
    PracticeFactory(published=True, topics=[budget, youth], title={"en": "Two in common"})
    PracticeFactory(published=True, topics=[youth], title={"en": "One in common"})
    PracticeFactory(published=True, topics=[climate], title={"en": "Nothing in common"})
    PracticeFactory(topics=[budget, youth], title={"en": "A draft in common"})
    content = client.get(practice.get_absolute_url()).content.decode()
    similar = content[content.index('id="s-similar"') :]
    assert similar.index("Two in common") < similar.index("One in common")
    assert "Nothing in common" not in content
    assert "A draft in common" not in content
    assert similar.count('class="card practice-card"') == 2


def test_among_equally_similar_practices_the_latest_published_come_first(client, db):
    (budget,) = _topics("participatory-budgeting")
    practice = PracticeFactory(published=True, topics=[budget])
    now = timezone.now()
    made = {
        age: PracticeFactory(
            published=True, topics=[budget], published_at=now - timedelta(days=age)
        )
        for age in (30, 2, 400, 9, 100)
    }
    similar = selectors.similar_practices(practice)
    assert [p.pk for p in similar] == [made[age].pk for age in (2, 9, 30, 100)]


def test_it_falls_back_to_practices_of_the_same_region_without_topics(client, db):
    practice = PracticeFactory(published=True, city=CityFactory(region="east"))
    PracticeFactory(published=True, city=CityFactory(region="east"), title={"en": "Neighbour"})
    PracticeFactory(published=True, city=CityFactory(region="west"), title={"en": "Far away"})
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "Neighbour" in content
    assert "Far away" not in content


def test_it_shows_the_french_page_in_french(client, db):
    practice = PracticeFactory(published=True, translated=True)
    content = client.get(f"/fr/practices/{practice.slug}/").content.decode()
    assert '<html lang="fr">' in content
    assert f"<h1>{practice.title.get('fr')}</h1>" in content  # not the English title
    assert 'lang="fr"' not in content.split("<main", 1)[1].split("</header>", 1)[0]
    assert "Le réseau" in content


def test_it_shows_at_most_four_similar_practices(client, db):
    budget = _topics("participatory-budgeting")
    practice = PracticeFactory(published=True, topics=budget)
    PracticeFactory.create_batch(6, published=True, topics=budget)
    content = client.get(practice.get_absolute_url()).content.decode()
    assert content.count('class="card practice-card"') == 4


def test_it_shows_the_latest_questions_and_links_to_the_debate(client, db):
    debate = DebateFactory()
    practice = PracticeFactory(published=True, qa_debate=debate)
    for n in range(4):
        ContributionFactory(debate=debate, text=f"Question {n} sur le vote")
    ContributionFactory(debate=debate, text="Hidden question", visibility="hidden")
    content = client.get(practice.get_absolute_url()).content.decode()
    assert content.count("sur le vote") == 3
    assert "Hidden question" not in content
    assert f'href="{debate.get_absolute_url()}">Read all 4 questions and ask yours' in content


# --- Review panel ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_the_review_panel_to_the_city_and_the_editors(client, people, roles, role):
    practice = PracticeFactory(city=roles.city, published=True)
    sign_in(client, people[role])
    content = client.get(practice.get_absolute_url()).content.decode()
    assert ('id="review"' in content) is (role in CITY)
    assert ('value="unpublish"' in content) is (role in {"editor", "admin"})


def test_it_lists_the_sections_a_draft_still_needs(client, roles):
    practice = PracticeFactory(city=roles.city, bare=True)
    client.force_login(roles.coordinator)
    content = client.get(practice.get_absolute_url()).content.decode()
    panel = content[content.index('id="review"') :]
    assert "Before it can go to review, complete:" in panel
    for label in ("Summary", "The challenge", "What made it work", "How transferable it is"):
        assert f"<li>{label}</li>" in panel
    assert 'value="submit"' in panel
    assert 'value="publish"' not in panel


def test_it_offers_to_adopt_to_coordinators_of_another_city_only(client, roles):
    practice = PracticeFactory(city=roles.city, published=True)
    adopt = f"{practice.get_absolute_url()}adopt/"
    client.force_login(roles.other_coordinator)
    assert adopt in client.get(practice.get_absolute_url()).content.decode()
    TransferFactory(practice=practice, city=roles.other_city)
    assert adopt not in client.get(practice.get_absolute_url()).content.decode()
    client.force_login(roles.coordinator)
    assert adopt not in client.get(practice.get_absolute_url()).content.decode()


# --- Queries -----------------------------------------------------------------------------


def _practice_with(roles, n: int):
    """A published practice with n of everything it shows, and n similar practices."""
    topics = _topics("participatory-budgeting", "youth")
    practice = PracticeFactory(
        city=roles.city, published=True, topics=topics, qa_debate=DebateFactory()
    )
    for _ in range(n):
        PracticeFactory(published=True, topics=topics[:1])
        TransferFactory(practice=practice)
        IndicatorFactory(practice=practice)
        PracticeLinkFactory(practice=practice)
        ContributionFactory(debate=practice.qa_debate)
        practice.events.add(EventFactory())
    return practice


@pytest.mark.parametrize(
    ("role", "budget"),
    [("anonymous", 12), ("participant", 18), ("other_coordinator", 21), ("editor", 18)],
)
def test_it_shows_a_practice_in_constant_queries(
    client, people, roles, role, budget, django_assert_max_num_queries
):
    sign_in(client, people[role])
    funding_selectors.call_index()  # the funding matcher's index is built once per process
    counts = []
    for n in (1, 8):
        practice = _practice_with(roles, n)
        with CaptureQueriesContext(connection) as context:
            response = client.get(practice.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(budget):
        client.get(practice.get_absolute_url())


def test_it_lists_the_calls_that_could_fund_adopting_it(client, db):
    from metroagora.funding.tests.factories import CallFactory

    heat = CallFactory()
    closed = CallFactory(closed=True)
    practice = PracticeFactory(
        published=True,
        title={"en": "Cool schoolyards against urban heat", "_original": "en"},
        summary={"en": "Trees and shade in schoolyards.", "_original": "en"},
    )
    response = client.get(practice.get_absolute_url())
    html = response.content.decode()
    assert "Which calls could fund adopting this?" in html
    assert heat.get_absolute_url() in html
    assert closed.get_absolute_url() not in html


def test_similar_practices_show_how_many_cities_adopt_them(client, db):
    (budget,) = _topics("participatory-budgeting")
    practice = PracticeFactory(published=True, topics=[budget])
    similar = PracticeFactory(published=True, topics=[budget])
    TransferFactory.create_batch(2, practice=similar)
    content = client.get(practice.get_absolute_url()).content.decode()
    assert "2 cities adopting it" in content[content.index('id="s-similar"') :]
