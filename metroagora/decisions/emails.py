"""Emails about proposals, in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from metroagora.decisions.models import Proposal
from metroagora.forum.notifications import _email_language


def send_proposal_answered(proposal_id: int) -> None:
    proposal = (
        Proposal.objects.select_related("author", "process__city").filter(pk=proposal_id).first()
    )
    if proposal is None or proposal.author is None or not proposal.author.is_active:
        return
    author = proposal.author
    with translation.override(_email_language(author)):
        body = render_to_string(
            "decisions/email/proposal_answered.txt",
            {
                "proposal": proposal,
                "user": author,
                "base_url": settings.SITE_URL.rstrip("/"),
                "SITE_NAME": settings.SITE_NAME,
            },
        )
        subject = _("%(site)s: %(city)s answered your proposal") % {
            "site": settings.SITE_NAME,
            "city": proposal.process.city,
        }
    EmailMessage(subject=subject, body=body, to=[author.email]).send()
