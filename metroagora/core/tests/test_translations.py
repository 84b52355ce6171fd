"""Checks on the committed translation catalogs (metroagora/locale).

Pure Python: no gettext binaries are needed. The .po files are parsed with a small
parser below; the committed .mo files are loaded with the standard library's
``gettext.GNUTranslations`` and must give exactly what the .po files say, so a
forgotten ``compilemessages`` (a stale .mo) fails here.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from django.utils import dateformat, translation

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
LANGS = ["fr", "de", "it", "es", "pl"]
NPLURALS = {"fr": 2, "de": 2, "it": 2, "es": 2, "pl": 3}

# Python %-style placeholders (named and positional) and brace-style ones.
PLACEHOLDER_RE = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]"
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}"
)
ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)]


def _unquote(text: str, path: Path, lineno: int) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{path}:{lineno}: expected a quoted string, got {text!r}")
    body, out, i = text[1:-1], [], 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def parse_po(path: Path) -> list[Entry]:
    """Parse a .po file into entries (obsolete ``#~`` entries are skipped)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None  # the field continuation lines extend
    has_msgstr = False

    def start(lineno: int) -> Entry:
        nonlocal entry, target, has_msgstr
        if entry is not None and has_msgstr:
            entries.append(entry)
            entry = None
        if entry is None:
            entry, target, has_msgstr = Entry(line=lineno), None, False
        return entry

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            current = start(lineno)
            target = None
            if line.startswith("#,"):
                current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"{path}:{lineno}: string continuation outside a field")
            _append(entry, target, _unquote(line, path, lineno))
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid"):
            current = start(lineno)  # continues the entry its comments (or msgctxt) began
        elif entry is None:
            raise ValueError(f"{path}:{lineno}: {keyword} before msgid")
        else:
            current = entry
        plural_form = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if plural_form:
            target = ("msgstr", int(plural_form.group(1)))
        elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            target = (keyword, None)
        else:
            raise ValueError(f"{path}:{lineno}: unknown keyword {keyword!r}")
        has_msgstr = has_msgstr or keyword.startswith("msgstr")
        _set(current, target, _unquote(rest, path, lineno))
    if entry is not None and has_msgstr:
        entries.append(entry)
    return entries


def _set(entry: Entry, target: tuple[str, int | None], value: str) -> None:
    name, index = target
    if name == "msgstr" and index is not None:
        entry.msgstr_plural[index] = value
    else:
        setattr(entry, name, value)


def _append(entry: Entry, target: tuple[str, int | None], value: str) -> None:
    name, index = target
    if name == "msgstr" and index is not None:
        entry.msgstr_plural[index] += value
    else:
        setattr(entry, name, (getattr(entry, name) or "") + value)


def header_fields(entries: list[Entry]) -> dict[str, str]:
    header = next(e for e in entries if e.is_header)
    fields = {}
    for line in header.msgstr.splitlines():
        name, sep, value = line.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    return fields


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"


@cache
def catalog(lang: str) -> list[Entry]:
    return parse_po(po_path(lang))


def messages(lang: str) -> list[Entry]:
    return [e for e in catalog(lang) if not e.is_header]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER_RE.findall(text.replace("%%", "")))


# --- the parser itself ---------------------------------------------------------------------


def test_it_parses_multiline_context_and_plural_entries(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        '# comment\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: xx\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        '#, python-format\nmsgctxt "menu"\nmsgid ""\n"Hello "\n"%(name)s"\n'
        'msgstr "Salut %(name)s"\n'
        'msgid "one"\nmsgid_plural "many \\"quoted\\""\nmsgstr[0] "un"\nmsgstr[1] ""\n"plusieurs"\n'
        '#~ msgid "old"\n#~ msgstr "vieux"\n',
        encoding="utf-8",
    )
    header, greeting, plural = parse_po(po)
    assert header.is_header and "fuzzy" in header.flags
    assert header_fields([header])["language"] == "xx"
    assert (greeting.msgctxt, greeting.msgid, greeting.msgstr) == (
        "menu",
        "Hello %(name)s",
        "Salut %(name)s",
    )
    assert greeting.flags == {"python-format"}
    assert plural.msgid_plural == 'many "quoted"'
    assert plural.translations() == ["un", "plusieurs"]


# --- the catalogs ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_it_has_a_complete_header(lang: str) -> None:
    fields = header_fields(catalog(lang))
    assert fields.get("language") == lang
    assert "charset=utf-8" in fields.get("content-type", "").lower()
    assert fields.get("project-id-version", "").startswith("MetroAgora")
    assert re.match(rf"nplurals={NPLURALS[lang]};", fields.get("plural-forms", ""))


@pytest.mark.parametrize("lang", LANGS)
def test_it_has_no_fuzzy_entries(lang: str) -> None:
    fuzzy = [e.msgid for e in catalog(lang) if "fuzzy" in e.flags]
    assert fuzzy == []


@pytest.mark.parametrize("lang", LANGS)
def test_it_translates_every_entry(lang: str) -> None:
    missing = []
    for entry in messages(lang):
        forms = entry.translations()
        if entry.msgid_plural is not None and len(forms) != NPLURALS[lang]:
            missing.append((entry.msgid, f"{len(forms)} plural forms"))
        if not all(form.strip() for form in forms):
            missing.append((entry.msgid, "empty"))
    assert missing == []


@pytest.mark.parametrize("lang", LANGS)
def test_it_keeps_the_placeholders(lang: str) -> None:
    wrong = []
    for entry in messages(lang):
        source = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for form in entry.translations():
            if placeholders(form) != source:
                wrong.append((entry.msgid, form))
    assert wrong == []


@pytest.mark.parametrize("lang", LANGS)
def test_it_has_a_compiled_catalog_matching_the_po_file(lang: str) -> None:
    mo = po_path(lang).with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: run compilemessages"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.info().get("plural-forms") == header_fields(catalog(lang))["plural-forms"]
    # One sample n for each plural form, as the compiled plural rule sees it.
    samples: dict[int, int] = {}
    for n in range(200):
        samples.setdefault(compiled.plural(n), n)
    assert sorted(samples) == list(range(NPLURALS[lang]))
    stale = []
    for entry in messages(lang):
        if entry.msgid_plural is None:
            got = [
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt is not None
                else compiled.gettext(entry.msgid)
            ]
        else:
            got = [
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, samples[i])
                if entry.msgctxt is not None
                else compiled.ngettext(entry.msgid, entry.msgid_plural, samples[i])
                for i in range(NPLURALS[lang])
            ]
        if got != entry.translations():
            stale.append(entry.msgid)
    assert stale == [], f"{mo} is stale: run compilemessages"


def test_it_lists_the_same_messages_in_every_language() -> None:
    reference = {e.key for e in messages("en")}
    assert reference, "the en catalog is empty"
    for lang in LANGS:
        keys = {e.key for e in messages(lang)}
        assert keys == reference, (
            lang,
            sorted(k[1] for k in reference - keys),
            sorted(k[1] for k in keys - reference),
        )


@pytest.mark.parametrize(
    ("language", "month"),
    [("fr", "mai"), ("de", "Mai"), ("it", "Maggio"), ("es", "mayo"), ("pl", "Maj")],
)
def test_our_catalogue_does_not_rename_django_s_months(language, month):
    """Our .po files take precedence over Django's: a msgid of ours equal to a month's
    name ("May" once headed a column of the API tokens page) renamed the month in
    every date of the site."""
    with translation.override(language):
        assert dateformat.format(date(2026, 5, 12), "j F") == f"12 {month}"
