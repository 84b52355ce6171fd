"""A city's needs and the calls that match them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from metroagora.accounts.http import signed_in_user
from metroagora.core.ratelimit import rate_limited
from metroagora.funding import selectors, services
from metroagora.funding.forms import NeedsForm
from metroagora.funding.views import add_errors, coordinated_cities
from metroagora.network.models import City


def match_home(request: HttpRequest) -> HttpResponse:
    """The coordinator's own city directly; otherwise the list of cities."""
    cities = coordinated_cities(request.user)
    if len(cities) == 1:
        return redirect("funding:match", slug=cities[0].slug)
    return render(
        request,
        "funding/match_home.html",
        {
            "cities": list(City.objects.order_by("slug")),
            "mine": cities,
            "with_needs": set(
                City.objects.filter(funding_needs__isnull=False).values_list("pk", flat=True)
            ),
        },
    )


@rate_limited("funding.write")
def city_match(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    needs = selectors.needs_of(city)
    can_edit = request.user.has_perm("funding.change_needs", city)
    form = None
    status = 200
    if can_edit:
        initial: dict[str, Any] = {"language": (request.LANGUAGE_CODE or "en")}
        if needs is not None:
            initial = {
                "text": needs.text,
                "priorities": "\n".join(needs.priorities or []),
                "language": needs.language,
                "topics": list(needs.topics.all()),
            }
        form = NeedsForm(request.POST or None, initial=initial)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    services.save_needs(
                        signed_in_user(request),
                        city,
                        text=form.cleaned_data["text"],
                        priorities=form.priority_list(),
                        topics=form.cleaned_data["topics"],
                        language=form.cleaned_data["language"],
                    )
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    messages.success(
                        request, _("Your needs are saved: the calls below are ranked on them.")
                    )
                    return redirect(f"{request.path}#ranked-heading")
    elif request.method == "POST":
        raise PermissionDenied
    ranked = []
    if needs is not None:
        ranked = selectors.ranked_calls(selectors.needs_for_matching(needs, city), limit=20)
    watched = set()
    if request.user.is_authenticated and ranked:
        watched = set(
            city.funding_watches.filter(call_id__in=[r.call.pk for r in ranked]).values_list(
                "call_id", flat=True
            )
        )
    return render(
        request,
        "funding/match.html",
        {
            "city": city,
            "needs": needs,
            "form": form,
            "ranked": ranked,
            "watched": watched,
            "can_watch": request.user.has_perm("funding.watch_for_city", city),
            "now": timezone.now(),
        },
        status=status,
    )
