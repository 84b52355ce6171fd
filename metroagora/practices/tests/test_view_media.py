"""Figures, images and links of a practice: adding and removing them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from metroagora.practices.models import Indicator, PracticeImage, PracticeLink
from metroagora.practices.tests.conftest import ROLES, sign_in
from metroagora.practices.tests.factories import (
    IndicatorFactory,
    PracticeFactory,
    PracticeLinkFactory,
    png_file,
)


@pytest.fixture
def practice(roles):
    return PracticeFactory(city=roles.city)


def _url(practice) -> str:
    return f"/en/practices/{practice.slug}/media/"


def _remove(client, practice, item, pk):
    return client.post(_url(practice), {"kind": "remove", "item": item, "pk": pk})


# --- Who may open it ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("stage", "allowed"),
    [("draft", {"coordinator", "editor", "admin"}), ("published", {"editor", "admin"})],
)
def test_it_opens_the_media_page_by_role_and_stage(client, people, roles, role, stage, allowed):
    practice = PracticeFactory(city=roles.city, **{stage: True})
    sign_in(client, people[role])
    response = client.get(_url(practice))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", ["participant", "other_coordinator", "moderator"])
def test_it_refuses_additions_and_removals_to_others(client, people, practice, role):
    indicator = IndicatorFactory(practice=practice)
    sign_in(client, people[role])
    response = client.post(
        _url(practice),
        {
            "kind": "link",
            "link-kind": "video",
            "link-title": "Film",
            "link-url": "https://example.org/film",
        },
    )
    assert response.status_code == 403
    assert _remove(client, practice, "indicator", indicator.pk).status_code == 403
    assert not PracticeLink.objects.exists()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


# --- Adding --------------------------------------------------------------------------------


def test_it_adds_an_indicator(client, roles, practice):
    client.force_login(roles.coordinator)
    response = client.post(
        _url(practice),
        {
            "kind": "indicator",
            "indicator-label": "Participation au vote",
            "indicator-baseline": "8",
            "indicator-value": "14",
            "indicator-unit": "%",
            "indicator-year": "2024",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url(practice)
    assert practice.indicators.get().label == "Participation au vote"
    assert "Participation au vote: 8 → 14 %" in client.get(_url(practice)).content.decode()


def test_it_adds_an_image_with_its_description(client, roles, practice):
    client.force_login(roles.coordinator)
    response = client.post(
        _url(practice),
        {"kind": "image", "image-image": png_file(), "image-alt_text": "Le vote en mairie"},
    )
    assert response.status_code == 302
    image = practice.images.get()
    assert image.alt_text == "Le vote en mairie"
    content = client.get(practice.get_absolute_url()).content.decode()
    assert f'src="{image.image.url}" alt="Le vote en mairie"' in content


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_it_refuses_an_image_without_a_description(client, roles, practice, alt_text):
    client.force_login(roles.coordinator)
    response = client.post(
        _url(practice), {"kind": "image", "image-image": png_file(), "image-alt_text": alt_text}
    )
    assert response.status_code == 400
    assert 'id="id_image-alt_text_error"' in response.content.decode()
    assert not PracticeImage.objects.exists()


def test_it_refuses_a_file_that_is_not_an_image(client, roles, practice):
    client.force_login(roles.coordinator)
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    response = client.post(
        _url(practice), {"kind": "image", "image-image": fake, "image-alt_text": "Photo"}
    )
    assert response.status_code == 400
    assert 'id="id_image-image_error"' in response.content.decode()
    assert not PracticeImage.objects.exists()


def test_it_keeps_the_typed_link_when_the_address_is_wrong(client, roles, practice):
    client.force_login(roles.coordinator)
    response = client.post(
        _url(practice),
        {"kind": "link", "link-kind": "video", "link-title": "Le film", "link-url": "pas une url"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_link-url_error"' in content
    assert 'value="Le film"' in content
    assert not PracticeLink.objects.exists()


# --- Removing --------------------------------------------------------------------------------


def test_it_removes_an_item_of_the_practice(client, roles, practice):
    indicator = IndicatorFactory(practice=practice)
    link = PracticeLinkFactory(practice=practice)
    client.force_login(roles.coordinator)
    assert _remove(client, practice, "indicator", indicator.pk).status_code == 302
    assert _remove(client, practice, "link", link.pk).status_code == 302
    assert not practice.indicators.exists()
    assert not practice.links.exists()


def test_it_refuses_to_remove_an_item_of_another_practice(client, roles, practice):
    """A coordinator may edit both practices' pages, but the form of one only removes its own."""
    other = PracticeFactory(city=roles.city)
    theirs = IndicatorFactory(practice=other)
    link = PracticeLinkFactory(practice=other)
    client.force_login(roles.coordinator)
    assert _remove(client, practice, "indicator", theirs.pk).status_code == 404
    assert _remove(client, practice, "link", link.pk).status_code == 404
    assert Indicator.objects.filter(pk=theirs.pk).exists()
    assert PracticeLink.objects.filter(pk=link.pk).exists()


def test_it_refuses_to_remove_an_item_of_another_city(client, roles, practice):
    other_city = PracticeFactory(city=roles.other_city)
    theirs = IndicatorFactory(practice=other_city)
    client.force_login(roles.coordinator)
    assert _remove(client, practice, "indicator", theirs.pk).status_code == 404
    assert Indicator.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize("item", ["", "practice", "user", "Indicator"])
def test_it_refuses_an_unknown_kind_of_item(client, roles, practice, item):
    indicator = IndicatorFactory(practice=practice)
    client.force_login(roles.coordinator)
    assert _remove(client, practice, item, indicator.pk).status_code == 404
    assert Indicator.objects.filter(pk=indicator.pk).exists()


@pytest.mark.parametrize("pk", ["", "999999"])
def test_it_answers_404_for_a_missing_item(client, roles, practice, pk):
    client.force_login(roles.coordinator)
    assert _remove(client, practice, "indicator", pk).status_code == 404


@pytest.mark.parametrize("pk", ["abc", "1.5"])
def test_it_answers_404_for_a_malformed_item_number(client, roles, practice, pk):
    """APP BUG: views._remove_item passes request.POST["pk"] straight to get_object_or_404;
    a value that is not a number raises ValueError ("Field 'id' expected a number"),
    a server error (500) instead of 404."""
    indicator = IndicatorFactory(practice=practice)
    client.force_login(roles.coordinator)
    client.raise_request_exception = False
    assert _remove(client, practice, "indicator", pk).status_code == 404
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_it_changes_nothing_for_an_unknown_kind_of_change(client, roles, practice):
    indicator = IndicatorFactory(practice=practice)
    client.force_login(roles.coordinator)
    response = client.post(
        _url(practice), {"kind": "delete", "item": "indicator", "pk": indicator.pk}
    )
    assert response.status_code < 500
    assert Indicator.objects.filter(pk=indicator.pk).exists()
