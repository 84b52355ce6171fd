"""Following, in-app notifications, email digests and one-click unsubscribe."""

import pytest
from django.core.management import call_command

from metroagora.accounts.tests.factories import UserFactory
from metroagora.forum import notifications, services
from metroagora.forum.models import ForumPreferences, Notification


@pytest.fixture
def debate(db):
    return services.open_debate(
        UserFactory(is_superuser=True), slug="d", question={"en": "Q?", "_original": "en"}
    )


def _post(user, debate, **kw):
    return services.post_contribution(
        user, debate, text=kw.pop("text", "Text"), stance="for", language="en", **kw
    )


def test_it_notifies_the_author_of_a_reply(debate):
    author = UserFactory()
    root = _post(author, debate)
    _post(UserFactory(), debate, parent=root)
    assert Notification.objects.filter(user=author, kind="reply").count() == 1


def test_it_does_not_notify_people_of_their_own_replies(debate):
    author = UserFactory()
    root = _post(author, debate)
    _post(author, debate, parent=root)
    assert not Notification.objects.exists()


def test_it_notifies_debate_followers_of_official_responses_and_conclusions(debate):
    follower = UserFactory()
    notifications.follow(follower, debate=debate)
    _post(UserFactory(is_verified_policymaker=True), debate, official=True)
    services.close_debate(UserFactory(is_moderator=True), debate, conclusions={"en": "Done"})
    kinds = sorted(Notification.objects.filter(user=follower).values_list("kind", flat=True))
    assert kinds == ["conclusions", "official"]


def test_it_emails_right_away_when_asked_in_the_persons_language(
    debate, mailoutbox, django_capture_on_commit_callbacks
):
    author = UserFactory(preferred_languages=["de"])
    ForumPreferences.objects.create(user=author, digest="immediate")
    root = _post(author, debate)
    with django_capture_on_commit_callbacks(execute=True):
        _post(UserFactory(display_name="Replier"), debate, parent=root)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "/de/forum/d/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_it_sends_daily_digests_once(debate, mailoutbox):
    author = UserFactory()  # default preference: daily
    root = _post(author, debate)
    _post(UserFactory(), debate, parent=root)
    _post(UserFactory(), debate, parent=root)
    call_command("send_forum_digests", "daily")
    call_command("send_forum_digests", "daily")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].body.count("/en/forum/d/#c") == 2
    call_command("send_forum_digests", "weekly")
    assert len(mailoutbox) == 1


def test_it_unsubscribes_in_one_click(client, debate):
    user = UserFactory()
    url = f"/en/forum/unsubscribe/{notifications.unsubscribe_token(user)}/"
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200  # no CSRF token: mail clients post directly
    assert notifications.preferences(user).digest == "off"
    assert client.get("/en/forum/unsubscribe/forged:token/").status_code == 404


def test_it_toggles_following_from_the_page(client, debate):
    user = UserFactory()
    client.force_login(user)
    client.post("/en/forum/d/follow/")
    assert notifications.is_following(user, debate=debate)
    content = client.get("/en/forum/d/").content.decode()
    assert "Following this debate" in content
    client.post("/en/forum/d/follow/")
    assert not notifications.is_following(user, debate=debate)


def test_it_lists_notifications_and_marks_them_read(client, debate):
    author = UserFactory()
    root = _post(author, debate)
    _post(UserFactory(display_name="Ada"), debate, parent=root)
    client.force_login(author)
    assert "Ada replied" in client.get("/en/forum/notifications/").content.decode()
    client.post("/en/forum/notifications/", {"mark_read": "1"})
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    client.post("/en/forum/notifications/", {"digest": "weekly"})
    assert notifications.preferences(author).digest == "weekly"
