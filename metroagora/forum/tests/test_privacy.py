"""A person's Forum data: export, and erase (answered contributions stay anonymous)."""

import pytest

from metroagora.accounts.tests.factories import UserFactory
from metroagora.forum import privacy
from metroagora.forum.models import (
    Contribution,
    ContributionRevision,
    Follow,
    ForumPreferences,
    ModerationLogEntry,
    Notification,
    Reaction,
    Report,
    UserBlock,
    Visibility,
)
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory()


@pytest.fixture
def other():
    return UserFactory()


def test_it_exports_contributions_with_earlier_versions_and_the_rest(person, other):
    debate = DebateFactory(created_by=person)
    mine = ContributionFactory(debate=debate, author=person, text="Now")
    ContributionRevision.objects.create(contribution=mine, text="Before", stance="for")
    theirs = ContributionFactory(debate=debate, author=other)
    Reaction.objects.create(contribution=theirs, user=person)
    Report.objects.create(contribution=theirs, reporter=person, reason="Spam")
    Follow.objects.create(user=person, contribution=theirs)
    Notification.objects.create(user=person, kind="reply", debate=debate, contribution=theirs)
    ForumPreferences.objects.create(user=person, digest="off")
    UserBlock.objects.create(user=person, reason="Insults", blocked_by=other)
    data = privacy.export_personal_data(person)
    (contribution,) = data["contributions"]
    assert contribution["text"] == "Now"
    assert contribution["earlier_versions"][0]["text"] == "Before"
    assert data["agreements"][0]["contribution"] == theirs.pk
    assert data["reports"][0]["reason"] == "Spam"
    assert data["follows"][0]["contribution"] == theirs.pk
    assert data["notifications"][0]["kind"] == "reply"
    assert data["email_digest"] == "off"
    assert data["blocked"]["reason"] == "Insults"
    assert data["debates_opened"] == [debate.slug]


def test_contributions_others_answered_stay_without_author_and_history(person, other):
    answered = ContributionFactory(author=person, text="Keep me")
    ContributionRevision.objects.create(contribution=answered, text="Old words", stance="for")
    reply = ContributionFactory(parent=answered, author=other)
    privacy.erase_personal_data(person)
    answered.refresh_from_db()
    assert (answered.author, answered.text) == (None, "Keep me")
    assert not answered.revisions.exists()
    reply.refresh_from_db()
    assert reply.parent == answered and reply.author == other


def test_contributions_nobody_else_answered_are_deleted_from_the_leaves_up(person, other):
    alone = ContributionFactory(author=person)
    talking_to_myself = ContributionFactory(author=person)
    my_answer = ContributionFactory(parent=talking_to_myself, author=person)
    theirs = ContributionFactory(author=other)
    my_reply = ContributionFactory(parent=theirs, author=person)
    hidden = ContributionFactory(parent=theirs, author=person, visibility=Visibility.PENDING)
    # As the services count: the reply held for review is not in the reply count.
    Contribution.objects.filter(pk=theirs.pk).update(reply_count=1)
    privacy.erase_personal_data(person)
    gone = [alone.pk, talking_to_myself.pk, my_answer.pk, my_reply.pk, hidden.pk]
    assert not Contribution.objects.filter(pk__in=gone).exists()
    theirs.refresh_from_db()
    assert theirs.reply_count == 0


def test_agreements_go_and_the_counts_shown_stay(person, other):
    theirs = ContributionFactory(author=other, agree_count=1)
    Reaction.objects.create(contribution=theirs, user=person)
    privacy.erase_personal_data(person)
    theirs.refresh_from_db()
    assert theirs.agree_count == 1
    assert not Reaction.objects.exists()


def test_follows_settings_notifications_and_blocks_go_and_logs_are_unlinked(person, other):
    theirs = ContributionFactory(author=other)
    debate = DebateFactory(created_by=person)
    Follow.objects.create(user=person, debate=debate)
    Notification.objects.create(user=person, kind="reply", debate=debate)
    ForumPreferences.objects.create(user=person)
    UserBlock.objects.create(user=person, reason="Insults", blocked_by=other)
    their_block = UserBlock.objects.create(user=UserFactory(), reason="Spam", blocked_by=person)
    report = Report.objects.create(contribution=theirs, reporter=person, reason="Spam")
    log = ModerationLogEntry.objects.create(moderator=person, action="hide", target_user=other)
    about_me = ModerationLogEntry.objects.create(
        moderator=other, action="block", target_user=person
    )
    privacy.erase_personal_data(person)
    for model in (Follow, Notification, ForumPreferences):
        assert not model.objects.filter(user=person).exists()
    assert not UserBlock.objects.filter(user=person).exists()
    their_block.refresh_from_db()
    report.refresh_from_db()
    log.refresh_from_db()
    about_me.refresh_from_db()
    debate.refresh_from_db()
    assert their_block.blocked_by is None
    assert (report.reporter, report.reason) == (None, "Spam")
    assert (log.moderator, log.target_user) == (None, other)
    assert (about_me.moderator, about_me.target_user) == (other, None)
    assert debate.created_by is None
