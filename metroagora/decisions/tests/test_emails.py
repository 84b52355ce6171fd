"""The author hears about the city's answer, by email, in their own language."""

import pytest
from django.conf import settings
from django.utils import translation

from metroagora.accounts.tests.factories import UserFactory
from metroagora.decisions import emails, services
from metroagora.decisions.tests.factories import ProcessFactory, ProposalFactory


@pytest.fixture
def proposal(roles):
    process = ProcessFactory(city=roles.city, phase="supports")
    return ProposalFactory(process=process, author=UserFactory(email="anna@example.org"))


def _answer(people, proposal, capture, answer="accepted", reason="It fits the 2027 plan."):
    with capture(execute=True):
        services.answer_proposal(people["official"], proposal, answer=answer, reason=reason)


def test_it_emails_the_author_after_the_answer(
    people, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    _answer(people, proposal, django_capture_on_commit_callbacks)
    (message,) = mailoutbox
    assert message.to == ["anna@example.org"]
    assert "Milan answered your proposal" in message.subject
    assert message.body.startswith(f"Hello {proposal.author.public_name},")
    assert proposal.title in message.body
    assert "Accepted" in message.body
    assert "It fits the 2027 plan." in message.body
    assert f"{settings.SITE_URL.rstrip('/')}/en/decisions/proposals/{proposal.pk}/" in message.body


def test_it_writes_in_the_language_the_author_prefers(
    people, proposal, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    proposal.author.preferred_languages = ["tlh", "fr", "de"]
    proposal.author.save()
    seen = []
    render = emails.render_to_string

    def spy(*args, **kwargs):
        seen.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(emails, "render_to_string", spy)
    _answer(people, proposal, django_capture_on_commit_callbacks)
    (message,) = mailoutbox
    assert seen == ["fr"]
    assert message.body.startswith(f"Bonjour {proposal.author.public_name},")
    # The link opens the page in French; the reason is the city's own words.
    assert f"/fr/decisions/proposals/{proposal.pk}/" in message.body
    assert "It fits the 2027 plan." in message.body
    # The page language does not leak into the email, nor the email's into the page.
    assert translation.get_language() == "en"


def test_it_writes_in_the_site_language_without_a_preference(
    people, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    proposal.author.preferred_languages = []
    proposal.author.save()
    with translation.override("fr"):
        _answer(people, proposal, django_capture_on_commit_callbacks)
    assert mailoutbox[0].body.startswith("Hello ")


@pytest.mark.parametrize("answer", ["rejected", "evaluating"])
def test_it_emails_every_answer(
    people, proposal, mailoutbox, django_capture_on_commit_callbacks, answer
):
    _answer(people, proposal, django_capture_on_commit_callbacks, answer=answer)
    assert len(mailoutbox) == 1


def test_it_sends_nothing_when_the_answer_is_refused(
    people, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(Exception):  # noqa: B017 - ValidationError: no reason
        _answer(people, proposal, django_capture_on_commit_callbacks, reason="")
    assert mailoutbox == []


def test_it_sends_nothing_before_the_transaction_commits(people, proposal, mailoutbox):
    services.answer_proposal(
        people["official"], proposal, answer="accepted", reason="It fits the 2027 plan."
    )
    assert mailoutbox == []


def test_it_does_not_email_an_inactive_author(
    people, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    proposal.author.is_active = False
    proposal.author.save()
    _answer(people, proposal, django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_it_does_nothing_for_a_deleted_proposal(db, mailoutbox):
    emails.send_proposal_answered(123456)
    assert mailoutbox == []
