"""The impact dashboard: public pages for the network and each city, CSV downloads, and
the network admins' "compute the figures now" with its status (htmx polling).

The pages only read the figures stored by the last computation (selectors.py).
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from metroagora.accounts.http import is_htmx, signed_in_user
from metroagora.core import jobs
from metroagora.core.ratelimit import rate_limited
from metroagora.core.spreadsheets import csv_writer
from metroagora.impact import metrics, selectors, services
from metroagora.impact.models import REFRESH_JOB
from metroagora.network.models import City


def _city(slug: str) -> City:
    city = selectors.city_for_page(slug)
    if city is None:
        raise Http404
    return city


BODY_SECONDS = 6 * 3600  # the key changes with every computation anyway


def _page(request: HttpRequest, city: City | None, csv_url: str, detail: bool) -> HttpResponse:
    """The page; its body (every figure, chart and table) is rendered once per computation,
    language, scope and level of detail, then served from the cache."""
    computed_at = selectors.last_computed_at()
    all_cities = selectors.cities()
    key = ":".join(
        [
            "impact:body",
            str(city.pk if city else "network"),
            "detail" if detail else "public",
            translation.get_language() or "",
            str(selectors.figures_version()),
            computed_at.isoformat() if computed_at else "never",
        ]
    )
    body = cache.get(key)
    if body is None:
        page = selectors.build_dashboard(city, detail, computed_at, all_cities)
        body = render_to_string(
            "impact/_partials/body.html",
            {"page": page, "detail": detail, "csv_url": csv_url, "min_cell": metrics.min_cell()},
        )
        cache.set(key, body, BODY_SECONDS)
    can_refresh = request.user.has_perm("impact.refresh_figures")
    return render(
        request,
        "impact/dashboard.html",
        {
            "city": city,
            "cities": all_cities,
            "computed_at": computed_at,
            "detail": detail,
            "body": mark_safe(body),  # noqa: S308 - our own template's output
            "can_refresh": can_refresh,
            "refresh": selectors.latest_refresh() if can_refresh else None,
            "back_url": request.path,
        },
    )


def network_dashboard(request: HttpRequest) -> HttpResponse:
    if "city" in request.GET:  # the city switcher, a plain GET form
        slug = request.GET["city"].strip()
        if not slug:
            return redirect("impact:dashboard")
        city = selectors.city_for_page(slug)
        if city is None:
            messages.error(request, _("There is no such city: choose one from the list."))
            return redirect("impact:dashboard")
        return redirect("impact:city", slug=city.slug)
    return _page(request, None, reverse("impact:figures_csv"), detail=False)


def city_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(slug)
    detail = request.user.has_perm("impact.view_city_detail", city)
    return _page(request, city, reverse("impact:city_figures_csv", args=[city.slug]), detail)


def _csv(page: selectors.Dashboard, filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv_writer(out)  # names people wrote cannot run as formulas
    writer.writerow(selectors.csv_header())
    writer.writerows(selectors.csv_rows(page))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def network_figures_csv(request: HttpRequest) -> HttpResponse:
    return _csv(selectors.dashboard(None), "metroagora-impact-network.csv")


def city_figures_csv(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(slug)
    detail = request.user.has_perm("impact.view_city_detail", city)
    return _csv(selectors.dashboard(city, detail=detail), f"metroagora-impact-{city.slug}.csv")


def _back_url(request: HttpRequest) -> str:
    back = request.GET.get("back") or request.POST.get("back") or ""
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return reverse("impact:dashboard")


@login_required
@never_cache
@rate_limited("impact.refresh")
def refresh(request: HttpRequest) -> HttpResponse:
    """GET: the status of the latest computation; POST: ask for a new one."""
    actor = signed_in_user(request)
    if not actor.has_perm("impact.refresh_figures"):
        raise PermissionDenied
    back_url = _back_url(request)
    error = ""
    asked = False
    if request.method == "POST":
        try:
            services.start_refresh(actor)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            asked = True
        if not is_htmx(request):
            if error:
                messages.error(request, error)
            else:
                messages.success(
                    request,
                    _("The figures are being computed. This page shows when they are ready."),
                )
            return redirect(f"{reverse('impact:refresh')}?{urlencode({'back': back_url})}")
    refresh = selectors.latest_refresh()
    if refresh is not None:  # its worker died: another takes it over
        from metroagora.impact.tasks import refresh_impact

        jobs.resume_if_abandoned(REFRESH_JOB, refresh, refresh_impact)
    context = {
        "refresh": refresh,
        "back_url": back_url,
        "error": error,
        "asked": asked,
    }
    if is_htmx(request):
        return render(request, "impact/_partials/refresh_status.html", context)
    return render(request, "impact/refresh.html", context)
