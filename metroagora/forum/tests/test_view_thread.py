"""A thread's own page: its replies fifty at a time, with and without htmx."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metroagora.accounts.tests.factories import UserFactory
from metroagora.forum.selectors import THREAD_PAGE_SIZE
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _thread(replies: int):
    root = ContributionFactory(debate=DebateFactory(), text="The root of it all")
    author = UserFactory()
    for n in range(replies):
        ContributionFactory(parent=root, author=author, text=f"reply number {n}.")
    return root


def _url(root, page: int | None = None) -> str:
    return f"/en/forum/c/{root.pk}/" + (f"?page={page}" if page else "")


def test_it_shows_the_first_fifty_replies_and_pages_to_the_rest(client):
    root = _thread(THREAD_PAGE_SIZE + 5)
    content = client.get(_url(root)).content.decode()
    assert "The root of it all" in content
    assert f"reply number {THREAD_PAGE_SIZE - 1}." in content
    assert f"reply number {THREAD_PAGE_SIZE}." not in content
    assert "Page 1 of 2" in content
    assert 'href="?page=2"' in content
    second = client.get(_url(root, 2)).content.decode()
    assert f"reply number {THREAD_PAGE_SIZE}." in second
    assert f"reply number {THREAD_PAGE_SIZE + 4}." in second
    assert "reply number 0." not in second
    assert "The root of it all" in second  # the page still says what is answered


def test_a_short_thread_has_no_page_links(client):
    content = client.get(_url(_thread(3))).content.decode()
    assert "reply number 2." in content
    assert "Page 1 of" not in content


def test_htmx_loads_the_first_page_in_place_with_a_link_to_the_next(client):
    root = _thread(THREAD_PAGE_SIZE + 5)
    content = client.get(_url(root), headers=HTMX).content.decode()
    assert "<h1>" not in content
    assert f'id="replies-{root.pk}"' in content
    assert f'hx-get="/en/forum/c/{root.pk}/?page=2"' in content
    assert f'hx-target="#more-replies-{root.pk}"' in content
    assert "Show 5 more replies" in content


def test_htmx_puts_the_next_page_in_place_of_its_link_and_moves_focus_to_it(client):
    root = _thread(THREAD_PAGE_SIZE * 2 + 1)
    content = client.get(_url(root, 2), headers=HTMX).content.decode()
    assert f"reply number {THREAD_PAGE_SIZE}." in content
    assert "reply number 0." not in content and "The root of it all" not in content
    assert 'autofocus aria-label="Replies, page 2 of 3"' in content
    assert f'id="more-replies-{root.pk}"' in content
    assert "Show 1 more reply<" in content
    last = client.get(_url(root, 3), headers=HTMX).content.decode()
    assert "more-replies" not in last


def test_its_queries_do_not_grow_with_the_thread(client):
    counts = []
    for replies in (3, THREAD_PAGE_SIZE * 3):
        root = _thread(replies)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(root, 2)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
