"""Every write to the Forum: posting, editing, reacting, reporting, moderating."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from metroagora.accounts.tests.factories import UserFactory
from metroagora.forum import services
from metroagora.forum.models import (
    MAX_DEPTH,
    MAX_LENGTH,
    Contribution,
    ContributionRevision,
    ContributionTranslation,
    DebateStatus,
    ModerationAction,
    ModerationLogEntry,
    Reaction,
    Report,
    UserBlock,
    Visibility,
)
from metroagora.forum.tests.factories import ContributionFactory, DebateFactory
from metroagora.network.tests.factories import CityFactory, MembershipFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture
def debate(db):
    return DebateFactory()


@pytest.fixture
def author(db):
    return UserFactory()


@pytest.fixture
def moderator(db):
    return UserFactory(is_moderator=True)


def _post(user, debate, text="Cities should have a say.", stance="for", language="en", **kw):
    return services.post_contribution(
        user, debate, text=text, stance=stance, language=language, **kw
    )


def _reload(obj):
    obj.refresh_from_db()
    return obj


def _code(error: ValidationError) -> str | None:
    if hasattr(error, "error_dict"):
        return next(iter(error.error_dict.values()))[0].code
    return error.code


# --- Posting ---------------------------------------------------------------------


def test_it_posts_a_top_level_contribution_that_is_its_own_root(debate, author):
    contribution = _post(author, debate, text="  Cities first.  ", stance="against", language="it")
    contribution = _reload(contribution)
    assert contribution.root_id == contribution.pk
    assert contribution.parent_id is None
    assert contribution.depth == 0
    assert contribution.text == "Cities first."
    assert contribution.stance == "against"
    assert contribution.language == "it"
    assert contribution.visibility == Visibility.VISIBLE
    assert contribution.is_official is False
    assert (contribution.reply_count, contribution.agree_count) == (0, 0)


def test_it_posts_replies_in_the_thread_of_their_root(debate, author):
    top = _post(author, debate)
    reply = _post(UserFactory(), debate, parent=top, stance="neutral")
    answer = _post(author, debate, parent=reply, stance="against")
    assert (reply.parent_id, reply.root_id, reply.depth) == (top.pk, top.pk, 1)
    assert (answer.parent_id, answer.root_id, answer.depth) == (reply.pk, top.pk, 2)
    assert _reload(top).reply_count == 1
    assert _reload(reply).reply_count == 1
    assert _reload(answer).reply_count == 0
    assert set(top.thread.values_list("pk", flat=True)) == {top.pk, reply.pk, answer.pk}


def test_it_attaches_a_reply_to_the_deepest_level_to_its_parents_level(debate, author):
    chain = [_post(author, debate)]
    for _level in range(1, MAX_DEPTH):
        chain.append(_post(author, debate, parent=chain[-1]))
    deepest = chain[-1]
    assert deepest.depth == MAX_DEPTH - 1
    reply = _post(UserFactory(), debate, parent=deepest)
    assert reply.depth == MAX_DEPTH - 1
    assert reply.parent_id == deepest.parent_id
    assert reply.root_id == chain[0].pk
    assert _reload(deepest).reply_count == 0
    assert _reload(chain[-2]).reply_count == 2
    assert Contribution.objects.filter(depth__gte=MAX_DEPTH).count() == 0


def test_it_counts_replies_made_at_once(debate, author):
    top = _post(author, debate)
    for _i in range(3):
        _post(UserFactory(), debate, parent=top)
    assert _reload(top).reply_count == 3


@pytest.mark.parametrize("text", ["", "   \n  ", None])
def test_it_refuses_an_empty_contribution(debate, author, text):
    with pytest.raises(ValidationError) as error:
        _post(author, debate, text=text)
    assert _code(error.value) == "empty"
    assert not Contribution.objects.exists()


def test_it_refuses_an_over_long_contribution_but_takes_the_maximum(debate, author):
    with pytest.raises(ValidationError) as error:
        _post(author, debate, text="x" * (MAX_LENGTH + 1))
    assert _code(error.value) == "too_long"
    assert _post(author, debate, text="x" * MAX_LENGTH).text == "x" * MAX_LENGTH


def test_it_refuses_contributions_to_a_closed_debate(db, author):
    debate = DebateFactory(status=DebateStatus.CLOSED)
    with pytest.raises(ValidationError) as error:
        _post(author, debate)
    assert _code(error.value) == "closed"


def test_it_refuses_replies_once_the_debate_is_closed(debate, author):
    top = _post(author, debate)
    debate.status = DebateStatus.CLOSED
    debate.save()
    with pytest.raises(ValidationError):
        _post(UserFactory(), debate, parent=top)
    assert _reload(top).reply_count == 0


@pytest.mark.parametrize("visibility", [Visibility.HIDDEN, Visibility.DELETED, Visibility.PENDING])
def test_it_refuses_replies_to_contributions_not_shown(debate, author, visibility):
    parent = ContributionFactory(debate=debate, visibility=visibility)
    with pytest.raises(ValidationError) as error:
        _post(author, debate, parent=parent)
    assert _code(error.value) == "parent_gone"
    assert _reload(parent).reply_count == 0


def test_it_refuses_a_parent_from_another_debate(debate, author):
    elsewhere = ContributionFactory()
    with pytest.raises(ValidationError) as error:
        _post(author, debate, parent=elsewhere)
    assert _code(error.value) == "debate"
    assert not debate.contributions.exists()


def test_it_refuses_an_unknown_stance(debate, author):
    with pytest.raises((ValidationError, ValueError)):
        _post(author, debate, stance="maybe")
    assert not Contribution.objects.exists()


def test_it_refuses_anonymous_posts(debate):
    with pytest.raises(PermissionDenied):
        _post(AnonymousUser(), debate)


def test_it_refuses_inactive_people(debate):
    with pytest.raises(PermissionDenied):
        _post(UserFactory(is_active=False), debate)


# --- Official responses ----------------------------------------------------------


def test_it_takes_official_responses_from_verified_policymakers(debate):
    policymaker = UserFactory(is_verified_policymaker=True)
    response = _post(policymaker, debate, official=True, stance="neutral")
    assert response.is_official
    assert response.visibility == Visibility.VISIBLE


@pytest.mark.parametrize(
    "kind",
    [
        "participant",
        "unverified_policymaker",
        "moderator",
        "admin",
    ],
)
def test_it_refuses_official_responses_from_anyone_else(debate, kind):
    if kind == "participant":
        user = UserFactory()
    elif kind == "unverified_policymaker":
        user = UserFactory()
        MembershipFactory(user=user, role="policymaker", verified_at=None)
    elif kind == "moderator":
        user = UserFactory(is_moderator=True)
    else:
        user = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(PermissionDenied):
        _post(user, debate, official=True)
    assert not Contribution.objects.exists()
    assert not _post(user, debate).is_official  # an ordinary contribution is fine


def test_it_refuses_official_responses_from_a_blocked_policymaker(debate, moderator):
    policymaker = UserFactory(is_verified_policymaker=True)
    services.block_user(moderator, policymaker, reason="Campaigning")
    policymaker = _reload(policymaker)
    with pytest.raises(PermissionDenied):
        _post(policymaker, debate, official=True)


# --- Blocking ----------------------------------------------------------------------


def test_it_stops_blocked_people_from_posting(debate, author, moderator):
    services.block_user(moderator, author, reason="Insults")
    author = _reload(author)
    with pytest.raises(PermissionDenied):
        _post(author, debate)
    block = UserBlock.objects.get(user=author)
    assert (block.reason, block.blocked_by) == ("Insults", moderator)
    entry = ModerationLogEntry.objects.get(action=ModerationAction.BLOCK)
    assert (entry.moderator, entry.target_user, entry.reason) == (moderator, author, "Insults")


def test_it_ends_the_sessions_of_blocked_people(client, author, moderator):
    EmailAddress.objects.create(user=author, email=author.email, verified=True, primary=True)
    response = client.post("/en/accounts/login/", {"login": author.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/en/accounts/profile/").status_code == 200
    assert UserSession.objects.filter(user=author).count() == 1

    services.block_user(moderator, author, reason="Spam")

    assert not UserSession.objects.filter(user=author).exists()
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_lets_unblocked_people_post_again(debate, author, moderator):
    services.block_user(moderator, author, reason="Spam")
    services.unblock_user(moderator, _reload(author))
    author = _reload(author)
    assert _post(author, debate).is_shown
    assert ModerationLogEntry.objects.filter(action=ModerationAction.UNBLOCK).count() == 1


def test_it_updates_a_block_rather_than_doubling_it(author, moderator):
    services.block_user(moderator, author, reason="Spam")
    services.block_user(moderator, author, reason="Spam, again")
    assert UserBlock.objects.get(user=author).reason == "Spam, again"


@pytest.mark.parametrize("kind", ["moderator", "admin"])
def test_it_never_blocks_moderators(db, moderator, kind):
    target = (
        UserFactory(is_moderator=True)
        if kind == "moderator"
        else UserFactory(is_superuser=True, is_staff=True)
    )
    with pytest.raises(ValidationError) as error:
        services.block_user(moderator, target, reason="Disagreement")
    assert _code(error.value) == "moderator"
    assert not UserBlock.objects.exists()


def test_it_lets_only_moderators_block(author):
    with pytest.raises(PermissionDenied):
        services.block_user(UserFactory(), author, reason="I do not like them")
    assert not UserBlock.objects.exists()


def test_it_needs_a_reason_to_block(author, moderator):
    with pytest.raises(ValidationError):
        services.block_user(moderator, author, reason="  ")
    assert not UserBlock.objects.exists()


# --- Editing and deleting ----------------------------------------------------------


def test_it_keeps_the_previous_text_when_edited_within_the_window(debate, author):
    contribution = _post(author, debate, text="First draft", stance="for")
    ContributionTranslation.objects.create(
        contribution=contribution, language="fr", text="Brouillon"
    )
    edited = services.edit_contribution(
        author, contribution, text=" Second draft ", stance="neutral"
    )
    edited = _reload(edited)
    assert (edited.text, edited.stance) == ("Second draft", "neutral")
    assert edited.edited_at is not None
    revision = ContributionRevision.objects.get(contribution=contribution)
    assert (revision.text, revision.stance) == ("First draft", "for")
    assert not edited.translations.exists()  # they translated the old text

    services.edit_contribution(author, edited, text="Third draft", stance="against")
    assert list(contribution.revisions.values_list("text", flat=True)) == [
        "First draft",
        "Second draft",
    ]


def test_it_refuses_edits_after_the_window(debate, author, settings):
    contribution = _post(author, debate, text="Original")
    window = settings.FORUM_EDIT_WINDOW_MINUTES
    Contribution.objects.filter(pk=contribution.pk).update(
        created_at=timezone.now() - timedelta(minutes=window, seconds=5)
    )
    with pytest.raises(ValidationError) as error:
        services.edit_contribution(author, contribution, text="Changed", stance="for")
    assert _code(error.value) == "too_late"
    assert _reload(contribution).text == "Original"
    assert not ContributionRevision.objects.exists()


def test_it_follows_the_edit_window_setting(debate, author, settings):
    settings.FORUM_EDIT_WINDOW_MINUTES = 0
    contribution = _post(author, debate, text="Original")
    with pytest.raises(ValidationError):
        services.edit_contribution(author, contribution, text="Changed", stance="for")


def test_it_lets_only_the_author_edit(debate, author):
    contribution = _post(author, debate)
    with pytest.raises(PermissionDenied):
        services.edit_contribution(UserFactory(), contribution, text="Mine now", stance="for")
    with pytest.raises(PermissionDenied):
        services.edit_contribution(
            UserFactory(is_moderator=True), contribution, text="Mine now", stance="for"
        )


def test_it_refuses_to_edit_hidden_or_deleted_contributions(debate, author, moderator):
    hidden = _post(author, debate)
    services.hide_contribution(moderator, hidden, reason="Insult")
    deleted = services.delete_contribution(author, _post(author, debate))
    for contribution in (hidden, deleted):
        with pytest.raises(ValidationError) as error:
            services.edit_contribution(author, contribution, text="Back", stance="for")
        assert _code(error.value) == "gone"


def test_it_refuses_an_empty_edit(debate, author):
    contribution = _post(author, debate, text="Original")
    with pytest.raises(ValidationError):
        services.edit_contribution(author, contribution, text=" ", stance="for")
    assert _reload(contribution).text == "Original"
    assert not ContributionRevision.objects.exists()  # the transaction rolled back


def test_it_stops_blocked_people_from_editing(debate, author, moderator):
    contribution = _post(author, debate, text="Original")
    services.block_user(moderator, author, reason="Insults")
    with pytest.raises(PermissionDenied):
        services.edit_contribution(_reload(author), contribution, text="Worse", stance="for")


def test_it_keeps_the_place_of_a_deleted_contribution_in_the_thread(debate, author):
    top = _post(author, debate, text="To be deleted")
    services.edit_contribution(author, top, text="Edited once", stance="for")
    ContributionTranslation.objects.create(contribution=top, language="it", text="Tradotto")
    reply = _post(UserFactory(), debate, parent=top)
    answer = _post(author, debate, parent=reply)

    services.delete_contribution(author, top)

    top = _reload(top)
    assert top.visibility == Visibility.DELETED
    assert top.text == ""
    assert not top.revisions.exists()
    assert not top.translations.exists()
    assert top.reply_count == 1
    assert _reload(reply).parent_id == top.pk
    assert _reload(answer).root_id == top.pk
    assert Contribution.objects.count() == 3


def test_it_lets_only_the_author_delete(debate, author, moderator):
    contribution = _post(author, debate, text="Stays")
    for other in (UserFactory(), moderator):
        with pytest.raises(PermissionDenied):
            services.delete_contribution(other, contribution)
    assert _reload(contribution).text == "Stays"


# --- Agreement ---------------------------------------------------------------------


def test_it_toggles_agreement_and_counts_it(debate, author):
    contribution = _post(author, debate)
    first, second = UserFactory(), UserFactory()
    assert services.toggle_agreement(first, contribution) is True
    assert _reload(contribution).agree_count == 1
    assert services.toggle_agreement(second, contribution) is True
    assert _reload(contribution).agree_count == 2
    assert services.toggle_agreement(first, contribution) is False
    assert _reload(contribution).agree_count == 1
    assert list(Reaction.objects.values_list("user", flat=True)) == [second.pk]
    assert services.toggle_agreement(first, contribution) is True
    assert _reload(contribution).agree_count == 2


def test_it_refuses_agreement_from_anonymous_people(debate, author):
    contribution = _post(author, debate)
    with pytest.raises(PermissionDenied):
        services.toggle_agreement(AnonymousUser(), contribution)
    assert _reload(contribution).agree_count == 0


def test_it_refuses_agreement_with_a_hidden_contribution(debate, author, moderator):
    contribution = _post(author, debate)
    services.hide_contribution(moderator, contribution, reason="Insult")
    with pytest.raises(ValidationError):
        services.toggle_agreement(UserFactory(), contribution)
    assert _reload(contribution).agree_count == 0


# --- Reports and moderation --------------------------------------------------------


def test_it_takes_one_open_report_per_person(debate, author, moderator):
    contribution = _post(author, debate)
    reporter = UserFactory()
    report = services.report_contribution(reporter, contribution, reason=" Insulting ")
    assert (report.reason, report.reporter, report.resolved_at) == ("Insulting", reporter, None)
    with pytest.raises(ValidationError) as error:
        services.report_contribution(reporter, contribution, reason="Still insulting")
    assert _code(error.value) == "duplicate"
    services.report_contribution(UserFactory(), contribution, reason="Off topic")
    assert contribution.reports.count() == 2

    services.dismiss_reports(moderator, contribution)
    assert not contribution.reports.filter(resolved_at__isnull=True).exists()
    assert ModerationLogEntry.objects.filter(action=ModerationAction.DISMISS).count() == 1
    services.report_contribution(reporter, contribution, reason="Again, after dismissal")
    assert contribution.reports.filter(resolved_at__isnull=True).count() == 1


def test_it_needs_a_reason_and_a_person_to_report(debate, author):
    contribution = _post(author, debate)
    with pytest.raises(ValidationError):
        services.report_contribution(UserFactory(), contribution, reason="")
    with pytest.raises(PermissionDenied):
        services.report_contribution(AnonymousUser(), contribution, reason="Spam")
    assert not Report.objects.exists()


def test_it_hides_with_a_reason_resolves_reports_and_logs(debate, author, moderator):
    contribution = _post(author, debate, text="Something rude")
    services.report_contribution(UserFactory(), contribution, reason="Rude")
    services.report_contribution(UserFactory(), contribution, reason="Very rude")

    services.hide_contribution(moderator, contribution, reason=" Personal attack ")

    contribution = _reload(contribution)
    assert contribution.visibility == Visibility.HIDDEN
    assert contribution.moderation_reason == "Personal attack"
    assert contribution.text == "Something rude"  # kept for appeals
    assert not contribution.reports.filter(resolved_at__isnull=True).exists()
    entry = ModerationLogEntry.objects.get()
    assert entry.action == ModerationAction.HIDE
    assert (entry.moderator, entry.contribution, entry.reason) == (
        moderator,
        contribution,
        "Personal attack",
    )


def test_it_needs_a_reason_to_hide(debate, author, moderator):
    contribution = _post(author, debate)
    with pytest.raises(ValidationError):
        services.hide_contribution(moderator, contribution, reason="")
    assert _reload(contribution).visibility == Visibility.VISIBLE
    assert not ModerationLogEntry.objects.exists()


def test_it_lets_only_moderators_hide_and_restore(debate, author, moderator):
    contribution = _post(author, debate)
    for user in (UserFactory(), UserFactory(is_verified_policymaker=True)):
        with pytest.raises(PermissionDenied):
            services.hide_contribution(user, contribution, reason="Spam")
    services.hide_contribution(moderator, contribution, reason="Spam")
    with pytest.raises(PermissionDenied):
        services.restore_contribution(author, contribution)
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.restore_contribution(admin, contribution)
    assert _reload(contribution).is_shown


def test_it_restores_a_hidden_contribution(debate, author, moderator):
    contribution = _post(author, debate)
    services.hide_contribution(moderator, contribution, reason="Looked like spam")
    services.restore_contribution(moderator, contribution, reason="It was not")
    contribution = _reload(contribution)
    assert contribution.visibility == Visibility.VISIBLE
    assert contribution.moderation_reason == ""
    entry = ModerationLogEntry.objects.order_by("-pk").first()
    assert (entry.action, entry.reason) == (ModerationAction.RESTORE, "It was not")


def test_it_never_restores_what_the_author_deleted(debate, author, moderator):
    contribution = services.delete_contribution(author, _post(author, debate))
    with pytest.raises(ValidationError):
        services.restore_contribution(moderator, contribution)
    assert _reload(contribution).visibility == Visibility.DELETED


def test_it_never_hides_what_the_author_deleted(debate, author, moderator):
    contribution = services.delete_contribution(author, _post(author, debate))
    with pytest.raises(ValidationError):
        services.hide_contribution(moderator, contribution, reason="Spam")
    assert _reload(contribution).visibility == Visibility.DELETED


@pytest.fixture
def hold_first(settings):
    settings.FORUM_HOLD_FIRST = 1
    return settings


def test_it_holds_first_contributions_until_a_moderator_approves(
    hold_first, debate, author, moderator
):
    first = _post(author, debate, text="My first words")
    assert first.visibility == Visibility.PENDING
    assert _post(author, debate).visibility == Visibility.PENDING  # still none approved

    services.restore_contribution(moderator, first)

    assert _reload(first).visibility == Visibility.VISIBLE
    assert ModerationLogEntry.objects.get().action == ModerationAction.APPROVE
    assert _post(author, debate).visibility == Visibility.VISIBLE


def test_it_lets_pending_contributions_be_edited(hold_first, debate, author):
    pending = _post(author, debate, text="Typo")
    edited = services.edit_contribution(author, pending, text="Fixed", stance="for")
    assert (edited.text, edited.visibility) == ("Fixed", Visibility.PENDING)


@pytest.mark.parametrize("kind", ["moderator", "policymaker", "admin"])
def test_it_does_not_hold_trusted_people(hold_first, debate, kind):
    user = {
        "moderator": lambda: UserFactory(is_moderator=True),
        "policymaker": lambda: UserFactory(is_verified_policymaker=True),
        "admin": lambda: UserFactory(is_superuser=True, is_staff=True),
    }[kind]()
    assert _post(user, debate).visibility == Visibility.VISIBLE


def test_it_holds_nothing_by_default(debate, author, settings):
    assert settings.FORUM_HOLD_FIRST == 0
    assert _post(author, debate).visibility == Visibility.VISIBLE


# --- Debates ---------------------------------------------------------------------


def test_it_lets_coordinators_open_debates(db):
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, role="coordinator")
    debate = services.open_debate(
        coordinator,
        slug="mobility",
        question={"en": "Free public transport?", "_original": "en"},
    )
    assert (debate.created_by, debate.status) == (coordinator, DebateStatus.OPEN)
    with pytest.raises(PermissionDenied):
        services.open_debate(UserFactory(), slug="other", question={"en": "Why?"})


def test_it_lets_the_host_city_coordinator_close_a_debate(db):
    city = CityFactory()
    coordinator, other = UserFactory(), UserFactory()
    MembershipFactory(user=coordinator, city=city, role="coordinator")
    MembershipFactory(user=other, role="coordinator")
    debate = DebateFactory(city=city)
    with pytest.raises(PermissionDenied):
        services.close_debate(other, debate, conclusions={"en": "Done"})
    services.close_debate(coordinator, debate, conclusions={"en": "We agreed.", "_original": "en"})
    debate.refresh_from_db()
    assert debate.status == DebateStatus.CLOSED
    assert debate.closed_at is not None
    assert str(debate.conclusions) == "We agreed."
    assert ModerationLogEntry.objects.get().action == ModerationAction.CLOSE
