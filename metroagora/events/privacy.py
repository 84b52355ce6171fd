"""A person's own data in events: their registrations (with an account or as a guest).

Erasing: registrations for events still to come are cancelled (the seat goes to the
waiting list); every registration then loses the name, the email address and the
free-text answers, but keeps what the reports count (status, attendance, country,
role, and age bracket and gender where the person agreed), so the reports of past
events stay the same. See ``metroagora/accounts/privacy.py`` for the pattern.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import (
    Notice,
    StoredData,
    email_addresses,
    erased_email,
    when,
)
from metroagora.events import services
from metroagora.events.models import (
    ACTIVE_STATUSES,
    Event,
    Registration,
    RegistrationStatus,
    ReportFile,
    new_token,
)

NOTICE = Notice(
    key="events",
    title=_("Events"),
    items=(
        StoredData(
            _(
                "Your registrations: name, email address, organisation, city and country of "
                "residence, the role you take part in, accessibility needs, photo consent, "
                "check-in time, and your feedback."
            ),
            _(
                "To give you a seat, send your invitation and check you in, and to report "
                "to the event's funders how many people took part (the reports show no names)."
            ),
        ),
        StoredData(
            _("Your age bracket and gender, only if you agreed when registering."),
            _("For anonymous figures on who takes part; no report shows them per person."),
        ),
    ),
)

ANONYMISED_FIELDS = [
    "user",
    "name",
    "email",
    "organisation",
    "residence_city",
    "accessibility_needs",
    "token",
    "updated_at",
]


def registrations_of(user: User) -> QuerySet[Registration]:
    """Registrations made with the account, or as a guest with one of its addresses
    (the services store addresses in lower case)."""
    return Registration.objects.filter(Q(user=user) | Q(email__in=email_addresses(user)))


def export_personal_data(user: User) -> dict[str, Any]:
    registrations = (
        registrations_of(user)
        .select_related("event", "invited_by", "feedback")
        .order_by("event__starts_at", "pk")
    )
    rows = []
    for r in registrations:
        feedback = getattr(r, "feedback", None)
        rows.append(
            {
                "event": r.event.slug,
                "event_title": str(r.event.title),
                "event_starts": when(r.event.starts_at),
                "status": r.status,
                "registered": when(r.created_at),
                "name": r.name,
                "email": r.email,
                "language": r.language,
                "organisation": r.organisation,
                "residence_city": r.residence_city,
                "residence_country": str(r.residence_country or ""),
                "role": r.role,
                "invited_by_city": r.invited_by.slug if r.invited_by else None,
                "demographics_consent": r.demographics_consent,
                "age_bracket": r.age_bracket,
                "gender": r.gender,
                "accessibility_needs": r.accessibility_needs,
                "photo_consent": r.photo_consent,
                "registered_on_site": r.onsite,
                "confirmed": when(r.confirmed_at),
                "checked_in": when(r.checked_in_at),
                "check_in_code": r.code,
                "feedback": None
                if feedback is None
                else {
                    "rating": feedback.rating,
                    "learned": feedback.learned,
                    "would_return": feedback.would_return,
                    "changed_view": feedback.changed_view,
                    "given": when(feedback.created_at),
                },
            }
        )
    created = Event.objects.filter(created_by=user).order_by("starts_at", "pk")
    return {
        "registrations": rows,
        "events_created": [{"event": e.slug, "title": str(e.title)} for e in created],
    }


@transaction.atomic
def erase_personal_data(user: User) -> None:
    now = timezone.now()
    mine = registrations_of(user)
    # Events still to come: cancel, so the seat goes to the next person waiting.
    coming = mine.filter(event__starts_at__gt=now, status__in=ACTIVE_STATUSES)
    for token in list(coming.values_list("token", flat=True)):
        services.cancel_registration(token)
    registrations = list(mine.only("pk", "event_id"))
    for registration in registrations:
        registration.user = None
        registration.name = ""
        registration.email = erased_email(registration.pk, "registration")
        registration.organisation = ""
        registration.residence_city = ""
        registration.accessibility_needs = ""
        registration.token = new_token()  # the old link to the registration stops working
        registration.updated_at = now
    Registration.objects.bulk_update(registrations, ANONYMISED_FIELDS, batch_size=500)
    # Attendance lists built before hold the name: they are built again when asked for.
    _delete_report_files({r.event_id for r in registrations})
    Event.objects.filter(created_by=user).update(created_by=None)
    Registration.objects.filter(checked_in_by=user).update(checked_in_by=None)


def _delete_report_files(event_ids: set[int]) -> None:
    if not event_ids:
        return
    files = list(ReportFile.objects.filter(event_id__in=event_ids))
    ReportFile.objects.filter(pk__in=[f.pk for f in files]).delete()
    stored = [f.file.name for f in files if f.file]
    if stored:
        storage = files[0].file.storage

        def remove() -> None:
            for name in stored:
                storage.delete(name)

        transaction.on_commit(remove)


# --- Retention ----------------------------------------------------------------------------------


def unconfirmed_guest_registrations(before: datetime) -> QuerySet[Registration]:
    """Guest registrations never confirmed by email, made before ``before``."""
    return Registration.objects.filter(status=RegistrationStatus.PENDING, created_at__lt=before)


@transaction.atomic
def delete_unconfirmed_guest_registrations(before: datetime) -> int:
    """Delete them (they hold a name and an address but never held a seat)."""
    _total, deleted = unconfirmed_guest_registrations(before).delete()
    return deleted.get(Registration._meta.label, 0)
