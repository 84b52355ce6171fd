from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metroagora.network.models import City, MembershipRole


class CityForm(forms.ModelForm):
    class Meta:
        model = City
        fields = [
            "name",
            "country",
            "region",
            "population",
            "latitude",
            "longitude",
            "website",
            "description",
        ]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        self.fields["website"].widget.attrs["placeholder"] = "https://"


class NewCityForm(CityForm):
    class Meta(CityForm.Meta):
        fields = ["slug", *CityForm.Meta.fields]


class MembershipForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person"),
        help_text=_("They must already have an account."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
    title = forms.CharField(label=_("Public title"), max_length=120, required=False)

    def __init__(self, *args: Any, can_grant_coordinator: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not can_grant_coordinator:
            self.fields["role"].choices = [  # type: ignore[attr-defined]
                c for c in MembershipRole.choices if c[0] != MembershipRole.COORDINATOR
            ]
