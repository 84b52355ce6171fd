"""Forms of the publications pages: texts one language at a time, like best practices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from metroagora.core.translated import TranslatedText
from metroagora.events.models import Event, EventStatus
from metroagora.forum.models import Debate, DebateStatus
from metroagora.network.models import City
from metroagora.opinions.models import OpinionMap
from metroagora.practices.models import Practice, PracticeStatus
from metroagora.publications.models import PartKind, Publication, PublicationPart
from metroagora.publications.publications_images import IMAGE_ACCEPT
from metroagora.publications.website_forms import merge_translation

IMAGE_HELP = _("JPEG, PNG or WebP, under 15 MB. It is resized for print.")
ALT_HELP = _("What the image shows, for people who cannot see it. Needed with an image.")


def _translated_field(
    label: Any, max_length: int, lang: str, initial: str, *, multiline: bool, help_text: Any = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=max_length,
        initial=initial,
        widget=forms.Textarea(attrs={"rows": 10, "lang": lang})
        if multiline
        else forms.TextInput(attrs={"lang": lang}),
    )


class _OneLanguage(forms.Form):
    """Translated fields shown in ``lang`` only; other languages are kept as they are."""

    # name -> (label, max length, multiline, help text)
    translated: dict[str, tuple[Any, int, bool, Any]] = {}

    def __init__(self, *args: Any, lang: str, instance: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.instance = instance
        for name, (label, max_length, multiline, help_text) in self.translated.items():
            current = TranslatedText.from_json(getattr(instance, name, None))
            self.fields[name] = _translated_field(
                label,
                max_length,
                lang,
                current.get(lang),
                multiline=multiline,
                help_text=help_text,
            )

    def translations(self) -> dict[str, TranslatedText]:
        return {
            name: merge_translation(
                getattr(self.instance, name, None), self.lang, self.cleaned_data.get(name) or ""
            )
            for name in self.translated
        }


class PublicationForm(_OneLanguage):
    translated = {
        "title": (_("Title"), 200, False, ""),
        "subtitle": (_("Subtitle"), 300, False, ""),
        "introduction": (
            _("Introduction"),
            20_000,
            True,
            _("Markdown: ## for a heading, **bold**, [a link](https://…), - for a list."),
        ),
    }
    cover = forms.FileField(
        label=_("Cover image"),
        required=False,
        help_text=IMAGE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    cover_alt = forms.CharField(
        label=_("Description of the cover image"),
        required=False,
        max_length=300,
        help_text=ALT_HELP,
    )
    remove_cover = forms.BooleanField(label=_("Remove the cover image"), required=False)

    def __init__(self, *args: Any, lang: str, instance: Publication | None = None, **kwargs: Any):
        publication = instance or Publication()
        if instance is not None:
            kwargs.setdefault("initial", {"cover_alt": instance.cover_alt})
        super().__init__(*args, lang=lang, instance=publication, **kwargs)
        if not publication.cover:
            del self.fields["remove_cover"]
        self.order_fields(["title", "subtitle", "introduction", "cover", "cover_alt"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not merge_translation(self.instance.title, self.lang, data.get("title") or ""):
            self.add_error(
                "title", _("Give the publication a title (in this language or another).")
            )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **self.translations(),
            "cover": data.get("cover") or None,
            "cover_alt": data.get("cover_alt") or "",
        }


class _ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if isinstance(obj, Practice):
            return f"{obj.title} ({obj.city.name})"
        if isinstance(obj, Event):
            return f"{obj.title} ({obj.city.name}, {obj.starts_at:%Y-%m-%d})"
        if isinstance(obj, Debate):
            return str(obj.question)
        return str(obj)


def practice_choices() -> QuerySet[Practice]:
    return (
        Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        .select_related("city")
        .order_by("city__slug", "slug")
    )


def debate_choices() -> QuerySet[Debate]:
    return Debate.objects.filter(status=DebateStatus.CLOSED).order_by("-closed_at", "pk")


def event_choices() -> QuerySet[Event]:
    return (
        Event.objects.filter(status__in=[EventStatus.HELD, EventStatus.PUBLISHED])
        .select_related("city")
        .order_by("-starts_at", "pk")
    )


ITEM_FIELDS: dict[str, tuple[str, Any, Any, Any]] = {
    # kind -> (field, label, queryset, message for a choice not in the list)
    PartKind.PRACTICE: (
        "practice",
        _("Best practice"),
        practice_choices,
        _("Choose a published practice from the list."),
    ),
    PartKind.DEBATE: (
        "debate",
        _("Closed debate"),
        debate_choices,
        _("Choose a closed debate from the list."),
    ),
    PartKind.OPINION_MAP: (
        "opinion_map",
        _("Opinion map"),
        lambda: OpinionMap.objects.defer("analysis", "analysis_state").order_by("-created_at"),
        _("Choose an opinion map from the list."),
    ),
    PartKind.EVENT: (
        "event",
        _("Event"),
        event_choices,
        _("Choose a published or held event from the list."),
    ),
}


class PartForm(_OneLanguage):
    """A part's heading, text and image in one language; a new part also chooses its item."""

    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=IMAGE_HELP,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    image_alt = forms.CharField(
        label=_("Description of the image"),
        required=False,
        max_length=300,
        help_text=ALT_HELP,
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(
        self,
        *args: Any,
        kind: str,
        lang: str,
        instance: PublicationPart | None = None,
        **kwargs: Any,
    ):
        part = instance or PublicationPart(kind=kind)
        self.translated = {
            "heading": (
                _("Heading"),
                200,
                False,
                _("Shown in the contents.")
                if kind == PartKind.TEXT
                else _("Leave empty to use the title of what you choose."),
            ),
            "text": (
                _("Text") if kind == PartKind.TEXT else _("Editor's note"),
                20_000,
                True,
                _("Markdown: ## for a heading, **bold**, [a link](https://…), - for a list.")
                if kind == PartKind.TEXT
                else _("Optional: a few words before what the part pulls in. Markdown."),
            ),
        }
        if instance is not None:
            kwargs.setdefault("initial", {"image_alt": instance.image_alt})
        super().__init__(*args, lang=lang, instance=part, **kwargs)
        self.kind = kind
        if not part.image:
            del self.fields["remove_image"]
        order = ["heading"]
        if instance is None and kind in ITEM_FIELDS:
            name, label, queryset, invalid = ITEM_FIELDS[kind]
            self.fields[name] = _ItemChoice(
                label=label,
                queryset=queryset(),
                error_messages={"invalid_choice": invalid, "required": invalid},
            )
            order.insert(0, name)
        if instance is None and kind == PartKind.FUNDING:
            self.fields["city"] = forms.ModelChoiceField(
                label=_("City"),
                queryset=City.objects.order_by("slug"),
                required=False,
                empty_label=_("The whole network"),
                error_messages={"invalid_choice": _("Choose a city from the list.")},
            )
            order.insert(0, "city")
        self.order_fields([*order, "text", "image", "image_alt", "remove_image"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.kind == PartKind.TEXT and not merge_translation(
            self.instance.text, self.lang, data.get("text") or ""
        ):
            self.add_error("text", _("Write the text of this part."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            **self.translations(),
            "image": data.get("image") or None,
            "image_alt": data.get("image_alt") or "",
        }
        for name in ("practice", "debate", "opinion_map", "event", "city"):
            if name in self.fields:
                values[name] = data.get(name)
        return values
