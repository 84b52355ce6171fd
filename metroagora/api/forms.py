import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from metroagora.api.models import ApiToken, Scope
from metroagora.api.services import EXPIRY_CHOICES_DAYS

NEVER = "never"


class TokenForm(forms.Form):
    # One creation per form shown: reloading the page that shows a new token sends the
    # form again, and must not make a second token.
    nonce = forms.CharField(widget=forms.HiddenInput, initial=lambda: secrets.token_urlsafe(16))
    name = forms.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, e.g. 'Neighbourhood app'."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("The token may"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Give a token only what its program needs. Reading public data needs none."),
    )
    expires = forms.ChoiceField(
        label=_("Expires"),
        choices=[
            *((str(days), _("In %(days)s days") % {"days": days}) for days in EXPIRY_CHOICES_DAYS),
            (NEVER, _("Never (revoke it yourself when you no longer need it)")),
        ],
        initial="90",
    )

    def expires_in_days(self) -> int | None:
        value = self.cleaned_data["expires"]
        return None if value == NEVER else int(value)
