"""Newsletter emails: the confirmation of a subscription and the issues themselves.

Every email has an HTML and a plain-text version, absolute links (``settings.SITE_URL``)
and no stylesheet. An issue goes out in the subscriber's language when it is written in
it, else in its original language; the email's own words follow the same language.
Issues carry ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058), so mail
programs offer a one-click unsubscribe button.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from metroagora.core.text import render_markdown
from metroagora.publications import newsletter_blocks as blocks
from metroagora.publications.models import NewsletterIssue, Subscription

CONFIRM_SALT = "metroagora.publications.newsletter.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def base_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def ui_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# --- Languages of an issue ----------------------------------------------------------------


def issue_languages(issue: NewsletterIssue) -> list[str]:
    """Languages in which the issue is complete: its subject and its text."""
    return [
        lang
        for lang in issue.subject.languages()
        if issue.text.get(lang) or not issue.text.languages()
    ]


def original_language(issue: NewsletterIssue) -> str:
    return issue.subject.original or issue.text.original or settings.LANGUAGE_CODE


def delivery_language(issue: NewsletterIssue, wanted: str) -> str:
    """``wanted`` when the issue is written in it, else the issue's original language."""
    return wanted if wanted in issue_languages(issue) else original_language(issue)


# --- Confirmation of a subscription -------------------------------------------------------


def confirmation_token(subscription: Subscription) -> str:
    payload = {"id": subscription.pk, "email": subscription.email, "t": int(time.time())}
    return signing.dumps(payload, salt=CONFIRM_SALT)


def read_confirmation_token(token: str) -> dict[str, Any]:
    """The token's content; raises ``signing.BadSignature`` (or ``SignatureExpired``)."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if not isinstance(data, dict):
        raise signing.BadSignature("not a newsletter confirmation")
    return data


def scope_name(subscription: Subscription | NewsletterIssue) -> str:
    """ "the network" or the city's name, in the active language."""
    city = subscription.city
    return str(city.name) if city is not None else _("the whole network")


def send_confirmation(subscription: Subscription) -> None:
    with translation.override(subscription.language):
        url = base_url() + reverse(
            "publications:newsletter_confirm", kwargs={"token": confirmation_token(subscription)}
        )
        context = {
            "confirm_url": url,
            "scope": scope_name(subscription),
            "SITE_NAME": settings.SITE_NAME,
            "lang": subscription.language,
        }
        subject = _("%(site)s: confirm your subscription to the newsletter") % {
            "site": settings.SITE_NAME
        }
        text = render_to_string("publications/newsletter/email/confirm.txt", context)
        html = render_to_string("publications/newsletter/email/confirm.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[subscription.email])
    message.attach_alternative(html, "text/html")
    message.send()


# --- An issue -----------------------------------------------------------------------------


@dataclass
class RenderedIssue:
    language: str
    subject: str
    html: str
    text: str
    body_html: str = ""


def unsubscribe_url(token: str, lang: str) -> str:
    with translation.override(lang):
        return base_url() + reverse("publications:newsletter_unsubscribe", kwargs={"token": token})


def issue_context(issue: NewsletterIssue, lang: str, *, absolute: bool) -> dict[str, Any]:
    """What the web page, the preview and the email show of an issue, in ``lang``
    (each text falls back to its original language)."""
    subject, subject_lang = issue.subject.resolve(lang)
    text, text_lang = issue.text.resolve(lang)
    root = base_url() if absolute else ""
    return {
        "issue": issue,
        "subject": subject,
        "subject_lang": subject_lang,
        "text": text,
        "text_html": render_markdown(text),
        "text_lang": text_lang,
        "blocks": blocks.rendered(issue.blocks, lang, city_id=issue.city_id, base_url=root),
    }


def render_issue(
    issue: NewsletterIssue, lang: str, *, unsubscribe: str, heading: int = 1
) -> RenderedIssue:
    """The email of ``issue`` in ``lang`` (one of its languages, see :func:`delivery_language`).

    ``body_html`` is the part inside ``<body>``; the preview page shows it with its
    headings two levels down (``heading=3``), under the page's own headings.
    """
    with translation.override(lang):
        context = {
            **issue_context(issue, lang, absolute=True),
            "lang": lang,
            "scope": scope_name(issue),
            "web_url": base_url() + issue.get_absolute_url(),
            "subscribe_url": base_url() + reverse("publications:newsletter_subscribe"),
            "unsubscribe_url": unsubscribe,
            "SITE_NAME": settings.SITE_NAME,
            "h_subject": f"h{heading}",
            "h_block": f"h{heading + 1}",
        }
        body = render_to_string("publications/newsletter/email/_issue_body.html", context)
        html = render_to_string(
            "publications/newsletter/email/issue.html", {**context, "body": body}
        )
        text = render_to_string("publications/newsletter/email/issue.txt", context)
    return RenderedIssue(
        language=lang, subject=context["subject"], html=html, text=text, body_html=body
    )


def issue_message(
    rendered: RenderedIssue, *, to: str, unsubscribe: str, connection: Any = None
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[to],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": rendered.language,
        },
    )
    message.attach_alternative(rendered.html, "text/html")
    return message
