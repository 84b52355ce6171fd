"""Translated editorial text: one value per language, falling back to the original.

A ``TranslatedTextField`` stores a JSON object ``{"_original": "it", "it": "...",
"en": "..."}``. Reading it gives a :class:`TranslatedText`, whose ``str()`` is the
text in the active language, or else in the original language, so a template can
simply write ``{{ city.name }}``. ``.lang`` tells which language was shown, so a
page can mark a fallback with ``lang="…"`` for screen readers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ORIGINAL_KEY = "_original"


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class TranslatedText:
    """An immutable set of translations of one text, with its original language."""

    __slots__ = ("_values", "original")

    def __init__(self, values: Mapping[str, str] | None = None, original: str | None = None):
        cleaned = {
            lang: text.strip()
            for lang, text in (values or {}).items()
            if lang != ORIGINAL_KEY and isinstance(text, str) and text.strip()
        }
        self._values: dict[str, str] = cleaned
        if original not in cleaned:
            original = next(iter(cleaned), None)
        self.original: str | None = original

    @classmethod
    def from_json(cls, data: Any) -> TranslatedText:
        if isinstance(data, TranslatedText):
            return data
        if isinstance(data, str):
            return cls({settings.LANGUAGE_CODE: data})
        if not isinstance(data, Mapping):
            return cls()
        return cls(data, data.get(ORIGINAL_KEY))

    def to_json(self) -> dict[str, str]:
        data = dict(self._values)
        if self.original:
            data[ORIGINAL_KEY] = self.original
        return data

    def get(self, lang: str) -> str:
        """The text written in ``lang`` exactly, or ``""``."""
        return self._values.get(lang, "")

    def resolve(self, lang: str | None = None) -> tuple[str, str]:
        """``(text, language)`` for ``lang`` (default: the active one), with fallback."""
        lang = (lang or get_language() or settings.LANGUAGE_CODE).split("-")[0]
        if lang in self._values:
            return self._values[lang], lang
        if self.original:
            return self._values[self.original], self.original
        return "", lang

    @property
    def text(self) -> str:
        return self.resolve()[0]

    @property
    def lang(self) -> str:
        return self.resolve()[1]

    @property
    def is_fallback(self) -> bool:
        lang = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
        return bool(self._values) and lang not in self._values

    def languages(self) -> list[str]:
        return list(self._values)

    def with_value(self, lang: str, text: str) -> TranslatedText:
        values = dict(self._values)
        values[lang] = text
        return TranslatedText(values, self.original or lang)

    def merged(self, lang: str, text: str | None) -> TranslatedText:
        """This text with ``text`` as its ``lang`` version, removed when ``text`` is blank
        (what a form that edits one language at a time saves); the original stays, or
        becomes ``lang`` when there was none."""
        values = dict(self._values)
        text = (text or "").strip()
        if text:
            values[lang] = text
        else:
            values.pop(lang, None)
        original = self.original if self.original in values else None
        return TranslatedText(values, original or (lang if text else None))

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self._values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TranslatedText):
            return self.to_json() == other.to_json()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.to_json().items())))

    def __repr__(self) -> str:
        return f"TranslatedText({self.to_json()!r})"


class TranslatedTextWidget(forms.MultiWidget):
    """One input per UI language, plus a choice of the original language."""

    template_name = "core/widgets/translated_text.html"

    def __init__(self, multiline: bool = False, attrs: dict[str, Any] | None = None):
        self.codes = language_codes()
        base = forms.Textarea(attrs={"rows": 5}) if multiline else forms.TextInput()
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            code: base.__class__(attrs=dict(base.attrs)) for code in self.codes
        }
        widgets["original"] = forms.Select(choices=settings.LANGUAGES)
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        text = TranslatedText.from_json(value)
        return [text.get(code) for code in self.codes] + [text.original or self.codes[0]]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        names = dict(settings.LANGUAGES)
        for code, sub in zip(
            [*self.codes, "original"], context["widget"]["subwidgets"], strict=True
        ):
            sub["code"] = code
            sub["label"] = names.get(code, _("Original language"))
            if code != "original":
                sub["attrs"]["lang"] = code
        return context


class TranslatedTextFormField(forms.MultiValueField):
    widget = TranslatedTextWidget

    def __init__(self, *, multiline: bool = False, max_length: int | None = None, **kwargs: Any):
        self.codes = language_codes()
        fields: list[forms.Field] = [
            forms.CharField(required=False, max_length=max_length) for _code in self.codes
        ]
        fields.append(forms.ChoiceField(choices=settings.LANGUAGES, required=False))
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs.setdefault("widget", TranslatedTextWidget(multiline=multiline))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> TranslatedText:
        if not data_list:
            return TranslatedText()
        *texts, original = data_list
        values = {code: text for code, text in zip(self.codes, texts, strict=True) if text}
        if values and original and original not in values:
            raise ValidationError(
                _("Fill in the text in its original language, or choose another original."),
                code="original_missing",
            )
        return TranslatedText(values, original or None)

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class TranslatedTextField(models.JSONField):
    """A model field holding a :class:`TranslatedText`."""

    description = "Text in several languages, with an original language"

    def __init__(self, *args: Any, multiline: bool = False, **kwargs: Any):
        self.multiline = multiline
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.multiline:
            kwargs["multiline"] = True
        return name, path, args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> TranslatedText:
        data = super().from_db_value(value, expression, connection)
        return TranslatedText.from_json(data)

    def to_python(self, value: Any) -> TranslatedText:
        return TranslatedText.from_json(value)

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, TranslatedText):
            value = value.to_json()
        return super().get_prep_value(value)

    def value_from_object(self, obj: models.Model) -> Any:
        value = super().value_from_object(obj)
        return value.to_json() if isinstance(value, TranslatedText) else value

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        if isinstance(value, TranslatedText):
            value = value.to_json()
        super().validate(value, model_instance)
        if not self.blank and not TranslatedText.from_json(value):
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        defaults: dict[str, Any] = {
            "form_class": TranslatedTextFormField,
            "multiline": self.multiline,
        }
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)

    def contribute_to_class(self, cls: type[models.Model], name: str, private_only: bool = False):
        super().contribute_to_class(cls, name, private_only)
        setattr(cls, self.attname, _TranslatedTextAttribute(self))


class _TranslatedTextAttribute(DeferredAttribute):
    """Whatever is assigned (a dict, a str, a TranslatedText) reads back as TranslatedText."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = TranslatedText.from_json(value)
