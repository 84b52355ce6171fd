"""Opening and closing opinion maps: who may, and what a new map holds."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metroagora.opinions import services
from metroagora.opinions.models import MapStatus, OpinionMap, Statement, StatementStatus
from metroagora.opinions.tests.factories import OpinionMapFactory

TITLE = {"en": "How should Milan move?", "_original": "en"}


def _open(actor, slug="moving", **fields):
    return services.open_map(actor, slug=slug, title=TITLE, language="en", **fields)


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_it_lets_moderators_and_admins_open_maps_anywhere(people, role):
    actor = getattr(people, role)
    network_wide = _open(actor, slug="network")
    in_lyon = _open(actor, slug="lyon", city=people.other_city)
    assert network_wide.city is None
    assert in_lyon.city == people.other_city
    assert network_wide.created_by == actor
    assert network_wide.is_open


def test_it_lets_coordinators_open_maps_for_their_city_only(people):
    opinion_map = _open(people.coordinator, city=people.city)
    assert opinion_map.created_by == people.coordinator
    with pytest.raises(PermissionDenied):
        _open(people.coordinator, slug="lyon", city=people.other_city)
    with pytest.raises(PermissionDenied):
        _open(people.coordinator, slug="network")
    with pytest.raises(PermissionDenied):
        _open(people.other_coordinator, slug="milan", city=people.city)
    assert list(OpinionMap.objects.values_list("slug", flat=True)) == ["moving"]


@pytest.mark.parametrize("role", ["participant", "resident", "other_resident"])
def test_it_refuses_maps_opened_by_participants(people, role):
    with pytest.raises(PermissionDenied):
        _open(getattr(people, role), city=people.city)
    assert not OpinionMap.objects.exists()


def test_it_shows_seed_statements_at_once_and_skips_blank_lines(people):
    opinion_map = _open(
        people.moderator,
        seed_statements=["Cars should leave the old town", "   ", "Bus lanes need more space"],
    )
    seeds = list(opinion_map.statements.all())
    assert [s.text for s in seeds] == [
        "Cars should leave the old town",
        "Bus lanes need more space",
    ]
    assert all(s.is_seed and s.status == StatementStatus.VISIBLE for s in seeds)
    assert all(s.author == people.moderator and s.language == "en" for s in seeds)


def test_it_opens_nothing_when_a_seed_statement_is_refused(people):
    with pytest.raises(ValidationError) as error:
        _open(people.moderator, seed_statements=["A fine statement", "x" * 141])
    assert "140" in " ".join(error.value.messages)
    assert not OpinionMap.objects.exists()
    assert not Statement.objects.exists()


def test_it_requires_a_city_for_a_residents_only_map(people):
    with pytest.raises(ValidationError):
        _open(people.moderator, verified_residents_only=True)
    assert _open(people.moderator, verified_residents_only=True, city=people.city).city


def test_it_refuses_a_slug_already_taken(people):
    OpinionMapFactory(slug="moving")
    with pytest.raises(ValidationError) as error:
        _open(people.moderator)
    assert "slug" in error.value.message_dict


@pytest.mark.parametrize("role", ["moderator", "coordinator", "admin"])
def test_it_lets_moderators_close_a_map_and_recompute_it(
    people, role, make_map, django_capture_on_commit_callbacks, enqueued
):
    opinion_map = make_map()
    with django_capture_on_commit_callbacks(execute=True):
        services.close_map(getattr(people, role), opinion_map)
    opinion_map.refresh_from_db()
    assert opinion_map.status == MapStatus.CLOSED
    assert len(enqueued) == 1
    assert opinion_map.analysed_at is not None


@pytest.mark.parametrize("role", ["participant", "resident", "other_coordinator"])
def test_it_refuses_closing_by_others(people, role, make_map):
    opinion_map = make_map()
    with pytest.raises(PermissionDenied):
        services.close_map(getattr(people, role), opinion_map)
    opinion_map.refresh_from_db()
    assert opinion_map.is_open
