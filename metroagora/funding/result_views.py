"""Capitalisation: the funding cities won, their applications, and the projects."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from metroagora.accounts.http import signed_in_user
from metroagora.core.ratelimit import rate_limited
from metroagora.funding import selectors, services
from metroagora.funding.forms import ApplicationForm, FundedProjectForm
from metroagora.funding.models import Application, FundedProject
from metroagora.funding.templatetags.funding import euros_short
from metroagora.funding.views import add_errors, coordinated_cities
from metroagora.network.models import City


def _charts(report: selectors.FundingReport) -> dict[str, Any]:
    def text(value: Decimal) -> str:
        return euros_short(value)

    return {
        "programme_chart": selectors.bar_chart(report.by_programme, text),
        "year_chart": selectors.bar_chart(report.by_year, text),
    }


def network_results(request: HttpRequest) -> HttpResponse:
    report = selectors.funding_report()
    return render(
        request,
        "funding/results.html",
        {"report": report, **_charts(report), "my_cities": coordinated_cities(request.user)},
    )


def city_results(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    report = selectors.funding_report(city)
    can_track = request.user.has_perm("funding.track_applications", city)
    return render(
        request,
        "funding/city_results.html",
        {
            "city": city,
            "report": report,
            **_charts(report),
            "funding": report.cities[0] if report.cities else None,
            "projects": selectors.city_projects(city),
            "applications": selectors.city_applications(city) if can_track else [],
            "can_track": can_track,
        },
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        FundedProject.objects.select_related("programme", "call").prefetch_related(
            "participants__city"
        ),
        pk=pk,
    )
    return render(
        request,
        "funding/project_detail.html",
        {
            "project": project,
            "can_edit": request.user.has_perm("funding.change_project", project),
        },
    )


def _own_cities(request: HttpRequest) -> QuerySet[City]:
    user = signed_in_user(request)
    if user.is_network_admin:
        return City.objects.order_by("slug")
    return City.objects.filter(pk__in=[c.pk for c in coordinated_cities(user)]).order_by("slug")


@login_required
@rate_limited("funding.write")
def project_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    cities = _own_cities(request)
    if not cities.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {}
    slug = request.GET.get("city", "")
    if slug:
        initial["city"] = cities.filter(slug=slug).values_list("pk", flat=True).first()
    form = FundedProjectForm(request.POST or None, cities=cities, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            city = data.pop("city")
            city_role = data.pop("city_role")
            share = data.pop("city_contribution")
            if share is None:
                share = data.get("eu_contribution")
            try:
                project = services.add_funded_project(
                    actor, city=city, city_role=city_role, city_contribution=share, **data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The project is saved."))
                return redirect(project.get_absolute_url())
    return render(
        request, "funding/project_form.html", {"form": form, "project": None}, status=status
    )


@login_required
@rate_limited("funding.write")
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    project = get_object_or_404(FundedProject.objects.prefetch_related("participants"), pk=pk)
    if not actor.has_perm("funding.change_project", project):
        raise PermissionDenied
    form = FundedProjectForm(request.POST or None, instance=project, cities=_own_cities(request))
    for name in ("city", "city_role", "city_contribution"):
        del form.fields[name]
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.update_funded_project(actor, project, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The project is saved."))
                return redirect(project.get_absolute_url())
    return render(
        request, "funding/project_form.html", {"form": form, "project": project}, status=status
    )


@login_required
@rate_limited("funding.write")
def application_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    cities = _own_cities(request)
    if not cities.exists():
        raise PermissionDenied
    initial: dict[str, Any] = {"call": request.GET.get("call", "")}
    slug = request.GET.get("city", "")
    if slug:
        initial["city"] = cities.filter(slug=slug).values_list("pk", flat=True).first()
    elif cities.count() == 1:
        initial["city"] = cities.first().pk  # type: ignore[union-attr]
    form = ApplicationForm(request.POST or None, cities=cities, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            city, call = data.pop("city"), data.pop("call")
            try:
                services.track_application(actor, city=city, call=call, **data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The application is tracked."))
                return redirect("funding:city_results", slug=city.slug)
    return render(
        request,
        "funding/application_form.html",
        {"form": form, "application": None},
        status=status,
    )


@login_required
@rate_limited("funding.write")
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = signed_in_user(request)
    application = get_object_or_404(Application.objects.select_related("city", "call"), pk=pk)
    if not actor.has_perm("funding.change_application", application):
        raise PermissionDenied
    form = ApplicationForm(request.POST or None, instance=application, cities=City.objects.all())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("city", "call")}
            try:
                services.update_application(actor, application, **data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The application is saved."))
                return redirect("funding:city_results", slug=application.city.slug)
    return render(
        request,
        "funding/application_form.html",
        {"form": form, "application": application},
        status=status,
    )
