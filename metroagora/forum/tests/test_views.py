"""Forum pages: reading, posting (with and without htmx), reacting, moderating."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metroagora.accounts.tests.factories import UserFactory, with_two_factor
from metroagora.forum import services
from metroagora.forum.models import Contribution, Debate, ModerationLogEntry, UserBlock


@pytest.fixture
def debate(db):
    admin = UserFactory(is_superuser=True)
    return services.open_debate(
        admin,
        slug="future",
        question={"en": "What future for Europe?", "_original": "en"},
        european_dimension={"en": "At EU level"},
        local_lens={"en": "In our cities"},
    )


def _post(user, debate, text="A thought", language="en", stance="for", **kw):
    return services.post_contribution(
        user, debate, text=text, stance=stance, language=language, **kw
    )


def _page_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_keeps_debate_page_queries_constant_whatever_the_thread_size(client, debate):
    author = UserFactory()
    counts = []
    for roots in (2, 30):
        while Contribution.objects.filter(depth=0).count() < roots:
            root = _post(author, debate)
            _post(author, debate, parent=root)
            _post(author, debate, parent=root, language="it")
        counts.append(_page_queries(client, debate.get_absolute_url()))
    client.force_login(author)
    signed_in = _page_queries(client, debate.get_absolute_url())
    assert counts[0] == counts[1]
    # session, user, two-factor check, permission checks, the person's reactions
    assert signed_in <= counts[1] + 8


def test_it_marks_the_original_language_for_readers_of_another(client, debate):
    _post(UserFactory(), debate, text="Le città devono contare di più", language="it")
    content = client.get("/fr/forum/future/").content.decode()
    assert '<div class="prose contribution-text" lang="it">' in content
    assert "Écrit en italien" in content or "Written in" in content


def test_it_shows_official_responses_apart(client, debate):
    policymaker = UserFactory(is_verified_policymaker=True)
    _post(policymaker, debate, text="Our official position", official=True)
    content = client.get(debate.get_absolute_url()).content.decode()
    official_section = content.split('id="official-h"')[1].split('id="contrib-h"')[0]
    assert "Our official position" in official_section
    assert "badge-official" in official_section


def test_it_posts_without_javascript(client, debate):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/forum/future/post/", {"text": "**Bold** idea", "stance": "for", "language": "en"}
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#c{contribution.pk}")


def test_it_posts_in_place_with_htmx(client, debate):
    client.force_login(UserFactory())
    response = client.post(
        "/en/forum/future/post/",
        {"text": "Via htmx", "stance": "neutral", "language": "en"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert "<html" not in content
    assert "Via htmx" in content
    assert 'id="post-form" class="post-box" hx-swap-oob="true"' in content


def test_it_keeps_the_text_when_posting_fails(client, debate):
    services.close_debate(UserFactory(is_superuser=True), debate, conclusions={"en": "Done"})
    client.force_login(UserFactory())
    response = client.post(
        "/en/forum/future/post/",
        {"text": "My long careful text", "stance": "for", "language": "en"},
    )
    assert response.status_code == 400
    assert "My long careful text" in response.content.decode()
    assert "closed" in response.content.decode()
    assert not Contribution.objects.exists()


def test_it_keeps_the_text_when_htmx_posting_fails(client, debate):
    client.force_login(UserFactory())
    response = client.post(
        "/en/forum/future/post/",
        {"text": "x" * 5001, "stance": "for", "language": "en"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Retarget"] == "#post-form"
    assert "x" * 5001 in response.content.decode()


def test_it_sanitises_attacks_in_markdown(client, debate):
    _post(
        UserFactory(),
        debate,
        text="<img src=x onerror=alert(1)> [click](javascript:alert(1)) <script>alert(2)</script>",
    )
    content = client.get(debate.get_absolute_url()).content.decode()
    assert "onerror" not in content
    assert "javascript:alert" not in content
    assert "<script>alert(2)" not in content


def test_it_replies_in_place_with_htmx(client, debate):
    root = _post(UserFactory(), debate)
    client.force_login(UserFactory())
    response = client.post(
        f"/en/forum/c/{root.pk}/reply/",
        {
            f"r{root.pk}-text": "A reply",
            f"r{root.pk}-stance": "against",
            f"r{root.pk}-language": "en",
        },
        headers={"HX-Request": "true"},
    )
    assert "A reply" in response.content.decode()
    assert Contribution.objects.get(parent=root).depth == 1


def test_it_refuses_replies_to_hidden_contributions(client, debate):
    root = _post(UserFactory(), debate)
    services.hide_contribution(UserFactory(is_moderator=True), root, reason="Insult")
    client.force_login(UserFactory())
    response = client.post(
        f"/en/forum/c/{root.pk}/reply/",
        {
            f"r{root.pk}-text": "Still replying",
            f"r{root.pk}-stance": "for",
            f"r{root.pk}-language": "en",
        },
    )
    assert response.status_code == 400
    assert "Still replying" in response.content.decode()


def test_it_toggles_agreement_with_htmx(client, debate):
    contribution = _post(UserFactory(), debate)
    client.force_login(UserFactory())
    url = f"/en/forum/c/{contribution.pk}/agree/"
    first = client.post(url, headers={"HX-Request": "true"}).content.decode()
    second = client.post(url, headers={"HX-Request": "true"}).content.decode()
    assert 'aria-pressed="true"' in first and "(1)" in first
    assert 'aria-pressed="false"' in second and "(0)" in second


def test_it_leads_a_report_to_a_hidden_contribution_with_its_reason(client, debate):
    contribution = _post(UserFactory(), debate, text="Offensive words")
    client.force_login(UserFactory())
    client.post(f"/en/forum/c/{contribution.pk}/report/", {"reason": "Insulting"})
    moderator = with_two_factor(UserFactory(is_moderator=True))
    client.force_login(moderator)
    queue = client.get("/en/forum/moderation/").content.decode()
    assert "Insulting" in queue
    client.post(f"/en/forum/c/{contribution.pk}/moderate/hide/", {"reason": "Breaks rule 2"})
    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Offensive words" not in page
    assert "Breaks rule 2" in page
    assert ModerationLogEntry.objects.filter(action="hide", moderator=moderator).exists()


def test_it_requires_a_reason_to_hide(client, debate):
    contribution = _post(UserFactory(), debate)
    client.force_login(with_two_factor(UserFactory(is_moderator=True)))
    client.post(f"/en/forum/c/{contribution.pk}/moderate/hide/", {"reason": ""})
    contribution.refresh_from_db()
    assert contribution.visibility == "visible"


def test_it_stops_a_blocked_person_from_posting(client, debate):
    author = UserFactory()
    contribution = _post(author, debate)
    client.force_login(with_two_factor(UserFactory(is_moderator=True)))
    client.post(f"/en/forum/c/{contribution.pk}/moderate/block/", {"reason": "Spam"})
    assert UserBlock.objects.filter(user=author).exists()
    client.force_login(author)
    response = client.post(
        "/en/forum/future/post/", {"text": "More spam", "stance": "for", "language": "en"}
    )
    assert response.status_code == 400
    assert Contribution.objects.count() == 1


@pytest.mark.parametrize("role", ["anonymous", "participant", "policymaker"])
def test_it_keeps_the_moderation_queue_for_moderators(client, debate, role):
    if role != "anonymous":
        client.force_login(UserFactory(is_verified_policymaker=role == "policymaker"))
    response = client.get("/en/forum/moderation/")
    assert response.status_code == (302 if role == "anonymous" else 403)


def test_it_does_not_redirect_moderators_elsewhere(client, debate):
    contribution = _post(UserFactory(), debate)
    client.force_login(with_two_factor(UserFactory(is_moderator=True)))
    response = client.post(
        f"/en/forum/c/{contribution.pk}/moderate/dismiss/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/en/forum/moderation/"


def test_it_filters_and_sorts_contributions(client, debate):
    _post(UserFactory(), debate, text="Pro argument", stance="for")
    _post(UserFactory(), debate, text="Con argument", stance="against")
    content = client.get("/en/forum/future/?stance=against").content.decode()
    threads = content.split('id="threads"')[1]
    assert "Con argument" in threads and "Pro argument" not in threads
    assert client.get("/en/forum/future/?sort=agreed").status_code == 200
    partial = client.get(
        "/en/forum/future/?stance=for&partial=threads", headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in partial and "Pro argument" in partial


def test_it_lets_coordinators_open_debates(client, db):
    from metroagora.network.tests.factories import MembershipFactory

    coordinator = with_two_factor(UserFactory())
    MembershipFactory(user=coordinator, role="coordinator")
    client.force_login(coordinator)
    response = client.post(
        "/en/forum/new/",
        {
            "slug": "new-one",
            "question_en": "A question?",
            "question_original": "en",
            "introduction_original": "en",
            "european_dimension_original": "en",
            "local_lens_original": "en",
        },
    )
    assert response.status_code == 302
    assert Debate.objects.filter(slug="new-one").exists()
    client.force_login(UserFactory())
    assert client.get("/en/forum/new/").status_code == 403


def test_it_refuses_an_unknown_stance_or_language_clearly(debate):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        _post(UserFactory(), debate, stance="maybe")
    assert "stance" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _post(UserFactory(), debate, language="xx")
    assert "language" in error.value.message_dict


def test_it_keeps_what_a_moderator_hid(client, debate):
    author = UserFactory()
    contribution = _post(author, debate, text="Hidden words")
    services.hide_contribution(UserFactory(is_moderator=True), contribution, reason="Rule 1")
    client.force_login(author)
    client.post(f"/en/forum/c/{contribution.pk}/delete/")
    contribution.refresh_from_db()
    assert contribution.visibility == "hidden"
    assert contribution.text == "Hidden words"


def test_it_counts_only_visible_replies(debate, settings):
    settings.FORUM_HOLD_FIRST = 1
    root = _post(UserFactory(is_moderator=True), debate)
    _post(UserFactory(), debate, parent=root)  # held for review
    root.refresh_from_db()
    assert root.reply_count == 0


def test_it_shows_linked_debates_on_the_event_page(client, debate):
    from metroagora.events.tests.factories import EventFactory

    event = EventFactory()
    debate.events.add(event)
    content = client.get(event.get_absolute_url()).content.decode()
    assert debate.get_absolute_url() in content


def test_it_resets_the_reply_form_after_an_htmx_reply(client, debate):
    root = _post(UserFactory(), debate)
    client.force_login(UserFactory())
    response = client.post(
        f"/en/forum/c/{root.pk}/reply/",
        {f"r{root.pk}-text": "Once", f"r{root.pk}-stance": "for", f"r{root.pk}-language": "en"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert f'<div id="reply-form-{root.pk}" hx-swap-oob="true">' in content
    assert content.count("Once") == 1


def test_it_keeps_the_text_when_posting_too_fast(client, debate, settings):
    settings.RATE_LIMITS = {"forum.post": "1/m"}
    client.force_login(UserFactory())
    data = {"stance": "for", "language": "en"}
    client.post("/en/forum/future/post/", {**data, "text": "First"})
    response = client.post("/en/forum/future/post/", {**data, "text": "Second, kept"})
    assert response.status_code == 429
    assert "Second, kept" in response.content.decode()
    assert "posting very fast" in response.content.decode()
    assert Contribution.objects.count() == 1


def test_it_shows_the_first_replies_of_every_thread_however_big_one_is(client, debate):
    from metroagora.forum.selectors import REPLIES_PER_THREAD

    author = UserFactory()
    big = _post(author, debate, text="Big thread")
    small = _post(author, debate, text="Small thread")
    for n in range(REPLIES_PER_THREAD * 3):
        _post(author, debate, parent=big, text=f"big reply {n}")
    _post(author, debate, parent=small, text="the only small reply")
    content = client.get(debate.get_absolute_url()).content.decode()
    assert "the only small reply" in content
    assert f"big reply {REPLIES_PER_THREAD - 1}" in content
    assert f"big reply {REPLIES_PER_THREAD}<" not in content
    assert f"Show {REPLIES_PER_THREAD * 2} more replies" in content


def test_a_closed_debate_shows_the_calls_that_could_fund_its_conclusions(client, debate):
    from metroagora.funding.tests.factories import CallFactory

    heat = CallFactory()  # nature-based solutions against urban heat
    services.close_debate(
        UserFactory(is_superuser=True),
        debate,
        conclusions={"en": "Plant trees and shade schoolyards against urban heat."},
    )
    content = client.get("/en/forum/future/").content.decode()
    assert "Which calls could fund this?" in content
    assert heat.get_absolute_url() in content


def test_an_open_debate_does_not_look_for_calls(client, debate):
    assert "Which calls could fund this?" not in client.get("/en/forum/future/").content.decode()
