from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metroagora.core.languages import eu_language_choices
from metroagora.forum.models import MAX_LENGTH, Debate, Stance


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your contribution"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown: **bold**, *italic*, lists, links."),
        error_messages={"required": _("Write something before posting.")},
    )
    stance = forms.ChoiceField(
        label=_("Your stance"),
        choices=Stance.choices,
        widget=forms.RadioSelect,
        initial=Stance.NEUTRAL,
    )
    language = forms.ChoiceField(
        label=_("Language you write in"),
        choices=eu_language_choices,
        help_text=_("Readers see which language you wrote in, and translations where they exist."),
    )
    official = forms.BooleanField(
        label=_("Post as an official response (verified policymakers)"), required=False
    )

    def __init__(self, *args: Any, can_post_official: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not can_post_official:
            del self.fields["official"]


class ReplyForm(ContributionForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Your reply")
        self.fields["text"].widget.attrs["rows"] = 3


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        error_messages={"required": _("Give a reason.")},
    )


class DebateForm(forms.ModelForm):
    class Meta:
        model = Debate
        fields = [
            "slug",
            "question",
            "introduction",
            "european_dimension",
            "local_lens",
            "topics",
            "city",
            "events",
        ]
        widgets = {"topics": forms.CheckboxSelectMultiple, "events": forms.SelectMultiple}


class CloseDebateForm(forms.ModelForm):
    class Meta:
        model = Debate
        fields = ["conclusions"]
