"""A debate's count of visible contributions (``Debate.contribution_count``) stays equal
to its rows through every write: posting, review, moderation, deletion, erasure, the
admin, and the bulk generators' recount."""

import pytest
from django.test import override_settings
from django.urls import reverse

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.forum import privacy, services
from metroagora.forum.models import Contribution, Debate, Visibility
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(with_two_factor(UserFactory(is_superuser=True, is_staff=True)))
    return client


def _post(user, debate, **kw):
    return services.post_contribution(
        user, debate, text="Cities should have a say.", stance="for", language="en", **kw
    )


def _count(debate: Debate) -> int:
    return Debate.objects.values_list("contribution_count", flat=True).get(pk=debate.pk)


def _rows(debate: Debate) -> int:
    return Contribution.objects.filter(debate=debate, visibility=Visibility.VISIBLE).count()


def test_it_counts_posted_contributions_and_replies():
    debate = DebateFactory()
    first = _post(UserFactory(), debate)
    _post(UserFactory(), debate, parent=first)
    assert _count(debate) == _rows(debate) == 2


@override_settings(FORUM_HOLD_FIRST=1)
def test_it_counts_a_held_contribution_only_once_a_moderator_approves_it():
    debate = DebateFactory()
    held = _post(UserFactory(), debate)
    assert held.visibility == Visibility.PENDING
    assert _count(debate) == 0
    services.restore_contribution(UserFactory(is_moderator=True), held)
    assert _count(debate) == _rows(debate) == 1


def test_hiding_takes_it_away_once_and_restoring_counts_it_again():
    debate = DebateFactory()
    contribution = _post(UserFactory(), debate)
    _post(UserFactory(), debate)
    moderator = UserFactory(is_moderator=True)
    stale = Contribution.objects.get(pk=contribution.pk)  # a second moderator's page
    services.hide_contribution(moderator, contribution, reason="Insult")
    services.hide_contribution(moderator, stale, reason="Insult")
    assert _count(debate) == _rows(debate) == 1
    services.restore_contribution(moderator, contribution)
    services.restore_contribution(moderator, stale)
    assert _count(debate) == _rows(debate) == 2


def test_a_contribution_its_author_deletes_is_no_longer_counted():
    debate = DebateFactory()
    author = UserFactory()
    contribution = _post(author, debate)
    services.delete_contribution(author, contribution)
    assert _count(debate) == _rows(debate) == 0


def test_erasing_a_person_takes_away_what_was_deleted_and_keeps_what_others_answered():
    debate = DebateFactory()
    person, other = UserFactory(), UserFactory()
    answered = _post(person, debate)
    _post(other, debate, parent=answered)
    _post(person, debate)
    _post(person, debate, parent=answered)
    assert _count(debate) == 4
    privacy.erase_personal_data(person)
    assert _count(debate) == _rows(debate) == 2


def test_deleting_in_the_admin_recounts_the_debate(admin_client):
    debate = DebateFactory()
    doomed = _post(UserFactory(), debate)
    _post(UserFactory(), debate)
    response = admin_client.post(
        reverse("admin:forum_contribution_delete", args=[doomed.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert _count(debate) == _rows(debate) == 1


def test_the_admin_cannot_change_a_contribution_s_visibility(admin_client):
    contribution = ContributionFactory()
    page = admin_client.get(reverse("admin:forum_contribution_change", args=[contribution.pk]))
    assert page.status_code == 200
    assert 'name="visibility"' not in page.content.decode()


def test_recount_sets_every_debate_from_its_rows():
    debate, empty = DebateFactory(), DebateFactory()
    ContributionFactory.create_batch(3, debate=debate)
    ContributionFactory(debate=debate, visibility=Visibility.HIDDEN)
    Debate.objects.update(contribution_count=99)  # as after a bulk write
    assert services.recount_contributions() == Debate.objects.count()
    assert _count(debate) == 3
    assert _count(empty) == 0


def test_the_factory_counts_like_the_services():
    debate = DebateFactory()
    ContributionFactory.create_batch(2, debate=debate)
    ContributionFactory(debate=debate, visibility=Visibility.PENDING)
    assert _count(debate) == _rows(debate) == 2
