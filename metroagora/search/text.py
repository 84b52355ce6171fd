"""Text processing for search: folding, words, stems, query parsing and highlighting.

Pure Python (no Django), shared by both search backends so that SQLite and PostgreSQL
find exactly the same documents:

- ``fold`` makes text case- and accent-insensitive: "Zürich" and "ZURICH" both fold
  to "zurich", "Straße" to "strasse", "Łódź" to "lodz".
- ``tokenize`` splits folded text into words (runs of letters and digits).
- ``stem`` reduces a word to its Snowball stem in a language (PyStemmer), so that
  "budgets participatifs" and "budget participatif" meet.
- ``document_stems`` is what is indexed for a text in its language; ``parse_query``
  turns what a person typed into terms, each a set of alternative forms (the word and
  its stems in every UI language, since we do not know the language of a query).
- ``highlight`` cuts an HTML-escaped snippet around the best match, with <mark>.

A word is indexed under up to three forms: the stem of the word as written, folded
(best for accented input: "budżetów" -> "budzet"); the stem of the folded word (what
an unaccented query gives: "budzetow" -> "budzetow"); and the folded word itself (for
prefix queries on raw words). Queries use the same forms, so accents never matter.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import Stemmer

UI_LANGUAGES = ("en", "fr", "de", "it", "es", "pl")
MAX_QUERY_CHARS = 500
MAX_QUERY_TERMS = 12
MAX_WORD_CHARS = 64  # longer "words" are cut: nobody searches for them whole
MIN_PREFIX_CHARS = 3  # "ab*" would expand to too many words to be useful
SNIPPET_WORDS = 30

# ISO 639-1 code -> Snowball algorithm available in PyStemmer. Languages without one
# (Bulgarian, Latvian, Slovak, Slovenian, Croatian, Maltese...) are indexed unstemmed.
STEMMER_ALGORITHMS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "tr": "turkish",
}


def _stopwords(words: str) -> frozenset[str]:
    return frozenset(words.split())


# The most common function words of the UI languages, folded. Used for queries only
# (documents keep every word). Words that mean something in another language ("war",
# "will", "art", "plus") are deliberately left out.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": _stopwords(
        "the a an and or of to in on at for with by from is are was were be been it its "
        "this that these those as but not no so if than then into about our we you they "
        "their there what which who how"
    ),
    "fr": _stopwords(
        "le la les l un une des du de d et ou a au aux en dans par pour sur avec sans ce "
        "cet cette ces qui que qu dont est sont il elle ils elles nous vous se sa son ses "
        "leur leurs ne pas y"
    ),
    "de": _stopwords(
        "der die das den dem des ein eine einen einem einer eines und oder in im an am auf "
        "aus bei mit nach von vom zu zum zur fur uber ist sind es sie er wir ihr sich nicht "
        "auch als wie dass"
    ),
    "it": _stopwords(
        "il lo la i gli le un uno una di del della dei delle degli dello a al alla ai alle "
        "da dal dalla in nel nella con su per tra fra e ed o che chi non si come questo "
        "questa sono"
    ),
    "es": _stopwords(
        "el la los las un una unos unas de del al a en y e o u que por para con sin sobre "
        "entre es son se su sus lo le les como mas pero este esta no muy"
    ),
    "pl": _stopwords(
        "i w we z ze na do o od po za przez dla przy pod nad oraz lub albo a ale czy sie "
        "jest sa to ten ta te jak nie tak co ich jego jej juz tylko"
    ),
}
ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())

# Letters that Unicode decomposition does not reduce to a base letter.
_SPECIAL = str.maketrans(
    {
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŀ": "l",
        "ß": "ss",
    }
)
_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower-case, accent-free text: ``fold("Zürich Straße") == "zurich strasse"``."""
    text = unicodedata.normalize("NFKD", text.casefold()).translate(_SPECIAL)
    if text.isascii():
        return text
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _words(text: str) -> list[str]:
    """Lower-case words as written (accents kept), cut to MAX_WORD_CHARS."""
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    return [w[:MAX_WORD_CHARS] for w in words]


def tokenize(text: str) -> list[str]:
    """Folded words: runs of letters and digits (no underscores)."""
    return [t[:MAX_WORD_CHARS] for t in _WORD.findall(fold(text))]


# --- Stemming ---------------------------------------------------------------------

_local = threading.local()  # PyStemmer objects are not thread-safe: one set per thread


def _stemmer(lang: str) -> Stemmer.Stemmer | None:
    cache: dict[str, Stemmer.Stemmer | None] | None = getattr(_local, "stemmers", None)
    if cache is None:
        cache = _local.stemmers = {}
    try:
        return cache[lang]
    except KeyError:
        algorithm = STEMMER_ALGORITHMS.get(lang)
        cache[lang] = Stemmer.Stemmer(algorithm) if algorithm else None
        return cache[lang]


def base_language(lang: str | None) -> str:
    return (lang or "").split("-")[0].lower()


def stem(token: str, lang: str) -> str:
    """The Snowball stem of ``token`` in ``lang``; the token itself without a stemmer."""
    stemmer = _stemmer(base_language(lang))
    return stemmer.stemWord(token) if stemmer else token


def stem_words(tokens: Sequence[str], lang: str) -> list[str]:
    stemmer = _stemmer(base_language(lang))
    return stemmer.stemWords(tokens) if stemmer else list(tokens)


# Forms of each word already computed, per language: vocabularies are small compared
# to texts, so indexing mostly hits this cache. Bounded (cleared when full).
_FORMS_CACHE_SIZE = 200_000
_forms_cache: dict[str, dict[str, tuple[str, ...]]] = {}


def word_forms(word: str, lang: str) -> tuple[str, ...]:
    """Indexed forms of one lower-case word (see the module docstring), first the stem."""
    return _forms_many([word], lang)[0]


def _forms_many(words: Sequence[str], lang: str) -> list[tuple[str, ...]]:
    lang = base_language(lang)
    cache = _forms_cache.setdefault(lang, {})
    missing = [w for w in dict.fromkeys(words) if w not in cache]
    if missing:
        if len(cache) + len(missing) > _FORMS_CACHE_SIZE:
            cache.clear()
        folded = [fold(w) for w in missing]
        stemmer = _stemmer(lang)
        if stemmer:
            stems_raw = [fold(s) for s in stemmer.stemWords(missing)]
            stems_folded = stemmer.stemWords(folded)
        else:
            stems_raw = stems_folded = folded
        for word, f, s1, s2 in zip(missing, folded, stems_raw, stems_folded, strict=True):
            forms = tuple(dict.fromkeys(form for form in (s1, s2, f) if _WORD.fullmatch(form)))
            cache[word] = forms
    return [cache[w] for w in words]


def document_stems(text: str, lang: str) -> str:
    """What is indexed for ``text`` written in ``lang``: space-separated folded forms."""
    words = _words(text)
    if not words:
        return ""
    return " ".join(" ".join(forms) for forms in _forms_many(words, lang))


# --- Queries -------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word of a query: matches a document word having any of ``forms``."""

    word: str  # folded, as typed
    forms: frozenset[str]
    prefix: bool  # also match words starting with ``word``

    def matches(self, forms: Iterable[str]) -> bool:
        for form in forms:
            if form in self.forms or (self.prefix and form.startswith(self.word)):
                return True
        return False


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # what was typed, cut to MAX_QUERY_CHARS
    terms: tuple[Term, ...] = ()
    truncated: bool = False  # the query was too long: only its beginning is searched
    ignored: tuple[str, ...] = field(default=())  # stop words left out

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(query: str) -> ParsedQuery:
    """Terms of a query, whatever was typed: operators and quotes are just punctuation.

    Only letters and digits survive, so no input can inject search syntax. At most
    MAX_QUERY_CHARS characters and MAX_QUERY_TERMS terms are used (``truncated``
    says so). Stop words of the UI languages are left out unless every word is one.
    """
    query = query or ""
    truncated = len(query) > MAX_QUERY_CHARS
    query = query[:MAX_QUERY_CHARS]
    words = list(dict.fromkeys(_words(query)))  # unique, in order
    kept = [w for w in words if fold(w) not in ALL_STOPWORDS] or words
    ignored = tuple(w for w in words if w not in kept)
    if len(kept) > MAX_QUERY_TERMS:
        kept = kept[:MAX_QUERY_TERMS]
        truncated = True
    terms = []
    for word in kept:
        folded = fold(word)
        if not _WORD.fullmatch(folded):
            continue  # a sign that folds to nothing searchable
        forms = {folded}
        for lang in UI_LANGUAGES:
            forms.update(word_forms(word, lang))
        terms.append(
            Term(word=folded, forms=frozenset(forms), prefix=len(folded) >= MIN_PREFIX_CHARS)
        )
    return ParsedQuery(text=query, terms=tuple(terms), truncated=truncated, ignored=ignored)


# --- Snippets ------------------------------------------------------------------------


def match_count(text: str, lang: str, query: ParsedQuery) -> int:
    """How many distinct query terms ``text`` contains (to pick a language version)."""
    words = list(dict.fromkeys(_words(text)))
    found = set()
    for forms in _forms_many(words, lang):
        for i, term in enumerate(query.terms):
            if i not in found and term.matches(forms):
                found.add(i)
    return len(found)


def highlight(text: str, lang: str, query: ParsedQuery, words: int = SNIPPET_WORDS) -> str:
    """An HTML-escaped snippet of about ``words`` words around the best match.

    Matching words are wrapped in ``<mark>``; everything else is escaped, so the
    result is safe to insert into a page as it is.
    """
    text = unicodedata.normalize("NFC", text or "")
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not spans:
        return html.escape(text[:300])
    tokens = [text[a:b].casefold()[:MAX_WORD_CHARS] for a, b in spans]
    forms = _forms_many(tokens, lang)
    hits: list[int] = []  # per word: index of the term it matches, or -1
    for word_forms_ in forms:
        hits.append(next((i for i, t in enumerate(query.terms) if t.matches(word_forms_)), -1))
    start = _best_window(hits, words)
    end = min(len(spans), start + words)
    a = spans[start][0] if start > 0 else 0
    b = spans[end - 1][1] if end < len(spans) else len(text)
    out = ["… " if start > 0 else ""]
    pos = a
    for i in range(start, end):
        s, e = spans[i]
        if hits[i] < 0:
            continue
        out.append(html.escape(text[pos:s]))
        out.append(f"<mark>{html.escape(text[s:e])}</mark>")
        pos = e
    out.append(html.escape(text[pos:b]))
    if end < len(spans):
        out.append(" …")
    return "".join(out)


def _best_window(hits: list[int], size: int) -> int:
    """Start of the window of ``size`` words with the most distinct terms, then hits."""
    if len(hits) <= size:
        return 0
    best, best_score = 0, (-1, -1)
    first_hits = [i for i, h in enumerate(hits) if h >= 0]
    for i in first_hits or [0]:
        start = max(0, min(i - size // 4, len(hits) - size))  # a little context before
        window = [h for h in hits[start : start + size] if h >= 0]
        score = (len(set(window)), len(window))
        if score > best_score:
            best, best_score = start, score
    return best
