"""What the impact dashboard counts: metric codes, their labels and definitions.

Every figure is stored under one of these codes (``ImpactFigure.metric``). Plain
figures have no key; breakdowns (``BY_*``) and the coordinators' detail tables
(``DETAIL``) have one row per key.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# --- Plain figures ----------------------------------------------------------------------
PEOPLE_REACHED = "people_reached"
PEOPLE_TAKING_PART = "people_taking_part"
EVENTS_HELD = "events_held"
REGISTRATIONS = "registrations"
ATTENDANCES = "attendances"
CONTRIBUTIONS = "contributions"
OFFICIAL_RESPONSES = "official_responses"
POLICYMAKERS = "policymakers_engaged"
OPINION_VOTES = "opinion_votes"
OPINION_VOTERS = "opinion_voters"
PROPOSALS = "proposals"
SUPPORTS = "supports"
BALLOTS = "ballots"
COUNTRIES = "countries"
REGIONS = "regions"
CITIES_ACTIVE = "cities_active"
PRACTICES_PUBLISHED = "practices_published"
TRANSFERS_ADOPTED = "transfers_adopted"
PRACTICES_TAKEN_UP = "practices_taken_up"
FUNDING_EUR = "funding_eur"
FUNDED_PROJECTS = "funded_projects"

# --- Breakdowns (one row per key) -------------------------------------------------------
BY_COUNTRY = "by_country"  # people taking part, by country of residence (ISO code)
BY_REGION = "by_region"  # network: people taking part, by European region of the city
BY_CITY = "by_city"  # network: people taking part, by city (city id)
BY_AGE = "by_age"  # attendees who consented, by age bracket
BY_GENDER = "by_gender"  # attendees who consented, by gender
BY_ROLE = "by_role"  # attendees, by the role they take part in
FUNDING_BY_YEAR = "funding_by_year"  # euros, by the year the project started
NOT_GIVEN = "not_given"  # the key of the people who did not give their age or gender

# --- Coordinators' detail (city pages only; key: the object's id) -----------------------
EVENT_REGISTERED = "event_registered"
EVENT_ATTENDED = "event_attended"
DEBATE_CONTRIBUTIONS = "debate_contributions"
MAP_VOTES = "map_votes"
MAP_VOTERS = "map_voters"
PROCESS_PROPOSALS = "process_proposals"
PROCESS_SUPPORTS = "process_supports"
PROCESS_BALLOTS = "process_ballots"

DETAIL = (
    EVENT_REGISTERED,
    EVENT_ATTENDED,
    DEBATE_CONTRIBUTIONS,
    MAP_VOTES,
    MAP_VOTERS,
    PROCESS_PROPOSALS,
    PROCESS_SUPPORTS,
    PROCESS_BALLOTS,
)
DIVERSITY = (BY_AGE, BY_GENDER, BY_ROLE)
SUPPRESSED_BREAKDOWNS = (BY_COUNTRY, *DIVERSITY)
MONEY = (FUNDING_EUR, FUNDING_BY_YEAR)

# Figures counted per month over the last TREND_MONTHS months, for the trend charts.
TREND_MONTHS = 24
TRENDS = (
    PEOPLE_TAKING_PART,
    ATTENDANCES,
    CONTRIBUTIONS,
    OPINION_VOTES,
    PROPOSALS,
    SUPPORTS,
    BALLOTS,
)

# The headline figures, in the order of the page, in groups.
PARTICIPATION = (
    PEOPLE_REACHED,
    PEOPLE_TAKING_PART,
    EVENTS_HELD,
    REGISTRATIONS,
    ATTENDANCES,
    CONTRIBUTIONS,
    OPINION_VOTES,
    OPINION_VOTERS,
    PROPOSALS,
    SUPPORTS,
    BALLOTS,
)
REACH = (COUNTRIES, REGIONS, CITIES_ACTIVE, POLICYMAKERS, OFFICIAL_RESPONSES)
RESULTS = (
    PRACTICES_PUBLISHED,
    TRANSFERS_ADOPTED,
    PRACTICES_TAKEN_UP,
    FUNDED_PROJECTS,
    FUNDING_EUR,
)
NETWORK_ONLY = (REGIONS, CITIES_ACTIVE, BY_REGION, BY_CITY)
CITY_ONLY = (PRACTICES_TAKEN_UP,)

LABELS: dict[str, Promise] = {
    PEOPLE_REACHED: _("People reached"),
    PEOPLE_TAKING_PART: _("People taking part"),
    EVENTS_HELD: _("Events held"),
    REGISTRATIONS: _("Registrations for events"),
    ATTENDANCES: _("Event attendances"),
    CONTRIBUTIONS: _("Contributions to debates"),
    OFFICIAL_RESPONSES: _("Official responses by policymakers"),
    POLICYMAKERS: _("Policymakers engaged"),
    OPINION_VOTES: _("Votes on opinion maps"),
    OPINION_VOTERS: _("People who voted on opinion maps"),
    PROPOSALS: _("Proposals"),
    SUPPORTS: _("Supports for proposals"),
    BALLOTS: _("Ballots cast"),
    COUNTRIES: _("Countries represented"),
    REGIONS: _("European regions represented"),
    CITIES_ACTIVE: _("Cities with people taking part"),
    PRACTICES_PUBLISHED: _("Best practices published"),
    TRANSFERS_ADOPTED: _("Practices adopted from another city"),
    PRACTICES_TAKEN_UP: _("Practices of this city adopted elsewhere"),
    FUNDING_EUR: _("EU funding won (euros)"),
    FUNDED_PROJECTS: _("EU-funded projects"),
    BY_COUNTRY: _("People taking part by country of residence"),
    BY_REGION: _("People taking part by European region"),
    BY_CITY: _("People taking part by city"),
    BY_AGE: _("Event participants by age bracket"),
    BY_GENDER: _("Event participants by gender"),
    BY_ROLE: _("Event participants by the role they take part in"),
    FUNDING_BY_YEAR: _("EU funding won by the year the project started (euros)"),
    EVENT_REGISTERED: _("Registrations"),
    EVENT_ATTENDED: _("Attendances"),
    DEBATE_CONTRIBUTIONS: _("Contributions"),
    MAP_VOTES: _("Votes"),
    MAP_VOTERS: _("People who voted"),
    PROCESS_PROPOSALS: _("Proposals"),
    PROCESS_SUPPORTS: _("Supports"),
    PROCESS_BALLOTS: _("Ballots cast"),
}

DEFINITIONS: dict[str, Promise] = {
    PEOPLE_REACHED: _(
        "Different people who registered for an event or took part in any way below. A "
        "person with an account counts once, whatever they did."
    ),
    PEOPLE_TAKING_PART: _(
        "Different people who attended an event (checked in), wrote a contribution, voted "
        "on an opinion map, made or supported a proposal, or cast a ballot."
    ),
    EVENTS_HELD: _("Events held, or published and already over."),
    REGISTRATIONS: _("Confirmed registrations for events, past and upcoming."),
    ATTENDANCES: _("People checked in at events; a person at three events counts three times."),
    CONTRIBUTIONS: _("Contributions shown in debates (not those hidden or deleted)."),
    OFFICIAL_RESPONSES: _("Contributions marked as an official response by a policymaker."),
    POLICYMAKERS: _(
        "Verified policymakers who took part or answered a proposal, and event participants "
        "who took part as policymakers."
    ),
    OPINION_VOTES: _("Votes on the statements of opinion maps (agree, disagree or pass)."),
    OPINION_VOTERS: _("Different people, with an account or anonymous, who voted on a map."),
    PROPOSALS: _("Proposals made in published participatory processes."),
    SUPPORTS: _("Supports given to proposals."),
    BALLOTS: _("Ballots cast in participatory budgets. What people chose is never read here."),
    COUNTRIES: _("Countries where the people taking part live, when we know it."),
    REGIONS: _("European regions of the cities where people took part."),
    CITIES_ACTIVE: _("Cities of the network where at least one person took part."),
    PRACTICES_PUBLISHED: _("Best practices published after the editors' review."),
    TRANSFERS_ADOPTED: _("Transfers of a practice that reached the status 'adopted'."),
    PRACTICES_TAKEN_UP: _("Transfers of this city's practices adopted by other cities."),
    FUNDING_EUR: _(
        "The EU contribution to the cities of the network in the funded projects we know of."
    ),
    FUNDED_PROJECTS: _("Funded projects with at least one city of the network."),
}


def label(metric: str) -> str:
    return str(LABELS.get(metric, metric))


def min_cell() -> int:
    """Breakdown cells counting fewer people than this are withheld (default 5)."""
    return int(getattr(settings, "IMPACT_MIN_CELL", 5))
