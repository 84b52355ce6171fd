"""The matcher (pure Python): terms, topics, ranking, reasons and hints, and its speed."""

from datetime import UTC, datetime, timedelta

from metroagora.funding import matching
from metroagora.funding.matching import CallProfile, Needs

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def profile(pk, title, keywords=(), text="", **kwargs):
    kwargs.setdefault("opens_at", NOW - timedelta(days=10))
    kwargs.setdefault("closes_at", NOW + timedelta(days=90))
    return CallProfile(id=pk, terms=matching.call_terms(title, keywords, text), **kwargs)


HEAT = profile(
    1,
    "Urban heat resilience: nature-based solutions for schools",
    ["Urban heat", "Schools", "Climate adaptation"],
    "Cities green schoolyards and streets with trees to cool the most exposed districts.",
    topics=frozenset({"climate", "environment"}),
    city_fit=2,
    action_type="LIFE Standard Action Projects",
    min_contribution=2_000_000,
    max_contribution=3_000_000,
)
ENERGY = profile(
    2,
    "Positive energy districts",
    ["Energy communities"],
    "Districts that produce more renewable energy than they use.",
    topics=frozenset({"energy"}),
    city_fit=1,
)
TWINNING = profile(
    3,
    "Town twinning: citizens' meetings",
    ["Town twinning"],
    "Municipalities bring citizens of twinned towns together.",
    topics=frozenset({"future-of-europe"}),
    city_fit=2,
    action_type="CERV Lump Sum Grants",
    max_contribution=30_000,
)


def test_call_terms_weigh_the_title_and_keywords_more():
    terms = matching.call_terms("Urban heat", ["Schools"], "heat heat in the city")
    assert terms["heat"] == 3 + 2  # title, then twice in the description
    assert terms["school"] == 2
    assert "the" not in terms
    assert "project" not in matching.call_terms("A project", [], "projects")


def test_plain_text_drops_tags_and_decodes_entities():
    assert matching.plain_text("<p>Heat &amp; <b>cool</b></p><ul><li>trees</li></ul>") == (
        "Heat & cool trees"
    )


def test_topics_are_suggested_from_whole_phrases():
    assert matching.suggest_topics("Positive energy districts", []) == ["energy"]
    assert "urban-regeneration" in matching.suggest_topics("Redesign of public spaces", [])
    # "public" alone (public procurement) is not a public space.
    assert matching.suggest_topics("Public procurement of innovation", []) == []


def test_it_ranks_the_call_that_matches_the_needs_first_and_says_why():
    needs = Needs(
        text="Our schools overheat in summer; we want more trees and shade.",
        priorities=["urban heat in schools"],
        topics=frozenset({"climate"}),
        population=300_000,
    )
    ranked = matching.rank(needs, [ENERGY, TWINNING, HEAT], now=NOW)
    assert [m.call_id for m in ranked] == [1]
    best = ranked[0]
    assert best.score > 0.4
    assert {"heat", "school", "trees"} <= set(best.words) | {"school"}
    assert "heat" in best.priority_words
    assert best.topics == ["climate"]
    assert best.city_fit == 2
    codes = [h.code for h in best.hints]
    assert "large_for_city" in codes  # €2m grants for a city of 300,000
    assert "per_inhabitant" in codes


def test_priorities_weigh_more_than_the_free_text():
    text_only = matching.needs_query(Needs(text="energy heat"))
    with_priority = matching.needs_query(Needs(text="energy heat", priorities=["heat"]))
    assert text_only.weights["heat"] == text_only.weights["energi"]
    assert with_priority.weights["heat"] > with_priority.weights["energi"]
    assert with_priority.priority_of["heat"] == 0


def test_needs_in_another_language_are_stemmed_in_it_and_in_english():
    needs = Needs(
        text="Végétaliser les cours d'école contre la chaleur (urban heat)", language="fr"
    )
    query = matching.needs_query(needs)
    assert "heat" in query.weights  # English words in a French text still match
    assert query.words["heat"] == "heat"
    ranked = matching.rank(needs, [HEAT, ENERGY], now=NOW)
    assert ranked[0].call_id == 1


def test_shared_topics_alone_can_match_across_languages():
    needs = Needs(text="Bürgerbeteiligung", language="de", topics=frozenset({"energy"}))
    ranked = matching.rank(needs, [HEAT, ENERGY], now=NOW)
    assert [m.call_id for m in ranked] == [2]
    assert ranked[0].words == []
    assert ranked[0].topics == ["energy"]


def test_rare_words_weigh_more_than_common_ones():
    common = [profile(10 + n, f"Cities and climate {n}", ["cities"]) for n in range(20)]
    rare = profile(99, "Cities and cargo bikes", ["cities"])
    ranked = matching.rank(Needs(text="cities cargo"), [*common, rare], now=NOW, limit=3)
    assert ranked[0].call_id == 99


def test_hints_about_time_size_and_kind_of_action():
    soon = profile(
        5,
        "Heat",
        closes_at=NOW + timedelta(days=9),
        two_stage=True,
        action_type="HORIZON-CSA HORIZON Coordination and Support Actions",
        min_contribution=6_000_000,
    )
    later = profile(
        6,
        "Heat",
        opens_at=NOW + timedelta(days=20),
        action_type="HORIZON-RIA HORIZON Research and Innovation Actions",
    )
    codes = {
        m.call_id: [h.code for h in m.hints]
        for m in matching.rank(Needs(text="heat"), [soon, later, TWINNING], now=NOW)
    }
    assert codes[5] == ["deadline_soon", "two_stage", "large_projects", "csa"]
    assert codes[6] == ["opens_later", "research_led"]
    twin = matching.hints_for(TWINNING, 50_000, NOW)
    assert [h.code for h in twin] == ["small_grant", "lump_sum"]
    assert twin[0].amount == 30_000


def test_nothing_to_rank():
    assert matching.rank(Needs(text=""), [HEAT], now=NOW) == []
    assert matching.rank(Needs(text="heat"), [], now=NOW) == []
    assert matching.rank(Needs(text="bicycles"), [HEAT], now=NOW) == []


def test_it_ranks_thousands_of_calls_best_first():
    words = [
        "heat", "energy", "housing", "mobility", "culture", "youth", "digital", "water",
        "waste", "health", "migration", "democracy", "twinning", "schools", "trees",
        "districts", "renovation",
    ]  # fmt: skip
    calls = [
        profile(
            n,
            f"{words[n % len(words)]} {words[(n * 7) % len(words)]} call {n}",
            [words[(n * 3) % len(words)]],
            " ".join(words[(n + k) % len(words)] for k in range(60)),
            topics=frozenset({"climate"} if n % 3 else {"energy"}),
        )
        for n in range(5_000)
    ]
    needs = Needs(
        text="Our schools overheat; we want trees, water and renovation of housing " * 5,
        priorities=["heat in schools", "housing renovation", "digital skills"],
        topics=frozenset({"climate", "housing"}),
        population=1_400_000,
    )
    # How fast is measured by `make bench` (bench/bench_funding.py), not here: a timed
    # test fails whenever the machine is busy or the garbage collector runs.
    index = matching.CallIndex.build(calls)  # built once per change of the calls, cached
    ranked = matching.rank(needs, index, now=NOW)
    assert len(ranked) == 20
    scores = [match.score for match in ranked]
    assert scores == sorted(scores, reverse=True)
    assert ranked == matching.rank(needs, calls, now=NOW)  # the index changes nothing
