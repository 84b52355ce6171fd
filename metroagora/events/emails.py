"""Emails about registrations, always in the registrant's language."""

import io

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from metroagora.events.calendar import invitation
from metroagora.events.models import Registration, RegistrationStatus


def base_url() -> str:
    return settings.SITE_URL.rstrip("/")


def _send(registration: Registration, subject: str, template: str, *, attach: bool) -> None:
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": registration.event,
            "base_url": base_url(),
            "SITE_NAME": settings.SITE_NAME,
        }
        body = render_to_string(f"events/email/{template}.txt", context)
        message = EmailMultiAlternatives(
            subject=f"{settings.SITE_NAME}: {subject}",
            body=body,
            to=[registration.email],
        )
        if attach:
            message.attach("event.ics", invitation(registration, base_url()), "text/calendar")
            png = io.BytesIO()
            segno.make(registration.code, error="m").save(png, kind="png", scale=8)
            message.attach(f"check-in-{registration.code}.png", png.getvalue(), "image/png")
        message.send()


def send_guest_confirmation(registration: Registration) -> None:
    with translation.override(registration.language):
        subject = _("Please confirm your registration for %(event)s") % {
            "event": registration.event.title
        }
    _send(registration, subject, "confirm_guest", attach=False)


def send_registration_result(registration: Registration) -> None:
    with translation.override(registration.language):
        if registration.status == RegistrationStatus.CONFIRMED:
            subject = _("You are registered for %(event)s") % {"event": registration.event.title}
        else:
            subject = _("You are on the waiting list for %(event)s") % {
                "event": registration.event.title
            }
    _send(
        registration,
        subject,
        "registered" if registration.status == RegistrationStatus.CONFIRMED else "waitlisted",
        attach=registration.status == RegistrationStatus.CONFIRMED,
    )


def send_promoted(registration: Registration) -> None:
    with translation.override(registration.language):
        subject = _("A place is free: you are registered for %(event)s") % {
            "event": registration.event.title
        }
    _send(registration, subject, "promoted", attach=True)


def send_feedback_request(registration: Registration) -> None:
    with translation.override(registration.language):
        subject = _("How was %(event)s? Two minutes of your time") % {
            "event": registration.event.title
        }
    _send(registration, subject, "feedback_request", attach=False)


def send_event_cancelled(registration: Registration) -> None:
    with translation.override(registration.language):
        subject = _("%(event)s is cancelled") % {"event": registration.event.title}
    _send(registration, subject, "cancelled", attach=False)
