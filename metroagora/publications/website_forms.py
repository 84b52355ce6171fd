"""Forms of the website's staff pages: one language at a time, like best practices."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from metroagora.core.translated import TranslatedText
from metroagora.core.uploads import WebImageField
from metroagora.network.models import City
from metroagora.publications.models import NewsPost, Page, PageKind


def merge_translation(current: Any, lang: str, text: str) -> TranslatedText:
    """``current`` (stored JSON) with ``lang`` set to ``text`` (or removed when empty)."""
    return TranslatedText.from_json(current).merged(lang, text)


class _OneLanguageForm(forms.Form):
    """Translated fields shown in ``lang`` only; the other languages are kept as they are."""

    # name -> (label, max length, multiline, help text, message when it is missing)
    translated: dict[str, tuple[Any, int, bool, Any, Any]] = {}

    def __init__(self, *args: Any, lang: str, instance: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.instance = instance
        for name, (label, max_length, multiline, help_text, _missing) in self.translated.items():
            current = TranslatedText.from_json(getattr(instance, name, None))
            self.fields[name] = forms.CharField(
                label=label,
                help_text=help_text,
                required=False,
                max_length=max_length,
                initial=current.get(lang),
                widget=forms.Textarea(attrs={"rows": 12 if name == "body" else 3, "lang": lang})
                if multiline
                else forms.TextInput(attrs={"lang": lang}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, (*_field, missing) in self.translated.items():
            text = data.get(name) or ""
            merged = merge_translation(getattr(self.instance, name, None), self.lang, text)
            if not merged and name not in self.errors:
                self.add_error(name, missing)
        return data

    def translations(self) -> dict[str, TranslatedText]:
        """The translated fields merged with the languages the form does not show."""
        return {
            name: merge_translation(
                getattr(self.instance, name, None), self.lang, self.cleaned_data.get(name) or ""
            )
            for name in self.translated
        }


class PageForm(_OneLanguageForm):
    translated = {
        "title": (
            _("Title"),
            200,
            False,
            "",
            _("Write the title (in this language or another one)."),
        ),
        "body": (
            _("Text"),
            40_000,
            True,
            _("Markdown: ## for a heading, **bold**, [a link](https://…), - for a list."),
            _("Write the text (in this language or another one)."),
        ),
    }
    slug = forms.SlugField(
        label=_("Short name in the address"),
        max_length=80,
        required=False,
        help_text=_(
            "For example “about” gives /pages/about/. Leave empty to make it from the title."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of page"), choices=PageKind.choices)
    in_footer = forms.BooleanField(
        label=_("Link it from the footer of every page"), required=False, initial=True
    )
    order = forms.IntegerField(
        label=_("Order in the footer"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("Smaller numbers come first."),
    )

    field_order = ["title", "slug", "kind", "body", "in_footer", "order"]

    def __init__(self, *args: Any, lang: str, instance: Page | None = None, **kwargs: Any):
        page = instance or Page()
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {"kind": page.kind, "in_footer": page.in_footer, "order": page.order},
            )
        super().__init__(*args, lang=lang, instance=page, **kwargs)
        if instance is not None:
            del self.fields["slug"]  # addresses stay: links to the page keep working
        self.order_fields(self.field_order)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            **self.translations(),
            "kind": data["kind"],
            "in_footer": bool(data.get("in_footer")),
            "order": data.get("order") or 0,
        }
        if "slug" in self.fields:
            values["slug"] = data.get("slug") or ""
        return values


class NewsPostForm(_OneLanguageForm):
    translated = {
        "title": (
            _("Title"),
            200,
            False,
            "",
            _("Write the title (in this language or another one)."),
        ),
        "summary": (
            _("Summary"),
            600,
            True,
            _("Two or three sentences, shown in the list, on the home page and in the feed."),
            _("Write the summary (in this language or another one)."),
        ),
        "body": (
            _("Text"),
            40_000,
            True,
            _("Markdown: ## for a heading, **bold**, [a link](https://…), - for a list."),
            _("Write the text (in this language or another one)."),
        ),
    }
    city = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.none(), required=False, empty_label=None
    )
    image = WebImageField(
        label=_("Image"),
        required=False,
        help_text=_("Optional. A JPEG, PNG or WebP picture of 10 MB at most."),
    )
    image_alt = forms.CharField(
        label=_("Description of the image"),
        max_length=300,
        required=False,
        help_text=_("What the image shows, for people who cannot see it. Needed with an image."),
    )
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    field_order = ["title", "city", "summary", "body", "image", "image_alt", "remove_image"]

    def __init__(
        self,
        *args: Any,
        lang: str,
        cities: QuerySet[City],
        network_wide: bool,
        instance: NewsPost | None = None,
        **kwargs: Any,
    ):
        post = instance or NewsPost()
        if instance is not None:
            kwargs.setdefault("initial", {"city": post.city_id, "image_alt": post.image_alt})
        super().__init__(*args, lang=lang, instance=post, **kwargs)
        city = self.fields["city"]
        city.queryset = cities  # type: ignore[attr-defined]
        if network_wide:
            city.required = False
            city.empty_label = _("The whole network")  # type: ignore[attr-defined]
            city.help_text = _("News of one city, or of the whole network.")
        else:
            city.required = True
            city.help_text = _("You write news for the cities you coordinate.")
        if not post.image:
            del self.fields["remove_image"]
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_image = bool(data.get("image")) or (
            bool(self.instance.image) and not data.get("remove_image")
        )
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                _(
                    "Describe what the image shows, for people who cannot see it (or remove "
                    "the image)."
                ),
            )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **self.translations(),
            "city": data.get("city"),
            "image": data.get("image"),
            "image_alt": data.get("image_alt") or "",
        }


class PublishForm(forms.Form):
    action = forms.ChoiceField(choices=[("publish", "publish"), ("unpublish", "unpublish")])
