"""seed_demo_opinions after seed_demo, seed_demo_events and seed_demo_forum: two analysed maps."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count

from metroagora.accounts.models import User
from metroagora.forum.models import ModerationAction, ModerationLogEntry
from metroagora.opinions.models import (
    STATEMENT_MAX,
    OpinionMap,
    Participant,
    Statement,
    StatementStatus,
    StatementTranslation,
    Vote,
)

EUROPE = "future-of-eu-institutions"
LYON = "lyon-sharing-public-space"


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo_opinions", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module inside a transaction rolled back at the end;
    each test runs in a savepoint of it (like ``TestCase.setUpTestData``)."""
    with django_db_blocker.unblock(), transaction.atomic():
        for command in ("seed_demo", "seed_demo_events", "seed_demo_forum"):
            call_command(command, stdout=io.StringIO())
        yield _run()
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def _snapshot() -> dict[str, object]:
    """What the demo is made of, without database ids or dates."""
    maps: dict[str, object] = {}
    for opinion_map in OpinionMap.objects.order_by("slug"):
        texts = dict(opinion_map.statements.values_list("pk", "text"))
        analysis = opinion_map.analysis
        maps[opinion_map.slug] = {
            "statements": sorted(
                opinion_map.statements.values_list("text", "language", "status", "is_meta")
            ),
            "translations": sorted(
                StatementTranslation.objects.filter(statement__opinion_map=opinion_map).values_list(
                    "statement__text", "language", "text"
                )
            ),
            "participants": opinion_map.participants.count(),
            "votes": sorted(
                opinion_map.votes.values("statement__text", "value")
                .annotate(n=Count("pk"))
                .values_list("statement__text", "value", "n")
            ),
            "groups": [
                (g["size"], [texts[r["statement"]] for r in g["representative"]])
                for g in analysis["groups"]
            ],
            "consensus": [texts[pk] for pk in analysis["consensus"]["agree"]],
        }
    return maps


def test_it_needs_the_demo_network_and_debates(db):
    # First in the module: the other tests share a seeded database.
    with pytest.raises(CommandError, match="seed_demo"):
        _run()
    call_command("seed_demo", stdout=io.StringIO())
    with pytest.raises(CommandError, match="seed_demo_forum"):
        _run()
    assert not Statement.objects.exists()


def test_it_prints_a_one_line_summary(demo):
    output = demo
    assert output.count("\n") == 1
    assert re.match(
        r"Demo opinion maps loaded: 2 maps, \d+ statements \(3 waiting for review\), "
        r"\d+ participants, \d+ votes; \d and \d groups of opinion, \d+ consensus statements",
        output,
    ), output


def test_it_opens_a_map_in_the_europe_debate_and_a_lyon_consultation(demo):
    europe = OpinionMap.objects.select_related("debate", "city", "created_by").get(slug=EUROPE)
    assert europe.debate.slug == "cities-eu-cohesion-policy"
    assert europe.city is None
    assert europe.created_by.email == "moderator@metroagora.eu"
    assert europe.is_open and europe.participants_submit
    assert europe.title.get("en").endswith("?")
    assert len(europe.title.to_json()) >= 7  # six languages and _original
    assert europe.description.get("en")

    lyon = OpinionMap.objects.select_related("debate", "city", "created_by").get(slug=LYON)
    assert lyon.city.slug == "lyon"
    assert lyon.debate is None
    assert lyon.anonymous_voting
    assert lyon.created_by.email == "coordinator@metroagora.eu"  # the Lyon coordinator
    assert lyon.title.original == "fr"
    assert lyon.statements.filter(status=StatementStatus.VISIBLE).count() == 10
    assert 35 <= lyon.participants.count() <= 45
    assert not lyon.participants.filter(user__isnull=False).exists()
    assert lyon.analysis["participants"] == lyon.participants.count()
    assert len(lyon.analysis["groups"]) >= 2
    assert lyon.analysis["consensus"]["agree"]

    for opinion_map in (europe, lyon):
        assert opinion_map.analysed_at is not None
        assert opinion_map.analysed_votes == opinion_map.votes.count()
        assert opinion_map.recompute_due_at is None  # no analysis announced as on its way
        assert opinion_map.created_at < opinion_map.analysed_at


def test_the_europe_map_has_groups_and_common_ground(demo):
    europe = OpinionMap.objects.get(slug=EUROPE)
    analysis = europe.analysis
    assert europe.participants.count() >= 200
    assert analysis["participants"] >= 200
    assert 2 <= len(analysis["groups"]) <= 4
    for group in analysis["groups"]:
        assert group["size"] >= 30
        assert group["representative"], f"group {group['id']} has no representative statement"
    assert analysis["consensus"]["agree"]
    assert analysis["consensus"]["disagree"]
    assert analysis["divisive"]
    meta = europe.statements.get(is_meta=True)
    assert meta.pk in analysis["excluded"]
    assert meta.pk not in analysis["consensus"]["agree"]
    # Most votes are cast, some are passes, and a few people only skimmed the statements.
    values = dict(europe.votes.values("value").annotate(n=Count("pk")).values_list("value", "n"))
    assert set(values) == {-1, 0, 1}
    assert values[0] < values[1] and values[0] < values[-1]
    assert analysis["clustered"] < analysis["participants"]


def test_statements_in_six_languages_with_translations_and_moderation(demo):
    europe = OpinionMap.objects.get(slug=EUROPE)
    statements = europe.statements.all()
    seeds = statements.filter(is_seed=True)
    assert 28 <= seeds.count() <= 32
    assert set(seeds.values_list("language", flat=True)) == {"en", "fr", "de", "it", "es", "pl"}
    assert all(len(s.text) <= STATEMENT_MAX for s in statements)
    assert not seeds.exclude(author__email="moderator@metroagora.eu").exists()

    translations = StatementTranslation.objects.filter(statement__opinion_map=europe)
    assert translations.filter(language="en").count() >= 10
    assert translations.filter(language="fr").count() >= 10
    assert not translations.filter(is_machine=True).exists()
    for translation in translations.select_related("statement"):
        assert translation.language != translation.statement.language

    sent = statements.filter(is_seed=False)
    assert sent.filter(status=StatementStatus.VISIBLE).count() == 2
    assert sent.filter(status=StatementStatus.PENDING).count() == 3
    assert sent.filter(status=StatementStatus.PENDING, author__isnull=True).count() == 1
    rejected = sent.get(status=StatementStatus.REJECTED)
    assert rejected.moderation_reason
    assert not rejected.votes.exists()
    assert not Vote.objects.filter(statement__status=StatementStatus.PENDING).exists()
    log = ModerationLogEntry.objects.filter(reason__startswith=f"[{EUROPE}] ")
    assert log.filter(action=ModerationAction.APPROVE).count() == 2
    assert log.get(action=ModerationAction.HIDE).moderator.email == "moderator@metroagora.eu"
    # Statements sent later got fewer votes than the seed statements.
    counts = dict(
        europe.votes.values("statement").annotate(n=Count("pk")).values_list("statement", "n")
    )
    late = min(counts[s.pk] for s in sent.filter(status=StatementStatus.VISIBLE))
    assert late < min(counts[s.pk] for s in seeds)


def test_the_demo_accounts_see_themselves_and_have_statements_left(demo, client):
    europe = OpinionMap.objects.get(slug=EUROPE)
    visible = europe.statements.filter(status=StatementStatus.VISIBLE).count()
    for email in ("resident@metroagora.eu", "participant@metroagora.eu"):
        user = User.objects.get(email=email)
        participant = Participant.objects.get(opinion_map=europe, user=user)
        voted = participant.votes.count()
        assert 7 <= voted <= visible - 2, email
        client.force_login(user)
        page = client.get(f"/en/opinions/{EUROPE}/").content.decode()
        assert f"You have voted on {voted} of {visible} statements." in page
        results = client.get(f"/en/opinions/{EUROPE}/results/").content.decode()
        assert 'class="me"' in results
        assert "Your votes place you closest to group" in results
    # The people of the Forum demo took part too; the rest are anonymous visitors.
    people = europe.participants.filter(user__email__endswith="@example.org").count()
    assert people >= 15
    anonymous = europe.participants.filter(user__isnull=True)
    assert anonymous.count() >= 250
    assert not anonymous.filter(token__isnull=True).exists()
    assert User.objects.filter(email__endswith="@demo.metroagora.eu").count() == 0


def test_the_pages_of_the_demo_maps_answer(demo, client):
    assert client.get("/en/opinions/").status_code == 200
    for slug in (EUROPE, LYON):
        for lang in ("en", "fr", "pl"):
            for page in ("", "results/"):
                response = client.get(f"/{lang}/opinions/{slug}/{page}")
                assert response.status_code == 200, (slug, lang, page)


def test_it_recreates_the_same_maps_when_run_again(demo):
    before = _snapshot()
    log = ModerationLogEntry.objects.count()
    assert _run().startswith("Demo opinion maps loaded")
    assert OpinionMap.objects.count() == 2
    assert ModerationLogEntry.objects.count() == log
    assert _snapshot() == before


def test_it_leaves_nothing_to_run_after_it_commits(
    demo, settings, django_capture_on_commit_callbacks
):
    """No machine translation of the statements (they have human ones), and no second
    analysis booked by the moderation: the maps are analysed once, by the demo itself."""
    settings.MACHINE_TRANSLATION = {
        **settings.MACHINE_TRANSLATION,
        "BACKEND": "metroagora.forum.translation.LibreTranslateBackend",
    }
    with django_capture_on_commit_callbacks() as callbacks:
        _run()
    # Forgetting the cached list of shown statements is no task; nothing else may be left.
    assert [c for c in callbacks if "_forget_visible" not in c.__qualname__] == []


def test_it_does_nothing_with_if_empty_when_maps_exist(demo):
    votes = Vote.objects.count()
    analysed = OpinionMap.objects.get(slug=EUROPE).analysed_at
    assert "already has opinion maps" in _run("--if-empty")
    assert Vote.objects.count() == votes
    assert OpinionMap.objects.get(slug=EUROPE).analysed_at == analysed
