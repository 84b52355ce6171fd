"""Staff pages for processes: create, edit (one language at a time), publish; districts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from metroagora.decisions.models import Category, District, Process
from metroagora.decisions.tests.conftest import ROLES, sign_in
from metroagora.decisions.tests.factories import CategoryFactory, DistrictFactory, ProcessFactory

MANAGERS = {"coordinator", "admin"}
FORMAT = "%Y-%m-%dT%H:%M"


def _create_url(city, lang: str = "") -> str:
    return f"/en/decisions/manage/{city.slug}/processes/new/" + (f"?lang={lang}" if lang else "")


def _edit_url(process, lang: str = "") -> str:
    return f"/en/decisions/{process.slug}/edit/" + (f"?lang={lang}" if lang else "")


def _day(days: int, hour: int = 9) -> str:
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime(FORMAT)


def _data(**overrides) -> dict:
    data = {
        "title": "Des rues plus vertes",
        "description": "Proposez où planter des arbres.",
        "participation": "verified",
        "support_threshold": "50",
        "proposals_starts": _day(1),
        "proposals_ends": _day(20),
        "supports_starts": _day(21),
        "supports_ends": _day(40),
        "categories": "Arbres\nPlaces\n\n",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _assert_access(response, role: str) -> None:
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (200 if role in MANAGERS else 403)


# --- Who may open the pages -------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_new_process_form_to_managers_of_the_city(client, people, roles, role):
    sign_in(client, people[role])
    _assert_access(client.get(_create_url(roles.city)), role)


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_edit_form_to_managers_of_the_city(client, people, roles, role):
    process = ProcessFactory(city=roles.city, status="draft")
    sign_in(client, people[role])
    _assert_access(client.get(_edit_url(process)), role)


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_districts_page_to_managers_of_the_city(client, people, roles, role):
    sign_in(client, people[role])
    _assert_access(client.get(f"/en/decisions/manage/{roles.city.slug}/districts/"), role)


@pytest.mark.parametrize("role", ["participant", "resident", "official", "other_coordinator"])
def test_it_refuses_to_create_or_publish_for_others(client, people, roles, role):
    process = ProcessFactory(city=roles.city, status="draft")
    sign_in(client, people[role])
    assert client.post(_create_url(roles.city), _data()).status_code == 403
    assert client.post(f"/en/decisions/{process.slug}/publish/").status_code == 403
    assert Process.objects.count() == 1
    process.refresh_from_db()
    assert process.status == "draft"


# --- Creating ---------------------------------------------------------------------------


def test_it_creates_a_draft_in_the_language_being_written(client, roles):
    district = DistrictFactory(city=roles.city, name="Navigli")
    client.force_login(roles.coordinator)
    response = client.post(
        _create_url(roles.city, "fr"), _data(lang="fr", district=str(district.pk))
    )
    process = Process.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _edit_url(process, "fr")
    assert process.status == "draft"
    assert process.city == roles.city
    assert process.district == district
    assert process.title.to_json() == {"fr": "Des rues plus vertes", "_original": "fr"}
    assert process.support_threshold == 50
    assert [p.kind for p in process.phase_list()] == ["proposals", "supports"]
    assert [c.name.to_json() for c in process.categories.all()] == [
        {"fr": "Arbres", "_original": "fr"},
        {"fr": "Places", "_original": "fr"},
    ]
    assert process.created_by == roles.coordinator


def test_it_reads_the_phase_times_in_the_site_time_zone(client, roles):
    client.force_login(roles.admin)
    client.post(_create_url(roles.city), _data())
    phase = Process.objects.get().phase("proposals")
    local = timezone.localtime(phase.starts_at)
    assert (local.hour, local.minute) == (9, 0)
    assert local.strftime(FORMAT) == _day(1)


def test_it_shows_a_phase_overlap_on_the_phase_that_starts_too_early(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(_create_url(roles.city), _data(supports_starts=_day(10)))
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_supports_starts_error"' in content
    assert "must start after the proposals phase ends" in content
    assert 'value="Des rues plus vertes"' in content
    assert not Process.objects.exists()


def test_it_shows_an_end_before_the_start_on_the_end(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(_create_url(roles.city), _data(proposals_ends=_day(0)))
    assert response.status_code == 400
    assert 'id="id_proposals_ends_error"' in response.content.decode()
    assert not Process.objects.exists()


def test_it_asks_for_both_dates_of_a_phase(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(_create_url(roles.city), _data(voting_starts=_day(60)))
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_voting_starts_error"' in content
    assert "Give both a start and an end, or neither." in content
    assert not Process.objects.exists()


def test_it_asks_for_at_least_one_phase(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(
        _create_url(roles.city),
        _data(proposals_starts="", proposals_ends="", supports_starts="", supports_ends=""),
    )
    assert response.status_code == 400
    assert response.context["phases"].non_field_errors() == [
        "Give the dates of at least one phase."
    ]
    assert not Process.objects.exists()


def test_it_refuses_a_district_of_another_city(client, roles):
    other = DistrictFactory(city=roles.other_city)
    client.force_login(roles.coordinator)
    response = client.post(_create_url(roles.city), _data(district=str(other.pk)))
    assert response.status_code == 400
    assert 'id="id_district_error"' in response.content.decode()
    assert not Process.objects.exists()


def test_it_asks_for_a_title(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(_create_url(roles.city), _data(title=""))
    assert response.status_code == 400
    assert 'id="id_title_error"' in response.content.decode()
    assert not Process.objects.exists()


# --- Editing ------------------------------------------------------------------------------


def test_it_adds_a_translation_and_keeps_the_original(client, roles):
    process = ProcessFactory(city=roles.city, status="draft")
    original = process.title.get("en")
    client.force_login(roles.coordinator)
    form = client.get(_edit_url(process, "fr"))
    assert form.status_code == 200
    assert 'lang="fr"' in form.content.decode()
    response = client.post(
        _edit_url(process, "fr"),
        _data(lang="fr", title="Notre quartier", description="", categories=""),
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title.to_json() == {"en": original, "fr": "Notre quartier", "_original": "en"}
    assert process.description.get("en")  # the English description is kept


def test_it_shows_the_current_phases_and_replaces_them(client, roles):
    process = ProcessFactory(city=roles.city, status="draft", phase="proposals")
    client.force_login(roles.coordinator)
    form = client.get(_edit_url(process))
    phase = process.phase("voting")
    shown = timezone.localtime(phase.starts_at).strftime(FORMAT)
    assert f'name="voting_starts" value="{shown}"' in form.content.decode()
    response = client.post(_edit_url(process), _data(title="Our neighbourhood", categories=""))
    assert response.status_code == 302
    assert [p.kind for p in process.phases.order_by("starts_at")] == ["proposals", "supports"]


def test_it_adds_categories_without_repeating_the_existing_ones(client, roles):
    process = ProcessFactory(city=roles.city, status="draft")
    CategoryFactory(process=process, name={"en": "Trees", "_original": "en"})
    client.force_login(roles.coordinator)
    assert "existing ones: Trees." in client.get(_edit_url(process)).content.decode()
    client.post(_edit_url(process), _data(title="Our streets", categories="trees\nBenches"))
    assert sorted(str(c.name) for c in Category.objects.filter(process=process)) == [
        "Benches",
        "Trees",
    ]


# --- Publishing ---------------------------------------------------------------------------


def test_it_publishes_a_draft(client, roles):
    process = ProcessFactory(city=roles.city, status="draft")
    client.force_login(roles.coordinator)
    assert f'action="/en/decisions/{process.slug}/publish/"' in (
        client.get(_edit_url(process)).content.decode()
    )
    response = client.post(f"/en/decisions/{process.slug}/publish/")
    assert response.status_code == 302
    assert response["Location"] == f"/en/decisions/{process.slug}/"
    process.refresh_from_db()
    assert process.status == "published"


def test_it_refuses_to_publish_a_process_without_dates(client, roles):
    process = ProcessFactory(city=roles.city, status="draft")
    process.phases.all().delete()
    client.force_login(roles.coordinator)
    response = client.post(f"/en/decisions/{process.slug}/publish/", follow=True)
    assert "Give the dates of at least one phase before publishing." in (response.content.decode())
    process.refresh_from_db()
    assert process.status == "draft"


def test_publishing_is_a_post(client, roles):
    process = ProcessFactory(city=roles.city, status="draft")
    client.force_login(roles.coordinator)
    assert client.get(f"/en/decisions/{process.slug}/publish/").status_code == 405


# --- Districts -----------------------------------------------------------------------------


def test_it_adds_a_district(client, roles):
    DistrictFactory(city=roles.other_city, name="Presqu'île")
    client.force_login(roles.coordinator)
    url = f"/en/decisions/manage/{roles.city.slug}/districts/"
    response = client.post(url, {"name": "Porta Romana"})
    assert response.status_code == 302
    district = District.objects.get(city=roles.city)
    assert (district.name, district.slug) == ("Porta Romana", "porta-romana")
    content = client.get(url).content.decode()
    assert "Porta Romana" in content
    assert "Presqu" not in content


def test_it_refuses_a_district_name_twice(client, roles):
    DistrictFactory(city=roles.city, name="Porta Romana")
    client.force_login(roles.coordinator)
    response = client.post(
        f"/en/decisions/manage/{roles.city.slug}/districts/", {"name": "porta romana"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_name_error"' in content
    assert "already has a district with that name" in content
    assert District.objects.filter(city=roles.city).count() == 1
