"""The form that confirms an account deletion: the password again, and a tick."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you who asks."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good: this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm that you want this.")},
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = str(self.cleaned_data.get("password") or "")
        if not self.user.has_usable_password():
            raise ValidationError(
                _("Your account has no password: set one first (Change password), then come back."),
                code="no_password",
            )
        if not self.user.check_password(password):
            raise ValidationError(
                _("This is not your password. Type it again."), code="wrong_password"
            )
        return password
