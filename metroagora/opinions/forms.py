from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from metroagora.core.languages import eu_language_choices
from metroagora.opinions.models import STATEMENT_MAX, OpinionMap


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=STATEMENT_MAX,
        help_text=_(
            "One short, clear idea others can agree or disagree with (at most 140 characters)."
        ),
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": STATEMENT_MAX}),
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=eu_language_choices)


class OpinionMapForm(forms.ModelForm):
    language = forms.ChoiceField(
        label=_("Language of the seed statements"), choices=eu_language_choices
    )
    seed_statements = forms.CharField(
        label=_("Seed statements"),
        required=False,
        help_text=_("One statement per line, at most 140 characters each."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    class Meta:
        model = OpinionMap
        fields = [
            "slug",
            "title",
            "description",
            "debate",
            "city",
            "anonymous_voting",
            "verified_residents_only",
            "participants_submit",
        ]

    def __init__(self, *args: Any, cities: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = cities  # type: ignore[attr-defined]

    def clean_seed_statements(self) -> list[str]:
        lines = [
            " ".join(line.split()) for line in self.cleaned_data["seed_statements"].splitlines()
        ]
        lines = [line for line in lines if line]
        too_long = [n for n, line in enumerate(lines, 1) if len(line) > STATEMENT_MAX]
        if too_long:
            raise forms.ValidationError(
                _("These lines are longer than 140 characters: %(lines)s.")
                % {"lines": ", ".join(map(str, too_long))}
            )
        return lines


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ImportForm(forms.Form):
    slug = forms.SlugField(label=_("Short name in addresses"), max_length=100)
    title = forms.CharField(label=_("Question"), max_length=300)
    language = forms.ChoiceField(
        label=_("Language of the conversation"), choices=eu_language_choices
    )
    archive = forms.FileField(
        label=_("Pol.is export (ZIP)"),
        help_text=_(
            "A ZIP with comments.csv and votes.csv, and optionally "
            "participants-votes.csv and summary.csv."
        ),
    )
