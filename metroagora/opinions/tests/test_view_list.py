"""The list of opinion maps: open ones first, closed ones apart, with their sizes."""

from django.urls import reverse

from metroagora.opinions.models import StatementStatus
from metroagora.opinions.tests.factories import OpinionMapFactory, StatementFactory


def test_it_lists_open_and_closed_maps_apart(client, db):
    open_map = OpinionMapFactory(title={"en": "Open question", "_original": "en"})
    closed = OpinionMapFactory(title={"en": "Closed question", "_original": "en"}, status="closed")
    content = client.get(reverse("opinions:list")).content.decode()
    open_part, closed_part = content.split("<h2>Closed</h2>")
    assert "Open question" in open_part
    assert open_map.get_absolute_url() in open_part
    assert "Closed question" in closed_part
    assert closed.get_absolute_url() in closed_part


def test_it_counts_only_shown_statements(client, db):
    opinion_map = OpinionMapFactory()
    for status in (StatementStatus.VISIBLE, StatementStatus.VISIBLE, StatementStatus.PENDING):
        StatementFactory(opinion_map=opinion_map, status=status)
    StatementFactory(opinion_map=opinion_map, status=StatementStatus.REJECTED)
    content = client.get(reverse("opinions:list")).content.decode()
    assert "2 statements" in content


def test_it_says_when_no_map_is_open(client, db):
    OpinionMapFactory(status="closed")
    assert (
        "No opinion map is open right now." in client.get(reverse("opinions:list")).content.decode()
    )
