"""Creating, changing and publishing processes: phases, scope, categories, districts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import services
from metroagora.decisions.models import Category, District, Process, ProcessPhase
from metroagora.decisions.tests.factories import (
    CategoryFactory,
    DistrictFactory,
    ProcessFactory,
    set_phases,
)

TITLE = {"en": "Greener streets 2026", "_original": "en"}


def _days(start, end):
    now = timezone.now().replace(microsecond=0)
    return (now + timedelta(days=start), now + timedelta(days=end))


def _create(actor, city, phases=None, **fields):
    return services.create_process(
        actor,
        city,
        phases=phases if phases is not None else {"proposals": _days(0, 10)},
        **{"title": TITLE, "participation": "verified", **fields},
    )


def _error_codes(error):
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- Creating ---------------------------------------------------------------------------


def test_it_creates_a_draft_with_its_phases_in_order(roles):
    process = _create(
        roles.coordinator,
        roles.city,
        phases={
            "voting": _days(20, 30),
            "proposals": _days(0, 10),
            "supports": _days(10, 20),
        },
        support_threshold=50,
    )
    process.refresh_from_db()
    assert process.status == "draft"
    assert process.created_by == roles.coordinator
    assert process.slug == "milan-greener-streets-2026"
    assert process.support_threshold == 50
    assert [p.kind for p in process.phase_list()] == ["proposals", "supports", "voting"]
    assert process.current_phase().kind == "proposals"


def test_it_gives_each_process_a_free_slug(roles):
    first = _create(roles.coordinator, roles.city)
    second = _create(roles.coordinator, roles.city)
    assert (first.slug, second.slug) == (
        "milan-greener-streets-2026",
        "milan-greener-streets-2026-2",
    )


def test_it_lets_phases_follow_each_other_without_a_gap(roles):
    process = _create(
        roles.coordinator,
        roles.city,
        phases={"proposals": _days(0, 10), "supports": _days(10, 20)},
    )
    assert process.phases.count() == 2


@pytest.mark.parametrize("role", ["official", "resident", "other_coordinator", "anonymous"])
def test_it_refuses_people_who_do_not_manage_the_city(people, roles, role):
    with pytest.raises(PermissionDenied):
        _create(people[role], roles.city)
    assert not Process.objects.exists()


def test_it_lets_a_network_admin_create_a_process(roles):
    assert _create(roles.admin, roles.city).city == roles.city


def test_it_refuses_phases_out_of_order(roles):
    with pytest.raises(ValidationError) as error:
        _create(
            roles.coordinator,
            roles.city,
            phases={"proposals": _days(10, 20), "supports": _days(0, 10)},
        )
    assert _error_codes(error.value) == {"supports_starts": ["overlap"]}
    assert not Process.objects.exists()


def test_it_refuses_overlapping_phases(roles):
    with pytest.raises(ValidationError) as error:
        _create(
            roles.coordinator,
            roles.city,
            phases={"information": _days(0, 5), "proposals": _days(4, 10)},
        )
    assert _error_codes(error.value) == {"proposals_starts": ["overlap"]}
    assert "after the information phase ends" in error.value.message_dict["proposals_starts"][0]


def test_it_refuses_a_phase_that_ends_before_it_starts(roles):
    with pytest.raises(ValidationError) as error:
        _create(roles.coordinator, roles.city, phases={"voting": _days(10, 5)})
    assert _error_codes(error.value) == {"voting_ends": ["order"]}


def test_it_refuses_a_phase_that_ends_when_it_starts(roles):
    starts, _ends = _days(1, 1)
    with pytest.raises(ValidationError) as error:
        _create(roles.coordinator, roles.city, phases={"voting": (starts, starts)})
    assert _error_codes(error.value) == {"voting_ends": ["order"]}


@pytest.mark.parametrize("missing", ["start", "end"])
def test_it_refuses_a_phase_with_one_date(roles, missing):
    starts, ends = _days(0, 10)
    dates = (None, ends) if missing == "start" else (starts, None)
    with pytest.raises(ValidationError) as error:
        _create(roles.coordinator, roles.city, phases={"supports": dates})
    assert _error_codes(error.value) == {"supports_starts": ["incomplete"]}


@pytest.mark.parametrize("phases", [{}, {"proposals": None, "voting": None}])
def test_it_refuses_a_process_without_a_phase(roles, phases):
    with pytest.raises(ValidationError) as error:
        _create(roles.coordinator, roles.city, phases=phases)
    assert error.value.code == "no_phase"
    assert not Process.objects.exists()


def test_it_refuses_a_district_of_another_city(roles):
    lyon_district = DistrictFactory(city=roles.other_city)
    with pytest.raises(ValidationError) as error:
        _create(roles.coordinator, roles.city, district=lyon_district)
    assert _error_codes(error.value) == {"district": ["district"]}
    assert not Process.objects.exists()


def test_it_limits_a_process_to_a_district_of_its_city(roles):
    district = DistrictFactory(city=roles.city)
    assert _create(roles.coordinator, roles.city, district=district).district == district


def test_it_refuses_unknown_fields(roles):
    with pytest.raises(ValueError, match="status"):
        _create(roles.coordinator, roles.city, status="published")


def test_it_adds_categories_once(roles):
    process = _create(
        roles.coordinator, roles.city, categories=["Parks", " parks ", "Transport", "", "PARKS"]
    )
    assert sorted(str(c.name) for c in process.categories.all()) == ["Parks", "Transport"]
    created = services.set_categories(roles.coordinator, process, ["Transport", "Schools"])
    assert [str(c.name) for c in created] == ["Schools"]
    assert process.categories.count() == 3


def test_it_names_categories_in_the_active_language(roles):
    process = ProcessFactory(city=roles.city)
    with translation.override("fr"):
        (category,) = services.set_categories(roles.coordinator, process, ["Parcs"])
    assert category.name.get("fr") == "Parcs"


def test_it_does_not_add_a_category_that_exists_in_another_language(roles):
    process = ProcessFactory(city=roles.city)
    CategoryFactory(process=process, name={"en": "Parks", "_original": "en"})
    with translation.override("fr"):
        assert services.set_categories(roles.coordinator, process, ["parks"]) == []


def test_it_refuses_categories_from_people_who_do_not_manage_the_process(roles):
    process = ProcessFactory(city=roles.city)
    with pytest.raises(PermissionDenied):
        services.set_categories(roles.other_coordinator, process, ["Parks"])
    assert not Category.objects.exists()


# --- Changing and publishing ------------------------------------------------------------


def test_it_updates_fields_and_replaces_phases(roles):
    process = ProcessFactory(city=roles.city, status="draft", phase="proposals")
    services.update_process(
        roles.coordinator,
        process,
        support_threshold=0,
        phases={"proposals": _days(-1, 5), "voting": _days(5, 9)},
    )
    process.refresh_from_db()
    assert process.support_threshold == 0
    assert sorted(process.phases.values_list("kind", flat=True)) == ["proposals", "voting"]


def test_it_keeps_phases_when_none_are_given(roles):
    process = ProcessFactory(city=roles.city)
    before = process.phases.count()
    services.update_process(roles.coordinator, process, participation="registered")
    assert process.phases.count() == before


def test_it_keeps_everything_when_new_phases_are_wrong(roles):
    process = ProcessFactory(city=roles.city)
    before = list(ProcessPhase.objects.filter(process=process).values_list("kind", "starts_at"))
    with pytest.raises(ValidationError):
        services.update_process(
            roles.coordinator,
            process,
            support_threshold=7,
            phases={"proposals": _days(0, 10), "supports": _days(5, 20)},
        )
    process.refresh_from_db()
    assert process.support_threshold == 3
    assert list(process.phases.values_list("kind", "starts_at")) == before


def test_it_refuses_to_move_a_process_to_a_district_of_another_city(roles):
    process = ProcessFactory(city=roles.city)
    with pytest.raises(ValidationError) as error:
        services.update_process(
            roles.coordinator, process, district=DistrictFactory(city=roles.other_city)
        )
    assert "district" in error.value.error_dict


def test_it_refuses_changes_from_the_coordinator_of_another_city(roles):
    process = ProcessFactory(city=roles.city)
    with pytest.raises(PermissionDenied):
        services.update_process(roles.other_coordinator, process, support_threshold=1)


def test_it_publishes_a_draft(roles):
    process = ProcessFactory(city=roles.city, status="draft")
    services.publish_process(roles.coordinator, process)
    process.refresh_from_db()
    assert process.is_published


def test_it_refuses_to_publish_a_process_without_phases(roles):
    process = ProcessFactory(city=roles.city, status="draft")
    process.phases.all().delete()
    with pytest.raises(ValidationError):
        services.publish_process(roles.coordinator, process)
    process.refresh_from_db()
    assert not process.is_published


def test_it_refuses_to_let_an_official_publish(people, roles):
    process = ProcessFactory(city=roles.city, status="draft")
    with pytest.raises(PermissionDenied):
        services.publish_process(people["official"], process)


# --- Districts ------------------------------------------------------------------------


def test_it_adds_a_district_with_a_free_slug(roles):
    DistrictFactory(city=roles.city, name="Old town", slug="navigli")
    district = services.add_district(roles.coordinator, roles.city, "  Navigli ")
    assert (district.name, district.slug, district.city) == ("Navigli", "navigli-2", roles.city)


def test_it_refuses_a_district_twice(roles):
    services.add_district(roles.coordinator, roles.city, "Navigli")
    with pytest.raises(ValidationError) as error:
        services.add_district(roles.coordinator, roles.city, "navigli")
    assert "name" in error.value.error_dict
    assert District.objects.count() == 1


def test_it_allows_the_same_district_name_in_two_cities(roles):
    services.add_district(roles.coordinator, roles.city, "Centre")
    services.add_district(roles.other_coordinator, roles.other_city, "Centre")
    assert District.objects.count() == 2


def test_it_refuses_a_district_without_a_name(roles):
    with pytest.raises(ValidationError) as error:
        services.add_district(roles.coordinator, roles.city, "   ")
    assert "name" in error.value.error_dict


def test_it_refuses_a_district_from_another_city_coordinator(roles):
    with pytest.raises(PermissionDenied):
        services.add_district(roles.other_coordinator, roles.city, "Navigli")


# --- Phases on the model ---------------------------------------------------------------


def test_it_knows_the_current_phase(roles):
    process = ProcessFactory(city=roles.city, phase="supports")
    assert process.current_phase().kind == "supports"
    assert process.is_in_phase("supports")
    assert not process.is_in_phase("proposals")
    assert process.phase("proposals").is_over()


def test_it_has_no_current_phase_once_every_phase_is_over(roles):
    process = ProcessFactory(city=roles.city)
    set_phases(process, None)
    assert process.current_phase() is None


def test_it_updates_a_process_whose_creator_deleted_their_account(roles):
    creator = UserFactory()
    process = _create(roles.admin, roles.city)
    Process.objects.filter(pk=process.pk).update(created_by=creator)
    creator.delete()
    services.update_process(roles.coordinator, process, support_threshold=9)
    process.refresh_from_db()
    assert (process.created_by, process.support_threshold) == (None, 9)
