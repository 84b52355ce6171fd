"""Publications with their PDFs, news, videos with captions: never a draft, bad input."""

import pytest
from django.core.files.base import ContentFile

from metroagora.api.tests.conftest import assert_error_body
from metroagora.events.tests.factories import EventFactory
from metroagora.network.tests.factories import CityFactory
from metroagora.publications.tests import factories_publications
from metroagora.publications.tests.factories_publications import (
    FAKE_PDF,
    PublicationFactory,
    VersionFactory,
)
from metroagora.publications.tests.factories_videos import VTT_FR, TrackFactory, VideoFactory
from metroagora.publications.tests.factories_website import NewsPostFactory, png_file

media_in_tmp = factories_publications.media_in_tmp  # a fixture

pytestmark = pytest.mark.usefixtures("media_in_tmp")


def slugs(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


# --- Publications ----------------------------------------------------------------------


def published_publication(**kwargs):
    publication = PublicationFactory(published=True, translated=True, **kwargs)
    VersionFactory(publication=publication, language="en", published=True)
    VersionFactory(publication=publication, language="fr", published=True)
    return publication


def test_it_lists_publications_in_queries_that_do_not_grow_with_the_rows(
    client, db, django_assert_num_queries
):
    for _n in range(3):
        published_publication()
    with django_assert_num_queries(3):
        assert client.get("/api/v1/publications?limit=50").json()["count"] == 3
    for _n in range(27):
        published_publication()
    with django_assert_num_queries(3):
        data = client.get("/api/v1/publications?limit=50").json()
    assert data["count"] == 30
    assert [d["language"] for d in data["results"][0]["downloads"]] == ["en", "fr"]


def test_it_lists_only_published_publications_and_their_published_pdfs(client, db):
    publication = PublicationFactory(slug="report", published=True, translated=True)
    VersionFactory(publication=publication, number=1, language="en")  # rendered, not offered
    VersionFactory(publication=publication, number=2, language="en", published=True)
    VersionFactory(publication=publication, number=2, language="fr", status="failed", pdf="")
    VersionFactory(publication=publication, number=1, language="de", published=True, pdf="")
    draft = PublicationFactory(slug="draft")
    VersionFactory(publication=draft, published=True)
    data = client.get("/api/v1/publications").json()
    assert [p["slug"] for p in data["results"]] == ["report"]
    report = data["results"][0]
    assert report["languages"] == ["en", "fr"]
    assert report["title"]["translations"].keys() == {"en", "fr"}
    assert report["downloads"] == [
        {
            "language": "en",
            "version": 2,
            "pages": 3,
            "url": "http://testserver/en/publications/report/pdf/en/",
        }
    ]
    assert report["cover"] is None
    pdf = client.get(report["downloads"][0]["url"])
    assert b"".join(pdf.streaming_content) == FAKE_PDF


def test_it_filters_publications_by_the_language_of_a_pdf(client, db):
    published_publication(slug="both")
    english_only = PublicationFactory(slug="english-only", published=True)
    VersionFactory(publication=english_only, language="en", published=True)
    VersionFactory(publication=english_only, number=2, language="fr")  # not offered
    assert sorted(slugs(client, "/api/v1/publications?language=en")) == ["both", "english-only"]
    assert slugs(client, "/api/v1/publications?language=fr") == ["both"]
    assert slugs(client, "/api/v1/publications?language=pl") == []


def test_it_gives_a_publication_with_the_size_of_each_pdf(client, db):
    publication = published_publication(slug="report")
    publication.cover.save("cover.png", ContentFile(png_file().read()), save=True)
    data = client.get("/api/v1/publications/report", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["title"]["lang"] == "fr" and data["title"]["text"].startswith("Rapport")
    assert data["introduction"]["original"] == "en"
    assert {d["size"] for d in data["downloads"]} == {len(FAKE_PDF)}
    assert data["cover"] == "http://testserver/fr/publications/report/cover/"


def test_a_draft_publication_is_a_404(client, db):
    draft = PublicationFactory(slug="draft", translated=True)
    VersionFactory(publication=draft, published=True)
    data = assert_error_body(client.get("/api/v1/publications/draft"), 404)
    assert "GET /api/v1/publications" in data["detail"]
    assert_error_body(client.get("/api/v1/publications/nothing"), 404)


# --- News ------------------------------------------------------------------------------


def test_it_lists_news_in_queries_that_do_not_grow_with_the_rows(
    client, db, django_assert_num_queries
):
    lyon = CityFactory(slug="lyon")
    for _n in range(3):
        NewsPostFactory(city=lyon)
    with django_assert_num_queries(2):
        assert client.get("/api/v1/news?limit=50").json()["count"] == 3
    for _n in range(27):
        NewsPostFactory(city=lyon)
    with django_assert_num_queries(2):
        data = client.get("/api/v1/news?limit=50").json()
    assert data["count"] == 30
    assert data["results"][0]["city"] == {"slug": "lyon", "name": str(lyon.name)}


def test_it_lists_published_news_only_and_filters_by_city(client, db):
    lyon = CityFactory(slug="lyon")
    NewsPostFactory(slug="network-news")
    NewsPostFactory(slug="lyon-news", city=lyon)
    NewsPostFactory(slug="a-draft", draft=True)
    NewsPostFactory(slug="for-later", scheduled=True)
    assert sorted(slugs(client, "/api/v1/news")) == ["lyon-news", "network-news"]
    assert slugs(client, "/api/v1/news?city=lyon") == ["lyon-news"]
    for slug in ("a-draft", "for-later", "nothing"):
        assert_error_body(client.get(f"/api/v1/news/{slug}"), 404)


def test_it_gives_a_news_post_with_its_text_and_image(client, db):
    post = NewsPostFactory(slug="joint-project", image=png_file(), image_alt="Two mayors")
    data = client.get("/api/v1/news/joint-project").json()
    assert data["body"]["text"].startswith("The **whole story**")
    assert data["image"] == f"http://testserver{post.image.url}"
    assert data["image_alt"] == "Two mayors" and data["city"] is None


# --- Videos ----------------------------------------------------------------------------


def test_it_lists_videos_in_queries_that_do_not_grow_with_the_rows(
    client, db, django_assert_num_queries
):
    event = EventFactory(slug="forum")

    def videos(count: int) -> None:
        for _n in range(count):
            video = VideoFactory(event=event)
            TrackFactory(video=video)
            TrackFactory(video=video, language="fr", file=ContentFile(VTT_FR.encode(), "fr.vtt"))

    videos(3)
    with django_assert_num_queries(3):
        assert client.get("/api/v1/videos?limit=50").json()["count"] == 3
    videos(27)
    with django_assert_num_queries(3):
        data = client.get("/api/v1/videos?limit=50").json()
    assert data["count"] == 30
    assert [t["language"] for t in data["results"][0]["tracks"]] == ["en", "fr"]
    assert data["results"][0]["event"]["slug"] == "forum"


def test_it_lists_published_videos_only_with_filters(client, db):
    forum = EventFactory(slug="forum")
    VideoFactory(slug="talk", event=forum, languages=["it"])
    TrackFactory(video=VideoFactory(slug="captioned"), language="fr")
    VideoFactory(slug="draft", published=False)
    VideoFactory(slug="of-a-draft-event", event=EventFactory(slug="secret", status="draft"))
    assert sorted(slugs(client, "/api/v1/videos")) == ["captioned", "of-a-draft-event", "talk"]
    assert slugs(client, "/api/v1/videos?event=forum") == ["talk"]
    assert slugs(client, "/api/v1/videos?event=secret") == []
    assert slugs(client, "/api/v1/videos?language=it") == ["talk"]
    assert slugs(client, "/api/v1/videos?language=fr") == ["captioned"]
    hidden = client.get("/api/v1/videos/of-a-draft-event").json()
    assert hidden["event"] is None
    assert_error_body(client.get("/api/v1/videos/draft"), 404)
    assert_error_body(client.get("/api/v1/videos/nothing"), 404)


def test_it_gives_a_video_with_a_caption_file_per_language(client, db):
    video = VideoFactory(slug="talk", uploaded=True)
    TrackFactory(video=video, language="en", kind="subtitles")
    TrackFactory(video=video, language="en", kind="captions")
    TrackFactory(video=video, language="fr", file=ContentFile(VTT_FR.encode(), "fr.vtt"))
    data = client.get("/api/v1/videos/talk").json()
    assert data["tracks"] == [
        {
            "language": "en",
            "kind": "captions",
            "cues": 2,
            "url": "http://testserver/en/videos/talk/captions/en.vtt",
        },
        {
            "language": "fr",
            "kind": "captions",
            "cues": 2,
            "url": "http://testserver/en/videos/talk/captions/fr.vtt",
        },
    ]
    assert data["video_url"] == "http://testserver/en/videos/talk/file"
    assert data["embed_url"] is None and data["description"]["original"] == "en"
    assert client.get(data["tracks"][1]["url"]).content.decode() == VTT_FR


def test_a_linked_video_gives_its_address_and_its_privacy_friendly_player(client, db):
    VideoFactory(slug="linked")
    data = client.get("/api/v1/videos/linked").json()
    assert data["video_url"] == "https://www.youtube.com/watch?v=abcdefghijk"
    assert data["embed_url"] == "https://www.youtube-nocookie.com/embed/abcdefghijk"
    assert data["source"] == "youtube" and data["tracks"] == []


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, field",
    [
        ("/api/v1/publications?limit=1000", "limit"),
        ("/api/v1/publications?language=English", "language"),
        ("/api/v1/publications?status=draft", "status"),
        ("/api/v1/publications/bad%20slug", "slug"),
        ("/api/v1/news?limit=101", "limit"),
        ("/api/v1/news?offset=-3", "offset"),
        ("/api/v1/news?city=%00", "city"),
        ("/api/v1/news?draft=true", "draft"),
        ("/api/v1/news/some-post?lang=fr", "lang"),
        ("/api/v1/videos?limit=ten", "limit"),
        ("/api/v1/videos?language=x", "language"),
        ("/api/v1/videos?event=a/b", "event"),
        ("/api/v1/videos?published=false", "published"),
        ("/api/v1/videos/" + "v" * 101, "slug"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, db, path, field):
    data = assert_error_body(client.get(path), 422)
    assert field in [e["loc"][-1] for e in data["errors"]], data


def test_publication_reads_are_rate_limited(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api.read": "2/m"}
    assert client.get("/api/v1/publications").status_code == 200
    assert client.get("/api/v1/news").status_code == 200
    assert_error_body(client.get("/api/v1/videos"), 429)


@pytest.mark.parametrize("path", ["/api/v1/publications", "/api/v1/news", "/api/v1/videos"])
def test_lists_accept_no_other_method(client, db, path):
    assert_error_body(client.post(path, {}), 405)
