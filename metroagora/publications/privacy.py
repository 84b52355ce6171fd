"""A person's own data in publications: their newsletter subscriptions.

Publications, videos, news and newsletters belong to the network; erasing only takes
the person's name off them. See ``metroagora/accounts/privacy.py`` for the pattern.
"""

from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from metroagora.accounts.models import User
from metroagora.accounts.privacy import Notice, StoredData, email_addresses, email_in, when
from metroagora.publications.models.newsletter import NewsletterIssue, Subscription
from metroagora.publications.models.publications import Publication, PublicationVersion
from metroagora.publications.models.videos import Video
from metroagora.publications.models.website import NewsPost

NOTICE = Notice(
    key="publications",
    title=_("Newsletters"),
    items=(
        StoredData(
            _("Your email address, language and the newsletters you subscribed to."),
            _("To send you the newsletters you asked for, until you unsubscribe."),
        ),
    ),
)


def subscriptions_of(user: User) -> QuerySet[Subscription]:
    """Subscriptions made signed in, or with one of the person's addresses."""
    return Subscription.objects.filter(Q(user=user) | email_in("email", email_addresses(user)))


def export_personal_data(user: User) -> dict[str, Any]:
    subscriptions = (
        subscriptions_of(user)
        .annotate(received=Count("deliveries"))
        .order_by("created_at", "pk")
        .values_list(
            "email",
            "city__slug",
            "language",
            "created_at",
            "confirmed_at",
            "unsubscribed_at",
            "received",
        )
    )
    return {
        "newsletter_subscriptions": [
            {
                "email": email,
                "city": city,  # None: the network's newsletter
                "language": language,
                "asked": when(created),
                "confirmed": when(confirmed),
                "unsubscribed": when(unsubscribed),
                "issues_received": received,
            }
            for email, city, language, created, confirmed, unsubscribed, received in subscriptions
        ],
        "news_written": list(
            NewsPost.objects.filter(author=user).order_by("pk").values_list("slug", flat=True)
        ),
    }


@transaction.atomic
def erase_personal_data(user: User) -> None:
    subscriptions_of(user).delete()  # with the record of each issue sent to it
    NewsPost.objects.filter(author=user).update(author=None)
    NewsletterIssue.objects.filter(created_by=user).update(created_by=None)
    Publication.objects.filter(created_by=user).update(created_by=None)
    PublicationVersion.objects.filter(created_by=user).update(created_by=None)
    Video.objects.filter(created_by=user).update(created_by=None)
