"""The Forum's moderation page lists the opinion maps with statements waiting for review."""

import pytest
from django.urls import reverse

from metroagora.opinions.models import StatementStatus
from metroagora.opinions.tests.factories import OpinionMapFactory, StatementFactory


def _pending_section(content):
    return content.split("Opinion-map statements held for review")[1].split("<h2>")[0]


def test_it_lists_maps_with_pending_statements_and_their_count(client, people):
    busy = OpinionMapFactory(title={"en": "Busy map", "_original": "en"})
    quiet = OpinionMapFactory(title={"en": "Quiet map", "_original": "en"})
    done = OpinionMapFactory(title={"en": "Reviewed map", "_original": "en"})
    for _n in range(3):
        StatementFactory(opinion_map=busy, status=StatementStatus.PENDING)
    StatementFactory(opinion_map=busy)  # shown: not counted
    StatementFactory(opinion_map=quiet, status=StatementStatus.PENDING)
    StatementFactory(opinion_map=done, status=StatementStatus.REJECTED)
    StatementFactory(opinion_map=done)
    client.force_login(people.moderator)
    section = _pending_section(client.get(reverse("forum:moderation")).content.decode())
    busy_link = reverse("opinions:moderate", args=[busy.slug])
    quiet_link = reverse("opinions:moderate", args=[quiet.slug])
    assert f'<a href="{busy_link}">Busy map</a>: 3 statements' in section
    assert f'<a href="{quiet_link}">Quiet map</a>: 1 statement' in section
    assert section.index("Busy map") < section.index("Quiet map")  # most waiting first
    assert "Reviewed map" not in section


def test_it_says_when_no_statement_waits(client, people):
    StatementFactory()
    client.force_login(people.moderator)
    section = _pending_section(client.get(reverse("forum:moderation")).content.decode())
    assert "Nothing is waiting." in section


@pytest.mark.parametrize("role", ["participant", "coordinator"])
def test_it_keeps_the_forum_moderation_page_to_moderators(client, people, role):
    client.force_login(getattr(people, role))
    assert client.get(reverse("forum:moderation")).status_code == 403
