"""Results, images and links of a practice."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from metroagora.practices import services
from metroagora.practices.models import Indicator, PracticeImage, PracticeLink
from metroagora.practices.tests.factories import (
    IndicatorFactory,
    PracticeFactory,
    PracticeLinkFactory,
    png_file,
)


@pytest.fixture
def practice(roles):
    return PracticeFactory(city=roles.city)


def _add_image(user, practice, alt_text="Des habitants votent en mairie."):
    return services.add_image(user, practice, image=png_file(), alt_text=alt_text, credit=" Ville ")


# --- Indicators ------------------------------------------------------------------------


def test_it_adds_an_indicator(roles, practice):
    indicator = services.add_indicator(
        roles.coordinator,
        practice,
        label="Participation au vote",
        baseline=Decimal("8"),
        value=Decimal("14.5"),
        unit="%",
        year=2024,
    )
    indicator.refresh_from_db()
    assert (indicator.practice, indicator.value, indicator.baseline) == (
        practice,
        Decimal("14.5"),
        Decimal("8"),
    )


def test_it_refuses_an_indicator_without_a_value(roles, practice):
    with pytest.raises(ValidationError) as error:
        services.add_indicator(roles.coordinator, practice, label="Participation", value=None)
    assert "value" in error.value.error_dict
    assert not Indicator.objects.exists()


# --- Images ------------------------------------------------------------------------------


def test_it_adds_an_image_with_its_description(roles, practice, settings):
    image = _add_image(roles.coordinator, practice)
    image.refresh_from_db()
    assert image.alt_text == "Des habitants votent en mairie."
    assert image.credit == "Ville"
    assert image.image.name.startswith("practices/images/")
    assert (settings.MEDIA_ROOT / image.image.name).is_file()


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_it_refuses_an_image_without_a_description(roles, practice, settings, alt_text):
    with pytest.raises(ValidationError) as error:
        _add_image(roles.coordinator, practice, alt_text=alt_text)
    assert set(error.value.error_dict) == {"alt_text"}
    assert not PracticeImage.objects.exists()


def test_it_deletes_the_file_of_a_removed_image(roles, practice, settings):
    image = _add_image(roles.coordinator, practice)
    path = settings.MEDIA_ROOT / image.image.name
    services.remove_item(roles.coordinator, image)
    assert not PracticeImage.objects.exists()
    assert not path.exists()


# --- Links ---------------------------------------------------------------------------------


def test_it_adds_a_link_and_refuses_a_bad_address(roles, practice):
    link = services.add_link(
        roles.coordinator,
        practice,
        kind="video",
        title="  Le film du budget  ",
        url=" https://video.example.org/budget ",
        language="fr",
    )
    assert (link.title, link.url) == ("Le film du budget", "https://video.example.org/budget")
    with pytest.raises(ValidationError) as error:
        services.add_link(roles.coordinator, practice, kind="video", title="Film", url="budget")
    assert set(error.value.error_dict) == {"url"}
    assert PracticeLink.objects.count() == 1


# --- Who may do it -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["participant", "resident", "policymaker", "moderator", "other_coordinator"]
)
def test_it_refuses_media_changes_to_others(people, practice, role):
    user = people[role]
    with pytest.raises(PermissionDenied):
        services.add_indicator(user, practice, label="Votants", value=Decimal("1"))
    with pytest.raises(PermissionDenied):
        _add_image(user, practice)
    with pytest.raises(PermissionDenied):
        services.add_link(user, practice, kind="document", title="Doc", url="https://e.org")
    indicator = IndicatorFactory(practice=practice)
    link = PracticeLinkFactory(practice=practice)
    for item in (indicator, link):
        with pytest.raises(PermissionDenied):
            services.remove_item(user, item)
    assert list(practice.indicators.all()) == [indicator]
    assert list(practice.links.all()) == [link]
    assert not practice.images.exists()


def test_it_lets_only_editors_change_media_once_published(roles, editor):
    practice = PracticeFactory(city=roles.city, published=True)
    with pytest.raises(PermissionDenied):
        _add_image(roles.coordinator, practice)
    image = _add_image(editor, practice)
    with pytest.raises(PermissionDenied):
        services.remove_item(roles.coordinator, image)
    services.remove_item(editor, image)
    assert not PracticeImage.objects.exists()
