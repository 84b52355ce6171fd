"""Read side of the newsletter: the archive, the staff's drafts, a person's subscriptions."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from metroagora.accounts.models import User
from metroagora.network.models import City
from metroagora.practices.rules import coordinated_city_ids
from metroagora.publications.models import IssueStatus, NewsletterIssue, Subscription

PAGE_SIZE = 20


def sent_issues(city: City | None) -> QuerySet[NewsletterIssue]:
    """The archive of the network (``None``) or of a city: sent issues, newest first."""
    return (
        NewsletterIssue.objects.filter(status=IssueStatus.SENT, city=city)
        .select_related("city")
        .order_by("-sent_at", "-pk")
    )


def archive_page(city: City | None, number: str | None) -> Page:
    return Paginator(sent_issues(city), PAGE_SIZE).get_page(number)


def cities_with_archives() -> list[City]:
    cities = City.objects.annotate(
        sent=Count("newsletter_issues", filter=Q(newsletter_issues__status=IssueStatus.SENT))
    ).filter(sent__gt=0)
    return sorted(cities, key=lambda city: str(city.name).casefold())


def issue_for_page(pk: int) -> NewsletterIssue | None:
    return NewsletterIssue.objects.select_related("city").filter(pk=pk).first()


def unsent_for_staff(user: User) -> list[NewsletterIssue]:
    """Drafts and issues being sent that ``user`` may change."""
    issues = NewsletterIssue.objects.exclude(status=IssueStatus.SENT).select_related("city")
    if not user.is_network_admin:
        issues = issues.filter(city_id__in=coordinated_city_ids(user))
    return list(issues.order_by("-created_at", "-pk")[:50])


def subscriptions_of(user: User) -> list[Subscription]:
    """A signed-in person's current subscriptions (by account or by their address)."""
    return list(
        Subscription.objects.filter(Q(user=user) | Q(email=user.email.lower()))
        .filter(unsubscribed_at__isnull=True)
        .select_related("city")
        .order_by("city__slug", "pk")
    )


def subscription_by_token(token: str) -> Subscription | None:
    if not token:
        return None
    return Subscription.objects.select_related("city").filter(token=token).first()
