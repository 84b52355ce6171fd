"""``lean`` leaves out the long columns a list does not show, and keeps those it does."""

import pytest

from metroagora.api.pagination import lean
from metroagora.events.models import Event
from metroagora.practices.models import Practice

pytestmark = pytest.mark.django_db


def test_it_defers_long_columns_not_kept_and_the_joined_description():
    deferred, _ = lean(
        Practice.objects.select_related("city"), "title", "summary"
    ).query.deferred_loading
    assert {"challenge", "actions", "results", "city__description"} <= deferred
    assert not {"title", "summary", "slug", "city__name"} & deferred


def test_it_follows_nested_joins():
    rows = lean(Event.objects.select_related("city", "project"), "title")
    deferred, _ = rows.query.deferred_loading
    assert "city__description" in deferred
    assert "title" not in deferred and "description" in deferred
