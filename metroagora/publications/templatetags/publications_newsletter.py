"""Template helpers of the newsletter: ``{% load publications_newsletter %}``."""

from typing import Any

from django import template
from django.urls import reverse

from metroagora.accounts.models import User
from metroagora.network.models import City
from metroagora.publications.newsletter_selectors import subscriptions_of

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_profile(context: Any) -> dict[str, Any]:
    """The signed-in person's subscriptions and the cities they could subscribe to.

    For the profile page, which includes ``publications/newsletter/_profile.html``.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {"subscriptions": [], "cities": [], "network": False}
    subscriptions = subscriptions_of(user)
    taken = {s.city_id for s in subscriptions}
    cities = sorted(
        (city for city in City.objects.all() if city.pk not in taken),
        key=lambda city: str(city.name).casefold(),
    )
    return {
        "subscriptions": subscriptions,
        "cities": cities,
        "network": None not in taken,  # the network's newsletter is still to choose
        "archive_url": reverse("publications:newsletter"),
    }
