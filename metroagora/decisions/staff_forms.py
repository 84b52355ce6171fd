"""Forms of the city staff pages: processes, verification, answers, budgets, accountability.

Editorial texts (titles and descriptions of processes, budgets and projects) are
written one language at a time (``lang``), like practices: the other languages are
kept as they are. The services validate everything again; these forms only parse.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from metroagora.core.languages import eu_language_choices
from metroagora.core.translated import TranslatedText
from metroagora.core.uploads import WebImageField
from metroagora.decisions.models import (
    BODY_LENGTH,
    PHASE_ORDER,
    Answer,
    Budget,
    BudgetProject,
    District,
    ImplementationPhoto,
    ImplementationStatus,
    Participation,
    PhaseKind,
    Process,
    Proposal,
)
from metroagora.decisions.services import MAX_CODES_PER_BATCH

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
EDITORIAL_TITLE_LENGTH = 200


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


def merged_text(current: Any, lang: str, text: str) -> TranslatedText:
    """``current`` with ``text`` as its ``lang`` version (removed when ``text`` is empty)."""
    return TranslatedText.from_json(current).merged(lang, text)


class WrittenInLanguageForm(forms.Form):
    """A form with a title and a description written in ``lang``."""

    title_required_message = _("Give it a title.")

    def __init__(self, *args: Any, lang: str, instance: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.instance = instance
        self.fields["title"] = forms.CharField(
            label=_("Title"),
            max_length=EDITORIAL_TITLE_LENGTH,
            required=False,
            initial=self._current("title").get(lang),
            widget=forms.TextInput(attrs={"lang": lang}),
        )
        self.fields["description"] = forms.CharField(
            label=_("Description"),
            max_length=BODY_LENGTH,
            required=False,
            initial=self._current("description").get(lang),
            widget=forms.Textarea(attrs={"rows": 6, "lang": lang}),
        )

    def _current(self, name: str) -> TranslatedText:
        if self.instance is None:
            return TranslatedText()
        return TranslatedText.from_json(getattr(self.instance, name))

    def title_is_optional(self) -> bool:
        return False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            "title" in data
            and not merged_text(self._current("title"), self.lang, data.get("title") or "")
            and not self.title_is_optional()
        ):
            self.add_error("title", self.title_required_message)
        return data

    def texts(self) -> dict[str, TranslatedText]:
        data = self.cleaned_data
        return {
            name: merged_text(self._current(name), self.lang, data.get(name) or "")
            for name in ("title", "description")
        }


# --- Processes ----------------------------------------------------------------------------


class ProcessForm(WrittenInLanguageForm):
    title_required_message = _("Give the process a title, even a provisional one.")

    district = forms.ModelChoiceField(
        label=_("Scope"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("The whole city"),
        help_text=_("Limit the process to one district, or leave it to the whole city."),
    )
    participation = forms.ChoiceField(
        label=_("Who may take part"),
        choices=Participation.choices,
        widget=forms.RadioSelect,
        initial=Participation.VERIFIED,
    )
    support_threshold = forms.IntegerField(
        label=_("Supports needed for evaluation"),
        min_value=0,
        max_value=10_000_000,
        initial=100,
        help_text=_("A proposal with this many supports goes to evaluation. 0: no threshold."),
    )
    categories = forms.CharField(
        label=_("Add categories"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line, in the language you write in. They are added to the existing ones."
        ),
    )

    field_order = ["title", "description", "district", "participation", "support_threshold"]

    def __init__(self, *args: Any, city: Any, process: Process | None = None, **kwargs: Any):
        super().__init__(*args, instance=process, **kwargs)
        self.fields["district"].queryset = city.districts.order_by("name")  # type: ignore[attr-defined]
        self.fields["categories"].widget.attrs["lang"] = self.lang
        if process is not None:
            self.initial.update(
                {
                    "district": process.district_id,
                    "participation": process.participation,
                    "support_threshold": process.support_threshold,
                }
            )
            names = [str(category.name) for category in process.categories.all()]
            if names:
                self.fields["categories"].help_text = _(
                    "One per line, in the language you write in. They are added to the "
                    "existing ones: %(names)s."
                ) % {"names": ", ".join(names)}
        self.order_fields(self.field_order)

    def content(self) -> dict[str, Any]:
        """Keyword arguments for ``services.create_process`` / ``update_process``."""
        data = self.cleaned_data
        return {
            **self.texts(),
            "district": data.get("district"),
            "participation": data["participation"],
            "support_threshold": data["support_threshold"],
        }

    def category_names(self) -> list[str]:
        return [line.strip() for line in (self.cleaned_data.get("categories") or "").splitlines()]


class PhasesForm(forms.Form):
    """The six phases, each with an optional start and end (times of the site's time zone)."""

    def __init__(self, *args: Any, process: Process | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        current = {p.kind: p for p in process.phases.all()} if process is not None else {}
        for kind in PHASE_ORDER:
            phase = current.get(kind)
            self.fields[f"{kind}_starts"] = forms.DateTimeField(
                label=_("Starts"),
                required=False,
                widget=DateTimeLocalInput(),
                initial=phase.starts_at if phase else None,
            )
            self.fields[f"{kind}_ends"] = forms.DateTimeField(
                label=_("Ends"),
                required=False,
                widget=DateTimeLocalInput(),
                initial=phase.ends_at if phase else None,
            )

    def groups(self) -> list[dict[str, Any]]:
        """One entry per phase, for the template: its name and its two fields."""
        return [
            {
                "kind": kind,
                "label": PhaseKind(kind).label,
                "starts": self[f"{kind}_starts"],
                "ends": self[f"{kind}_ends"],
            }
            for kind in PHASE_ORDER
        ]

    def phases(self) -> dict[str, tuple[datetime | None, datetime | None] | None]:
        """Phase -> (start, end), or None when both are empty (the services check the rest)."""
        data = self.cleaned_data
        chosen: dict[str, tuple[datetime | None, datetime | None] | None] = {}
        for kind in PHASE_ORDER:
            starts, ends = data.get(f"{kind}_starts"), data.get(f"{kind}_ends")
            chosen[kind] = None if starts is None and ends is None else (starts, ends)
        return chosen

    @staticmethod
    def time_zone_name() -> str:
        return timezone.get_current_timezone_name()


class DistrictForm(forms.Form):
    name = forms.CharField(label=_("Name of the district"), max_length=120)


# --- Verification -----------------------------------------------------------------------


class CodeBatchForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many codes"),
        min_value=1,
        max_value=MAX_CODES_PER_BATCH,
        initial=100,
        help_text=_("Up to %(max)s at a time. Each code verifies one person, once.")
        % {"max": MAX_CODES_PER_BATCH},
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=120,
        help_text=_("Where the codes go, e.g. 'Neighbourhood meeting, 12 March'."),
    )


MAX_CENSUS_BYTES = 64 * 1024 * 1024


class CensusForm(forms.Form):
    file = forms.FileField(
        label=_("Census list (CSV file)"),
        help_text=_(
            "One identifier per line in the first column (an optional header line is "
            "skipped). The list replaces the previous one; people already verified stay "
            "verified."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv,text/plain"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CENSUS_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 64 MB. Split it, or remove the other columns."),
                code="too_big",
            )
        return upload


# --- Proposals --------------------------------------------------------------------------


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Official answer"), choices=Answer.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown publicly with the answer, and emailed to the author."),
    )


# --- Budgets ----------------------------------------------------------------------------


class BudgetForm(WrittenInLanguageForm):
    title_required_message = _("Give the budget a title.")

    amount = forms.DecimalField(
        label=_("Amount"), min_value=Decimal(1), max_digits=14, decimal_places=2
    )
    currency = forms.RegexField(
        label=_("Currency"),
        regex=r"^[A-Za-z]{3}$",
        initial="EUR",
        max_length=3,
        help_text=_("Three letters, e.g. EUR, PLN, SEK."),
        error_messages={"invalid": _("Write the currency as three letters, e.g. EUR.")},
        widget=forms.TextInput(attrs={"size": 4, "autocomplete": "off"}),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("The whole city"),
    )
    min_projects = forms.IntegerField(
        label=_("Fewest projects on a ballot"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("0: no minimum."),
    )
    max_projects = forms.IntegerField(
        label=_("Most projects on a ballot"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Empty: no maximum."),
    )

    field_order = [
        "title",
        "description",
        "amount",
        "currency",
        "district",
        "min_projects",
        "max_projects",
    ]

    def __init__(self, *args: Any, city: Any, budget: Budget | None = None, **kwargs: Any):
        super().__init__(*args, instance=budget, **kwargs)
        self.fields["district"].queryset = city.districts.order_by("name")  # type: ignore[attr-defined]
        if budget is not None:
            self.initial.update(
                {
                    "amount": budget.amount,
                    "currency": budget.currency,
                    "district": budget.district_id,
                    "min_projects": budget.min_projects,
                    "max_projects": budget.max_projects,
                }
            )
        self.order_fields(self.field_order)

    def clean_currency(self) -> str:
        return str(self.cleaned_data["currency"]).upper()

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **self.texts(),
            "amount": data["amount"],
            "currency": data["currency"],
            "district": data.get("district"),
            "min_projects": data["min_projects"],
            "max_projects": data.get("max_projects"),
        }


class ProposalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        if obj.estimated_cost is None:
            return str(obj.title)
        return f"{obj.title} ({obj.estimated_cost:,.0f})"


class ProjectForm(WrittenInLanguageForm):
    """A project on a budget's ballot: from an accepted proposal, or written by the city."""

    proposal = ProposalChoiceField(
        label=_("From an accepted proposal"),
        queryset=Proposal.objects.none(),
        required=False,
        empty_label=_("None: the city writes this project"),
        help_text=_(
            "With a proposal, the title and the cost are taken from it when you leave them empty."
        ),
    )
    cost = forms.DecimalField(
        label=_("Cost"), min_value=Decimal(0), max_digits=14, decimal_places=2, required=False
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("The whole city"),
    )

    field_order = ["proposal", "title", "description", "cost", "district"]

    def __init__(
        self,
        *args: Any,
        budget: Budget,
        project: BudgetProject | None = None,
        proposals: QuerySet[Proposal] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, instance=project, **kwargs)
        self.budget = budget
        self.fields["district"].queryset = budget.process.city.districts.order_by("name")  # type: ignore[attr-defined]
        self.fields["cost"].help_text = _("In %(currency)s.") % {"currency": budget.currency}
        if project is None:
            self.fields["proposal"].queryset = (  # type: ignore[attr-defined]
                proposals if proposals is not None else Proposal.objects.none()
            )
        else:
            del self.fields["proposal"]
            self.initial.update({"cost": project.cost, "district": project.district_id})
        self.order_fields(self.field_order)

    def title_is_optional(self) -> bool:
        return bool(self.cleaned_data.get("proposal"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        proposal = data.get("proposal")
        if data.get("cost") is None and "cost" not in self.errors:
            if self.instance is not None:
                self.add_error("cost", _("Give the cost of the project."))
            elif proposal is None or proposal.estimated_cost is None:
                self.add_error(
                    "cost",
                    _("Give the cost of the project: its proposal has no estimate.")
                    if proposal is not None
                    else _("Give the cost of the project."),
                )
        return data

    def content(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {**self.texts(), "district": data.get("district")}
        if data.get("cost") is not None:
            values["cost"] = data["cost"]
        if self.instance is None:
            values["proposal"] = data.get("proposal")
        return values


# --- Accountability -----------------------------------------------------------------------


class ImplementationUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ImplementationStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        help_text=_("A completed project is at 100%."),
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Residents read these updates on the accountability page."),
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=eu_language_choices)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["language"].widget.attrs["autocomplete"] = "off"


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Planned for"), widget=DateInput())


class PhotoForm(forms.ModelForm):
    class Meta:
        model = ImplementationPhoto
        fields = ["image", "alt_text"]
        field_classes = {"image": WebImageField}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["image"].label = capfirst(str(self.fields["image"].label))
        self.fields["image"].widget.attrs["accept"] = "image/*"
