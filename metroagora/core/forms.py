"""Forms of the core app: the filters of the audit log."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metroagora.core.audit import GROUPS
from metroagora.core.models import AuditEntry


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AuditFilterForm(forms.Form):
    """What the audit log page shows (a GET form: every field may stay empty)."""

    group = forms.ChoiceField(label=_("Kind of action"), required=False)
    actor = forms.CharField(label=_("Who (name or email)"), required=False, max_length=100)
    city = forms.ChoiceField(label=_("City"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, cities: QuerySet[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        all_kinds: list[tuple[str, Any]] = [("", _("All kinds"))]
        self.fields["group"].choices = all_kinds + list(GROUPS.items())  # type: ignore[attr-defined]
        self.cities = {city.slug: city for city in cities}
        all_cities: list[tuple[str, Any]] = [("", _("All cities"))]
        self.fields["city"].choices = all_cities + [  # type: ignore[attr-defined]
            (slug, str(city)) for slug, city in self.cities.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date comes before the start date."))
        return data

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """``entries`` narrowed to what the form asks for (all of them if it is invalid)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["group"]:
            entries = entries.filter(action__startswith=data["group"] + ".")
        if actor := data["actor"].strip():
            entries = entries.filter(Q(actor_label__icontains=actor))
        if data["city"]:
            entries = entries.filter(city=self.cities[data["city"]])
        if data["since"]:
            entries = entries.filter(created_at__gte=_start_of(data["since"]))
        if data["until"]:
            entries = entries.filter(
                created_at__lt=_start_of(data["until"] + datetime.timedelta(days=1))
            )
        return entries


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
