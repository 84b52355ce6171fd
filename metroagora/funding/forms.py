from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from metroagora.core.languages import eu_language_choices
from metroagora.core.text import render_markdown
from metroagora.events.models import Topic
from metroagora.funding.models import (
    Application,
    ApplicationStatus,
    Call,
    CallStatus,
    ConsortiumRole,
    FundedProject,
    ParticipantRole,
    Programme,
)
from metroagora.funding.selectors import CURRENT
from metroagora.network.models import City

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# Countries of EU programmes: member states, EEA, and associated countries.
EU_COUNTRIES = (
    "AT",
    "BE",
    "BG",
    "HR",
    "CY",
    "CZ",
    "DK",
    "EE",
    "FI",
    "FR",
    "DE",
    "GR",
    "HU",
    "IE",
    "IT",
    "LV",
    "LT",
    "LU",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SK",
    "SI",
    "ES",
    "SE",
    "NO",
    "IS",
    "LI",
    "CH",
    "UA",
    "MD",
    "AL",
    "BA",
    "ME",
    "MK",
    "RS",
    "TR",
    "GE",
    "AM",
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_group_display()})"


def topic_field(label: Any = None, help_text: Any = "") -> TopicChoiceField:
    return TopicChoiceField(
        label=label or _("Topics"),
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


def country_choices() -> list[tuple[str, str]]:
    names = dict(all_countries)
    return sorted(((code, str(names[code])) for code in EU_COUNTRIES), key=lambda c: c[1])


def lines(text: str, limit: int, max_length: int) -> list[str]:
    return [line.strip()[:max_length] for line in (text or "").splitlines() if line.strip()][:limit]


# --- Calls ---------------------------------------------------------------------------


STATUS_CHOICES = [
    (CURRENT, _("Open or forthcoming")),
    (CallStatus.OPEN, _("Open")),
    (CallStatus.FORTHCOMING, _("Forthcoming")),
    (CallStatus.CLOSED, _("Closed")),
    ("all", _("All")),
]
WITHIN_CHOICES = [
    ("", _("Any time")),
    ("7", _("In the next 7 days")),
    ("30", _("In the next 30 days")),
    ("90", _("In the next 3 months")),
    ("180", _("In the next 6 months")),
]


class CallFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("In the title, identifier or keywords."),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All programmes"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=STATUS_CHOICES)
    within = forms.ChoiceField(label=_("Deadline"), required=False, choices=WITHIN_CHOICES)
    deadline_from = forms.DateField(
        label=_("Deadline from"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date such as 2026-03-31.")},
    )
    deadline_to = forms.DateField(
        label=_("Deadline until"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date such as 2026-03-31.")},
    )
    action_type = forms.ChoiceField(label=_("Type of action"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All topics"),
    )

    def __init__(self, *args: Any, action_types: list[str], programmes: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["action_type"].choices = [  # type: ignore[attr-defined]
            ("", _("All types")),
            *[(t, t) for t in action_types],
        ]
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("deadline_from"), data.get("deadline_to")
        if start and end and end < start:
            self.add_error("deadline_to", _("This date is before the first one: swap them."))
        return data

    def saved_search(self) -> dict[str, str]:
        """The filters as JSON for a saved search (slugs and strings)."""
        data = self.cleaned_data
        search = {
            "q": data.get("q") or "",
            "programme": data["programme"].slug if data.get("programme") else "",
            "status": data.get("status") or CURRENT,
            "within": data.get("within") or "",
            "action_type": data.get("action_type") or "",
            "topic": data["topic"].slug if data.get("topic") else "",
        }
        return {key: value for key, value in search.items() if value}


class KeywordsField(forms.CharField):
    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [word.strip() for word in text.split(",") if word.strip()][:40]


class CallForm(forms.ModelForm):
    keywords = KeywordsField(
        label=_("Keywords"), required=False, help_text=_("Separated by commas.")
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Markdown or HTML; anything unsafe is removed."),
    )
    topics = topic_field()

    class Meta:
        model = Call
        fields = [
            "identifier",
            "title",
            "programme",
            "call_identifier",
            "call_title",
            "action_type",
            "opens_at",
            "deadline_model",
            "deadline",
            "second_deadline",
            "budget_eur",
            "expected_grants",
            "min_contribution",
            "max_contribution",
            "keywords",
            "description",
            "url",
            "topics",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "deadline": DateTimeInput(),
            "second_deadline": DateTimeInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["identifier"].disabled = True

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("topics", None)
        if not self.instance.pk:
            data["identifier"] = data.get("identifier", "")
        else:
            data.pop("identifier", None)
        text = data.get("description") or ""
        data["description"] = str(render_markdown(text)) if text.strip() else ""
        return data


# --- Programmes -------------------------------------------------------------------------


class ProgrammeForm(forms.ModelForm):
    portal_codes = KeywordsField(
        label=_("Codes in the Funding & Tenders Portal"),
        required=False,
        help_text=Programme._meta.get_field("portal_codes").help_text,
    )

    class Meta:
        model = Programme
        fields = [
            "name",
            "description",
            "city_funding",
            "budget_eur",
            "budget_note",
            "source",
            "website",
            "city_fit",
            "portal_codes",
        ]


# --- Watches -------------------------------------------------------------------------


class WatchForm(forms.Form):
    """Who watches: "me", or one of the cities the person coordinates."""

    who = forms.ChoiceField(label=_("Watch for"))
    name = forms.CharField(
        label=_("Name of this search"),
        required=False,
        max_length=120,
        help_text=_("For example: Climate calls for our energy agency."),
    )

    def __init__(self, *args: Any, cities: list[Any], with_name: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [  # type: ignore[attr-defined]
            ("me", _("Me")),
            *[(str(city.pk), str(city.name)) for city in cities],
        ]
        if not with_name:
            del self.fields["name"]


# --- Needs -------------------------------------------------------------------------------


class NeedsForm(forms.Form):
    text = forms.CharField(
        label=_("What does your city want to do?"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Projects you plan, problems you face, what you would fund first. "
            "Write in any language; calls are in English, so English words match best."
        ),
    )
    priorities = forms.CharField(
        label=_("Priorities"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, most important first, e.g. “heat waves in schools”."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=eu_language_choices)
    topics = topic_field(help_text=_("The network's topics your needs belong to."))

    def priority_list(self) -> list[str]:
        return lines(self.cleaned_data.get("priorities", ""), 10, 200)


# --- Partner search -----------------------------------------------------------------------


class PartnerSearchForm(forms.Form):
    city: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Your city"), queryset=City.objects.none()
    )
    call = forms.ModelChoiceField(
        label=_("Call"),
        queryset=Call.objects.none(),
        to_field_name="identifier",
        help_text=_("An open or forthcoming call."),
    )
    city_role = forms.ChoiceField(label=_("Your city's role"), choices=ConsortiumRole.choices)
    role_sought = forms.ChoiceField(
        label=_("Role of the partners you look for"), choices=ConsortiumRole.choices
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries wanted"),
        required=False,
        choices=country_choices,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty for any country."),
    )
    text = forms.CharField(
        label=_("What you look for"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The project idea and the partners' profile: experience, skills, sector."),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=eu_language_choices)

    def __init__(self, *args: Any, cities: Any, calls: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]
        self.fields["call"].queryset = calls  # type: ignore[attr-defined]
        self.fields["role_sought"].initial = ConsortiumRole.PARTNER


class PartnerAnswerForm(forms.Form):
    city: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Your city"), queryset=City.objects.none()
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("If not the city itself: its agency, university or association."),
    )
    role = forms.ChoiceField(label=_("Role you offer"), choices=ConsortiumRole.choices)
    message = forms.CharField(
        label=_("Message"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you would bring, and who to contact."),
    )
    language = forms.ChoiceField(label=_("Language of the message"), choices=eu_language_choices)

    def __init__(self, *args: Any, cities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]
        self.fields["role"].initial = ConsortiumRole.PARTNER


# --- Capitalisation ------------------------------------------------------------------------


class FundedProjectForm(forms.ModelForm):
    city: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("City of the network"), queryset=City.objects.none()
    )
    city_role = forms.ChoiceField(
        label=_("The city's role"), choices=ParticipantRole.choices, initial="participant"
    )
    city_contribution = forms.DecimalField(
        label=_("EU contribution to the city, in euros"),
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
    )

    class Meta:
        model = FundedProject
        fields = [
            "title",
            "acronym",
            "programme",
            "call_identifier",
            "starts_on",
            "ends_on",
            "total_cost",
            "eu_contribution",
            "summary",
            "results",
            "url",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args: Any, cities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]
        self.order_fields(["city", "city_role", "city_contribution"])


class ApplicationForm(forms.ModelForm):
    call = forms.ModelChoiceField(
        label=_("Call"),
        queryset=Call.objects.none(),
        to_field_name="identifier",
        widget=forms.TextInput,
        help_text=_("The call's identifier, e.g. LIFE-2026-SAP-CLIMA-CCA."),
        error_messages={
            "invalid_choice": _("No call has this identifier: copy it from the call's page.")
        },
    )

    class Meta:
        model = Application
        fields = ["city", "call", "role", "status", "submitted_on", "amount_requested", "note"]
        widgets = {"submitted_on": DateInput()}

    def __init__(self, *args: Any, cities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]
        self.fields["call"].queryset = Call.objects.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["city"].disabled = True
            self.fields["call"].disabled = True
            self.initial["call"] = self.instance.call.identifier


class ApplicationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ApplicationStatus.choices)
