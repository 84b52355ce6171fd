"""Reading HTML like a browser: the forms of a page, and what in a page could run script.

``parse_forms`` gives each ``<form>`` with the values a browser would send;
``script_problems`` lists what would let a visitor's browser run someone's code: event
handler attributes, ``javascript:`` addresses, inline scripts that are not JSON data,
frames and styles.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TEXT_TYPES = frozenset({"", "text", "search"})
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite", "data"}
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
FORBIDDEN_TAGS = frozenset({"iframe", "frame", "object", "embed", "base", "style", "applet"})
JSON_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass
class Input:
    """A field of a form: its name, kind (input type, ``textarea``, ``select``)..."""

    name: str
    kind: str
    value: str = ""
    maxlength: int | None = None
    lang: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    inputs: list[Input] = field(default_factory=list)

    def names(self) -> set[str]:
        return {field.name for field in self.inputs}

    def text_inputs(self) -> list[Input]:
        """Free-text fields a person types in (text inputs and text areas)."""
        return [i for i in self.inputs if i.kind == "textarea" or i.kind in TEXT_TYPES]

    def browser_data(self) -> dict[str, list[str]]:
        """What the browser sends when the form is submitted as it is, with its first button."""
        data: dict[str, list[str]] = {}
        button = next((i for i in self.inputs if i.kind == "submit"), None)
        if button is not None:
            data[button.name] = [button.value]
        for item in self.inputs:
            if item.kind in {"submit", "button", "reset", "image", "file"}:
                continue
            if item.kind in {"checkbox", "radio"}:
                if item.checked:
                    data.setdefault(item.name, []).append(item.value or "on")
                continue
            if item.kind == "select":
                chosen = [value for value, selected in item.options if selected]
                if not chosen and item.options and not item.multiple:
                    chosen = [item.options[0][0]]
                if chosen:
                    data.setdefault(item.name, []).extend(chosen)
                continue
            data.setdefault(item.name, []).append(item.value)
        return data


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Input | None = None
        self._select: Input | None = None
        self._option: list[str] | None = None  # [value, selected flag, text]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: (value or "") for key, value in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            maxlength = a.get("maxlength")
            self._form.inputs.append(
                Input(
                    name=a["name"],
                    kind=a.get("type", "text").lower(),
                    value=a.get("value", ""),
                    maxlength=int(maxlength) if maxlength and maxlength.isdigit() else None,
                    lang=a.get("lang", ""),
                    checked="checked" in a,
                )
            )
        elif tag == "textarea":
            maxlength = a.get("maxlength")
            self._textarea = Input(
                name=a["name"],
                kind="textarea",
                maxlength=int(maxlength) if maxlength and maxlength.isdigit() else None,
                lang=a.get("lang", ""),
            )
            self._form.inputs.append(self._textarea)
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self._form.inputs.append(Input(name=a["name"], kind="submit", value=a.get("value", "")))
        elif tag == "select":
            self._select = Input(name=a["name"], kind="select", multiple="multiple" in a)
            self._form.inputs.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value", "\0"), "selected" if "selected" in a else "", ""]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[2] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value = self._option[2].strip() if self._option[0] == "\0" else self._option[0]
            self._select.options.append((value, bool(self._option[1])))
            self._option = None
        elif tag == "select":
            self._select = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def is_script_url(value: str) -> bool:
    """What a browser would run: schemes are read without spaces or control characters."""
    plain = _INVISIBLE.sub("", value).lower()
    return plain.startswith(DANGEROUS_SCHEMES)


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._script: str | None = None  # the type of the inline script being read
        self._script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = self.getpos()[0]
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"line {where}: <{tag} {name}=...> (event handler)")
            if name in URL_ATTRIBUTES and value and is_script_url(value):
                self.problems.append(f"line {where}: <{tag} {name}={value[:60]!r}>")
            if name in {"srcdoc", "style"}:
                self.problems.append(f"line {where}: <{tag} {name}=...>")
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"line {where}: <{tag}> element")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.problems.append(f"line {where}: <meta http-equiv=refresh>")
        if tag == "script":
            values = {key: (value or "") for key, value in attrs}
            if "src" in values:
                if not values["src"].startswith("/static/"):
                    self.problems.append(f"line {where}: script from {values['src'][:60]!r}")
            else:
                self._script = values.get("type", "").lower()
                self._script_text = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        kind, text = self._script, self._script_text
        self._script = None
        if kind not in JSON_SCRIPT_TYPES:
            self.problems.append(f"inline script ({kind or 'javascript'}): {text[:80]!r}")
            return
        try:
            json.loads(text)
        except ValueError:
            self.problems.append(f"inline {kind} that is not JSON: {text[:80]!r}")


def script_problems(html: str) -> list[str]:
    """What in ``html`` could run script in a visitor's browser (empty: nothing)."""
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems
