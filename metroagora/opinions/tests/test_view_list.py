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


def test_it_shows_the_participants_of_an_analysed_map_only(
    client, db, django_assert_max_num_queries
):
    OpinionMapFactory(
        title={"en": "Analysed", "_original": "en"},
        analysis={"participants": 37},
        analysed_participants=37,  # as tasks.run_analysis writes them
    )
    OpinionMapFactory(title={"en": "Not yet", "_original": "en"}, analysis={})
    for _n in range(5):
        OpinionMapFactory()
    with django_assert_max_num_queries(3):  # the maps (session and user: none)
        content = client.get(reverse("opinions:list")).content.decode()
    analysed = content.split("Analysed", 1)[1].split("</article>", 1)[0]
    assert "37 participants" in analysed
    assert "participant" not in content.split("Not yet", 1)[1].split("</article>", 1)[0]
