from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metroagora.core.languages import eu_language_choices
from metroagora.events.models import Topic
from metroagora.network.models import City
from metroagora.search.documents import INDEXED_KINDS
from metroagora.search.models import DocumentKind


def kind_choices() -> list[tuple[str, str]]:
    """Every kind the index holds."""
    labels = dict(DocumentKind.choices)
    return [(kind, str(labels[kind])) for kind in INDEXED_KINDS]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Words in any language; accents and word endings do not matter."),
    )
    type = forms.ChoiceField(label=_("Type"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-03-31.")},
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date such as 2026-03-31.")},
    )

    def __init__(self, *args: Any, cities: list[City], topics: list[Topic], **kwargs: Any):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.cities = {city.slug: city for city in cities}
        self.fields["type"].choices = [("", _("All types")), *kind_choices()]  # type: ignore[attr-defined]
        self.fields["city"].choices = every + [(c.slug, str(c.name)) for c in cities]  # type: ignore[attr-defined]
        countries = sorted({(str(c.country), c.country.name) for c in cities}, key=lambda x: x[1])
        self.fields["country"].choices = every + countries  # type: ignore[attr-defined]
        self.fields["topic"].choices = every + [(t.slug, str(t.name)) for t in topics]  # type: ignore[attr-defined]
        self.fields["language"].choices = every + eu_language_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
