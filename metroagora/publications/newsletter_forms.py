"""Forms of the newsletter: subscribing, and writing an issue one language at a time."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from metroagora.core.translated import TranslatedText
from metroagora.network.models import City
from metroagora.publications import newsletter_blocks
from metroagora.publications.models import NewsletterIssue
from metroagora.publications.newsletter_services import MAX_SUBJECT, MAX_TEXT
from metroagora.publications.website_forms import merge_translation


class CityChoiceField(forms.ModelChoiceField):
    """A city by its slug; empty is the whole network."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _sorted_cities(queryset: QuerySet[City]) -> list[City]:
    return sorted(queryset, key=lambda city: str(city.name).casefold())


def _scope_field(cities: QuerySet[City], *, network: bool, label: Any) -> CityChoiceField:
    field = CityChoiceField(
        label=label,
        queryset=cities,
        to_field_name="slug",
        required=not network,
        empty_label=_("The whole network") if network else None,
        error_messages={
            "invalid_choice": _("Choose the whole network or one of the cities in the list."),
            "required": _("Choose one of the cities in the list."),
        },
    )
    # The cities in alphabetical order of their names, in the reader's language.
    choices: list[tuple[Any, Any]] = [("", _("The whole network"))] if network else []
    choices += [(city.slug, str(city.name)) for city in _sorted_cities(cities)]
    field.widget.choices = choices
    return field


def language_field(**kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Choose one of the languages in the list.")},
        **kwargs,
    )


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        error_messages={
            "invalid": _("Enter a valid email address, like name@example.org."),
            "required": _("Enter your email address."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = language_field(
        label=_("Language of the newsletter"),
        help_text=_("When an issue is not written in it, you get it in its original language."),
    )
    city = forms.Field()  # replaced in __init__

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["city"] = _scope_field(
            City.objects.all(), network=True, label=_("Newsletter of")
        )
        self.fields["city"].help_text = _("The whole network's newsletter, or one city's.")


class ProfileSubscribeForm(forms.Form):
    """The one-click subscription on the profile page: the scope and the language."""

    language = language_field()
    city = forms.Field()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["city"] = _scope_field(
            City.objects.all(), network=True, label=_("Newsletter of")
        )


class IssueForm(forms.Form):
    """The subject and the editorial in one language (``lang``), the blocks, the scope."""

    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT, required=False)
    city = forms.Field()
    text = forms.CharField(
        label=_("Editorial"),
        max_length=MAX_TEXT,
        required=False,
        help_text=_("Markdown: ## for a heading, **bold**, [a link](https://…), - for a list."),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    blocks = forms.MultipleChoiceField(
        label=_("Blocks from the platform"),
        required=False,
        choices=[(kind, label) for kind, label in newsletter_blocks.BLOCK_KINDS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each block lists what the platform holds when the newsletter is sent; "
            "an empty block is left out."
        ),
        error_messages={"invalid_choice": _("Choose blocks from the list.")},
    )
    practice_days = forms.IntegerField(
        label=_("New best practices: published in the last … days"),
        min_value=1,
        max_value=newsletter_blocks.MAX_PRACTICE_DAYS,
        initial=newsletter_blocks.DEFAULT_PRACTICE_DAYS,
    )

    field_order = ["subject", "city", "text", "blocks", "practice_days"]

    def __init__(
        self,
        *args: Any,
        lang: str,
        cities: QuerySet[City],
        network_wide: bool,
        instance: NewsletterIssue | None = None,
        **kwargs: Any,
    ):
        issue = instance or NewsletterIssue()
        kinds = newsletter_blocks.chosen_kinds(issue.blocks)
        kwargs.setdefault(
            "initial",
            {
                "city": issue.city.slug if issue.city else "",
                "subject": issue.subject.get(lang),
                "text": issue.text.get(lang),
                "blocks": kinds if instance else list(newsletter_blocks.BLOCK_KINDS),
                "practice_days": newsletter_blocks.practice_days(issue.blocks),
            },
        )
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.instance = issue
        self.fields["subject"].widget.attrs["lang"] = lang
        self.fields["text"].widget.attrs["lang"] = lang
        city = _scope_field(cities, network=network_wide, label=_("Newsletter of"))
        city.help_text = (
            _("The network's newsletter, or one city's.")
            if network_wide
            else _("You write the newsletter of the cities you coordinate.")
        )
        if instance is not None:
            city.disabled = True  # the subscribers are the scope's: it stays
            city.required = False
        self.fields["city"] = city
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, missing in (
            ("subject", _("Write the subject (in this language or another one).")),
            ("text", _("Write the editorial text (in this language or another one).")),
        ):
            merged = merge_translation(getattr(self.instance, name), self.lang, data.get(name, ""))
            if not merged and name not in self.errors:
                self.add_error(name, missing)
        return data

    def translations(self) -> dict[str, TranslatedText]:
        return {
            name: merge_translation(
                getattr(self.instance, name), self.lang, self.cleaned_data.get(name) or ""
            )
            for name in ("subject", "text")
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **self.translations(),
            "blocks": newsletter_blocks.block_config(
                data.get("blocks") or [],
                data.get("practice_days") or newsletter_blocks.DEFAULT_PRACTICE_DAYS,
            ),
        }
