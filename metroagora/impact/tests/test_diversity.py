"""Diversity figures: consent respected, each person once, small cells withheld."""

import pytest

from metroagora.impact import metrics as m
from metroagora.impact.services import refresh_impact_figures
from metroagora.impact.tests.conftest import MISSING, attendees, figure
from metroagora.network.tests.factories import CityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    return CityFactory(slug="gdansk", country="PL", region="east")


def test_age_and_gender_count_only_the_people_who_consented(city):
    attendees(city, 6, demographics_consent=True, age_bracket="18-30", gender="woman")
    attendees(city, 7)  # no consent: no age, no gender
    refresh_impact_figures()
    assert figure(m.BY_AGE, city, "18-30") == 6
    assert figure(m.BY_GENDER, city, "woman") == 6
    assert figure(m.BY_AGE, city, m.NOT_GIVEN) == 7
    assert figure(m.BY_GENDER, city, m.NOT_GIVEN) == 7
    assert figure(m.BY_ROLE, city, "citizen") == 13  # the role is asked of everyone
    assert figure(m.BY_AGE) is MISSING  # a breakdown has keys only


def test_a_person_at_several_events_counts_once_with_their_latest_answers(city):
    from metroagora.accounts.tests.factories import UserFactory

    people = [UserFactory() for _n in range(6)]
    for person in people:
        attendees(city, 1, user=person, demographics_consent=True, age_bracket="18-30")
    for person in people:  # later: the same people, a year older, at another event
        attendees(city, 1, user=person, demographics_consent=True, age_bracket="31-45")
    refresh_impact_figures()
    assert figure(m.BY_AGE, city, "31-45") == 6
    assert figure(m.BY_AGE, city, "18-30") is MISSING
    assert figure(m.ATTENDANCES, city) == 12


def test_small_cells_are_withheld_and_a_second_one_with_a_lone_one(city):
    attendees(city, 8, demographics_consent=True, gender="woman", age_bracket="46-60")
    attendees(city, 6, demographics_consent=True, gender="man", age_bracket="46-60")
    attendees(city, 2, demographics_consent=True, gender="non_binary", age_bracket="46-60")
    refresh_impact_figures()
    assert figure(m.BY_GENDER, city, "woman") == 8
    assert figure(m.BY_GENDER, city, "non_binary") is None  # withheld (2 people)
    # the smallest other cell goes too, so that 2 cannot be worked out from the total
    assert figure(m.BY_GENDER, city, "man") is None
    assert figure(m.BY_AGE, city, "46-60") == 16
    # the network's breakdown is withheld the same way
    assert figure(m.BY_GENDER, None, "non_binary") is None


def test_countries_of_few_people_are_withheld(city):
    attendees(city, 9, residence_country="PL")
    attendees(city, 1, residence_country="LT")
    refresh_impact_figures()
    assert figure(m.COUNTRIES, city) == 2  # counted, though not detailed
    assert figure(m.BY_COUNTRY, city, "LT") is None
    assert figure(m.BY_COUNTRY, city, "PL") is None  # the only other cell
    attendees(city, 7, residence_country="DE")
    attendees(city, 2, residence_country="LV")
    refresh_impact_figures()
    # two small cells hide each other: the large ones are shown
    assert figure(m.BY_COUNTRY, city, "PL") == 9
    assert figure(m.BY_COUNTRY, city, "DE") == 7
    assert figure(m.BY_COUNTRY, city, "LT") is None
    assert figure(m.BY_COUNTRY, city, "LV") is None


def test_the_minimum_cell_is_a_setting(city, settings):
    settings.IMPACT_MIN_CELL = 2
    attendees(city, 3, demographics_consent=True, gender="woman")
    attendees(city, 2, demographics_consent=True, gender="man")
    refresh_impact_figures()
    assert figure(m.BY_GENDER, city, "man") == 2
