from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metroagora.core.languages import eu_language_choices
from metroagora.core.uploads import WebImageField
from metroagora.events.models import (
    AgeBracket,
    Event,
    EventLink,
    EventPhoto,
    Gender,
    ParticipantRole,
    Session,
)
from metroagora.network.models import City

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class EventForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=eu_language_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation offered into"),
        required=False,
        choices=eu_language_choices,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "city",
            "project",
            "partners",
            "topics",
            "description",
            "time_zone",
            "starts_at",
            "ends_at",
            "venue_name",
            "venue_address",
            "latitude",
            "longitude",
            "online_url",
            "languages",
            "interpretation",
            "capacity",
            "registration_opens_at",
            "registration_deadline",
            "accessibility",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_opens_at": DateTimeInput(),
            "registration_deadline": DateTimeInput(),
            "partners": forms.CheckboxSelectMultiple,
            "topics": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "starts_at": _("In the event's time zone."),
            "ends_at": _("In the event's time zone."),
        }

    def __init__(self, *args: Any, cities: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if cities is not None:
            self.fields["city"].queryset = cities  # type: ignore[attr-defined]
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_deadline"):
            self.fields[name].input_formats = [DATETIME_FORMAT]  # type: ignore[attr-defined]
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        if self.instance.pk:
            self.fields["slug"].disabled = True


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "title", "speakers", "room"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT]  # type: ignore[attr-defined]


AgendaFormSet = forms.inlineformset_factory(
    Event, Session, form=SessionForm, extra=3, can_delete=True
)


class RegistrationForm(forms.Form):
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    residence_city = forms.CharField(label=_("City of residence"), max_length=120)
    residence_country = forms.ChoiceField(label=_("Country of residence"))
    role = forms.ChoiceField(
        label=_("You take part as"), choices=ParticipantRole.choices, widget=forms.RadioSelect
    )
    invited_by = forms.ModelChoiceField(
        label=_("Invited international participant sent by a partner city"),
        queryset=City.objects.all(),
        required=False,
        empty_label=_("No, I am not an invited participant"),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Tell the organisers what you need to take part fully."),
    )
    photo_consent = forms.BooleanField(
        label=_("I agree to appear in photos of the event"), required=False
    )
    demographics_consent = forms.BooleanField(
        label=_("I agree that my age bracket and gender are used, anonymously, in reports"),
        required=False,
        help_text=_("Optional. Funders ask for these figures; without your consent we keep none."),
    )
    age_bracket = forms.ChoiceField(
        label=_("Age bracket (optional)"),
        required=False,
        choices=[("", "—"), *AgeBracket.choices],
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"), required=False, choices=[("", "—"), *Gender.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from django_countries import countries

        self.fields["residence_country"].choices = [("", "—"), *countries]  # type: ignore[attr-defined]
        self.fields["residence_city"].widget.attrs["autocomplete"] = "address-level2"
        self.fields["residence_country"].widget.attrs["autocomplete"] = "country"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("demographics_consent") and (data.get("age_bracket") or data.get("gender")):
            raise forms.ValidationError(
                _("To give your age bracket or gender, tick the consent box; or leave both empty."),
                code="consent",
            )
        return data


class GuestRegistrationForm(RegistrationForm):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send you a link to confirm your registration."),
    )
    field_order = ["name", "email"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class OnsiteRegistrationForm(GuestRegistrationForm):
    check_in = forms.BooleanField(label=_("Check in now"), required=False, initial=True)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=20,
        help_text=_("Type the code or scan the QR code from the registration email."),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}
        )


class PhotoForm(forms.ModelForm):
    class Meta:
        model = EventPhoto
        fields = ["image", "alt_text", "credit"]
        field_classes = {"image": WebImageField}


class LinkForm(forms.ModelForm):
    class Meta:
        model = EventLink
        fields = ["kind", "title", "url"]


class OutcomeForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italic*, lists, links."),
    )
    conclusions = forms.CharField(
        label=_("Conclusions"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
