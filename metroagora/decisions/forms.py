"""Public forms of local decisions: proposals, filters and resident verification.

Choices that belong to a process (its categories, the districts of its city) are
``ModelChoiceField`` querysets limited to that process, so a tampered id is a form
error, never a write.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metroagora.core.languages import eu_language_choices
from metroagora.core.uploads import WebImageField
from metroagora.decisions.models import (
    BODY_LENGTH,
    TITLE_LENGTH,
    Category,
    District,
    ImplementationStatus,
    PhaseKind,
    Process,
    Proposal,
    ProposalImage,
    ProposalState,
)
from metroagora.decisions.selectors import DEFAULT_SORT
from metroagora.network.models import City


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _process_districts(process: Process) -> Any:
    """A process limited to a district takes proposals there only."""
    if process.district_id:
        return District.objects.filter(pk=process.district_id)
    return District.objects.filter(city_id=process.city_id).order_by("name")


class ProposalForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_LENGTH,
        help_text=_("Say what you propose in a few words."),
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What should be done, where, and why it would help."),
    )
    language = forms.ChoiceField(
        label=_("Language you write in"),
        choices=eu_language_choices,
        help_text=_("Readers see which language you wrote in."),
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("No category"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("The whole city"),
    )
    location = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("A street, a square, a building: where it would happen."),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Optional, for a map link, e.g. 45.4642."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("Optional, for a map link, e.g. 9.1900."),
    )
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost in euros"),
        required=False,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        help_text=_("Optional: your guess; the city will check it."),
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.process = process
        category: Any = self.fields["category"]
        category.queryset = Category.objects.filter(process=process).order_by("pk")
        district: Any = self.fields["district"]
        district.queryset = _process_districts(process)
        if process.district_id:
            district.required = True
            district.empty_label = None
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error("latitude", _("Give both the latitude and the longitude, or neither."))
        return data

    @classmethod
    def initial_for(cls, proposal: Proposal) -> dict[str, Any]:
        return {
            "title": proposal.title,
            "body": proposal.body,
            "language": proposal.language,
            "category": proposal.category_id,
            "district": proposal.district_id,
            "location": proposal.location,
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
            "estimated_cost": proposal.estimated_cost,
        }


class ProposalImageForm(forms.ModelForm):
    class Meta:
        model = ProposalImage
        fields = ["image", "alt_text"]
        field_classes = {"image": WebImageField}


SORT_CHOICES = [
    ("supports", _("Most supported")),
    ("newest", _("Newest")),
    ("oldest", _("Oldest")),
]


class ProposalFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("All districts"),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All but withdrawn")), *ProposalState.choices],
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, process: Process, **kwargs: Any):
        super().__init__(*args, **kwargs)
        category: Any = self.fields["category"]
        category.queryset = Category.objects.filter(process=process).order_by("pk")
        district: Any = self.fields["district"]
        district.queryset = District.objects.filter(city_id=process.city_id).order_by("name")
        self.fields["q"].widget.attrs["type"] = "search"

    def filters(self) -> dict[str, Any]:
        """The valid filters; a tampered field is ignored, the others still apply."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return dict(getattr(self, "cleaned_data", {}))

    def ordering(self) -> str:
        return str(self.filters().get("sort") or DEFAULT_SORT)


PHASE_FILTERS = [
    ("", _("Any phase")),
    ("open", _("Open now")),
    (PhaseKind.PROPOSALS.value, _("Taking proposals now")),
    (PhaseKind.SUPPORTS.value, _("Collecting supports now")),
    (PhaseKind.VOTING.value, _("Voting now")),
    (PhaseKind.IMPLEMENTATION.value, _("Being carried out")),
]


class ProcessFilterForm(forms.Form):
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=City.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All cities"),
    )
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=PHASE_FILTERS)

    def __init__(self, *args: Any, cities: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if cities is not None:
            city: Any = self.fields["city"]
            city.queryset = cities

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return dict(getattr(self, "cleaned_data", {}))


class AccountabilityFilterForm(forms.Form):
    process = forms.ModelChoiceField(
        label=_("Process"),
        queryset=Process.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All processes"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ImplementationStatus.choices],
    )

    def __init__(self, *args: Any, processes: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        process: Any = self.fields["process"]
        process.queryset = processes

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return dict(getattr(self, "cleaned_data", {}))


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=40,
        help_text=_("As printed on your invitation, e.g. ABCD-EFGH-JKLM. Dashes are optional."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("prefix", "code")
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class CensusForm(forms.Form):
    identifier = forms.CharField(
        label=_("Your identifier"),
        max_length=80,
        help_text=_(
            "The number the city's census knows you by (for example your ID card number). "
            "It is checked against the city's list and never stored."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("prefix", "census")
        super().__init__(*args, **kwargs)
        self.fields["identifier"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false"}
        )
