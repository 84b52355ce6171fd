from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField  # type: ignore[attr-defined]

from metroagora.accounts.models import Identity


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        required=False,
        help_text=_("The name other people see next to what you write."),
    )
    residence_city = forms.CharField(label=_("City of residence"), max_length=120, required=False)
    residence_country = LazyTypedChoiceField(
        label=_("Country of residence"), choices=[("", "—"), *countries], required=False
    )
    preferred_languages = forms.MultipleChoiceField(
        label=_("Languages you read"),
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    identity = forms.ChoiceField(
        label=_("Profile type"), choices=Identity.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
        self.fields["residence_city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["residence_country"].widget.attrs["autocomplete"] = "country"
