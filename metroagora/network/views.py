from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metroagora.accounts.http import signed_in_user
from metroagora.accounts.models import User
from metroagora.core.ratelimit import rate_limited
from metroagora.network import selectors, services
from metroagora.network.forms import CityForm, MembershipForm, NewCityForm
from metroagora.network.geo import load_europe_map
from metroagora.network.models import City, Membership, MembershipRole


def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "network/overview.html", {"overview": selectors.network_overview()})


def city_list(request: HttpRequest) -> HttpResponse:
    overview = selectors.network_overview()
    return render(request, "network/city_list.html", {"overview": overview})


def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    city = selectors.city_for_page(slug).first()
    if city is None:
        raise Http404
    user = request.user
    own = []
    if user.is_authenticated:
        own = list(city.memberships.filter(user=user))
    return render(
        request,
        "network/city_detail.html",
        {
            "city": city,
            "own_memberships": own,
            "lives_here": any(m.role == MembershipRole.RESIDENT for m in own),
            "can_edit": user.has_perm("network.change_city", city),
            "can_manage": user.has_perm("network.manage_memberships", city),
        },
    )


@login_required
@rate_limited("network.write")
def city_edit(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    actor = signed_in_user(request)
    if not actor.has_perm("network.change_city", city):
        raise PermissionDenied
    form = CityForm(request.POST or None, instance=city)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in CityForm.Meta.fields}
        city = City.objects.get(pk=city.pk)  # the form changed the instance in place
        services.update_city(actor, city, **fields)
        messages.success(request, _("The city page was saved."))
        return redirect(city.get_absolute_url())
    return render(request, "network/city_form.html", {"form": form, "city": city})


@login_required
@rate_limited("network.write")
def city_create(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    if not actor.has_perm("network.add_city"):
        raise PermissionDenied
    form = NewCityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        city = services.create_city(actor, **form.cleaned_data)
        messages.success(request, _("The city was added to the network."))
        return redirect(city.get_absolute_url())
    return render(request, "network/city_form.html", {"form": form, "city": None})


@login_required
@rate_limited("network.write")
def city_people(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    actor = signed_in_user(request)
    if not actor.has_perm("network.manage_memberships", city):
        raise PermissionDenied
    can_grant = actor.has_perm("network.grant_coordinator")
    form = MembershipForm(request.POST or None, can_grant_coordinator=can_grant)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if person is None:
            form.add_error("email", _("Nobody has an account with this email address."))
        else:
            try:
                services.add_membership(
                    actor,
                    city,
                    person,
                    form.cleaned_data["role"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The role was added."))
                return redirect("network:city_people", slug=city.slug)
    return render(
        request,
        "network/city_people.html",
        {
            "city": city,
            "form": form,
            "memberships": selectors.city_memberships(city),
            "can_grant": can_grant,
        },
    )


@login_required
@require_POST
@rate_limited("network.write")
def membership_verify(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("city"), pk=pk, city__slug=slug
    )
    try:
        services.verify_resident(signed_in_user(request), membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The residence was verified."))
    return redirect("network:city_people", slug=slug)


@login_required
@require_POST
@rate_limited("network.write")
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("city"), pk=pk, city__slug=slug
    )
    actor = signed_in_user(request)
    own = membership.user_id == actor.pk
    services.remove_membership(actor, membership)
    messages.success(request, _("The role was removed."))
    if own and not actor.has_perm("network.manage_memberships", membership.city):
        return redirect("network:city_detail", slug=slug)
    return redirect("network:city_people", slug=slug)


@login_required
@require_POST
@rate_limited("network.write")
def declare_residence(request: HttpRequest, slug: str) -> HttpResponse:
    city = get_object_or_404(City, slug=slug)
    services.declare_residence(signed_in_user(request), city)
    messages.success(
        request,
        _("Thank you. The coordinators of %(city)s will verify that you live there.")
        % {"city": city},
    )
    return redirect(city.get_absolute_url())


@lru_cache(maxsize=1)
def _base_map_svg() -> str:
    return render_to_string("network/europe.svg", {"europe": load_europe_map()})


def europe_map_svg(request: HttpRequest) -> HttpResponse:
    """The country outlines as one cacheable picture; pages draw the cities on top."""
    response = HttpResponse(_base_map_svg(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
