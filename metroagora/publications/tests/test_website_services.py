"""The website's services: permissions, addresses, images and their descriptions, and the
cached footer and home lists forgotten after every write."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from metroagora.network.tests.conftest import roles  # noqa: F401 - the fixture
from metroagora.publications import website_selectors as selectors
from metroagora.publications import website_services as services
from metroagora.publications.tests.factories_website import (  # noqa: F401 - fixtures
    NewsPostFactory,
    PageFactory,
    en,
    fake_png,
    media_in_tmp,
    png_file,
)

pytestmark = pytest.mark.django_db


def _news(actor, **fields):
    values = {"title": en("A title"), "summary": en("A summary."), "body": en("A text.")}
    values.update(fields)
    return services.create_news_post(actor, **values)


def test_it_makes_a_free_address_from_the_title(roles):  # noqa: F811
    first = services.create_page(roles.admin, title=en("About us"), body=en("Text"))
    second = services.create_page(roles.admin, title=en("About us"), body=en("Text"))
    new = services.create_page(roles.admin, title=en("New"), body=en("Text"))
    assert (first.slug, second.slug, new.slug) == ("about-us", "about-us-2", "new-2")
    assert not first.published
    assert _news(roles.admin, title=en("New")).slug == "new-2"


def test_only_network_admins_write_pages(roles):  # noqa: F811
    page = PageFactory()
    for person in (roles.coordinator, roles.moderator, roles.participant):
        with pytest.raises(PermissionDenied):
            services.create_page(person, title=en("x"), body=en("y"))
        with pytest.raises(PermissionDenied):
            services.update_page(person, page, title=en("Changed"))
        with pytest.raises(PermissionDenied):
            services.unpublish_page(person, page)
    page.refresh_from_db()
    assert page.published and page.title.get("en") != "Changed"


def test_update_page_refuses_unknown_fields(roles):  # noqa: F811
    with pytest.raises(TypeError):
        services.update_page(roles.admin, PageFactory(), slug="elsewhere")


def test_publishing_twice_changes_nothing(roles):  # noqa: F811
    page = PageFactory(draft=True)
    services.publish_page(roles.admin, page)
    services.publish_page(roles.admin, page)
    page.refresh_from_db()
    assert page.published
    post = NewsPostFactory(draft=True)
    first = services.publish_news_post(roles.admin, post).published_at
    assert services.publish_news_post(roles.admin, post).published_at == first


def test_a_coordinator_writes_news_for_their_city_only(roles):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        _news(roles.coordinator)
    assert "city" in error.value.error_dict
    with pytest.raises(PermissionDenied):
        _news(roles.coordinator, city=roles.other_city)
    post = _news(roles.coordinator, city=roles.city)
    assert post.author == roles.coordinator
    with pytest.raises(PermissionDenied):
        services.update_news_post(roles.other_coordinator, post, title=en("Mine now"))
    with pytest.raises(PermissionDenied):
        services.update_news_post(roles.coordinator, post, city=roles.other_city)
    with pytest.raises(ValidationError):
        services.update_news_post(roles.coordinator, post, city=None)


def test_an_image_must_be_a_real_picture_and_described(roles, media_in_tmp):  # noqa: F811
    with pytest.raises(ValidationError) as error:
        _news(roles.admin, image=png_file())
    assert "image_alt" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        _news(roles.admin, image=fake_png(), image_alt="A square")
    assert "image" in error.value.error_dict
    huge = SimpleUploadedFile("big.png", b"0" * (services.MAX_IMAGE_BYTES + 1), "image/png")
    with pytest.raises(ValidationError) as error:
        _news(roles.admin, image=huge, image_alt="Big")
    assert "10 MB" in error.value.messages[0]
    post = _news(roles.admin, image=png_file(), image_alt=" A blue square ")
    assert post.image.name.startswith("news/") and post.image_alt == "A blue square"
    with pytest.raises(ValidationError):
        services.update_news_post(roles.admin, post, image_alt="")
    post = services.update_news_post(roles.admin, post, remove_image=True)
    assert not post.image and post.image_alt == ""


def test_the_author_may_have_left(roles):  # noqa: F811
    post = NewsPostFactory(author=None)
    post = services.update_news_post(roles.admin, post, title=en("Still editable"))
    assert post.title.get("en") == "Still editable"


def test_writes_forget_the_cached_footer_and_home_lists(roles):  # noqa: F811
    page = PageFactory(title=en("About"))
    assert [link.title for link in selectors.footer_links("en")] == ["About"]
    selectors.home_lists()
    assert cache.get(selectors.HOME_LISTS_KEY) is not None
    services.update_page(roles.admin, page, title=en("About the network"))
    assert cache.get(selectors.HOME_LISTS_KEY) is None
    assert [link.title for link in selectors.footer_links("en")] == ["About the network"]
    services.unpublish_page(roles.admin, page)
    assert selectors.footer_links("en") == []
