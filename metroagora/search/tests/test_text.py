"""Folding, words, stems, query parsing and snippets: pure functions, no database."""

import re

import pytest

from metroagora.search.backends import fts5_match, tsquery
from metroagora.search.text import (
    MAX_QUERY_TERMS,
    document_stems,
    fold,
    highlight,
    parse_query,
    stem,
    tokenize,
    word_forms,
)

NASTY = [
    '"',
    '""',
    "*",
    "**budget**",
    "NEAR(budget city)",
    "budget NEAR/3 city",
    '"unbalanced quote',
    "a AND OR NOT b",
    "title:budget",
    "^budget",
    "budget:*",
    "(budget | city) & !lyon",
    "'; DROP TABLE search_fts; --",
    "1' OR '1'='1",
    "%_\\",
    "\u0000budget",
    "🙂 budget ✓",
]


def test_it_folds_case_accents_and_special_letters():
    assert fold("Zürich") == fold("ZURICH") == "zurich"
    assert fold("Straße") == "strasse"
    assert fold("Łódź") == "lodz"
    assert fold("Ærø ØRESUND") == "aero oresund"
    assert fold("Ça été") == "ca ete"
    assert fold("ǅ ﬁ ²") == "dz fi 2"


def test_it_tokenizes_letters_and_digits_only():
    assert tokenize("l'énergie_solaire, C++ 2030!") == ["l", "energie", "solaire", "c", "2030"]
    assert tokenize("  ... --- ") == []


@pytest.mark.parametrize(
    ("lang", "one", "other"),
    [
        ("en", "budgets", "budget"),
        ("en", "cities", "city"),
        ("fr", "participatifs", "participatif"),
        ("fr", "mobilités", "mobilite"),
        ("de", "Städte", "Stadt"),
        ("de", "Bürgerinnen", "Bürger"),
        ("it", "cittadini", "cittadino"),
        ("es", "presupuestos", "presupuesto"),
        ("pl", "budżetów", "budżet"),
        ("pl", "mieszkańców", "mieszkancy"),
    ],
)
def test_it_gives_word_forms_a_common_stem(lang, one, other):
    assert set(word_forms(one.casefold(), lang)) & set(word_forms(other.casefold(), lang))


def test_it_leaves_words_unchanged_without_a_stemmer():
    assert stem("budgets", "mt") == "budgets"
    assert stem("budgets", "") == "budgets"
    assert stem("budgets", "en") == "budget"
    assert stem("budgets", "en-gb") == "budget"


def test_it_indexes_stems_and_folded_words():
    words = document_stems("Les budgets de Zürich", "fr").split()
    assert {"budget", "budgets", "zurich"} <= set(words)
    assert document_stems("", "fr") == ""


@pytest.mark.parametrize("query", NASTY)
def test_it_turns_any_input_into_plain_words(query):
    parsed = parse_query(query)
    for term in parsed.terms:
        assert term.word.isalnum()
        assert all(form.isalnum() for form in term.forms)
    match = fts5_match(parsed)
    group = r'\("[^\W_]+"\*?(?: OR "[^\W_]+"\*?)*\)'
    assert re.fullmatch(rf"(?:{group}(?: AND {group})*)?", match), match
    ts = tsquery(parsed)
    ts_group = r"\('[^\W_]+'(?::\*)?(?: \| '[^\W_]+'(?::\*)?)*\)"
    assert re.fullmatch(rf"(?:{ts_group}(?: & {ts_group})*)?", ts), ts


def test_it_reads_operators_as_words():
    assert [t.word for t in parse_query("NEAR(budget city)").terms] == ["near", "budget", "city"]
    assert [t.word for t in parse_query('"participatory budget').terms] == [
        "participatory",
        "budget",
    ]


def test_it_finds_nothing_to_search_in_empty_or_symbol_only_queries():
    assert not parse_query("")
    assert not parse_query("   ")
    assert not parse_query('*** "" ( ) -- !')


def test_it_caps_very_long_queries():
    many = parse_query(" ".join(f"word{n}" for n in range(100)))
    assert many.truncated
    assert len(many.terms) == MAX_QUERY_TERMS
    long = parse_query("budget " + "x" * 10_000)
    assert long.truncated
    assert len(long.text) == 500
    assert not parse_query("participatory budget").truncated


def test_it_leaves_out_stop_words_unless_there_is_nothing_else():
    assert [t.word for t in parse_query("the budget of Lyon").terms] == ["budget", "lyon"]
    assert [t.word for t in parse_query("le budget de la ville").terms] == ["budget", "ville"]
    assert [t.word for t in parse_query("the of").terms] == ["the", "of"]


def test_it_matches_prefixes_of_three_letters_or_more():
    terms = parse_query("bu bud").terms
    assert [t.prefix for t in terms] == [False, True]


def test_it_escapes_everything_but_its_marks():
    query = parse_query("budget")
    text = '<script>alert("budget")</script> & <img src=x onerror="budget"> budget\'s'
    out = highlight(text, "en", query)
    assert "<mark>budget</mark>" in out
    without_marks = re.sub(r"</?mark>", "", out)
    assert "<" not in without_marks and ">" not in without_marks
    assert '"' not in without_marks
    assert "&lt;script&gt;" in out and "&amp;" in out


def test_it_marks_word_forms_and_accents():
    out = highlight("Les budgets participatifs de Zürich", "fr", parse_query("budget zurich"))
    assert out == "Les <mark>budgets</mark> participatifs de <mark>Zürich</mark>"


def test_it_cuts_a_snippet_around_the_best_match():
    text = " ".join(["filler"] * 200) + " the participatory budget of Lyon " + "tail " * 200
    out = highlight(text, "en", parse_query("participatory budget"))
    assert out.startswith("… ") and out.endswith(" …")
    assert "<mark>participatory</mark> <mark>budget</mark>" in out
    assert len(out.split()) < 40


def test_it_shows_the_beginning_without_a_match():
    out = highlight("First words. " + "more " * 100, "en", parse_query("absent"))
    assert out.startswith("First words.")
    assert "<mark>" not in out
