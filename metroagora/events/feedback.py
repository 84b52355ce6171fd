"""Participants' evaluation of an event: one answer per registration, after it starts."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.events.models import (
    EventStatus,
    Feedback,
    Registration,
    RegistrationStatus,
)

CHANGED_VIEW_ANSWERS = ("yes", "somewhat", "no")


def feedback_problem(registration: Registration, *, now: datetime | None = None) -> str | None:
    """Why this registration cannot give feedback now (a code), or None when it can."""
    now = now or timezone.now()
    event = registration.event
    if event.status == EventStatus.CANCELLED:
        return "cancelled"
    if registration.status != RegistrationStatus.CONFIRMED:
        return "not_confirmed"
    if now < event.starts_at:
        return "not_started"
    if Feedback.objects.filter(registration=registration).exists():
        return "already"
    return None


def problem_message(code: str) -> str:
    return {
        "cancelled": _("This event was cancelled, so there is nothing to evaluate."),
        "not_confirmed": _(
            "Only confirmed participants can evaluate the event. "
            "If you think this is a mistake, write to the organisers."
        ),
        "not_started": _(
            "The evaluation opens when the event starts. Come back to this page then."
        ),
        "already": _("Thank you: you have already answered. Your evaluation was saved."),
    }[code]


@transaction.atomic
def submit_feedback(
    registration: Registration,
    *,
    rating: int,
    learned: str = "",
    would_return: bool | None = None,
    changed_view: str = "",
    now: datetime | None = None,
) -> Feedback:
    """Save a participant's evaluation once; a second answer is refused, not overwritten."""
    registration = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    problem = feedback_problem(registration, now=now)
    if problem:
        raise ValidationError(problem_message(problem), code=problem)
    if changed_view not in ("", *CHANGED_VIEW_ANSWERS):
        raise ValidationError({"changed_view": _("Choose yes, somewhat or no.")})
    feedback = Feedback(
        registration=registration,
        event=registration.event,
        rating=rating,
        learned=learned.strip(),
        would_return=would_return,
        changed_view=changed_view,
    )
    feedback.full_clean(exclude=["registration", "event"])
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as error:  # a simultaneous second answer
        raise ValidationError(problem_message("already"), code="already") from error
    return feedback
