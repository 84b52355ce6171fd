from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from metroagora.core.languages import eu_language_choices
from metroagora.core.translated import TranslatedText
from metroagora.core.uploads import WebImageField
from metroagora.events.models import Event, EventStatus, LinkKind, Topic
from metroagora.network.models import City
from metroagora.practices.models import (
    Indicator,
    Practice,
    PracticeImage,
    PracticeLink,
    Transferability,
    TransferStatus,
)

# Narrative sections, written one language at a time: name -> (max length, multiline).
SECTIONS: dict[str, tuple[int, bool]] = {
    "title": (200, False),
    "summary": (800, True),
    "challenge": (8000, True),
    "actions": (8000, True),
    "results": (8000, True),
    "resources": (4000, True),
    "eu_funds": (4000, True),
    "success_factors": (6000, True),
    "obstacles": (6000, True),
    "transfer_conditions": (6000, True),
}
FIELD_ORDER = [
    "city",
    "title",
    "summary",
    "challenge",
    "actions",
    "results",
    "resources",
    "cost_eur",
    "eu_funds",
    "success_factors",
    "obstacles",
    "transferability",
    "transfer_conditions",
    "topics",
    "languages",
    "events",
    "started_on",
    "contact_name",
    "contact_role",
    "contact_email",
]


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_group_display()})"


class PracticeForm(forms.ModelForm):
    """The case study in one language (``lang``); other languages are kept as they are."""

    topics = TopicChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages available"),
        required=False,
        choices=eu_language_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Languages the practice and its documents exist in."),
    )
    cost_eur = forms.DecimalField(
        label=_("Cost in euros"),
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
    )

    class Meta:
        model = Practice
        fields = [
            "city",
            "cost_eur",
            "transferability",
            "topics",
            "languages",
            "events",
            "started_on",
            "contact_name",
            "contact_role",
            "contact_email",
        ]
        widgets = {
            "events": forms.SelectMultiple(attrs={"size": 5}),
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, lang: str, cities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lang = lang
        city_field = self.fields["city"]
        city_field.queryset = cities  # type: ignore[attr-defined]
        if self.instance.pk:
            city_field.disabled = True
        self.fields["events"].queryset = (  # type: ignore[attr-defined]
            Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.HELD])
            .select_related("city")
            .order_by("-starts_at")
        )
        self.fields["events"].help_text = _("Events where the practice was presented or born.")
        self.fields["transferability"].choices = [  # type: ignore[attr-defined]
            ("", _("Not said yet")),
            *Transferability.choices,
        ]
        for name, (max_length, multiline) in SECTIONS.items():
            model_field: Any = Practice._meta.get_field(name)
            current = TranslatedText.from_json(getattr(self.instance, name))
            self.fields[name] = forms.CharField(
                label=capfirst(str(model_field.verbose_name)),
                help_text=model_field.help_text,
                required=False,
                max_length=max_length,
                initial=current.get(lang),
                widget=forms.Textarea(attrs={"rows": 6, "lang": lang})
                if multiline
                else forms.TextInput(attrs={"lang": lang}),
            )
        self.order_fields(FIELD_ORDER)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("title") or "").strip() and not TranslatedText.from_json(
            self.instance.title
        ):
            self.add_error("title", _("Give the practice a title, even a provisional one."))
        return data

    def content(self) -> dict[str, Any]:
        """The values to pass to the services: sections merged into their translations."""
        data = self.cleaned_data
        values: dict[str, Any] = {}
        for name in SECTIONS:
            current = TranslatedText.from_json(getattr(self.instance, name))
            values[name] = current.merged(self.lang, data.get(name))
        for name in (
            "cost_eur",
            "transferability",
            "languages",
            "started_on",
            "contact_name",
            "contact_role",
            "contact_email",
        ):
            values[name] = data.get(name) if data.get(name) is not None else ""
        if values["cost_eur"] == "":
            values["cost_eur"] = None
        if values["started_on"] == "":
            values["started_on"] = None
        values["languages"] = list(data.get("languages") or [])
        return values


class ReviewForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["label", "baseline", "value", "unit", "year"]


class ImageForm(forms.ModelForm):
    class Meta:
        model = PracticeImage
        fields = ["image", "alt_text", "credit"]
        field_classes = {"image": WebImageField}


class LinkForm(forms.ModelForm):
    class Meta:
        model = PracticeLink
        fields = ["kind", "title", "url", "language"]
        widgets = {"language": forms.Select(choices=[("", "—"), *eu_language_choices()])}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = LinkKind.choices  # type: ignore[attr-defined]


class AdoptForm(forms.Form):
    city = forms.ModelChoiceField(label=_("Adopting city"), queryset=City.objects.none())
    note = forms.CharField(
        label=_("What interests you, and what you would like to know"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, cities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]


class TransferUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TransferStatus.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=3000, widget=forms.Textarea(attrs={"rows": 4})
    )


class PracticeFilterForm(forms.Form):
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All topics"),
    )
    language = forms.ChoiceField(label=_("Language"), required=False)
    transferability = forms.ChoiceField(
        label=_("Transferability"),
        required=False,
        choices=[("", _("Any")), *Transferability.choices],
    )

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [  # type: ignore[attr-defined]
            ("", _("All countries")),
            *countries,
        ]
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            ("", _("All languages")),
            *eu_language_choices(),
        ]


class EventPracticesForm(forms.Form):
    practices = forms.ModelMultipleChoiceField(
        label=_("Best practices this event produced"),
        queryset=Practice.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["practices"]
        field.queryset = queryset  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p.title} ({p.city.name})"  # type: ignore[attr-defined]
