"""Accountability: progress updates, milestones and photos of what the city promised."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from metroagora.decisions import services
from metroagora.decisions.models import (
    ImplementationPhoto,
    ImplementationUpdate,
    Milestone,
)
from metroagora.decisions.tests.factories import (
    BudgetFactory,
    ImplementationFactory,
    MilestoneFactory,
    ProcessFactory,
    ProjectFactory,
)
from metroagora.practices.tests.factories import png_file


@pytest.fixture
def implementation(roles):
    process = ProcessFactory(city=roles.city, phase="implementation")
    return ImplementationFactory(project=ProjectFactory(budget=BudgetFactory(process=process)))


def _update(actor, implementation, **fields):
    return services.update_implementation(
        actor,
        implementation,
        **{
            "status": "in_progress",
            "progress": 40,
            "text": "  The trees are planted; benches come next month. ",
            "language": "it",
            **fields,
        },
    )


# --- Updates -------------------------------------------------------------------------------


def test_it_records_an_update_and_the_new_state(people, implementation):
    update = _update(people["official"], implementation)
    implementation.refresh_from_db()
    assert (implementation.status, implementation.progress) == ("in_progress", 40)
    assert (update.author, update.status, update.progress, update.language) == (
        people["official"],
        "in_progress",
        40,
        "it",
    )
    assert update.text == "The trees are planted; benches come next month."


def test_it_sets_a_completed_implementation_to_100_percent(people, implementation):
    update = _update(people["coordinator"], implementation, status="completed", progress=60)
    implementation.refresh_from_db()
    assert (implementation.status, implementation.progress, update.progress) == (
        "completed",
        100,
        100,
    )


def test_it_keeps_the_history_of_updates(people, implementation):
    _update(people["official"], implementation, progress=10)
    _update(people["official"], implementation, progress=70)
    assert list(implementation.updates.values_list("progress", flat=True)) == [70, 10]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": "done"}, "status"),
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"progress": "50"}, "progress"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 6001}, "text"),
        ({"language": "xx"}, "language"),
    ],
)
def test_it_refuses_a_bad_update_by_field(people, implementation, fields, field):
    with pytest.raises(ValidationError) as error:
        _update(people["official"], implementation, **fields)
    assert set(error.value.error_dict) == {field}
    implementation.refresh_from_db()
    assert (implementation.status, implementation.progress) == ("planned", 0)
    assert not ImplementationUpdate.objects.exists()


def test_it_reports_every_bad_field_at_once(people, implementation):
    with pytest.raises(ValidationError) as error:
        _update(people["official"], implementation, status="?", progress=300, text="")
    assert set(error.value.error_dict) == {"status", "progress", "text"}


@pytest.mark.parametrize("role", ["resident", "participant", "other_coordinator", "moderator"])
def test_it_takes_updates_only_from_the_city(people, implementation, role):
    with pytest.raises(PermissionDenied):
        _update(people[role], implementation)
    assert not ImplementationUpdate.objects.exists()


def test_it_takes_updates_from_a_network_admin(people, implementation):
    assert _update(people["admin"], implementation).author == people["admin"]


# --- Milestones ----------------------------------------------------------------------------


def test_it_adds_a_milestone(people, implementation):
    due = timezone.localdate() + timedelta(days=60)
    milestone = services.add_milestone(
        people["official"], implementation, title="  Tender awarded ", due_on=due
    )
    assert (milestone.title, milestone.due_on, milestone.done_on) == ("Tender awarded", due, None)


def test_it_adds_a_milestone_planned_in_the_past(people, implementation):
    due = timezone.localdate() - timedelta(days=3)
    assert services.add_milestone(people["official"], implementation, title="Study", due_on=due)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": " ", "due_on": timezone.localdate()}, "title"),
        ({"title": "Study", "due_on": None}, "due_on"),
    ],
)
def test_it_refuses_a_milestone_without_a_title_or_date(people, implementation, fields, field):
    with pytest.raises(ValidationError) as error:
        services.add_milestone(people["official"], implementation, **fields)
    assert set(error.value.error_dict) == {field}
    assert not Milestone.objects.exists()


def test_it_marks_a_milestone_done_today_or_before(people, implementation):
    milestone = MilestoneFactory(implementation=implementation)
    today = timezone.localdate()
    services.set_milestone_done(people["official"], milestone, done_on=today)
    milestone.refresh_from_db()
    assert milestone.done_on == today
    services.set_milestone_done(people["official"], milestone, done_on=today - timedelta(days=9))
    milestone.refresh_from_db()
    assert milestone.done_on == today - timedelta(days=9)


def test_it_refuses_a_milestone_done_in_the_future(people, implementation):
    milestone = MilestoneFactory(implementation=implementation)
    with pytest.raises(ValidationError) as error:
        services.set_milestone_done(
            people["official"], milestone, done_on=timezone.localdate() + timedelta(days=1)
        )
    assert error.value.error_dict["done_on"][0].code == "future"
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_it_marks_a_milestone_not_done_again(people, implementation):
    milestone = MilestoneFactory(implementation=implementation, done_on=timezone.localdate())
    services.set_milestone_done(people["official"], milestone, done_on=None)
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_it_removes_a_milestone(people, implementation):
    milestone = MilestoneFactory(implementation=implementation)
    services.remove_milestone(people["coordinator"], milestone)
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("role", ["resident", "other_coordinator"])
def test_it_lets_only_the_city_change_milestones(people, implementation, role):
    milestone = MilestoneFactory(implementation=implementation)
    user = people[role]
    with pytest.raises(PermissionDenied):
        services.add_milestone(user, implementation, title="Study", due_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        services.set_milestone_done(user, milestone, done_on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        services.remove_milestone(user, milestone)
    assert Milestone.objects.get().done_on is None


# --- Photos --------------------------------------------------------------------------------


def _photo(actor, implementation, alt_text="The new trees along Via Padova."):
    return services.add_implementation_photo(
        actor, implementation, image=png_file(), alt_text=alt_text
    )


def test_it_adds_a_photo_with_its_description(people, settings, implementation):
    photo = _photo(people["official"], implementation)
    photo.refresh_from_db()
    assert photo.alt_text == "The new trees along Via Padova."
    assert photo.image.name.startswith("decisions/implementation/")
    assert (settings.MEDIA_ROOT / photo.image.name).read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("alt_text", ["", "  "])
def test_it_refuses_a_photo_without_a_description(people, implementation, alt_text):
    with pytest.raises(ValidationError) as error:
        _photo(people["official"], implementation, alt_text=alt_text)
    assert set(error.value.error_dict) == {"alt_text"}
    assert not ImplementationPhoto.objects.exists()


def test_it_refuses_a_photo_that_is_not_an_image(people, implementation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError) as error:
        services.add_implementation_photo(
            people["official"],
            implementation,
            image=SimpleUploadedFile("works.jpg", b"not a picture"),
            alt_text="Works",
        )
    assert set(error.value.error_dict) == {"image"}


def test_it_removes_a_photo_and_its_file(people, settings, implementation):
    photo = _photo(people["official"], implementation)
    path = settings.MEDIA_ROOT / photo.image.name
    with pytest.raises(PermissionDenied):
        services.remove_implementation_photo(people["resident"], photo)
    services.remove_implementation_photo(people["coordinator"], photo)
    assert not ImplementationPhoto.objects.exists()
    assert not path.exists()


@pytest.mark.parametrize("role", ["resident", "other_coordinator", "anonymous"])
def test_it_takes_photos_only_from_the_city(people, implementation, role):
    with pytest.raises(PermissionDenied):
        _photo(people[role], implementation)
