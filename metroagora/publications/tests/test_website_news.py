"""News: the paginated list, a post's page, drafts hidden, and the staff pages where
network admins write about anything and coordinators about their own city."""

import pytest
from django.test import Client
from django.urls import reverse

from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.publications.models import NewsPost
from metroagora.publications.tests.factories_website import (  # noqa: F401 - fixtures
    ROLES,
    NewsPostFactory,
    en,
    fake_png,
    media_in_tmp,
    people,
    png_file,
    sign_in,
)

pytestmark = pytest.mark.django_db


def _post(**overrides):
    data = {
        "lang": "en",
        "title": "Milan opens its participation lab",
        "summary": "A place where residents and the city work on projects together.",
        "body": "## The lab\n\nOpen **every Saturday**.",
        "image_alt": "",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


# --- Public pages -----------------------------------------------------------------------


def test_it_lists_published_news_newest_first_in_pages(client, django_assert_max_num_queries):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for n in range(15):
        NewsPostFactory(
            slug=f"post-{n:02d}",
            title=en(f"Post number {n:02d}"),
            published_at=now - timedelta(days=n + 1),
        )
    NewsPostFactory(title=en("A draft"), draft=True)
    NewsPostFactory(title=en("Scheduled for later"), scheduled=True)
    client.get("/en/news/")  # footer links cached
    with django_assert_max_num_queries(2):
        first = client.get("/en/news/").content.decode()
    assert first.count('class="card news-card"') == 12
    assert first.index("Post number 00") < first.index("Post number 11")
    assert "Page 1 of 2" in first
    second = client.get("/en/news/?page=2").content.decode()
    assert second.count('class="card news-card"') == 3
    assert "Post number 14" in second
    for content in (first, second):
        assert "A draft" not in content
        assert "Scheduled for later" not in content


def test_it_shows_a_news_post(client, media_in_tmp):  # noqa: F811
    NewsPostFactory(
        slug="lab",
        title=en("The lab opens"),
        body=en("**Bold** news<script>x</script>"),
        image=png_file(),
        image_alt="Residents around a table",
    )
    content = client.get("/en/news/lab/").content.decode()
    assert "<h1>The lab opens</h1>" in content
    assert "<strong>Bold</strong> news" in content
    assert "<script>x" not in content
    assert 'alt="Residents around a table"' in content


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_seen_only_by_those_who_write_them(client, people, roles, role):  # noqa: F811
    NewsPostFactory(slug="milan-draft", city=roles.city, draft=True)
    NewsPostFactory(slug="network-draft", draft=True)
    sign_in(client, people[role])
    milan = client.get("/en/news/milan-draft/").status_code
    network = client.get("/en/news/network-draft/").status_code
    assert milan == (200 if role in {"admin", "coordinator"} else 404)
    assert network == (200 if role == "admin" else 404)
    listing = client.get("/en/news/").content.decode()
    assert ("Drafts and scheduled posts" in listing) is (role in {"admin", "coordinator"})
    assert ("/en/news/network-draft/" in listing) is (role == "admin")


def test_it_returns_404_for_an_unknown_post(client):
    assert client.get("/en/news/nothing-here/").status_code == 404


# --- Staff pages, per role --------------------------------------------------------------


CAN_WRITE = {"admin", "coordinator", "other_coordinator"}


@pytest.mark.parametrize("role", ROLES)
def test_admins_and_coordinators_may_write_news(client, people, roles, role):  # noqa: F811
    sign_in(client, people[role])
    url = reverse("publications:news_create")
    expected = 302 if role == "anonymous" else (200 if role in CAN_WRITE else 403)
    assert client.get(url).status_code == expected
    city = roles.other_city if role == "other_coordinator" else roles.city
    response = client.post(url, _post(city=str(city.pk)))
    assert response.status_code == (302 if role in CAN_WRITE | {"anonymous"} else 403)
    assert NewsPost.objects.exists() is (role in CAN_WRITE)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_citys_coordinators_and_admins_edit_and_publish_its_news(
    client,
    people,  # noqa: F811
    roles,  # noqa: F811
    role,
):
    post = NewsPostFactory(slug="milan-news", city=roles.city, draft=True)
    sign_in(client, people[role])
    allowed = role in {"admin", "coordinator"}
    edit = reverse("publications:news_edit", kwargs={"slug": post.slug})
    expected = 302 if role == "anonymous" else (200 if allowed else 403)
    assert client.get(edit).status_code == expected
    publish = reverse("publications:news_publish", kwargs={"slug": post.slug})
    response = client.post(publish, {"action": "publish"})
    assert response.status_code == (302 if allowed or role == "anonymous" else 403)
    post.refresh_from_db()
    assert post.is_published is allowed


def test_a_coordinator_writes_news_for_their_city_only(client, roles):  # noqa: F811
    client.force_login(roles.coordinator)
    form = client.get(reverse("publications:news_create")).content.decode()
    assert "Milan" in form and "Lyon" not in form and "The whole network" not in form
    response = client.post(
        reverse("publications:news_create"), _post(city=str(roles.other_city.pk))
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    response = client.post(reverse("publications:news_create"), _post())
    assert response.status_code == 400
    assert not NewsPost.objects.exists()
    response = client.post(reverse("publications:news_create"), _post(city=str(roles.city.pk)))
    post = NewsPost.objects.get()
    assert response["Location"] == post.get_absolute_url()
    assert post.city == roles.city and post.author == roles.coordinator
    assert post.published_at is None
    assert post.slug == "milan-opens-its-participation-lab"


def test_an_admin_writes_network_news_and_publishes_it(client, roles):  # noqa: F811
    client.force_login(roles.admin)
    form = client.get(reverse("publications:news_create")).content.decode()
    assert "The whole network" in form
    client.post(reverse("publications:news_create"), _post(city=""))
    post = NewsPost.objects.get()
    assert post.city is None
    reader = Client()
    assert b"Milan opens its participation lab" not in reader.get("/en/news/").content
    client.post(
        reverse("publications:news_publish", kwargs={"slug": post.slug}), {"action": "publish"}
    )
    assert b"Milan opens its participation lab" in reader.get("/en/news/").content
    client.post(
        reverse("publications:news_publish", kwargs={"slug": post.slug}), {"action": "unpublish"}
    )
    post.refresh_from_db()
    assert post.published_at is None


def test_an_image_needs_its_description(client, roles, media_in_tmp):  # noqa: F811
    client.force_login(roles.admin)
    response = client.post(reverse("publications:news_create"), _post(image=png_file()))
    assert response.status_code == 400
    assert "Describe what the image shows" in response.content.decode()
    assert not NewsPost.objects.exists()
    response = client.post(
        reverse("publications:news_create"),
        _post(image=png_file(), image_alt="The lab's open door"),
    )
    assert response.status_code == 302
    post = NewsPost.objects.get()
    assert post.image and post.image_alt == "The lab's open door"


def test_it_refuses_a_file_that_is_not_an_image(client, roles, media_in_tmp):  # noqa: F811
    client.force_login(roles.admin)
    response = client.post(
        reverse("publications:news_create"), _post(image=fake_png(), image_alt="Nothing")
    )
    assert response.status_code == 400
    assert "Upload a valid image." in response.content.decode()
    assert not NewsPost.objects.exists()


def test_an_admin_translates_a_post_and_removes_its_image(client, roles, media_in_tmp):  # noqa: F811
    post = NewsPostFactory(
        slug="lab",
        title=en("The lab opens"),
        summary=en("Summary"),
        body=en("Body"),
        image=png_file(),
        image_alt="A door",
    )
    client.force_login(roles.admin)
    url = reverse("publications:news_edit", kwargs={"slug": "lab"})
    assert "Remove the image" in client.get(url).content.decode()
    response = client.post(
        url,
        _post(
            lang="fr",
            title="Le laboratoire ouvre",
            summary="Résumé",
            body="Texte",
            city="",
            image_alt="A door",
            remove_image="on",
        ),
    )
    assert response.status_code == 302, response.content.decode()
    post.refresh_from_db()
    assert post.title.to_json() == {
        "en": "The lab opens",
        "fr": "Le laboratoire ouvre",
        "_original": "en",
    }
    assert not post.image and post.image_alt == ""
    content = client.get("/fr/news/lab/").content.decode()
    assert "<h1>Le laboratoire ouvre</h1>" in content
