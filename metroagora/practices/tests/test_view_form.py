"""Writing a practice: create and edit, one language at a time, save or submit."""

import re

import pytest

from metroagora.events.models import Topic
from metroagora.practices.models import REQUIRED_SECTIONS, Practice, PracticeStatus
from metroagora.practices.tests.conftest import ROLES, sign_in
from metroagora.practices.tests.factories import PracticeFactory

CREATE = "/en/practices/new/"
WRITERS = {"coordinator", "other_coordinator", "editor", "admin"}
COMPLETE = {
    "title": "Budget participatif des quartiers",
    "summary": "Les habitants décident de 5 % du budget.",
    "challenge": "La participation baissait.",
    "actions": "Un appel à projets et un vote.",
    "results": "De 8 % à 14 % de votants.",
    "success_factors": "Un engagement politique clair.",
    "transferability": "high",
    "transfer_conditions": "Un budget d'investissement voté.",
}


def _edit_url(practice, lang: str = "") -> str:
    return f"/en/practices/{practice.slug}/edit/" + (f"?lang={lang}" if lang else "")


def _browser_data(response) -> dict:
    """What a browser sends back for the form on this page, as it stands."""
    form = response.context["form"]
    data: dict = {"lang": response.context["lang"]}
    for field in form:
        if field.field.disabled:
            continue
        value = field.value()
        if value in (None, [], ""):
            continue
        data[field.name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    return data


def _form_action(response) -> str:
    match = re.search(
        r'<form method="post" class="stacked-form"[^>]*action="([^"]+)"', response.content.decode()
    )
    return match.group(1) if match else response.wsgi_request.get_full_path()


# --- Who may open the form ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_it_opens_the_new_practice_form_to_coordinators_and_editors(client, people, role):
    sign_in(client, people[role])
    response = client.get(CREATE)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
    else:
        assert response.status_code == (200 if role in WRITERS else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("stage", "allowed"),
    [
        ("draft", {"coordinator", "editor", "admin"}),
        ("changes_requested", {"coordinator", "editor", "admin"}),
        ("in_review", {"editor", "admin"}),
        ("published", {"editor", "admin"}),
    ],
)
def test_it_opens_the_edit_form_by_role_and_stage(client, people, roles, role, stage, allowed):
    practice = PracticeFactory(city=roles.city, **{stage: True})
    sign_in(client, people[role])
    response = client.get(_edit_url(practice))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("role", ["participant", "other_coordinator"])
def test_it_refuses_a_posted_edit_and_changes_nothing(client, people, roles, role):
    practice = PracticeFactory(city=roles.city)
    sign_in(client, people[role])
    response = client.post(_edit_url(practice), {"title": "Piraté", "lang": "fr"})
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.title.get("fr") != "Piraté"


def test_it_refuses_a_city_coordinator_edits_once_in_review(client, roles):
    practice = PracticeFactory(city=roles.city, in_review=True)
    client.force_login(roles.coordinator)
    response = client.post(_edit_url(practice), {**COMPLETE, "summary": "Changé", "lang": "fr"})
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.summary.get("fr") != "Changé"


# --- Creating and saving -------------------------------------------------------------------


def test_it_saves_a_new_draft_in_the_language_of_the_page(client, roles):
    client.force_login(roles.coordinator)
    budget = Topic.objects.get(slug="participatory-budgeting")
    form = client.get("/fr/practices/new/")
    assert form.context["lang"] == "fr"
    response = client.post(
        "/fr/practices/new/",
        {
            "city": roles.city.pk,
            "title": "Conseil des jeunes",
            "summary": "Des jeunes de 16 à 25 ans conseillent le maire.",
            "topics": [budget.pk],
            "languages": ["fr", "it"],
            "contact_email": "jeunes@milano.example.it",
            "lang": "fr",
            "save": "1",
        },
    )
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == practice.get_absolute_url().replace("/en/", "/fr/")
    assert (practice.status, practice.city, practice.created_by) == (
        PracticeStatus.DRAFT,
        roles.city,
        roles.coordinator,
    )
    assert practice.title.to_json() == {"fr": "Conseil des jeunes", "_original": "fr"}
    assert practice.slug == "conseil-des-jeunes"
    assert list(practice.topics.all()) == [budget]
    assert practice.languages == ["fr", "it"]


def test_it_refuses_a_draft_without_a_title_and_saves_nothing(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(CREATE, {"city": roles.city.pk, "summary": "Sans titre", "lang": "fr"})
    assert response.status_code == 400
    assert "Give the practice a title" in response.content.decode()
    assert "Sans titre" in response.content.decode()
    assert not Practice.objects.exists()


def test_it_submits_a_complete_practice_for_review(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(CREATE, {"city": roles.city.pk, **COMPLETE, "lang": "fr", "submit": "1"})
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert practice.status == PracticeStatus.IN_REVIEW
    assert practice.reviews.get().verdict == "submitted"


def test_it_lets_an_editor_write_for_any_city(client, roles, editor):
    client.force_login(editor)
    response = client.post(CREATE, {"city": roles.other_city.pk, "title": "Lyon", "lang": "fr"})
    assert response.status_code == 302
    assert Practice.objects.get().city == roles.other_city


# --- A submission that misses sections -------------------------------------------------------


def test_it_keeps_what_was_typed_and_marks_each_missing_section(client, roles):
    client.force_login(roles.coordinator)
    typed = {
        "title": "Assemblée citoyenne sur le climat",
        "summary": "Cent habitants tirés au sort ont proposé 40 mesures.",
        "actions": "Six week-ends de travail avec des experts.",
        "contact_name": "Giulia Rossi",
    }
    response = client.post(CREATE, {"city": roles.city.pk, **typed, "lang": "fr", "submit": "1"})
    assert response.status_code == 400
    content = response.content.decode()
    for text in typed.values():
        assert text in content
    assert "Your draft is saved, but it cannot go to review yet" in content
    missing = {"challenge", "results", "success_factors", "transferability", "transfer_conditions"}
    for name in REQUIRED_SECTIONS:
        has_error = f'id="id_{name}_error"' in content
        assert has_error is (name in missing), name
    assert content.count("Fill in this section before submitting the practice for review.") == 5
    practice = Practice.objects.get()
    assert practice.status == PracticeStatus.DRAFT
    assert practice.title.get("fr") == typed["title"]
    assert practice.actions.get("fr") == typed["actions"]
    assert practice.contact_name == "Giulia Rossi"
    assert not practice.reviews.exists()


def test_it_updates_the_saved_draft_when_the_form_is_sent_again(client, roles):
    """After a refused submission of a new practice, the page now edits the saved draft:
    sending the completed form again must not create a second practice."""
    client.force_login(roles.coordinator)
    first = client.post(
        CREATE, {"city": roles.city.pk, "title": COMPLETE["title"], "lang": "fr", "submit": "1"}
    )
    assert first.status_code == 400
    data = {**_browser_data(first), **COMPLETE, "submit": "1"}
    second = client.post(_form_action(first), data)
    assert second.status_code == 302
    practice = Practice.objects.get()
    assert practice.status == PracticeStatus.IN_REVIEW


def test_it_marks_missing_sections_when_submitting_an_edited_draft(client, roles):
    practice = PracticeFactory(city=roles.city, results={}, transferability="")
    client.force_login(roles.coordinator)
    page = client.get(_edit_url(practice))
    data = {**_browser_data(page), "obstacles": "Un hiver difficile.", "submit": "1"}
    response = client.post(_edit_url(practice), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_results_error"' in content
    assert 'id="id_transferability_error"' in content
    assert 'id="id_summary_error"' not in content
    practice.refresh_from_db()
    assert practice.obstacles.get("fr") == "Un hiver difficile."
    assert practice.status == PracticeStatus.DRAFT


# --- Writing in another language --------------------------------------------------------------


def test_it_writes_a_translation_and_keeps_the_french_text(client, roles):
    practice = PracticeFactory(city=roles.city)
    french = {name: getattr(practice, name).get("fr") for name in ("title", "summary", "results")}
    client.force_login(roles.coordinator)
    page = client.get(_edit_url(practice, "en"))
    assert page.status_code == 200
    assert "You are writing in English" in page.content.decode()
    assert page.context["form"]["summary"].value() in (None, "")  # no French in English fields
    data = {
        **_browser_data(page),
        "title": "Neighbourhood participatory budget",
        "summary": "Residents decide on 5% of the capital budget.",
    }
    response = client.post(_edit_url(practice, "en"), data)
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.title.to_json() == {
        "fr": french["title"],
        "en": "Neighbourhood participatory budget",
        "_original": "fr",
    }
    assert practice.summary.get("fr") == french["summary"]
    assert practice.summary.get("en") == "Residents decide on 5% of the capital budget."
    assert practice.results.to_json() == {"fr": french["results"], "_original": "fr"}
    assert practice.contact_name == "Claire Martin"
    assert practice.transferability == "high"


def test_it_writes_in_the_original_language_when_the_language_is_unknown(client, roles):
    practice = PracticeFactory(city=roles.city)
    client.force_login(roles.coordinator)
    page = client.get(_edit_url(practice, "xx"))
    assert page.context["lang"] == "fr"
    assert page.context["form"]["title"].value() == practice.title.get("fr")


# --- Tampered fields ---------------------------------------------------------------------------


def test_it_refuses_a_city_the_coordinator_does_not_coordinate(client, roles):
    client.force_login(roles.coordinator)
    response = client.post(CREATE, {"city": roles.other_city.pk, "title": "Ailleurs", "lang": "fr"})
    assert response.status_code == 400
    assert response.context["form"].errors["city"]
    assert not Practice.objects.exists()


def test_it_ignores_a_city_posted_when_editing(client, roles):
    practice = PracticeFactory(city=roles.city)
    client.force_login(roles.coordinator)
    data = {**_browser_data(client.get(_edit_url(practice))), "city": roles.other_city.pk}
    assert client.post(_edit_url(practice), data).status_code == 302
    practice.refresh_from_db()
    assert practice.city == roles.city


def test_it_ignores_workflow_fields_in_the_form(client, roles):
    practice = PracticeFactory(city=roles.city)
    client.force_login(roles.coordinator)
    data = {
        **_browser_data(client.get(_edit_url(practice))),
        "status": "published",
        "slug": "hijacked",
        "qa_debate": "1",
    }
    assert client.post(_edit_url(practice), data).status_code == 302
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.DRAFT
    assert practice.slug != "hijacked"
