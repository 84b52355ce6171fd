"""seed_demo_practices on top of the other demo seeds: case studies from many cities,
in their languages, at every review stage, with questions, answers and transfers."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from metroagora.events.models import Event, EventStatus, TopicGroup
from metroagora.forum.models import Contribution, Debate
from metroagora.practices.models import (
    REQUIRED_SECTIONS,
    Indicator,
    Practice,
    PracticeStatus,
    ReviewComment,
    ReviewVerdict,
    Transfer,
    TransferStatus,
    TransferUpdate,
)
from metroagora.practices.services import missing_sections

NARRATIVE = [
    "title",
    "summary",
    "challenge",
    "actions",
    "results",
    "success_factors",
    "transfer_conditions",
]


def _run(*args):
    out = io.StringIO()
    call_command("seed_demo_practices", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    for command in ("seed_demo", "seed_demo_events", "seed_demo_forum"):
        call_command(command, stdout=io.StringIO())
    return _run()


def _counts():
    models = (Practice, Indicator, ReviewComment, Transfer, TransferUpdate, Debate, Contribution)
    return [model.objects.count() for model in models]


def test_it_prints_a_one_line_summary(demo):
    assert demo.count("\n") == 1
    assert demo.startswith("Demo practices loaded: ")


def test_it_publishes_complete_practices_from_many_cities_and_languages(demo):
    published = list(Practice.objects.filter(status=PracticeStatus.PUBLISHED))
    assert len(published) >= 20
    originals = {practice.title.original for practice in published}
    assert len(originals) >= 4
    assert originals >= {"fr", "de", "it", "es", "pl"}
    assert len({practice.city_id for practice in published}) >= 12
    now = timezone.now()
    for practice in published:
        assert missing_sections(practice) == [], practice.slug
        assert practice.indicators.exists(), practice.slug
        assert practice.topics.exists(), practice.slug
        assert practice.contact_name and practice.contact_email.endswith(".example.org")
        assert practice.languages[0] == practice.title.original
        submitted, published_at = practice.submitted_at, practice.published_at
        assert submitted is not None and published_at is not None
        assert practice.created_at < submitted <= published_at < now
        assert practice.qa_debate.city_id == practice.city_id
        assert practice.qa_debate.slug.startswith("practice-")
    # Most in English too, a few entirely, a few only in their own language.
    foreign = [p for p in published if p.title.original != "en"]
    english = [p for p in foreign if p.title.get("en") and p.summary.get("en")]
    assert len(english) >= 0.75 * len(foreign)
    full = [p for p in foreign if all(getattr(p, name).get("en") for name in NARRATIVE)]
    assert len(full) >= 3
    assert len([p for p in foreign if p.title.languages() == [p.title.original]]) >= 2
    groups = {t.group for p in published for t in p.topics.all()}
    assert groups == {TopicGroup.GOVERNANCE, TopicGroup.POLICY}


def test_it_shows_every_stage_of_the_review(demo):
    practices = Practice.objects.all()
    assert practices.filter(status=PracticeStatus.DRAFT).count() == 2
    in_review = practices.get(status=PracticeStatus.IN_REVIEW)
    assert missing_sections(in_review) == []
    verdicts = [(r.verdict, r.author.is_editor) for r in in_review.reviews.all()]
    assert verdicts[0] == (ReviewVerdict.SUBMITTED, False)
    assert (ReviewVerdict.COMMENT, True) in verdicts
    changes = practices.get(status=PracticeStatus.CHANGES_REQUESTED)
    last = changes.reviews.last()
    assert last.verdict == ReviewVerdict.CHANGES and last.author.is_editor and last.text
    for practice in practices.filter(status=PracticeStatus.PUBLISHED):
        entries = list(practice.reviews.all())
        assert entries[-1].verdict == ReviewVerdict.PUBLISHED
        assert entries[-1].author.email == "editor@metroagora.eu"
        assert [e.created_at for e in entries] == sorted(e.created_at for e in entries)
    # The cities with a coordinator write their own practices.
    assert {p.created_by.email for p in practices.filter(city__slug="gdansk")} == {
        "coordinator.gdansk@metroagora.eu"
    }
    assert set(REQUIRED_SECTIONS) & set(missing_sections(practices.get(slug__contains="air")))


def test_practices_come_from_held_events(demo):
    events = Event.objects.filter(practices__status=PracticeStatus.PUBLISHED).distinct()
    assert events.count() >= 4
    assert set(events.values_list("status", flat=True)) == {EventStatus.HELD}
    forum = Event.objects.get(slug="barcelona-digital-democracy-forum")
    assert forum.practices.count() >= 3
    for practice in Practice.objects.filter(events__isnull=False):
        assert all(practice.created_at > event.starts_at for event in practice.events.all())


def test_people_ask_and_cities_answer_in_several_languages(demo, mailoutbox):
    qa = Contribution.objects.filter(debate__practice__isnull=False)
    questions = qa.filter(depth=0)
    assert questions.count() >= 10
    assert qa.filter(depth__gt=0).count() >= 10
    assert len(set(qa.values_list("language", flat=True))) >= 5
    assert questions.values("debate").distinct().count() >= 8
    assert questions.filter(reply_count=0).exists()  # not every question has an answer yet
    for answer in qa.filter(parent__isnull=False).select_related("parent"):
        assert answer.created_at > answer.parent.created_at
        published_at = answer.debate.practice.published_at
        assert published_at is not None and answer.created_at > published_at
    call_command("send_forum_digests", "daily", stdout=io.StringIO())
    assert mailoutbox == []  # nobody is emailed about the past


def test_cities_follow_transfers_at_every_stage(demo):
    transfers = Transfer.objects.select_related("practice", "city", "started_by")
    assert transfers.count() >= 6
    assert set(transfers.values_list("status", flat=True)) == set(TransferStatus.values)
    assert len({t.city_id for t in transfers}) >= 3
    for transfer in transfers:
        assert transfer.city_id != transfer.practice.city_id
        assert transfer.practice.is_published
        assert transfer.started_by.memberships.filter(
            city=transfer.city, role="coordinator"
        ).exists()
        updates = list(transfer.updates.all())
        assert updates[0].status == TransferStatus.INTERESTED
        assert updates[-1].status == transfer.status
        assert all(update.note for update in updates)
        dates = [u.created_at for u in updates]
        assert dates == sorted(dates)
        published_at = transfer.practice.published_at
        assert published_at is not None and published_at < dates[0] == transfer.created_at
        assert transfer.updated_at == dates[-1]
    assert TransferUpdate.objects.count() >= 2 * transfers.count()


def test_it_shows_the_demo_pages(demo, client):
    practice = Practice.objects.get(slug="barcelona-decidim")
    response = client.get(reverse("practices:list"))
    assert response.status_code == 200
    assert "Decidim: a free software platform" in response.content.decode()
    assert client.get(reverse("practices:transfers")).status_code == 200
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    assert "10,000 proposals" in response.content.decode()
    transfer = practice.transfers.get()
    assert client.get(transfer.get_absolute_url()).status_code == 200
    assert client.get(practice.qa_debate.get_absolute_url()).status_code == 200


def test_it_recreates_the_same_demo_when_run_again(demo):
    before = _counts()
    texts = sorted(Contribution.objects.values_list("text", flat=True))
    assert _run() == demo
    assert _counts() == before
    assert sorted(Contribution.objects.values_list("text", flat=True)) == texts
    for practice in Practice.objects.filter(status=PracticeStatus.PUBLISHED):
        assert practice.qa_debate.slug == f"practice-{practice.slug}"  # no "-2": old ones gone
    assert "already has best practices" in _run("--if-empty")
    assert _counts() == before


def test_it_needs_the_demo_network(db):
    with pytest.raises(CommandError):
        _run()
