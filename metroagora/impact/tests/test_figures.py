"""refresh_impact_figures on small hand-made data: every metric, for the network and a
city, worked out by hand (see conftest.World)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from metroagora.impact import metrics as m
from metroagora.impact.compute import trend_months
from metroagora.impact.models import ImpactFigure
from metroagora.impact.services import refresh_impact_figures
from metroagora.impact.tests.conftest import MISSING, figure

pytestmark = pytest.mark.django_db


@pytest.fixture
def refreshed(world):
    refresh_impact_figures()
    return world


def test_it_counts_people_reached_and_taking_part_once_each(refreshed):
    w = refreshed
    # ana, bruno (his guest registration is his account), carla, eva, hugo, ines
    assert figure(m.PEOPLE_TAKING_PART, w.milan) == 6
    # gina and the anonymous voter
    assert figure(m.PEOPLE_TAKING_PART, w.lyon) == 2
    # and frank, in a debate of no city
    assert figure(m.PEOPLE_TAKING_PART) == 9
    # plus dario (Milan) and jo (Lyon), registered only
    assert figure(m.PEOPLE_REACHED, w.milan) == 7
    assert figure(m.PEOPLE_REACHED, w.lyon) == 3
    assert figure(m.PEOPLE_REACHED) == 11


def test_it_counts_events_registrations_and_attendances(refreshed):
    w = refreshed
    assert figure(m.EVENTS_HELD, w.milan) == 1
    assert figure(m.EVENTS_HELD, w.lyon) is MISSING  # upcoming
    assert figure(m.EVENTS_HELD) == 1
    assert figure(m.REGISTRATIONS, w.milan) == 4  # confirmed only
    assert figure(m.REGISTRATIONS, w.lyon) == 1
    assert figure(m.REGISTRATIONS) == 5
    assert figure(m.ATTENDANCES, w.milan) == 3
    assert figure(m.ATTENDANCES) == 3


def test_it_counts_visible_contributions_and_official_responses(refreshed):
    w = refreshed
    assert figure(m.CONTRIBUTIONS, w.milan) == 3  # not the hidden one
    assert figure(m.CONTRIBUTIONS) == 4  # and the debate of no city
    assert figure(m.OFFICIAL_RESPONSES, w.milan) == 1
    assert figure(m.OFFICIAL_RESPONSES) == 1


def test_it_counts_opinion_votes_and_voters(refreshed):
    w = refreshed
    assert figure(m.OPINION_VOTES, w.lyon) == 5
    assert figure(m.OPINION_VOTERS, w.lyon) == 2
    assert figure(m.OPINION_VOTES) == 5
    assert figure(m.OPINION_VOTES, w.milan) is MISSING


def test_it_counts_proposals_supports_and_ballots_of_published_processes(refreshed):
    w = refreshed
    assert figure(m.PROPOSALS, w.milan) == 1  # not the draft process's
    assert figure(m.SUPPORTS, w.milan) == 2
    assert figure(m.BALLOTS, w.milan) == 1
    assert figure(m.PROPOSALS) == 1
    assert figure(m.BALLOTS) == 1


def test_it_counts_policymakers_engaged(refreshed):
    w = refreshed
    # eva (verified, official response) and carla (took part as a policymaker)
    assert figure(m.POLICYMAKERS, w.milan) == 2
    assert figure(m.POLICYMAKERS) == 2
    assert figure(m.POLICYMAKERS, w.lyon) is MISSING


def test_it_counts_countries_regions_and_cities(refreshed):
    w = refreshed
    assert figure(m.COUNTRIES, w.milan) == 2  # IT (ana), FR (bruno, carla)
    assert figure(m.COUNTRIES) == 2
    assert figure(m.REGIONS) == 2
    assert figure(m.CITIES_ACTIVE) == 2
    assert figure(m.BY_CITY, key=str(w.milan.pk)) == 6
    assert figure(m.BY_CITY, key=str(w.lyon.pk)) == 2
    assert figure(m.BY_REGION, key="south") == 6
    assert figure(m.BY_REGION, key="west") == 2
    # network-only figures are not stored for cities
    assert figure(m.REGIONS, w.milan) is MISSING


def test_it_counts_practices_and_transfers_on_both_sides(refreshed):
    w = refreshed
    assert figure(m.PRACTICES_PUBLISHED, w.milan) == 1  # not the draft
    assert figure(m.PRACTICES_PUBLISHED) == 1
    assert figure(m.TRANSFERS_ADOPTED, w.lyon) == 1
    assert figure(m.TRANSFERS_ADOPTED, w.milan) is MISSING
    assert figure(m.PRACTICES_TAKEN_UP, w.milan) == 1
    assert figure(m.TRANSFERS_ADOPTED) == 1


def test_it_sums_the_eu_funding_won_by_the_cities(refreshed):
    w = refreshed
    assert figure(m.FUNDING_EUR, w.milan) == 500_000
    assert figure(m.FUNDING_EUR) == 500_000
    assert figure(m.FUNDED_PROJECTS, w.milan) == 1
    assert figure(m.FUNDING_BY_YEAR, key="2023") == 500_000


def test_funding_degrades_to_nothing_without_the_funding_data(world, monkeypatch):
    from metroagora.impact import compute

    monkeypatch.setattr(compute, "funding_shares", lambda: [])
    refresh_impact_figures()
    assert figure(m.FUNDING_EUR) is MISSING
    assert figure(m.PEOPLE_TAKING_PART) == 9


def test_it_counts_the_trends_per_month_over_the_last_24_months(refreshed):
    w = refreshed
    w.old_contribution.refresh_from_db()
    then = timezone.localtime(w.old_contribution.created_at).date().replace(day=1)
    this_month = trend_months()[-1]
    assert then in trend_months()
    earlier = ImpactFigure.objects.filter(
        city=w.milan, metric=m.CONTRIBUTIONS, period__lt=this_month
    ).values_list("period", "value")
    assert list(earlier) == [(then, 1)]
    assert figure(m.CONTRIBUTIONS, w.milan, period=this_month) == 2
    assert figure(m.CONTRIBUTIONS, period=this_month) == 3  # and frank's
    # everyone took part this month but ana's old contribution is hers too
    assert figure(m.PEOPLE_TAKING_PART, w.milan, period=this_month) == 6
    assert figure(m.PEOPLE_TAKING_PART, w.milan, period=then) == 1


def test_figures_older_than_24_months_count_in_totals_only(world):
    ancient = timezone.now() - timedelta(days=31 * 30)
    type(world.old_contribution).objects.filter(pk=world.old_contribution.pk).update(
        created_at=ancient
    )
    refresh_impact_figures()
    assert figure(m.CONTRIBUTIONS, world.milan) == 3
    months = ImpactFigure.objects.filter(
        city=world.milan, metric=m.CONTRIBUTIONS, period__isnull=False
    )
    assert sum(row.value or 0 for row in months) == 2
    assert all(row.period and row.period >= trend_months()[0] for row in months)


def test_it_keeps_the_detail_per_event_debate_map_and_process(refreshed):
    w = refreshed
    event = str(w.event.pk)
    assert figure(m.EVENT_REGISTERED, w.milan, key=event) == 4
    assert figure(m.EVENT_ATTENDED, w.milan, key=event) == 3
    assert figure(m.DEBATE_CONTRIBUTIONS, w.milan, key=str(w.debate.pk)) == 3
    assert figure(m.MAP_VOTES, w.lyon, key=str(w.opinion_map.pk)) == 5
    assert figure(m.MAP_VOTERS, w.lyon, key=str(w.opinion_map.pk)) == 2
    process = str(w.process.pk)
    assert figure(m.PROCESS_PROPOSALS, w.milan, key=process) == 1
    assert figure(m.PROCESS_SUPPORTS, w.milan, key=process) == 2
    assert figure(m.PROCESS_BALLOTS, w.milan, key=process) == 1
    # the detail is a city's: nothing of it for the network
    assert not ImpactFigure.objects.filter(city=None, metric__in=m.DETAIL).exists()


def test_a_new_refresh_replaces_every_figure(refreshed):
    w = refreshed
    w.people["frank"].contributions.all().delete()
    refresh_impact_figures()
    assert figure(m.CONTRIBUTIONS) == 3
    assert not ImpactFigure.objects.filter(metric=m.CONTRIBUTIONS, city=None, value=4).exists()
