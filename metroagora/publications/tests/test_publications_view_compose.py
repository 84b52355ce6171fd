"""Writing a publication through its pages: the form, the parts (with and without htmx)."""

import pytest

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.events.models import EventStatus
from metroagora.events.tests.factories import EventFactory
from metroagora.forum.models import DebateStatus
from metroagora.forum.tests.factories import DebateFactory
from metroagora.network.tests.factories import MembershipFactory
from metroagora.practices.tests.factories import PracticeFactory
from metroagora.publications.models import PartKind, Publication, PublicationPart
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    PublicationFactory,
    TextPartFactory,
    en,
    jpeg_upload,
    not_an_image,
)

editor = factories_publications.editor  # a fixture
media_in_tmp = factories_publications.media_in_tmp  # a fixture
network_admin = factories_publications.network_admin  # a fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]
HTMX = {"HTTP_HX_REQUEST": "true"}


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def publication():
    return PublicationFactory(slug="report", title=en("Annual report"))


def compose(publication) -> str:
    return f"/en/publications/{publication.slug}/parts/"


# --- Who may write -----------------------------------------------------------------------


def _person(role: str):
    if role == "participant":
        return UserFactory()
    if role == "moderator":
        return with_two_factor(UserFactory(is_moderator=True))
    user = with_two_factor(UserFactory())
    MembershipFactory(user=user, role="coordinator")
    return user


@pytest.mark.parametrize("role", ["participant", "moderator", "coordinator"])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/en/publications/new/"),
        ("get", "/en/publications/report/edit/"),
        ("get", "/en/publications/report/parts/"),
        ("post", "/en/publications/report/parts/"),
        ("get", "/en/publications/report/versions/"),
        ("post", "/en/publications/report/publish/"),
    ],
)
def test_it_refuses_the_writing_pages_to_others(client, publication, role, method, url):
    client.force_login(_person(role))
    response = getattr(client, method)(url, {"kind": "text", "text-text": "Hi"})
    assert response.status_code == 403
    assert not publication.parts.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, publication):
    response = client.get("/en/publications/report/parts/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["editor", "network_admin"])
def test_it_opens_the_writing_pages_to_editors_and_admins(client, publication, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in ("/en/publications/new/", "/en/publications/report/edit/", compose(publication)):
        assert client.get(url).status_code == 200, url


# --- The publication form --------------------------------------------------------------------


def test_it_creates_a_publication_in_the_language_chosen(client, editor):
    client.force_login(editor)
    response = client.post(
        "/en/publications/new/?lang=fr",
        {
            "lang": "fr",
            "title": "Des villes qui façonnent l'Europe",
            "subtitle": "Ce que nous avons appris",
            "introduction": "Une **introduction**.",
            "cover": jpeg_upload(),
            "cover_alt": "Une place au crépuscule",
        },
    )
    publication = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/publications/{publication.slug}/parts/"
    assert publication.title.original == "fr"
    assert publication.title.get("fr") == "Des villes qui façonnent l'Europe"
    assert publication.cover_alt == "Une place au crépuscule"


def test_it_adds_a_translation_and_keeps_the_original(client, editor, publication):
    client.force_login(editor)
    page = html(client.get("/en/publications/report/edit/?lang=de"))
    assert "You are writing in German" in page
    response = client.post(
        "/en/publications/report/edit/?lang=de",
        {"lang": "de", "title": "Jahresbericht", "subtitle": "", "introduction": ""},
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.title.get("de") == "Jahresbericht"
    assert publication.title.get("en") == "Annual report"
    assert publication.title.original == "en"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "Give the publication a title"),
        ({"cover_alt": ""}, "cover_alt", "Describe the cover image"),
        ({"cover": "not an image"}, "cover", "not a JPEG, PNG or WebP image"),
    ],
)
def test_it_explains_what_is_wrong_with_the_form(client, editor, fields, field, message):
    client.force_login(editor)
    data = {
        "lang": "en",
        "title": "Report",
        "cover": jpeg_upload(),
        "cover_alt": "A photo",
        **fields,
    }
    if data["cover"] == "not an image":
        data["cover"] = not_an_image()
    response = client.post("/en/publications/new/", data)
    assert response.status_code == 400
    assert message in html(response)
    assert f'id="id_{field}_error"' in html(response)
    assert not Publication.objects.exists()


# --- Parts ----------------------------------------------------------------------------------


def test_it_shows_the_parts_and_a_form_for_each_kind(client, editor, publication):
    TextPartFactory(publication=publication, heading=en("Why we wrote it"))
    client.force_login(editor)
    page = html(client.get(compose(publication)))
    assert "Why we wrote it" in page
    for kind in PartKind.values:
        assert f'<input type="hidden" name="kind" value="{kind}">' in page
    assert 'hx-post="/en/publications/report/parts/' in page
    assert 'enctype="multipart/form-data"' in page


def test_it_adds_a_text_part_with_an_image_without_javascript(client, editor, publication):
    client.force_login(editor)
    response = client.post(
        f"{compose(publication)}?lang=en",
        {
            "kind": "text",
            "lang": "en",
            "text-heading": "Three threads",
            "text-text": "Participation is not a single event.",
            "text-image": jpeg_upload(),
            "text-image_alt": "People around a table",
        },
    )
    assert response.status_code == 302
    part = publication.parts.get()
    assert (str(part.heading), part.image_alt) == ("Three threads", "People around a table")
    assert part.image.name.startswith("publications/parts/")


def test_it_adds_a_part_with_htmx_and_answers_with_the_parts(client, editor, publication):
    practice = PracticeFactory(published=True)
    client.force_login(editor)
    response = client.post(
        compose(publication),
        {"kind": "practice", "lang": "en", "practice-practice": practice.pk},
        **HTMX,
    )
    assert response.status_code == 200
    page = html(response)
    assert page.startswith('<div id="composer"')
    assert "Budget participatif des quartiers" in page
    assert 'hx-swap-oob="innerHTML">The part is added.' in page
    assert publication.parts.get().practice == practice


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        (
            "practice",
            lambda: {"practice-practice": PracticeFactory(in_review=True).pk},
            "published practice",
        ),
        ("debate", lambda: {"debate-debate": DebateFactory().pk}, "closed debate"),
        (
            "debate",
            lambda: {"debate-debate": DebateFactory(status=DebateStatus.CLOSED).pk},
            "no conclusions yet",
        ),
        (
            "event",
            lambda: {"event-event": EventFactory(status=EventStatus.DRAFT).pk},
            "published or held event",
        ),
        ("opinion_map", lambda: {}, "Choose an opinion map"),
        ("text", lambda: {"text-heading": "Only a heading"}, "Write the text of this part."),
        (
            "text",
            lambda: {"text-text": "Hello", "text-image": jpeg_upload()},
            "Describe the image",
        ),
        (
            "text",
            lambda: {
                "text-text": "Hello",
                "text-image": not_an_image(),
                "text-image_alt": "A photo",
            },
            "not a JPEG, PNG or WebP image",
        ),
    ],
)
def test_it_explains_a_part_it_cannot_add(client, editor, publication, kind, data, message):
    client.force_login(editor)
    response = client.post(compose(publication), {"kind": kind, "lang": "en", **data()})
    assert response.status_code == 400
    page = html(response)
    assert message in page
    assert f'<details class="pub-add" id="add-{kind}" open>' in page
    assert not publication.parts.exists()
    htmx = client.post(compose(publication), {"kind": kind, "lang": "en", **data()}, **HTMX)
    assert htmx.status_code == 200 and message in html(htmx)


def test_it_refuses_an_unknown_kind(client, editor, publication):
    client.force_login(editor)
    response = client.post(compose(publication), {"kind": "video"})
    assert response.status_code == 302
    assert not publication.parts.exists()


def test_it_moves_parts_with_and_without_htmx(client, editor, publication):
    first = TextPartFactory(publication=publication, heading=en("First"))
    second = TextPartFactory(publication=publication, heading=en("Second"))
    client.force_login(editor)
    url = f"/en/publications/report/parts/{second.pk}/move/"
    response = client.post(url, {"direction": "up", "lang": "en"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#part-{second.pk}")
    assert list(publication.parts.order_by("order")) == [second, first]
    response = client.post(url, {"direction": "down"}, **HTMX)
    page = html(response)
    assert response.status_code == 200
    assert page.index("First") < page.index("Second")
    assert "The part is moved down." in page
    assert f'id="part-{second.pk}-up"' in page  # the buttons keep their ids (focus)
    assert list(publication.parts.order_by("order")) == [first, second]


def test_it_removes_a_part(client, editor, publication):
    part = TextPartFactory(publication=publication, heading=en("Gone soon"))
    client.force_login(editor)
    response = client.post(f"/en/publications/report/parts/{part.pk}/remove/", **HTMX)
    assert response.status_code == 200
    assert "The part is removed." in html(response)
    assert not PublicationPart.objects.exists()


def test_it_only_touches_parts_of_this_publication(client, editor, publication):
    other = TextPartFactory()
    client.force_login(editor)
    url = f"/en/publications/report/parts/{other.pk}/remove/"
    assert client.post(url).status_code == 404
    assert client.get(url).status_code in (404, 405)
    assert PublicationPart.objects.filter(pk=other.pk).exists()


def test_it_edits_a_part_in_another_language(client, editor, publication):
    part = TextPartFactory(publication=publication, heading=en("Budgets"), text=en("Residents."))
    client.force_login(editor)
    url = f"/en/publications/report/parts/{part.pk}/"
    assert client.get(f"{url}?lang=fr").status_code == 200
    response = client.post(
        f"{url}?lang=fr", {"lang": "fr", "heading": "Budgets participatifs", "text": "Habitants."}
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.heading.get("fr") == "Budgets participatifs"
    assert part.text.get("en") == "Residents."
