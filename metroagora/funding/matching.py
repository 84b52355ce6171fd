"""Which calls fit a city's needs, and why (pure Python: no Django).

A call's text is reduced once, when it is imported or saved, to weighted stems
(:func:`call_terms`: title x3, keywords x2, description x1). A city's needs (free text,
priorities that weigh more the higher they are, topics) become a weighted query
(:func:`needs_query`). :func:`rank` scores every candidate call with BM25 (term
frequency saturated, rare terms weigh more, long descriptions do not win by length)
computed over the candidates themselves, adds shared topics and how directly cities
can apply to the programme, and says why: matched words, shared topics, programme fit
and eligibility hints (size of the grants against the city's population, kind of
action, time left). Hints are codes with values; the pages translate them.

Words are folded and stemmed with the search's Snowball stemmers
(``metroagora.search.text``, itself pure), in the text's language and in English:
calls are written in English, needs in the city's language.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from metroagora.search.text import ALL_STOPWORDS, stem_words, tokenize

TITLE_WEIGHT = 3
KEYWORD_WEIGHT = 2
TEXT_WEIGHT = 1
DESCRIPTION_WORDS = 400  # the start of a description says what the call is about
MIN_WORD = 3
BM25_K1 = 1.2
BM25_B = 0.6
# How the final score mixes the evidence (sums to 1).
W_TEXT = 0.6
W_TOPICS = 0.25
W_PROGRAMME = 0.15
MAX_FIT = 3
SOON_DAYS = 30

# Words of every call: they say nothing about what a call funds.
CALL_STOPWORDS = frozenset(
    tokenize(
        "project projects proposal proposals expected outcome outcomes scope call calls "
        "action actions applicant applicants should will must also including include such "
        "other new well more can may each all within through based support supported "
        "european europe eu member states union commission programme topic topics activities "
        "activity result results contribute contribution grant grants year years"
    )
)

# The shared topic list (events.Topic slugs) as English phrases, comma-separated: a call
# whose title or keywords hold every word of one phrase gets the topic.
TOPIC_WORDS: dict[str, str] = {
    "participatory-budgeting": "participatory budgeting, participatory budget",
    "citizens-assemblies": "citizens assemblies, citizens assembly, deliberative, deliberation, "
    "mini-publics",
    "digital-democracy": "digital democracy, digital participation, participation platform, "
    "online participation",
    "open-government": "open government, transparency, accountability",
    "metropolitan-governance": "metropolitan, urban governance",
    "multilevel-governance": "multilevel governance, multi-level governance",
    "co-creation": "living lab, urban lab, co creation",
    "youth": "youth, young people",
    "inclusion": "under-represented, vulnerable groups, citizen engagement, citizen participation",
    "future-of-europe": "future of europe, town twinning, remembrance, networks of towns",
    "climate": "climate, carbon, emissions",
    "energy": "energy",
    "mobility": "mobility, transport, logistics, cycling",
    "housing": "housing, homes",
    "social-inclusion": "social inclusion, equality, poverty, discrimination",
    "digital-transition": "digital twins, data spaces, artificial intelligence, digital skills, "
    "digital public services, cloud",
    "economy-jobs": "jobs, employment, economy, entrepreneurship",
    "culture": "culture, cultural, heritage, bauhaus",
    "education": "education, training, schools",
    "health": "health, wellbeing, air quality",
    "migration": "migration, migrants, migrant, refugees",
    "urban-regeneration": "urban regeneration, public space, public spaces, neighbourhoods",
    "environment": "environment, nature, biodiversity, circular economy, waste, water, green",
    "security": "safety, security, resilience, floods",
}


_TAG = re.compile(r"<[^>]+>")


def plain_text(markup: str) -> str:
    """The words of an HTML fragment (tags dropped, entities decoded)."""
    return " ".join(html.unescape(_TAG.sub(" ", markup or "")).split())


def _stems(text: str, language: str) -> list[str]:
    tokens = [
        t
        for t in tokenize(text)
        if len(t) >= MIN_WORD and not t.isdigit() and t not in ALL_STOPWORDS
    ]
    return stem_words(tokens, language) if tokens else []


def _surface(text: str, language: str) -> dict[str, str]:
    """Stem -> the first word that gave it (to show "heat", not "heat")."""
    tokens = [t for t in tokenize(text) if len(t) >= MIN_WORD and not t.isdigit()]
    out: dict[str, str] = {}
    for token, stem in zip(tokens, stem_words(tokens, language), strict=True):
        out.setdefault(stem, token)
    return out


def _words_limit(text: str, limit: int) -> str:
    words = text.split()
    return " ".join(words[:limit])


def _counted_stems(text: str, language: str) -> dict[str, int]:
    """Stem -> occurrences in ``text``: each distinct word is filtered and stemmed once."""
    counts = Counter(tokenize(text))
    words = [t for t in counts if len(t) >= MIN_WORD and not t.isdigit() and t not in ALL_STOPWORDS]
    out: dict[str, int] = {}
    for word, stem in zip(words, stem_words(words, language), strict=True):
        out[stem] = out.get(stem, 0) + counts[word]
    return out


def call_terms(
    title: str, keywords: Iterable[str], description_text: str, language: str = "en"
) -> dict[str, int]:
    """Weighted stems of a call, stored with it (see the module docstring)."""
    terms: dict[str, int] = {}
    for text, weight in (
        (title, TITLE_WEIGHT),
        (" ".join(keywords), KEYWORD_WEIGHT),
        (_words_limit(description_text, DESCRIPTION_WORDS), TEXT_WEIGHT),
    ):
        for stem, count in _counted_stems(text, language).items():
            if stem not in CALL_STOPWORDS:
                terms[stem] = terms.get(stem, 0) + weight * count
    return terms


@lru_cache(maxsize=1)
def _topic_phrases() -> dict[str, list[frozenset[str]]]:
    return {
        slug: [frozenset(_stems(phrase, "en")) for phrase in phrases.split(",")]
        for slug, phrases in TOPIC_WORDS.items()
    }


def suggest_topics(title: str, keywords: Iterable[str]) -> list[str]:
    """Topic slugs one of whose phrases is in a call's title or keywords."""
    stems = set(_stems(f"{title} {' '.join(keywords)}", "en"))
    return [
        slug
        for slug, phrases in _topic_phrases().items()
        if any(phrase and phrase <= stems for phrase in phrases)
    ]


# --- Query -------------------------------------------------------------------------


@dataclass(frozen=True)
class Needs:
    text: str
    priorities: Sequence[str] = ()
    topics: frozenset[str] = frozenset()
    language: str = "en"
    population: int | None = None


@dataclass
class Query:
    weights: dict[str, float] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)  # stem -> word shown
    priority_of: dict[str, int] = field(default_factory=dict)  # stem -> priority (0 first)


def needs_query(needs: Needs) -> Query:
    """Weighted stems of the needs: priorities weigh 2.0, 1.8, ... (at least 1.2)."""
    query = Query()
    languages = list(dict.fromkeys([needs.language or "en", "en"]))

    def add(text: str, weight: float, priority: int | None = None) -> None:
        for language in languages:
            words = _surface(text, language)
            for stem in _stems(text, language):
                if stem in CALL_STOPWORDS:
                    continue
                # A repeated word counts, but less and less.
                query.weights[stem] = query.weights.get(stem, 0.0) + weight
                query.words.setdefault(stem, words.get(stem, stem))
                if priority is not None:
                    query.priority_of.setdefault(stem, priority)

    for index, priority in enumerate(needs.priorities):
        add(priority, max(2.0 - 0.2 * index, 1.2), index)
    add(needs.text, 1.0)
    query.weights = {stem: min(w, 4.0) for stem, w in query.weights.items()}
    return query


# --- Ranking ------------------------------------------------------------------------


@dataclass(frozen=True)
class CallProfile:
    """What the matcher needs of a call (built from the database, cached)."""

    id: int
    terms: Mapping[str, int]
    topics: frozenset[str] = frozenset()
    city_fit: int = 1
    programme: str = ""
    action_type: str = ""
    min_contribution: int | None = None
    max_contribution: int | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    two_stage: bool = False
    length: int = 0  # sum of the term weights (0: computed)

    @property
    def size(self) -> int:
        return self.length or sum(self.terms.values())


@dataclass(frozen=True)
class Hint:
    """An eligibility or practical hint: ``code`` is translated by the page."""

    code: str
    amount: int | None = None
    days: int | None = None
    date: datetime | None = None


@dataclass
class Match:
    call_id: int
    score: float  # 0..1
    text_score: float
    words: list[str]  # matched words, most important first
    priority_words: list[str]  # those that came from the priorities
    topics: list[str]  # shared topic slugs
    city_fit: int
    hints: list[Hint]


def hints_for(call: CallProfile, population: int | None, now: datetime) -> list[Hint]:
    hints: list[Hint] = []
    action = call.action_type.lower()
    if call.opens_at and call.opens_at > now:
        hints.append(Hint("opens_later", date=call.opens_at))
    elif call.closes_at:
        days = math.ceil((call.closes_at - now).total_seconds() / 86400)
        if 0 <= days <= SOON_DAYS:
            hints.append(Hint("deadline_soon", days=days))
    if call.two_stage:
        hints.append(Hint("two_stage"))
    if call.max_contribution is not None and call.max_contribution <= 200_000:
        hints.append(Hint("small_grant", amount=call.max_contribution))
    if call.min_contribution is not None and call.min_contribution >= 5_000_000:
        hints.append(Hint("large_projects", amount=call.min_contribution))
    elif (
        population
        and population < 500_000
        and call.min_contribution is not None
        and call.min_contribution >= 2_000_000
    ):
        hints.append(Hint("large_for_city", amount=call.min_contribution))
    if population and call.max_contribution:
        per_head = call.max_contribution / population
        if per_head >= 1:
            hints.append(Hint("per_inhabitant", amount=round(per_head)))
    if "coordination and support" in action or "-csa" in action:
        hints.append(Hint("csa"))
    elif "research and innovation" in action or "-ria" in action:
        hints.append(Hint("research_led"))
    elif "innovation action" in action:
        hints.append(Hint("innovation_action"))
    if "lump sum" in action or "-ls " in f"{action} ":
        hints.append(Hint("lump_sum"))
    return hints


@dataclass
class CallIndex:
    """Candidate calls with inverted lists of their stems and topics: only the calls
    holding a query word or topic are looked at. A stem's list is made the first time a
    query asks for it (one pass over the calls) and kept, so building the index is a
    single cheap pass and the words people actually use are soon all listed."""

    calls: list[CallProfile]
    topic_postings: dict[str, list[int]]
    norms: list[float]  # BM25 length normalisation of each call
    postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @classmethod
    def build(cls, calls: Sequence[CallProfile]) -> CallIndex:
        topic_postings: dict[str, list[int]] = {}
        sizes = [call.size for call in calls]
        average = (sum(sizes) / len(sizes) if sizes else 1.0) or 1.0
        for position, call in enumerate(calls):
            for slug in call.topics:
                topic_postings.setdefault(slug, []).append(position)
        norms = [BM25_K1 * (1 - BM25_B + BM25_B * size / average) for size in sizes]
        return cls(list(calls), topic_postings, norms)

    def postings_for(self, stems: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
        """``{stem: [(position in calls, weight)]}`` of the calls holding each stem; the
        stems not listed yet are listed in one pass over the calls."""
        missing = {stem for stem in stems if stem not in self.postings}
        if missing:
            found: dict[str, list[tuple[int, int]]] = {stem: [] for stem in missing}
            for position, call in enumerate(self.calls):
                terms = call.terms
                for stem in terms.keys() & missing:
                    found[stem].append((position, terms[stem]))
            self.postings.update(found)  # a race only computes the same lists twice
        return {stem: self.postings[stem] for stem in stems}


def rank(
    needs: Needs,
    calls: Sequence[CallProfile] | CallIndex,
    *,
    now: datetime,
    limit: int | None = 20,
    min_score: float = 0.05,
    keep: Callable[[CallProfile], bool] | None = None,
) -> list[Match]:
    """The calls that match the needs, best first, with their reasons.

    ``keep`` leaves calls out after scoring (e.g. those closed since the index was built);
    term statistics are computed over every call of the index.
    """
    index = calls if isinstance(calls, CallIndex) else CallIndex.build(calls)
    query = needs_query(needs)
    if not index.calls or (not query.weights and not needs.topics):
        return []
    n = len(index.calls)
    factors: dict[str, float] = {}
    postings = index.postings_for(query.weights)
    for stem, weight in query.weights.items():
        found = postings[stem]
        if found:
            idf = math.log(1 + (n - len(found) + 0.5) / (len(found) + 0.5))
            factors[stem] = weight * idf * (BM25_K1 + 1)
    # The best a call could score: every query term, at saturation.
    ceiling = sum(factors.values()) or 1.0
    norms = index.norms
    text: dict[int, float] = {}
    for stem, factor in factors.items():
        for position, tf in postings[stem]:
            text[position] = text.get(position, 0.0) + factor * tf / (tf + norms[position])
    shared_topics: dict[int, list[str]] = {}
    for slug in sorted(needs.topics):
        for position in index.topic_postings.get(slug, ()):
            shared_topics.setdefault(position, []).append(slug)
    topic_count = len(needs.topics)
    scored: list[tuple[float, int, int]] = []  # (-score, call id, position)
    for position in set(text) | set(shared_topics):
        call = index.calls[position]
        text_score = min(1.0, 2.5 * text.get(position, 0.0) / ceiling)
        topic_score = len(shared_topics.get(position, ())) / topic_count if topic_count else 0.0
        score = (
            W_TEXT * text_score
            + W_TOPICS * topic_score
            + W_PROGRAMME * min(call.city_fit, MAX_FIT) / MAX_FIT
        )
        if score >= min_score:
            scored.append((-score, call.id, position))
    scored.sort()
    matches: list[Match] = []
    for negative, _call_id, position in scored:
        call = index.calls[position]
        if keep is not None and not keep(call):
            continue
        matches.append(
            _explain(
                call,
                position,
                -negative,
                text,
                factors,
                query,
                shared_topics,
                ceiling,
                needs.population,
                now,
            )
        )
        if limit is not None and len(matches) >= limit:
            break
    return matches


def _explain(
    call: CallProfile,
    position: int,
    score: float,
    text: dict[int, float],
    factors: dict[str, float],
    query: Query,
    shared_topics: dict[int, list[str]],
    ceiling: float,
    population: int | None,
    now: datetime,
) -> Match:
    """The reasons of one chosen call: its matched words (most weight first), topics, hints."""
    contributions = sorted(
        ((factors[stem] * call.terms[stem], stem) for stem in factors if stem in call.terms),
        reverse=True,
    )
    words = [query.words[stem] for _part, stem in contributions[:8]]
    priority_words = [
        query.words[stem] for _part, stem in contributions if stem in query.priority_of
    ][:5]
    return Match(
        call_id=call.id,
        score=round(score, 4),
        text_score=round(min(1.0, 2.5 * text.get(position, 0.0) / ceiling), 4),
        words=list(dict.fromkeys(words)),
        priority_words=list(dict.fromkeys(priority_words)),
        topics=shared_topics.get(position, []),
        city_fit=call.city_fit,
        hints=hints_for(call, population, now),
    )
