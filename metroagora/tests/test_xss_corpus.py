"""Every form of the site, filled with script-injection payloads: its pages stay harmless.

The forms come from the code (``metroagora/*/*forms*.py``, and the few forms defined in
views), so a new form without an entry in ``metroagora/tests/xss_corpus.py`` fails
``test_it_has_an_entry_for_every_form``.
Each form is filled like a browser would: the test opens the page that shows it, keeps
the values the page gives, puts the payloads (``xss_format.PAYLOADS``) in every
free-text field and sends it through the real view. Then it opens the pages that show
the text and checks they show it (its marker is there) and that nothing in them could
run: no event-handler attribute, no ``javascript:`` address, no inline script but JSON
data, no frame or style element, no template evaluated.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from metroagora.core.translated import TranslatedTextFormField
from metroagora.tests.html_tools import Form, parse_forms, script_problems
from metroagora.tests.matrix_format import Case
from metroagora.tests.world import World, client_for
from metroagora.tests.xss_corpus import FORMS, URL_FIELDS_ACCEPTING
from metroagora.tests.xss_format import (
    MIN_LENGTH,
    PAYLOADS,
    TEMPLATE_INJECTION,
    BaseForm,
    FormCase,
    NoFreeText,
)

PACKAGE = Path(__file__).resolve().parents[1]
SCRIPT_ADDRESSES = ("javascript:alert(1)", "JaVaScRiPt://x.org/%0aalert(1)", "data:text/html,x")


def form_classes() -> dict[str, type[forms.BaseForm]]:
    """Every Form and ModelForm defined in ``metroagora/<app>/*forms*.py`` (and views)."""
    found: dict[str, type[forms.BaseForm]] = {}
    paths = [*PACKAGE.glob("*/*forms*.py"), *PACKAGE.glob("*/*views*.py")]
    for path in sorted(paths):
        module = importlib.import_module(f"metroagora.{path.parent.name}.{path.stem}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return found


def is_free_text(field: forms.Field) -> bool:
    """A field a person types any text in (not a choice, a number, an address, a code)."""
    if isinstance(field, TranslatedTextFormField):
        return True
    if isinstance(field, forms.EmailField | forms.URLField | forms.SlugField):
        return False
    if isinstance(field, forms.FileField | forms.ChoiceField | forms.BooleanField):
        return False
    if not isinstance(field, forms.CharField):
        return False
    if field.max_length is not None and field.max_length < MIN_LENGTH:
        return False  # too short to carry an attack (a code, a currency)
    return not isinstance(field.widget, forms.HiddenInput | forms.PasswordInput)


def text_fields(cls: type[forms.BaseForm]) -> list[str]:
    """The free-text fields a form class declares (fields added in ``__init__`` aside)."""
    return [name for name, field in cls.base_fields.items() if is_free_text(field)]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: Any) -> None:
    """Each form is sent a dozen times in a row."""
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "100000/m")


# --- Coverage ------------------------------------------------------------------------------


def test_it_has_an_entry_for_every_form() -> None:
    classes = form_classes()
    missing = sorted(set(classes) - set(FORMS))
    stale = sorted(set(FORMS) - set(classes))
    wrong = []
    for key, item in FORMS.items():
        cls = classes.get(key)
        if cls is None:
            continue
        if isinstance(item, NoFreeText) and text_fields(cls):
            wrong.append(f"  {key} is marked NoFreeText but has {text_fields(cls)}")
        if isinstance(item, BaseForm) and not any(
            other is not cls and issubclass(other, cls) for other in classes.values()
        ):
            wrong.append(f"  {key} is marked BaseForm but no form is built on it")
    problems = []
    if missing:
        problems.append(
            "Forms without an entry in metroagora/tests/xss_corpus.py (say where their "
            "text shows, or NoFreeText):\n  " + "\n  ".join(missing)
        )
    if stale:
        problems.append("Entries for forms that no longer exist:\n  " + "\n  ".join(stale))
    if wrong:
        problems.append("\n".join(wrong))
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


def test_it_refuses_script_addresses_in_every_url_field() -> None:
    """A ``javascript:`` link can only be stored through a URL field: none takes one."""
    accepted = []
    for key, cls in sorted(form_classes().items()):
        for name, field in cls.base_fields.items():
            if not isinstance(field, forms.URLField) or f"{key}.{name}" in URL_FIELDS_ACCEPTING:
                continue
            for value in SCRIPT_ADDRESSES:
                try:
                    field.clean(value)
                except forms.ValidationError:
                    continue
                accepted.append(f"  {key}.{name} accepts {value!r}")
    if accepted:
        pytest.fail("URL fields that take script addresses:\n" + "\n".join(accepted), pytrace=False)


# --- Sending the payloads ------------------------------------------------------------------


def url_of(world: World, name: str, kwargs: Any, query: str = "") -> str:
    with translation.override("en"):
        url = reverse(name, kwargs=Case(kwargs=kwargs).resolve_kwargs(world))
    return f"{url}?{query}" if query else url


def chunks(capacity: int) -> list[str]:
    """The payloads, packed into as few texts of at most ``capacity`` characters as fit."""
    packed: list[str] = []
    current = ""
    for payload in PAYLOADS:
        candidate = f"{current} {payload}" if current else payload
        if len(candidate) <= capacity:
            current = candidate
        else:
            if current:
                packed.append(current)
            current = payload[:capacity]  # what a short field can hold of it
    packed.append(current)
    return packed


def find_form(html: str, locate: str) -> Form | None:
    for form in parse_forms(html):
        if locate in form.names():
            return form
    return None


def describe_forms(html: str) -> str:
    return "\n".join(
        f"  <form action={form.action!r} method={form.method}>: {sorted(form.names())}"
        for form in parse_forms(html)
    )


def matches_any(name: str, patterns: tuple[str, ...]) -> bool:
    """``name`` is one of ``patterns`` (a pattern ending in ``*`` is a prefix)."""
    return any(
        name.startswith(pattern[:-1]) if pattern.endswith("*") else name == pattern
        for pattern in patterns
    )


def fillable(form: Form, case: FormCase, cls: type[forms.BaseForm]) -> list[Any]:
    """The inputs of ``form`` to fill with payloads."""
    found = []
    for item in form.text_inputs():
        field = class_field(cls, item.name)
        if field is not None and not is_free_text(field):
            continue  # a slug, an identifier, a short code: typed, but not free text
        limit = item.maxlength or max_length_of(cls, item.name)
        if matches_any(item.name, case.skip) or item.lang not in ("", case.lang):
            continue
        if case.only and not matches_any(item.name, case.only):
            continue
        if limit is None or limit >= MIN_LENGTH:
            found.append(item)
    return found


def errors_in(content: bytes) -> str:
    """The form's error messages, with the field they belong to, to tell what went wrong."""
    html = content.decode()
    found = re.findall(r'<ul class="errorlist[^"]*"(?: id="([^"]*)")?[^>]*>(.*?)</ul>', html, re.S)
    notes = re.findall(r'class="(?:messages?|alert)[^"]*"[^>]*>(.*?)</', html, flags=re.S)
    parts = [f"{where or 'form'}: {re.sub(r'<[^>]+>', ' ', text)}" for where, text in found]
    parts += [re.sub(r"<[^>]+>", " ", note) for note in notes]
    return " ".join(" | ".join(parts).split())[:800]


def class_field(cls: type[forms.BaseForm], name: str) -> forms.Field | None:
    """The form class's field behind an input (prefixes and language suffixes aside)."""
    for field_name, field in cls.base_fields.items():
        if name == field_name or name.endswith(f"-{field_name}"):
            return field
        if isinstance(field, TranslatedTextFormField) and name.startswith(f"{field_name}_"):
            return field
    return None


def max_length_of(cls: type[forms.BaseForm], name: str) -> int | None:
    field = class_field(cls, name)
    if isinstance(field, TranslatedTextFormField):
        return field.fields[0].max_length
    return getattr(field, "max_length", None)


def locate_name(world: World, cls: type[forms.BaseForm], case: FormCase) -> str:
    """The input that tells the form apart on its page (default: its first text field)."""
    if callable(case.locate):
        return case.locate(world)
    if case.locate:
        return case.locate
    for name in text_fields(cls):
        translated = isinstance(cls.base_fields[name], TranslatedTextFormField)
        return f"{name}_{case.lang}" if translated else name
    return ""


def fill(
    form: Form, case: FormCase, cls: type[forms.BaseForm], round_: int
) -> tuple[dict[str, list[str]], dict[str, str], int]:
    """The data to send in ``round_``, each text field's marker, and the rounds needed."""
    data = form.browser_data()
    tags: dict[str, str] = {}
    rounds = 1
    for index, item in enumerate(fillable(form, case, cls)):
        limit = case.limits.get(item.name) or item.maxlength or max_length_of(cls, item.name)
        packed = chunks((limit or 2000) - 9)
        rounds = max(rounds, len(packed))
        tag = f"qz{chr(97 + index % 26)}{index // 26}r{round_}z"
        data[item.name] = [f"{tag} {packed[round_ % len(packed)]}"]
        tags[item.name] = tag
    return data, tags, rounds


def uncovered_fields(form: Form, case: FormCase, cls: type[forms.BaseForm]) -> list[str]:
    """Text fields of the form class that the page's form does not let the test fill."""
    names = {item.name for item in fillable(form, case, cls)}
    return [
        name
        for name in text_fields(cls)
        if not any(n.endswith(name) or n.endswith(f"{name}_{case.lang}") for n in names)
        and not matches_any(name, case.skip)
    ]


def shown_pages(
    world: World, client: Client, case: FormCase, response: Any, action: str
) -> list[tuple[str, str]]:
    """(address, HTML) of the pages that show what was sent."""
    shown: list[tuple[str, str]] = []
    if response.status_code in (301, 302, 303):
        if case.follow:
            target = response["Location"]
            shown.append((target, client.get(target).content.decode()))
    else:
        shown.append((f"the answer of {action}", response.content.decode()))
    for show in case.shows:
        url = url_of(world, show.name, show.kwargs)
        answer = client_for(world, show.role).get(url)
        assert answer.status_code == 200, f"{url} answers {answer.status_code}"
        shown.append((url, answer.content.decode()))
    return shown


def send(world: World, key: str, case: FormCase) -> Iterator[str]:
    """Send the form as many rounds as the payloads need; yield the problems found."""
    cls = form_classes()[key]
    client = client_for(world, case.role)
    page_url = url_of(world, case.page, case.kwargs, case.query)
    locate = locate_name(world, cls, case)
    rounds, round_ = 1, 0
    while round_ < rounds:
        if case.before_round:
            case.before_round(world)
        page = client.get(page_url)
        assert page.status_code == 200, f"{key}: {page_url} answers {page.status_code}"
        html = page.content.decode()
        form = find_form(html, locate)
        if form is None:
            yield f"no form with a field {locate!r} on {page_url}; its forms:"
            yield describe_forms(html)
            return
        data, tags, rounds = fill(form, case, cls, round_)
        if not tags:
            yield f"no free-text field to fill in the form of {page_url}"
            return
        if round_ == 0 and (uncovered := uncovered_fields(form, case, cls)):
            yield f"fields of the form class not on the page's form: {uncovered}"
        if case.data:
            chosen = case.data(world, round_)
            data.update({k: v if isinstance(v, list) else [v] for k, v in chosen.items()})
            for name in chosen:
                tags.pop(name, None)
        if case.files:
            data.update(case.files(world))
        action = form.action or page_url
        send_form = client.get if form.method == "get" else client.post
        response = send_form(action, data)
        if response.status_code != case.expect:
            yield (
                f"round {round_}: sending the form to {action} answered "
                f"{response.status_code}, not {case.expect}: {errors_in(response.content)}"
            )
            return
        shown = shown_pages(world, client, case, response, action)
        for where, content in shown:
            for problem in script_problems(content):
                yield f"round {round_}: {where}: {problem}"
            if TEMPLATE_INJECTION in content:
                yield f"round {round_}: {where}: template code was evaluated"
        for name, tag in tags.items():
            if name not in case.hidden and not any(tag in content for _w, content in shown):
                where = [w for w, _c in shown]
                yield f"round {round_}: the text of {name!r} shows on none of {where}"
        round_ += 1


CASES = sorted(key for key, item in FORMS.items() if isinstance(item, FormCase))


@pytest.mark.django_db
@pytest.mark.parametrize("key", CASES)
def test_it_keeps_pages_harmless_whatever_the_form_holds(world: World, key: str) -> None:
    case = FORMS[key]
    assert isinstance(case, FormCase)
    problems = list(send(world, key, case))
    if problems:
        pytest.fail(f"{key}:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.mark.django_db
def test_it_shows_no_script_on_the_pages_of_the_world(world: World) -> None:
    """The inspector itself: the site's own pages pass it (else every check above would)."""
    client = client_for(world, "admin")
    problems = []
    for name, kwargs in (
        ("publications:home", {}),
        ("events:detail", {"slug": "event.slug"}),
        ("forum:debate", {"slug": "debate.slug"}),
        ("practices:detail", {"slug": "practice.slug"}),
        ("publications:video", {"slug": "video.slug"}),
    ):
        url = url_of(world, name, kwargs)
        problems += [f"{url}: {p}" for p in script_problems(client.get(url).content.decode())]
    assert not problems, problems
    assert script_problems('<a href=" java\tscript:alert(1)">x</a><b onclick="x()">')
