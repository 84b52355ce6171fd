"""reports.py is pure: plain records in, figures out (no database)."""

import pytest

from metroagora.events.reports import (
    Basis,
    FeedbackAnswer,
    Participant,
    Row,
    event_report,
    feedback_summary,
    project_report,
    with_labels,
)


def person(
    *,
    attended=True,
    country="FR",
    invited_by=None,
    role="citizen",
    age="",
    gender="",
):
    names = {"FR": "France", "IT": "Italy", "PL": "Poland", "ES": "Spain"}
    city_country = {"Milan": "Italy", "Warsaw": "Poland", "Barcelona": "Spain"}
    return Participant(
        attended=attended,
        country=country,
        country_name=names[country],
        city_of_residence="Somewhere",
        invited_by_city=invited_by,
        invited_by_country=city_country.get(invited_by) if invited_by else None,
        role=role,
        age_bracket=age,
        gender=gender,
    )


def test_it_counts_over_attendees_once_anyone_checked_in():
    people = [person() for _ in range(6)] + [person(attended=False) for _ in range(4)]
    report = event_report(people)
    assert report.basis == Basis.ATTENDED
    assert report.registered == 10
    assert report.attended == 6
    assert report.participants == 6


def test_it_counts_over_registrations_before_the_event():
    report = event_report([person(attended=False) for _ in range(5)])
    assert report.basis == Basis.REGISTERED
    assert report.attended == 0
    assert report.participants == 5


def test_it_ignores_no_shows_in_the_breakdowns():
    people = [person(country="FR")] * 3 + [person(country="IT", attended=False)] * 5
    report = event_report(people)
    assert [(r.key, r.count) for r in report.by_country] == [("FR", 3)]
    assert report.countries == 1


def test_it_sorts_countries_by_count_then_name():
    people = (
        [person(country="IT")] * 2
        + [person(country="FR")] * 3
        + [person(country="ES")] * 2
        + [person(country="PL")]
    )
    report = event_report(people)
    assert [(r.label, r.count) for r in report.by_country] == [
        ("France", 3),
        ("Italy", 2),
        ("Spain", 2),
        ("Poland", 1),
    ]
    assert report.by_country[0].share == pytest.approx(3 / 8)
    assert report.countries == 4


def test_it_splits_international_guests_from_local_participants():
    people = (
        [person()] * 6
        + [person(country="IT", invited_by="Milan")] * 2
        + [person(country="PL", invited_by="Warsaw")]
    )
    report = event_report(people)
    assert report.international == 3
    assert report.local == 6
    assert report.international_share == pytest.approx(1 / 3)
    assert report.local_share == pytest.approx(2 / 3)
    assert report.meets_international_share
    assert [(c.city, c.country, c.count) for c in report.by_invited_city] == [
        ("Milan", "Italy", 2),
        ("Warsaw", "Poland", 1),
    ]


def test_it_says_when_less_than_a_third_is_international():
    report = event_report([person()] * 3 + [person(invited_by="Milan")])
    assert not report.meets_international_share


def test_it_counts_demographics_only_for_those_who_consented():
    people = [
        person(age="18-30", gender="woman"),
        person(age="18-30", gender="man"),
        person(age="60+", gender="woman"),
        person(),
        person(),
    ]
    report = event_report(people)
    assert [(r.key, r.count) for r in report.by_age_bracket] == [("18-30", 2), ("60+", 1)]
    assert report.by_age_bracket[0].share == pytest.approx(2 / 3)  # of those who answered
    assert report.age_not_given == 2
    assert {r.key: r.count for r in report.by_gender} == {"woman": 2, "man": 1}
    assert report.gender_not_given == 2


def test_it_orders_age_brackets_from_young_to_old():
    people = [person(age=a) for a in ("60+", "u18", "31-45", "18-30", "46-60")]
    report = event_report(people)
    assert [r.key for r in report.by_age_bracket] == ["u18", "18-30", "31-45", "46-60", "60+"]


def test_it_breaks_down_roles():
    people = [person(role="citizen")] * 3 + [person(role="expert")]
    report = event_report(people)
    assert [(r.key, r.count) for r in report.by_role] == [("citizen", 3), ("expert", 1)]
    labelled = with_labels(report.by_role, {"citizen": "Citizen"})
    assert [r.name for r in labelled] == ["Citizen", "expert"]


def test_it_computes_the_programme_indicator():
    answers = [FeedbackAnswer(5, True, "yes")] * 3 + [
        FeedbackAnswer(4, True, "somewhat"),
        FeedbackAnswer(3, False, "no"),
        FeedbackAnswer(1, None, ""),
    ]
    report = event_report([person()] * 12, answers)
    fb = report.feedback
    assert fb.answers == 6
    assert fb.response_rate == pytest.approx(0.5)
    assert fb.good_or_very_good == 4
    assert fb.good_share == pytest.approx(4 / 6)
    assert fb.average_rating == pytest.approx((15 + 4 + 3 + 1) / 6)
    assert fb.would_return_share == pytest.approx(4 / 5)  # of those who answered
    assert [(r.key, r.count) for r in fb.changed_view] == [("yes", 3), ("somewhat", 1), ("no", 1)]
    assert [r.count for r in fb.rating_rows] == [1, 0, 1, 1, 3]


def test_it_reports_no_feedback_without_dividing_by_zero():
    report = event_report([])
    assert report.participants == 0
    assert report.international_share is None
    assert report.feedback.good_share is None
    assert report.feedback.average_rating is None
    assert report.feedback.response_rate is None
    assert report.feedback.would_return_share is None


def test_it_refuses_ratings_out_of_range():
    with pytest.raises(ValueError):
        feedback_summary([FeedbackAnswer(6)], 1)


def test_it_aggregates_a_project():
    lyon = event_report(
        [person()] * 4 + [person(country="IT", invited_by="Milan")] * 2,
        [FeedbackAnswer(5)] * 2,
    )
    milan = event_report(
        [person(country="IT")] * 3
        + [person(country="PL", invited_by="Warsaw")]
        + [person(country="FR", attended=False)],
        [FeedbackAnswer(2)] * 2 + [FeedbackAnswer(4)] * 6,
    )
    project = project_report([lyon, milan])
    assert project.events == 2
    assert project.participants == 10
    assert project.registered == 11
    assert project.attended == 10
    assert project.countries == 3  # FR, IT, PL: the union
    assert {r.key: r.count for r in project.by_country} == {"FR": 4, "IT": 5, "PL": 1}
    assert project.international == 3
    assert [(c.city, c.count) for c in project.by_invited_city] == [("Milan", 2), ("Warsaw", 1)]
    # weighted by answers: (2 + 6) / 10, not the mean of 100% and 75%
    assert project.feedback.answers == 10
    assert project.feedback.good_share == pytest.approx(0.8)
    assert project.events_meeting_international_share == 1


def test_it_aggregates_an_empty_project():
    project = project_report([])
    assert project.events == 0
    assert project.participants == 0
    assert project.feedback.good_share is None


def test_it_formats_row_percentages():
    assert Row("x", 1, 0.4251).percent == 42.5
